//! The `Capitalization` type and the registry's root fields (`docs/registry.md`,
//! "Reading the registry").

use std::sync::Arc;

use async_graphql::{Context, ID, Object};
use chrono::{DateTime, Utc};
use diesel_async::AsyncPgConnection;
use uuid::Uuid;

use super::changelog::{CapitalizationChange, changelog_of};
use super::loaders::{CapitalizationFor, ChildrenOf, FirstCapitalizations, ParentIdsOf};
use crate::domain::registry_visibility::capitalization_visible;
use crate::domain::stages::{CapitalizationStage, CapitalizationType};
use crate::domain::viewer::Viewer;
use crate::error::{ApiError, ApiResult};
use crate::graphql::context::ContextExt;
use crate::graphql::identity::user::User;
use crate::graphql::ids::{id_of, parse_id};
use crate::graphql::list::{ListArgs, ListPlan, Page, listed, paginate};
use crate::graphql::marketplace::loaders::{OrganizationFor, UserById};
use crate::graphql::marketplace::organization::{Organization, user_name, user_node};
use crate::graphql::scalars::Money;
use crate::models::capitalization::{
    self as model, Capitalization as CapitalizationRow, CapitalizationParent, CapitalizationScope,
    capitalization_attrs,
};
use crate::models::user::User as UserRow;

/// A block of shares (or loan parts) of an organization: how many, at what price, held
/// by whom (a user, or the organization itself), and what it was made from. Visible to
/// the network's admins, the active members of its organization and its owner.
pub struct Capitalization {
    row: Arc<CapitalizationRow>,
    viewer: Viewer,
}

impl Capitalization {
    /// Wraps a row the viewer may see.
    pub(super) fn new(row: impl Into<Arc<CapitalizationRow>>, viewer: Viewer) -> Self {
        Self {
            row: row.into(),
            viewer,
        }
    }

    /// The row, if `viewer` (an active member of its organization when `is_member`) may
    /// see it, as a node.
    pub fn visible(
        row: impl Into<Arc<CapitalizationRow>>,
        viewer: Viewer,
        is_member: bool,
    ) -> Option<Self> {
        let row = row.into();
        capitalization_visible(&viewer, row.owner_id, is_member).then(|| Self::new(row, viewer))
    }

    /// The underlying row.
    pub fn row(&self) -> &CapitalizationRow {
        &self.row
    }

    /// The capitalization `id` if the viewer may see it, else Not Found.
    pub async fn find_visible(
        conn: &mut AsyncPgConnection,
        network_id: Uuid,
        id: Uuid,
        viewer: Viewer,
    ) -> ApiResult<Self> {
        model::find_for(conn, network_id, id, viewer.user_id())
            .await?
            .and_then(|(row, is_member)| Self::visible(row, viewer, is_member))
            .ok_or_else(|| ApiError::not_found("capitalization"))
    }

    /// The capitalization `id` (as a client wrote it) of the request's network, if the
    /// viewer may see it, else Not Found.
    pub async fn fetch(ctx: &Context<'_>, id: &ID, viewer: Viewer) -> ApiResult<Self> {
        let network_id = ctx.request().network()?.id;
        let id = parse_id(id, "capitalization")?;
        let mut conn = ctx.conn().await?;
        Self::find_visible(&mut conn, network_id, id, viewer).await
    }

    /// One page of the capitalizations of `scope`: all of them when `sees_all` (admins,
    /// the organization's members, the owner of the list), else only those the viewer
    /// may see.
    pub(super) async fn paginate(
        ctx: &Context<'_>,
        scope: CapitalizationScope,
        sees_all: bool,
        viewer: Viewer,
        args: &ListArgs,
    ) -> ApiResult<Page<Capitalization>> {
        let visible_to = (!sees_all).then(|| viewer.user_id().unwrap_or(Uuid::nil()));
        let list = async |conn: &mut AsyncPgConnection, network_id, plan: &ListPlan| {
            let (filters, order) = (&plan.filters, plan.order.as_ref());
            let page = model::list(
                conn, network_id, scope, visible_to, filters, order, plan.page,
            );
            listed(page.await)
        };
        paginate(ctx, args, capitalization_attrs::ATTRS, list, |row| {
            Capitalization::new(row, viewer)
        })
        .await
    }

    async fn user_row(
        &self,
        ctx: &Context<'_>,
        id: Option<Uuid>,
    ) -> ApiResult<Option<Arc<UserRow>>> {
        match id {
            Some(id) => ctx.loader()?.load_one(UserById(id)).await,
            None => Ok(None),
        }
    }

    async fn parent_ids(&self, ctx: &Context<'_>) -> ApiResult<Vec<Uuid>> {
        let ids = ctx.loader()?.load_one(ParentIdsOf(self.row.id)).await?;
        Ok(ids.unwrap_or_default())
    }

    /// The capitalizations `ids` the viewer may see, in the order of `ids`.
    async fn load_visible(
        &self,
        ctx: &Context<'_>,
        ids: &[Uuid],
    ) -> ApiResult<Vec<Capitalization>> {
        let viewer = self.viewer.user_id();
        let keys = ids.iter().map(|&id| CapitalizationFor { id, viewer });
        let found = ctx.loader()?.load_many(keys).await?;
        Ok(ids
            .iter()
            .filter_map(|&id| found.get(&CapitalizationFor { id, viewer }))
            .filter_map(|(row, member)| Self::visible(row.clone(), self.viewer, *member))
            .collect())
    }
}

#[Object]
impl Capitalization {
    /// Unique identifier.
    async fn id(&self) -> ID {
        id_of(self.row.id)
    }

    /// The id of the user who created it.
    async fn author_id(&self) -> Option<ID> {
        self.row.author_id.map(id_of)
    }

    /// The full name of the user who created it (null when the viewer may not see it).
    async fn author_name(&self, ctx: &Context<'_>) -> ApiResult<Option<String>> {
        let user = self.user_row(ctx, self.row.author_id).await?;
        Ok(user.and_then(|u| user_name(self.viewer, &u)))
    }

    /// The user who created it (null when the viewer may not see that user).
    async fn author(&self, ctx: &Context<'_>) -> ApiResult<Option<User>> {
        let user = self.user_row(ctx, self.row.author_id).await?;
        Ok(user.and_then(|u| user_node(self.viewer, u)))
    }

    /// What it holds: EQUITY, PREFERRED_EQUITY or DEBT (REST codes 0, 1, 2).
    async fn capitalization_type(&self) -> Option<CapitalizationType> {
        CapitalizationType::from_code(self.row.capitalization_type)
    }

    /// Life-cycle stage: AUTHORIZED, ISSUED, OFFERED, TREASURY, DISTRIBUTED (split or
    /// distributed into children) or MERGED (REST codes 0 to 5).
    async fn life_cycle_stage(&self) -> Option<CapitalizationStage> {
        CapitalizationStage::from_code(self.row.life_cycle_stage)
    }

    /// The organization whose shares or loan parts these are.
    async fn organization_id(&self) -> ID {
        id_of(self.row.organization_id)
    }

    /// That organization (null when the viewer may not see it).
    async fn organization(&self, ctx: &Context<'_>) -> ApiResult<Option<Organization>> {
        let key = OrganizationFor {
            id: self.row.organization_id,
            viewer: self.viewer.user_id(),
        };
        let row = ctx.loader()?.load_one(key).await?;
        Ok(row.and_then(|(row, is_member)| Organization::visible(row, self.viewer, is_member)))
    }

    /// The id of the user who holds it now (null when the organization holds it itself).
    async fn owner_id(&self) -> Option<ID> {
        self.row.owner_id.map(id_of)
    }

    /// The full name of the user who holds it (null when the viewer may not see it).
    async fn owner_name(&self, ctx: &Context<'_>) -> ApiResult<Option<String>> {
        let user = self.user_row(ctx, self.row.owner_id).await?;
        Ok(user.and_then(|u| user_name(self.viewer, &u)))
    }

    /// The user who holds it (null when the viewer may not see that user).
    async fn owner(&self, ctx: &Context<'_>) -> ApiResult<Option<User>> {
        let user = self.user_row(ctx, self.row.owner_id).await?;
        Ok(user.and_then(|u| user_node(self.viewer, u)))
    }

    /// How many shares (or loan parts, which may be fractional) it holds.
    async fn number_of_shares(&self) -> Money {
        Money(self.row.number_of_shares)
    }

    /// How many shares it held when acquired.
    async fn number_of_shares_at_acquisition(&self) -> Money {
        Money(self.row.number_of_shares_at_acquisition)
    }

    /// The current price of one share.
    async fn price_per_share(&self) -> Money {
        Money(self.row.price_per_share)
    }

    /// The price of one share when acquired.
    async fn price_per_share_at_acquisition(&self) -> Money {
        Money(self.row.price_per_share_at_acquisition)
    }

    /// A service charge or fee relating to it.
    async fn service_charge(&self) -> Option<Money> {
        self.row.service_charge.map(Money)
    }

    /// What acquiring it cost besides its price (fees, taxes).
    async fn transaction_cost(&self) -> Option<Money> {
        self.row.transaction_cost.map(Money)
    }

    /// Its gain in value since acquisition: `pricePerShare x numberOfShares -
    /// pricePerShareAtAcquisition x numberOfSharesAtAcquisition`, exact (null only when
    /// the exact figure has more than 28 significant digits).
    async fn valuation_gain(&self) -> Option<Money> {
        self.row.valuation_gain().map(Money)
    }

    /// Created.
    async fn created_at(&self) -> DateTime<Utc> {
        self.row.created_at
    }

    /// Last change.
    async fn updated_at(&self) -> DateTime<Utc> {
        self.row.updated_at
    }

    /// The capitalization it was split or distributed from (null for an original block,
    /// and for the result of a merge, which has several: see `parents`).
    async fn parent_id(&self, ctx: &Context<'_>) -> ApiResult<Option<ID>> {
        let ids = self.parent_ids(ctx).await?;
        Ok(match ids.as_slice() {
            [one] => Some(id_of(*one)),
            _ => None,
        })
    }

    /// The capitalization of `parentId`, when the viewer may see it.
    async fn parent(&self, ctx: &Context<'_>) -> ApiResult<Option<Capitalization>> {
        let ids = self.parent_ids(ctx).await?;
        let [one] = ids.as_slice() else {
            return Ok(None);
        };
        Ok(self.load_visible(ctx, &[*one]).await?.pop())
    }

    /// Every capitalization it was made from that the viewer may see: the one it was
    /// split or distributed from, or the blocks merged into it.
    async fn parents(&self, ctx: &Context<'_>) -> ApiResult<Vec<Capitalization>> {
        let ids = self.parent_ids(ctx).await?;
        self.load_visible(ctx, &ids).await
    }

    /// The capitalizations made from it (by a split, a merge or a distribution) that the
    /// viewer may see, oldest first.
    async fn children(&self, ctx: &Context<'_>) -> ApiResult<Vec<Capitalization>> {
        let key = ChildrenOf {
            id: self.row.id,
            viewer: self.viewer.user_id(),
        };
        let rows = ctx.loader()?.load_one(key).await?.unwrap_or_default();
        let viewer = self.viewer;
        Ok(rows
            .into_iter()
            .filter_map(|(row, member)| Self::visible(row, viewer, member))
            .collect())
    }

    /// Its change log, newest first unless ordered otherwise: who changed it, when, how,
    /// and the capitalization before and after.
    async fn changelog(
        &self,
        ctx: &Context<'_>,
        #[graphql(default)] args: ListArgs,
    ) -> ApiResult<Page<CapitalizationChange>> {
        changelog_of(ctx, self.row.id, self.viewer, &args).await
    }
}

/// Most capitalizations a nested list returns.
pub const MAX_NESTED_CAPITALIZATIONS: i64 = 100;

/// The newest `limit` (1-100) capitalizations of an organization or a user that the
/// viewer may see, batch-loaded with those of the other parents of the page.
pub async fn first_capitalizations(
    ctx: &Context<'_>,
    parent: CapitalizationParent,
    id: Uuid,
    limit: i64,
    viewer: Viewer,
) -> ApiResult<Vec<Capitalization>> {
    if !(1..=MAX_NESTED_CAPITALIZATIONS).contains(&limit) {
        return Err(ApiError::bad_request(format!(
            "limit must be between 1 and {MAX_NESTED_CAPITALIZATIONS}, not {limit}."
        )));
    }
    if viewer.is_anonymous() {
        return Ok(Vec::new());
    }
    let key = FirstCapitalizations {
        parent,
        id,
        limit,
        viewer,
    };
    let rows = ctx.loader()?.load_one(key).await?.unwrap_or_default();
    Ok(rows
        .into_iter()
        .map(|row| Capitalization::new(row, viewer))
        .collect())
}

/// The capitalization `id`, batch-loaded, when the viewer may see it.
pub async fn capitalization_for(
    ctx: &Context<'_>,
    id: Uuid,
    viewer: Viewer,
) -> ApiResult<Option<Capitalization>> {
    let key = CapitalizationFor {
        id,
        viewer: viewer.user_id(),
    };
    let found = ctx.loader()?.load_one(key).await?;
    Ok(found.and_then(|(row, member)| Capitalization::visible(row, viewer, member)))
}

/// Root fields of the share registry.
#[derive(Default)]
pub struct RegistryQuery;

#[Object]
impl RegistryQuery {
    /// One capitalization (GET /capitalizations/{id}): its owner, the members of its
    /// organization and admins; Not Found for everyone else.
    async fn capitalization(&self, ctx: &Context<'_>, id: ID) -> ApiResult<Capitalization> {
        Capitalization::fetch(ctx, &id, ctx.request().viewer).await
    }

    /// An organization's capitalizations, its cap table (GET
    /// /organizations/{id}/capitalizations), newest first unless ordered otherwise;
    /// filterable by every capitalization attribute (e.g. `life_cycle_stage`,
    /// `owner_id`). All of them for admins and the organization's members, the viewer's
    /// own for others. Not Found when the viewer may not see the organization.
    async fn organization_capitalizations(
        &self,
        ctx: &Context<'_>,
        organization_id: ID,
        #[graphql(default)] args: ListArgs,
    ) -> ApiResult<Page<Capitalization>> {
        let viewer = ctx.request().viewer;
        let organization = Organization::fetch(ctx, &organization_id, viewer).await?;
        let sees_all = organization.actor().is_some();
        let scope = CapitalizationScope::Organization(organization.row().id);
        Capitalization::paginate(ctx, scope, sees_all, viewer, &args).await
    }

    /// The capitalizations the logged-in user holds (GET /self/capitalizations), newest
    /// first unless ordered otherwise; filterable by every capitalization attribute.
    async fn my_capitalizations(
        &self,
        ctx: &Context<'_>,
        #[graphql(default)] args: ListArgs,
    ) -> ApiResult<Page<Capitalization>> {
        let req = ctx.request();
        req.network()?;
        let me = req.user()?.id;
        Capitalization::paginate(ctx, CapitalizationScope::Owner(me), true, req.viewer, &args).await
    }

    /// The change log of a capitalization (GET /capitalizations/{id}/changelog), newest
    /// first unless ordered otherwise; filterable by `change_kind`, `user_id`,
    /// `created_at`. Not Found when the viewer may not see the capitalization.
    async fn capitalization_changelog(
        &self,
        ctx: &Context<'_>,
        capitalization_id: ID,
        #[graphql(default)] args: ListArgs,
    ) -> ApiResult<Page<CapitalizationChange>> {
        let viewer = ctx.request().viewer;
        let capitalization = Capitalization::fetch(ctx, &capitalization_id, viewer).await?;
        changelog_of(ctx, capitalization.row.id, viewer, &args).await
    }
}
