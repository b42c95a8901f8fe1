//! Investments: the `Investment` type (visibility of `docs/visibility.md` incl. Hidden and Anonymous
//! investments), the investment lists, `invest` under the rules of `docs/marketplace.md` (atomic with the
//! insert) and the investment lifecycle of `docs/lifecycles.md` (`docs/rest.md` /offerings/{id}/investments,
//! /investments/{id}, /self/investments, /users/{id}/investments).

use crate::graphql::money::payout::{Payout, first_payouts};
use crate::models::payout::PayoutParent;
use std::sync::Arc;

use async_graphql::{Context, ID, Json, Object, SimpleObject};
use chrono::{DateTime, Utc};
use diesel_async::{AsyncConnection, AsyncPgConnection};
use rust_decimal::Decimal;
use uuid::Uuid;

use super::input::{InvestmentInput, InvestmentPlan, InvestmentUpdateInput};
use super::loaders::{
    FiguresOf, InvestmentFor, InvestmentPayoutFiguresOf, OfferingFor, OrganizationFor, UserById,
    codes as stage_codes, visibility_codes,
};
use super::offering::{Offering, percent_of, visible_user};
use super::organization::{Organization, user_name, user_node};
use super::{
    Writer, initial_stage_error, rule_error, transition_error, write_error, write_refusal,
};
use crate::domain::custom;
use crate::domain::field_rules::check_investment_change;
use crate::domain::investment_rules::{
    self, INVESTOR_TOTAL_STAGES, InvestmentAttempt, OFFERING_TOTAL_STAGES,
};
use crate::domain::lifecycle::{
    InvestmentActor, TransitionError, investment_editable_by_investor, investment_initial_stage,
    investment_transition_allowed_for,
};
use crate::domain::stages::{InvestmentStage, OfferingStage, Visibility};
use crate::domain::viewer::{InvestmentRelation, Viewer, ViewerUser};
use crate::domain::visibility::{
    InvestmentListing, investment_user_hidden, investment_visible, investment_visible_stages,
    investment_visible_visibilities,
};
use crate::error::{ApiError, ApiResult};
use crate::graphql::context::ContextExt;
use crate::graphql::custom_fields::{CustomField, info_of};
use crate::graphql::identity::input::custom_error;
use crate::graphql::identity::user::User;
use crate::graphql::ids::{id_of, parse_id};
use crate::graphql::list::{ListArgs, ListPlan, Page, listed, paginate};
use crate::graphql::scalars::Money;
use crate::models::investment::{
    self as model, Investment as InvestmentRow, InvestmentChanges, InvestmentScope, NewInvestment,
    investment_attrs,
};
use crate::models::offering as offering_model;
use crate::models::user::User as UserRow;

mod mutation;
mod offering_fields;
mod query;

pub use mutation::*;
pub use offering_fields::*;
pub use query::*;

/// An investment (a user's commitment to an offering) as the current viewer may see it.
#[derive(Clone)]
pub struct Investment {
    // Shared with the batch loader's answer rather than copied out of it.
    row: Arc<InvestmentRow>,
    viewer: Viewer,
    manages: bool,
    // The investor, when the list that returned the investment read it already.
    user: Option<Arc<UserRow>>,
}

impl Investment {
    /// Wraps a row for `viewer`, who manages it (member of the offering's organization)
    /// when `manages`.
    pub fn new(row: impl Into<Arc<InvestmentRow>>, viewer: Viewer, manages: bool) -> Self {
        Self::with_user(row, viewer, manages, None)
    }

    /// Like [`Investment::new`], with the investor's row when it was read with the
    /// investment (visibility still applies when it is shown).
    pub fn with_user(
        row: impl Into<Arc<InvestmentRow>>,
        viewer: Viewer,
        manages: bool,
        user: Option<Arc<UserRow>>,
    ) -> Self {
        Self {
            row: row.into(),
            viewer,
            manages,
            user,
        }
    }

    /// The underlying row.
    pub fn row(&self) -> &InvestmentRow {
        &self.row
    }

    /// Whether the viewer is an active member of the organization of its offering.
    pub fn viewer_manages(&self) -> bool {
        self.manages
    }

    /// The investment `id` of the request's network as `viewer` sees it: Not Found when
    /// it does not exist or the viewer may not see it (never Forbidden).
    pub async fn fetch(ctx: &Context<'_>, id: &str, viewer: Viewer) -> ApiResult<Self> {
        let network = ctx.request().network()?;
        let id = parse_id(id, "investment")?;
        let mut conn = ctx.conn().await?;
        Self::find_visible(&mut conn, network.id, id, viewer).await
    }

    /// The investment `id` as `viewer` sees it, through the batch loaders (so a list of
    /// objects pointing at investments costs one statement for all of them): `None` when
    /// it does not exist or the viewer may not see it, by the rule of [`Investment::fetch`].
    pub async fn load_visible(
        ctx: &Context<'_>,
        id: Uuid,
        viewer: Viewer,
    ) -> ApiResult<Option<Self>> {
        let key = InvestmentFor {
            id,
            viewer: viewer.user_id(),
        };
        let Some((row, manages)) = ctx.loader()?.load_one(key).await? else {
            return Ok(None);
        };
        let node = Self::new(row, viewer, manages);
        if !node.visible_as(InvestmentListing::OfferingOrSingle) {
            return Ok(None);
        }
        if !node.related() && node.visible_offering(ctx).await?.is_none() {
            return Ok(None);
        }
        Ok(Some(node))
    }

    /// Like [`Investment::fetch`], on `conn`: the investor, admins and the offering's
    /// team see it in every stage; others as the rules allow, of an offering they see.
    pub async fn find_visible(
        conn: &mut AsyncPgConnection,
        network_id: Uuid,
        id: Uuid,
        viewer: Viewer,
    ) -> ApiResult<Self> {
        let (row, manages) = model::find_for(conn, network_id, id, viewer.user_id())
            .await?
            .ok_or_else(|| ApiError::not_found("investment"))?;
        let node = Self::new(row, viewer, manages);
        if !node.visible_as(InvestmentListing::OfferingOrSingle) {
            return Err(ApiError::not_found("investment"));
        }
        if !node.related() {
            let offering_id = node.row.offering_id;
            let found = offering_model::find_for(conn, network_id, offering_id, viewer.user_id());
            if found
                .await?
                .is_none_or(|(o, m)| Offering::visible(o, viewer, m).is_none())
            {
                return Err(ApiError::not_found("investment"));
            }
        }
        Ok(node)
    }

    /// Locks an investment the viewer is related to (investor, admin or the offering's
    /// team), after locking its offering (the same order as `invest`, so totals stay
    /// serialized): Not Found when invisible, Forbidden when visible but not theirs.
    /// Answers the investment with its locked offering.
    pub async fn lock_managed(
        conn: &mut AsyncPgConnection,
        network_id: Uuid,
        id: Uuid,
        viewer: Viewer,
    ) -> ApiResult<(Self, offering_model::Offering)> {
        let (row, _) = model::find_for(conn, network_id, id, viewer.user_id())
            .await?
            .ok_or_else(|| ApiError::not_found("investment"))?;
        let (offering, manages) =
            offering_model::lock_for(conn, network_id, row.offering_id, viewer.user_id())
                .await?
                .ok_or_else(|| ApiError::not_found("investment"))?;
        let node = Self::new(model::lock(conn, network_id, id).await?, viewer, manages);
        if !node.visible_as(InvestmentListing::OfferingOrSingle) {
            return Err(ApiError::not_found("investment"));
        }
        if !node.related() {
            return Err(ApiError::forbidden(
                "Only the investor, the offering's team or an admin may change an investment.",
            ));
        }
        Ok((node, offering))
    }

    /// Writes `changes` to the locked investment and answers it as it is now.
    pub async fn write(
        &self,
        conn: &mut AsyncPgConnection,
        changes: &InvestmentChanges,
    ) -> ApiResult<Self> {
        let row = model::update(conn, self.row.network_id, self.row.id, changes)
            .await
            .map_err(write_error)?;
        Ok(Self::new(row, self.viewer, self.manages))
    }

    /// The fields that read the investor's row: a list asking for any of them reads the
    /// investors with the investments.
    pub const FIELDS_READING_USER: &[&str] = &["user", "userId", "userName", "userEmail"];

    fn relation(&self) -> InvestmentRelation {
        InvestmentRelation {
            is_investor: self.viewer.is_user(self.row.user_id),
            is_offering_org_member: self.manages,
        }
    }

    fn stage(&self) -> InvestmentStage {
        InvestmentStage::from_code(self.row.life_cycle_stage).unwrap_or(InvestmentStage::Open)
    }

    fn vis(&self) -> Visibility {
        Visibility::from_code(self.row.visibility).unwrap_or(Visibility::Hidden)
    }

    /// Whether the viewer is the investor, an admin or a member of the offering's
    /// organization: they see every field.
    fn related(&self) -> bool {
        !InvestmentActor::roles(&self.viewer, self.relation()).is_empty()
    }

    fn visible_as(&self, listing: InvestmentListing) -> bool {
        investment_visible(
            &self.viewer,
            self.relation(),
            self.stage(),
            self.vis(),
            listing,
        )
    }

    fn user_hidden(&self) -> bool {
        investment_user_hidden(&self.viewer, self.relation(), self.vis())
    }

    async fn user_row(&self, ctx: &Context<'_>) -> ApiResult<Option<Arc<UserRow>>> {
        if self.user_hidden() {
            return Ok(None);
        }
        if let Some(user) = &self.user {
            return Ok(Some(user.clone()));
        }
        ctx.loader()?.load_one(UserById(self.row.user_id)).await
    }
}

#[Object]
impl Investment {
    /// Unique identifier.
    async fn id(&self) -> ID {
        id_of(self.row.id)
    }

    /// The offering's id.
    async fn offering_id(&self) -> ID {
        id_of(self.row.offering_id)
    }

    /// The offering (null when the viewer may not see it).
    async fn offering(&self, ctx: &Context<'_>) -> ApiResult<Option<Offering>> {
        self.visible_offering(ctx).await
    }

    /// The investor's id (null for an Anonymous investment, except to the investor,
    /// admins and the offering's team; null to others when the user is Hidden).
    async fn user_id(&self, ctx: &Context<'_>) -> ApiResult<Option<ID>> {
        if self.user_hidden() {
            return Ok(None);
        }
        // A Hidden user's id is as private as the user: only related viewers see it.
        let shown = self.related()
            || (self.user_row(ctx).await?).is_some_and(|u| user_node(self.viewer, u).is_some());
        Ok(shown.then(|| id_of(self.row.user_id)))
    }

    /// The investor (null when Anonymous as above, or when the user is Hidden).
    async fn user(&self, ctx: &Context<'_>) -> ApiResult<Option<User>> {
        Ok(self
            .user_row(ctx)
            .await?
            .and_then(|u| user_node(self.viewer, u)))
    }

    /// The investor's full name (null when Anonymous, or when the user hides it).
    async fn user_name(&self, ctx: &Context<'_>) -> ApiResult<Option<String>> {
        let user = self.user_row(ctx).await?;
        Ok(user.and_then(|u| {
            if self.related() {
                u.full_name()
            } else {
                user_name(self.viewer, &u)
            }
        }))
    }

    /// The investor's email (the investor, admins and the offering's team only).
    async fn user_email(&self, ctx: &Context<'_>) -> ApiResult<Option<String>> {
        if !self.related() {
            return Ok(None);
        }
        Ok(self.user_row(ctx).await?.map(|u| u.email.clone()))
    }

    /// Life-cycle stage.
    async fn life_cycle_stage(&self) -> InvestmentStage {
        self.stage()
    }

    /// Who may see the investment: Open, Hidden or Anonymous.
    async fn visibility(&self) -> Visibility {
        self.vis()
    }

    /// Amount (0: an expression of interest).
    async fn investment_amount(&self) -> Money {
        Money(self.row.investment_amount)
    }

    /// Shares asked for.
    async fn number_of_shares(&self) -> Option<Money> {
        self.row.number_of_shares.map(Money)
    }

    /// Currency.
    async fn currency(&self) -> Option<&str> {
        self.row.currency.as_deref()
    }

    /// Interest rate asked for.
    async fn interest_rate(&self) -> Option<Money> {
        self.row.interest_rate.map(Money)
    }

    /// Term asked for.
    async fn term(&self) -> Option<i32> {
        self.row.term
    }

    /// Service charge.
    async fn service_charge(&self) -> Option<Money> {
        self.row.service_charge.map(Money)
    }

    /// Made for a loanbook rather than an offering.
    async fn is_loanbook(&self) -> bool {
        self.row.is_loanbook
    }

    /// FundAmerica investment id (the investor, admins and the offering's team only).
    async fn fundamerica_investment_id(&self) -> Option<&str> {
        self.related()
            .then_some(self.row.fundamerica_investment_id.as_deref())
            .flatten()
    }

    /// Custom fields (the investor, admins and the offering's team only).
    async fn custom(&self) -> Option<Json<&serde_json::Value>> {
        self.related().then_some(Json(&self.row.custom))
    }

    /// Custom fields as the deprecated `info` list (same visibility as `custom`).
    async fn info(&self) -> Vec<CustomField> {
        if self.related() {
            info_of(&self.row.custom)
        } else {
            Vec::new()
        }
    }

    #[graphql(flatten)]
    async fn offering_fields(&self) -> OfferingFields<'_> {
        OfferingFields(self)
    }

    /// Last entry into Approved.
    async fn approved_at(&self) -> Option<DateTime<Utc>> {
        self.row.approved_at
    }

    /// Last entry into Rejected.
    async fn rejected_at(&self) -> Option<DateTime<Utc>> {
        self.row.rejected_at
    }

    /// Entry into Withdrawn.
    async fn withdrawn_at(&self) -> Option<DateTime<Utc>> {
        self.row.withdrawn_at
    }

    /// Entry into Settled.
    async fn settled_at(&self) -> Option<DateTime<Utc>> {
        self.row.settled_at
    }

    /// Created.
    async fn created_at(&self) -> DateTime<Utc> {
        self.row.created_at
    }

    /// Last change.
    async fn updated_at(&self) -> DateTime<Utc> {
        self.row.updated_at
    }

    /// The newest payouts of this investment (at most `limit`, 1-100) that the viewer may
    /// see: all for admins and the offering's team, the investor's own for the investor,
    /// none for others. The whole list is `investmentPayouts`.
    async fn payouts(
        &self,
        ctx: &Context<'_>,
        #[graphql(default = 12)] limit: i64,
    ) -> ApiResult<Vec<Payout>> {
        let (id, viewer) = (self.row.id, self.viewer);
        first_payouts(ctx, PayoutParent::Investment, id, limit, viewer).await
    }

    /// What the viewer may do with this investment, so front ends never repeat the
    /// rules.
    async fn viewer_can(&self) -> InvestmentViewerCan {
        let relation = self.relation();
        let roles = InvestmentActor::roles(&self.viewer, relation);
        let from = self.stage();
        let transitions_to: Vec<InvestmentStage> = InvestmentStage::ALL
            .iter()
            .copied()
            .filter(|to| investment_transition_allowed_for(&self.viewer, relation, from, *to))
            .collect();
        InvestmentViewerCan {
            edit_amount: roles.contains(&InvestmentActor::Investor)
                && investment_editable_by_investor(from),
            withdraw: transitions_to.contains(&InvestmentStage::Withdrawn),
            transitions_to,
        }
    }
}

/// What the viewer may do with an investment.
#[derive(SimpleObject)]
pub struct InvestmentViewerCan {
    /// Change the amount (the investor, while Open).
    pub edit_amount: bool,
    /// Withdraw it (the investor, while Open or Approved).
    pub withdraw: bool,
    /// The stages `setInvestmentStage` may move it to.
    pub transitions_to: Vec<InvestmentStage>,
}
