//! Offerings: the `Offering` type (visibility of `docs/visibility.md`, derived figures of `docs/money.md`), the
//! offering lists and the lifecycle of `docs/lifecycles.md` as mutations (`docs/rest.md` /offerings routes,
//! /organizations/{id}/offerings, /public/offerings, /public/featuredOfferings,
//! /self/offerings, /users/{id}/offerings).

use async_graphql::{Context, ID, Object, SimpleObject};
use chrono::{DateTime, NaiveDate, Utc};
use diesel_async::{AsyncConnection, AsyncPgConnection};
use rust_decimal::Decimal;
use uuid::Uuid;

use super::bulletin::Bulletin;
use super::custom::CustomFields;
use super::input::{OfferingInput, OfferingPlan};
use super::investment::Investment;
use super::loaders::{
    FiguresOf, FirstBulletins, FirstInvestments, OfferingFor, OrganizationFor, PayoutFiguresOf,
    UserById, figure_stages,
};
use super::organization::{Organization, user_node};
use super::{
    Writer, field_error, invalid_data, invalid_initial_stage, transition_error, write_error,
    write_refusal,
};
use crate::domain::custom;
use crate::domain::field_rules::{
    OFFERING_ADMIN_FIELDS, OfferingTerms, check_admin_fields, check_offering_edit,
    check_offering_terms, check_primary_offering,
};
use crate::domain::investment_rules::{open_for_investment, within_dates};
use crate::domain::lifecycle::{
    Actor, INVESTMENT_STAGES_BLOCKING_OFFERING_CANCEL, OfferingStamp, check_offering_transition,
    offering_initial_stage_allowed, offering_stamp_on_entry, offering_transition_allowed,
};
use crate::domain::stages::{OfferingStage, Visibility};
use crate::domain::viewer::{OfferingRelation, Viewer};
use crate::domain::visibility::{
    PUBLIC_OFFERING_STAGES, offering_visible, offering_visible_stages, user_visible,
};
use crate::error::{ApiError, ApiResult, codes};
use crate::graphql::context::ContextExt;
use crate::graphql::identity::input::custom_error;
use crate::graphql::identity::user::User;
use crate::graphql::ids::{id_of, parse_id};
use crate::graphql::list::{ListArgs, ListPlan, Page, listed, paginate};
use crate::graphql::registry::capitalization::{Capitalization, capitalization_for};
use crate::graphql::scalars::Money;
use crate::models::offering::{
    self as model, NewOffering, Offering as OfferingRow, OfferingChanges, OfferingScope, PageExtras,
};
use crate::models::user::User as UserRow;

mod figures;
mod mutation;
mod query;
mod related;

pub use figures::*;
pub use mutation::*;
pub use query::*;
pub use related::*;

/// Most investments or bulletins a nested list returns.
pub const MAX_NESTED: i64 = 100;

/// An offering (a capital raise of an organization) as the current viewer may see it.
#[derive(Clone)]
pub struct Offering {
    row: OfferingRow,
    viewer: Viewer,
    is_org_member: bool,
    // Read with the page that listed the offering, when the query asked for them; else
    // batch-loaded by the fields that need them.
    figures: Option<model::Figures>,
}

impl Offering {
    /// Wraps a row for `viewer`, an active member of the offering's organization when
    /// `is_org_member`.
    pub fn new(row: OfferingRow, viewer: Viewer, is_org_member: bool) -> Self {
        Self {
            row,
            viewer,
            is_org_member,
            figures: None,
        }
    }

    /// The offering `id` of the request's network as `viewer` sees it: Not Found when it
    /// does not exist or the viewer may not see it (never Forbidden).
    pub async fn fetch(ctx: &Context<'_>, id: &str, viewer: Viewer) -> ApiResult<Self> {
        let network = ctx.request().network()?;
        let id = parse_id(id, "offering")?;
        let mut conn = ctx.conn().await?;
        Self::find_visible(&mut conn, network.id, id, viewer).await
    }

    /// Like [`Offering::fetch`], on `conn` (e.g. inside a transaction).
    pub async fn find_visible(
        conn: &mut AsyncPgConnection,
        network_id: Uuid,
        id: Uuid,
        viewer: Viewer,
    ) -> ApiResult<Self> {
        let found = model::find_for(conn, network_id, id, viewer.user_id()).await?;
        found
            .and_then(|(row, is_member)| Self::visible(row, viewer, is_member))
            .ok_or_else(|| ApiError::not_found("offering"))
    }

    /// Locks an offering the viewer manages, with the viewer's role: Not Found when
    /// invisible, Forbidden when visible but not theirs.
    pub async fn lock_managed(
        conn: &mut AsyncPgConnection,
        network_id: Uuid,
        id: Uuid,
        viewer: Viewer,
    ) -> ApiResult<(Self, Actor)> {
        let node = Self::lock_visible(conn, network_id, id, viewer).await?;
        let actor = node.actor().ok_or_else(|| {
            ApiError::forbidden("Only the offering's team or an admin may change it.")
        })?;
        Ok((node, actor))
    }

    /// Locks the offering `id` if `viewer` may see it (else Not Found): what every write
    /// of the offering or of its investments starts with.
    pub async fn lock_visible(
        conn: &mut AsyncPgConnection,
        network_id: Uuid,
        id: Uuid,
        viewer: Viewer,
    ) -> ApiResult<Self> {
        let found = model::lock_for(conn, network_id, id, viewer.user_id()).await?;
        found
            .and_then(|(row, m)| Self::visible(row, viewer, m))
            .ok_or_else(|| ApiError::not_found("offering"))
    }

    /// The offering as it is now, after a write, as `viewer` sees it.
    pub async fn reload(
        conn: &mut AsyncPgConnection,
        network_id: Uuid,
        id: Uuid,
        viewer: Viewer,
    ) -> ApiResult<Self> {
        let (row, m) = model::find_for(conn, network_id, id, viewer.user_id())
            .await?
            .ok_or_else(|| ApiError::not_found("offering"))?;
        Ok(Self::new(row, viewer, m))
    }

    /// The row, if `viewer` may see it (docs/visibility.md), as a node.
    pub fn visible(row: OfferingRow, viewer: Viewer, is_org_member: bool) -> Option<Self> {
        let node = Self::new(row, viewer, is_org_member);
        offering_visible(&node.viewer, node.relation(), node.stage()).then_some(node)
    }

    /// The underlying row.
    pub fn row(&self) -> &OfferingRow {
        &self.row
    }

    /// Whether the viewer is an active member of the offering's organization.
    pub fn is_org_member(&self) -> bool {
        self.is_org_member
    }

    /// The viewer's relation to the offering.
    pub fn relation(&self) -> OfferingRelation {
        OfferingRelation {
            is_author: self.viewer.is_user(self.row.user_id),
            is_org_member: self.is_org_member,
        }
    }

    fn stage(&self) -> OfferingStage {
        OfferingStage::from_code(self.row.life_cycle_stage).unwrap_or(OfferingStage::Draft)
    }

    /// Admin, or the offering's team (`None` otherwise): who manages it.
    pub fn actor(&self) -> Option<Actor> {
        Actor::for_offering(&self.viewer, self.relation())
    }

    fn private<T>(&self, value: T) -> Option<T> {
        self.actor().is_some().then_some(value)
    }
}

fn money(d: Option<Decimal>) -> Option<Money> {
    d.map(Money)
}

#[Object]
impl Offering {
    /// Unique identifier.
    async fn id(&self) -> ID {
        id_of(self.row.id)
    }

    /// The organization's id (fixed at creation).
    async fn organization_id(&self) -> ID {
        id_of(self.row.organization_id)
    }

    /// The organization (null when the viewer may not see it).
    async fn organization(&self, ctx: &Context<'_>) -> ApiResult<Option<Organization>> {
        let key = OrganizationFor {
            id: self.row.organization_id,
            viewer: self.viewer.user_id(),
        };
        let row = ctx.loader()?.load_one(key).await?;
        Ok(row.and_then(|(row, is_member)| Organization::visible(row, self.viewer, is_member)))
    }

    /// The creator's id (the seller of a secondary offering).
    async fn user_id(&self) -> ID {
        id_of(self.row.user_id)
    }

    /// The creator (null when the user is Hidden).
    async fn user(&self, ctx: &Context<'_>) -> ApiResult<Option<User>> {
        let user = ctx.loader()?.load_one(UserById(self.row.user_id)).await?;
        Ok(user.and_then(|u| user_node(self.viewer, u)))
    }

    /// The capitalization offered, if any.
    async fn capitalization_id(&self) -> Option<ID> {
        self.row.capitalization_id.map(id_of)
    }

    /// The capitalization offered (null when there is none or the viewer may not see
    /// it: its owner, the organization's members and admins do).
    async fn capitalization(&self, ctx: &Context<'_>) -> ApiResult<Option<Capitalization>> {
        match self.row.capitalization_id {
            Some(id) => capitalization_for(ctx, id, self.viewer).await,
            None => Ok(None),
        }
    }

    /// The original offering of a secondary offering.
    async fn primary_offering_id(&self) -> Option<ID> {
        self.row.primary_offering_id.map(id_of)
    }

    /// The original offering of a secondary offering (null when not visible).
    async fn primary_offering(&self, ctx: &Context<'_>) -> ApiResult<Option<Offering>> {
        let Some(id) = self.row.primary_offering_id else {
            return Ok(None);
        };
        let key = OfferingFor {
            id,
            viewer: self.viewer.user_id(),
        };
        let row = ctx.loader()?.load_one(key).await?;
        Ok(row.and_then(|(row, m)| Offering::visible(row, self.viewer, m)))
    }

    /// Life-cycle stage.
    async fn life_cycle_stage(&self) -> OfferingStage {
        self.stage()
    }

    /// Name.
    async fn name(&self) -> Option<&str> {
        self.row.name.as_deref()
    }

    /// Long description.
    async fn offering_description(&self) -> Option<&str> {
        self.row.offering_description.as_deref()
    }

    /// Category.
    async fn additional_type(&self) -> Option<&str> {
        self.row.additional_type.as_deref()
    }

    /// Another category.
    async fn category(&self) -> Option<&str> {
        self.row.category.as_deref()
    }

    /// Credit score.
    async fn credit_score(&self) -> Option<&str> {
        self.row.credit_score.as_deref()
    }

    /// Currency (ISO 4217).
    async fn currency(&self) -> Option<&str> {
        self.row.currency.as_deref()
    }

    /// Featured on the public home page.
    async fn is_featured(&self) -> bool {
        self.row.is_featured
    }

    /// A secondary-market offering.
    async fn is_secondary_offering(&self) -> bool {
        self.row.is_secondary_offering
    }

    /// Funding goal.
    async fn funding_goal(&self) -> Option<Money> {
        money(self.row.funding_goal)
    }

    /// Money raised outside the platform (counted into amountRaised).
    async fn external_commitments(&self) -> Money {
        Money(self.row.external_commitments)
    }

    /// Valuation.
    async fn valuation(&self) -> Option<Money> {
        money(self.row.valuation)
    }

    /// Loan to value: fundingGoal / valuation, to 4 decimal places.
    async fn loan_to_value(&self) -> Option<Money> {
        let goal = self.row.funding_goal?;
        let valuation = self.row.valuation.filter(|v| *v > Decimal::ZERO)?;
        goal.checked_div(valuation).map(|r| Money(r.round_dp(4)))
    }

    /// Service charge.
    async fn service_charge(&self) -> Option<Money> {
        money(self.row.service_charge)
    }

    /// Equity offered, percent.
    async fn equity_offered(&self) -> Option<Money> {
        money(self.row.equity_offered)
    }

    /// Interest rate.
    async fn interest_rate(&self) -> Option<Money> {
        money(self.row.interest_rate)
    }

    /// Loan term.
    async fn term(&self) -> Option<i32> {
        self.row.term
    }

    /// Shares offered.
    async fn num_of_shares(&self) -> Option<Money> {
        money(self.row.num_of_shares)
    }

    /// Price per share.
    async fn price_per_share(&self) -> Option<Money> {
        money(self.row.price_per_share)
    }

    /// No investments before this day (investment rule).
    async fn open_date(&self) -> Option<NaiveDate> {
        self.row.open_date
    }

    /// No investments after this day (investment rule).
    async fn close_date(&self) -> Option<NaiveDate> {
        self.row.close_date
    }

    /// Smallest investment (investment rule).
    async fn min_commitment(&self) -> Option<Money> {
        money(self.row.min_commitment)
    }

    /// Largest total of one investor's Open, Approved and Settled investments
    /// (investment rule).
    async fn max_commitment(&self) -> Option<Money> {
        money(self.row.max_commitment)
    }

    /// Largest total of the offering's non-Rejected, non-Withdrawn investments
    /// (investment rule).
    async fn max_overfunding_amount(&self) -> Option<Money> {
        money(self.row.max_overfunding_amount)
    }

    /// GCEN client id (admins and the offering's team only).
    async fn gcen_client_id(&self) -> Option<&str> {
        self.private(self.row.gcen_client_id.as_deref()).flatten()
    }

    /// MangoPay wallet id (admins and the offering's team only).
    async fn mangopay_wallet_id(&self) -> Option<&str> {
        self.private(self.row.mangopay_wallet_id.as_deref())
            .flatten()
    }

    /// FundAmerica offering id (admins and the offering's team only).
    async fn fundamerica_offering_id(&self) -> Option<&str> {
        self.private(self.row.fundamerica_offering_id.as_deref())
            .flatten()
    }

    #[graphql(flatten)]
    async fn custom_fields(&self) -> CustomFields<'_> {
        CustomFields(&self.row.custom)
    }

    /// Last entry into Submitted.
    async fn submitted_at(&self) -> Option<DateTime<Utc>> {
        self.row.submitted_at
    }

    /// Last entry into Published.
    async fn published_at(&self) -> Option<DateTime<Utc>> {
        self.row.published_at
    }

    /// Entry into Settled.
    async fn settled_at(&self) -> Option<DateTime<Utc>> {
        self.row.settled_at
    }

    /// Entry into Canceled.
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

    #[graphql(flatten)]
    async fn figure_fields(&self) -> FigureFields<'_> {
        FigureFields(self)
    }

    #[graphql(flatten)]
    async fn related_fields(&self) -> RelatedFields<'_> {
        RelatedFields(self)
    }
}
