//! Organizations: the `Organization` type with the visibility of `docs/visibility.md` applied per
//! field, its members, the organization queries and mutations (`docs/rest.md` /organizations
//! routes, /public/organizations, /self/organizations).

use std::sync::Arc;

use async_graphql::{Context, ID, Object, SimpleObject};
use chrono::{DateTime, NaiveDate, Utc};
use diesel_async::{AsyncConnection, AsyncPgConnection};
use uuid::Uuid;

use super::custom::CustomFields;
use super::input::{OrganizationInput, OrganizationPlan};
use super::loaders::{
    MembersOf, OrganizationAddressOf, OrganizationBankAccountOf, UserById, visibility_codes,
};
use super::{
    Writer, field_error, invalid_initial_stage, transition_error, write_error, write_refusal,
};
use crate::domain::custom;
use crate::domain::field_rules::{
    FieldBreach, ORGANIZATION_ADMIN_FIELDS, check_admin_fields, check_new_organization,
};
use crate::domain::lifecycle::{
    Actor, check_organization_transition, organization_initial_stage_allowed,
    organization_transition_allowed,
};
use crate::domain::stages::{OrganizationStage, Visibility};
use crate::domain::viewer::Viewer;
use crate::domain::visibility::{
    organization_names_hidden, organization_visible, organization_visible_stages,
    organization_visible_visibilities, user_visible,
};
use crate::error::{ApiError, ApiResult, codes};
use crate::graphql::context::ContextExt;
use crate::graphql::identity::input::custom_error;
use crate::graphql::identity::user::User;
use crate::graphql::ids::{id_of, parse_id};
use crate::graphql::list::{ListArgs, ListPlan, Page, listed, paginate};
use crate::graphql::registry::capitalization::{Capitalization, first_capitalizations};
use crate::models::capitalization::CapitalizationParent;
use crate::models::organization::{
    self as model, NewOrganization, Organization as OrganizationRow, OrganizationChanges,
    OrganizationScope, org_attrs,
};
use crate::models::user::User as UserRow;

mod mutation;
mod query;
mod team;

pub use mutation::*;
pub use query::*;
pub use team::*;

/// An organization (the capital-raising entity) as the current viewer may see it.
#[derive(Clone)]
pub struct Organization {
    // Shared with the batch loader's answer rather than copied out of it.
    row: Arc<OrganizationRow>,
    viewer: Viewer,
    is_member: bool,
}

impl Organization {
    /// Wraps a row for `viewer`, who is an active member when `is_member`.
    pub fn new(row: impl Into<Arc<OrganizationRow>>, viewer: Viewer, is_member: bool) -> Self {
        Self {
            row: row.into(),
            viewer,
            is_member,
        }
    }

    /// The organization `id` of the request's network as `viewer` sees it: Not Found when
    /// it does not exist or the viewer may not see it (never Forbidden).
    pub async fn fetch(ctx: &Context<'_>, id: &str, viewer: Viewer) -> ApiResult<Self> {
        let network = ctx.request().network()?;
        let id = parse_id(id, "organization")?;
        let mut conn = ctx.conn().await?;
        Self::find_visible(&mut conn, network.id, id, viewer).await
    }

    /// Like [`Organization::fetch`], on `conn` (e.g. inside a transaction).
    pub async fn find_visible(
        conn: &mut AsyncPgConnection,
        network_id: Uuid,
        id: Uuid,
        viewer: Viewer,
    ) -> ApiResult<Self> {
        let found = model::find_for(conn, network_id, id, viewer.user_id()).await?;
        found
            .and_then(|(row, is_member)| Self::visible(row, viewer, is_member))
            .ok_or_else(|| ApiError::not_found("organization"))
    }

    /// Locks an organization the viewer manages, with the viewer's role: Not Found when
    /// invisible, Forbidden when visible but not theirs.
    pub async fn lock_managed(
        conn: &mut AsyncPgConnection,
        network_id: Uuid,
        id: Uuid,
        viewer: Viewer,
    ) -> ApiResult<(Self, Actor)> {
        let (row, is_member) = model::lock_for(conn, network_id, id, viewer.user_id())
            .await?
            .ok_or_else(|| ApiError::not_found("organization"))?;
        let node = Self::visible(row, viewer, is_member)
            .ok_or_else(|| ApiError::not_found("organization"))?;
        let actor = node.actor().ok_or_else(|| {
            ApiError::forbidden("Only the organization's members or an admin may change it.")
        })?;
        Ok((node, actor))
    }

    /// The organization as it is now, after a write: what `viewer` sees of it (a member
    /// who just left sees what a non-member sees).
    pub async fn reload(
        conn: &mut AsyncPgConnection,
        network_id: Uuid,
        id: Uuid,
        viewer: Viewer,
    ) -> ApiResult<Self> {
        let (row, is_member) = model::find_for(conn, network_id, id, viewer.user_id())
            .await?
            .ok_or_else(|| ApiError::not_found("organization"))?;
        Ok(Self::new(row, viewer, is_member))
    }

    /// The row, if `viewer` may see it (`docs/visibility.md`), as a node.
    pub fn visible(
        row: impl Into<Arc<OrganizationRow>>,
        viewer: Viewer,
        is_member: bool,
    ) -> Option<Self> {
        let node = Self::new(row, viewer, is_member);
        node.is_visible().then_some(node)
    }

    /// The underlying row.
    pub fn row(&self) -> &OrganizationRow {
        &self.row
    }

    fn stage(&self) -> OrganizationStage {
        OrganizationStage::from_code(self.row.life_cycle_stage).unwrap_or(OrganizationStage::Draft)
    }

    fn vis(&self) -> Visibility {
        Visibility::from_code(self.row.visibility).unwrap_or(Visibility::Hidden)
    }

    fn is_visible(&self) -> bool {
        organization_visible(&self.viewer, self.is_member, self.stage(), self.vis())
    }

    /// Admin or active member (`None` otherwise): who sees every field and manages it.
    pub fn actor(&self) -> Option<Actor> {
        Actor::for_organization(&self.viewer, self.is_member)
    }

    /// Admin, or an active member: sees every field and manages the organization.
    fn privileged(&self) -> bool {
        self.actor().is_some()
    }

    /// Names (and the people behind an Anonymous organization) are hidden.
    fn names_hidden(&self) -> bool {
        organization_names_hidden(&self.viewer, self.is_member, self.vis())
    }

    /// The display name, unless the viewer may not see the organization's names.
    pub fn visible_display_name(&self) -> Option<String> {
        self.name(self.row.display_name.clone())
    }

    fn name<T>(&self, value: T) -> Option<T> {
        (!self.names_hidden()).then_some(value)
    }

    fn private<T>(&self, value: T) -> Option<T> {
        self.privileged().then_some(value)
    }
}

#[Object]
impl Organization {
    /// Unique identifier.
    async fn id(&self) -> ID {
        id_of(self.row.id)
    }

    /// Life-cycle stage (forward only).
    async fn life_cycle_stage(&self) -> OrganizationStage {
        self.stage()
    }

    /// Who may see the organization: Open, Hidden or Anonymous.
    async fn visibility(&self) -> Visibility {
        self.vis()
    }

    /// Public name (null when the organization is Anonymous, for non-members).
    async fn display_name(&self) -> Option<&str> {
        self.name(self.row.display_name.as_str())
    }

    /// Registered name (null when Anonymous, for non-members).
    async fn legal_name(&self) -> Option<&str> {
        self.name(self.row.legal_name.as_deref()).flatten()
    }

    /// Another name (null when Anonymous, for non-members).
    async fn alternate_name(&self) -> Option<&str> {
        self.name(self.row.alternate_name.as_deref()).flatten()
    }

    /// Category.
    async fn additional_type(&self) -> Option<&str> {
        self.row.additional_type.as_deref()
    }

    /// Short description.
    async fn brief_desc(&self) -> Option<&str> {
        self.row.brief_desc.as_deref()
    }

    /// Long description.
    async fn detail_desc(&self) -> Option<&str> {
        self.row.detail_desc.as_deref()
    }

    /// Industry or sector.
    async fn sector(&self) -> Option<&str> {
        self.row.sector.as_deref()
    }

    /// Location, e.g. a city.
    async fn location(&self) -> Option<&str> {
        self.row.location.as_deref()
    }

    /// Founding date.
    async fn founding_date(&self) -> Option<NaiveDate> {
        self.row.founding_date
    }

    /// Founding location.
    async fn founding_location(&self) -> Option<&str> {
        self.row.founding_location.as_deref()
    }

    /// Company registration number.
    async fn company_number(&self) -> Option<&str> {
        self.row.company_number.as_deref()
    }

    /// Tax / fiscal id.
    async fn tax_id(&self) -> Option<&str> {
        self.row.tax_id.as_deref()
    }

    /// Credit score.
    async fn credit_score(&self) -> Option<&str> {
        self.row.credit_score.as_deref()
    }

    /// Contact email.
    async fn org_email(&self) -> Option<&str> {
        self.row.org_email.as_deref()
    }

    /// Phone.
    async fn telephone(&self) -> Option<&str> {
        self.row.telephone.as_deref()
    }

    /// Web site.
    async fn website(&self) -> Option<&str> {
        self.row.website.as_deref()
    }

    /// Facebook page.
    async fn facebook(&self) -> Option<&str> {
        self.row.facebook.as_deref()
    }

    /// LinkedIn page.
    async fn linkedin(&self) -> Option<&str> {
        self.row.linkedin.as_deref()
    }

    /// Twitter page.
    async fn twitter(&self) -> Option<&str> {
        self.row.twitter.as_deref()
    }

    /// YouTube page.
    async fn youtube(&self) -> Option<&str> {
        self.row.youtube.as_deref()
    }

    /// The id of the Document holding the logo.
    async fn logo(&self) -> Option<ID> {
        self.row.logo_document_id.map(id_of)
    }

    /// Reyker ISIN (a public securities identifier).
    async fn reyker_isin(&self) -> Option<&str> {
        self.row.reyker_isin.as_deref()
    }

    /// GCEN client id (admins and members only).
    async fn gcen_client_id(&self) -> Option<&str> {
        self.private(self.row.gcen_client_id.as_deref()).flatten()
    }

    /// MangoPay legal user id (admins and members only).
    async fn mangopay_user_id(&self) -> Option<&str> {
        self.private(self.row.mangopay_user_id.as_deref()).flatten()
    }

    /// MangoPay card id (admins and members only).
    async fn mangopay_card_id(&self) -> Option<&str> {
        self.private(self.row.mangopay_card_id.as_deref()).flatten()
    }

    /// MangoPay wallet id (admins and members only).
    async fn mangopay_wallet_id(&self) -> Option<&str> {
        self.private(self.row.mangopay_wallet_id.as_deref())
            .flatten()
    }

    /// FundAmerica entity id (admins and members only).
    async fn fundamerica_entity_id(&self) -> Option<&str> {
        self.private(self.row.fundamerica_entity_id.as_deref())
            .flatten()
    }

    #[graphql(flatten)]
    async fn custom_fields(&self) -> CustomFields<'_> {
        CustomFields(&self.row.custom)
    }

    #[graphql(flatten)]
    async fn team(&self) -> Team<'_> {
        Team(self)
    }

    /// Last entry into Submitted.
    async fn submitted_at(&self) -> Option<DateTime<Utc>> {
        self.row.submitted_at
    }

    /// Last entry into Approved.
    async fn approved_at(&self) -> Option<DateTime<Utc>> {
        self.row.approved_at
    }

    /// Last entry into Published.
    async fn published_at(&self) -> Option<DateTime<Utc>> {
        self.row.published_at
    }

    /// Entry into Cancelled.
    async fn canceled_at(&self) -> Option<DateTime<Utc>> {
        self.row.canceled_at
    }

    /// Created.
    async fn created_at(&self) -> DateTime<Utc> {
        self.row.created_at
    }

    /// Last change.
    async fn updated_at(&self) -> DateTime<Utc> {
        self.row.updated_at
    }

    /// The newest capitalizations of its share registry (at most `limit`, 1-100) that
    /// the viewer may see: all of them for admins and its members, the viewer's own for
    /// others. The whole list is `organizationCapitalizations`.
    async fn capitalizations(
        &self,
        ctx: &Context<'_>,
        #[graphql(default = 12)] limit: i64,
    ) -> ApiResult<Vec<Capitalization>> {
        let parent = CapitalizationParent::Organization;
        first_capitalizations(ctx, parent, self.row.id, limit, self.viewer).await
    }

    /// What the viewer may do with this organization, so front ends never repeat the
    /// rules.
    async fn viewer_can(&self) -> OrganizationViewerCan {
        let actor = self.actor();
        let from = self.stage();
        OrganizationViewerCan {
            edit: actor.is_some(),
            manage_members: actor.is_some(),
            create_offering: actor.is_some(),
            transitions_to: actor
                .map(|a| {
                    OrganizationStage::ALL
                        .iter()
                        .copied()
                        .filter(|to| organization_transition_allowed(a, from, *to))
                        .collect()
                })
                .unwrap_or_default(),
        }
    }
}

/// What the viewer may do with an organization.
#[derive(SimpleObject)]
pub struct OrganizationViewerCan {
    /// Change its fields (`updateOrganization`).
    pub edit: bool,
    /// Add and remove members.
    pub manage_members: bool,
    /// Create offerings under it.
    pub create_offering: bool,
    /// The stages `updateOrganization(lifeCycleStage)` may move it to.
    pub transitions_to: Vec<OrganizationStage>,
}
