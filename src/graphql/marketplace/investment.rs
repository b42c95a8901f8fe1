//! Investments: the `Investment` type (visibility of `docs/visibility.md` incl. Hidden and Anonymous
//! investments), the investment lists, `invest` under the rules of `docs/marketplace.md` (atomic with the
//! insert) and the investment lifecycle of `docs/lifecycles.md` (`docs/rest.md` /offerings/{id}/investments,
//! /investments/{id}, /self/investments, /users/{id}/investments).

use std::sync::Arc;

use async_graphql::{Context, ID, Json, Object, SimpleObject};
use chrono::{DateTime, Utc};
use diesel_async::{AsyncConnection, AsyncPgConnection};
use rust_decimal::Decimal;
use uuid::Uuid;

use super::input::{InvestmentInput, InvestmentUpdateInput};
use super::loaders::{
    FiguresOf, InvestmentPayoutFiguresOf, OfferingFor, OrganizationFor, UserById,
    codes as stage_codes, visibility_codes,
};
use super::offering::{Offering, percent_of, visible_user};
use super::organization::{Organization, user_name, user_node};
use super::{initial_stage_error, rule_error, transition_error, write_error};
use crate::domain::custom;
use crate::domain::investment_rules::{
    self, INVESTOR_TOTAL_STAGES, InvestmentAttempt, OFFERING_TOTAL_STAGES,
};
use crate::domain::lifecycle::{
    InvestmentActor, TransitionError, investment_editable_by_investor, investment_initial_stage,
    investment_transition_allowed_for,
};
use crate::domain::list::AttrRef;
use crate::domain::stages::{InvestmentStage, OfferingStage, Visibility};
use crate::domain::viewer::{InvestmentRelation, Viewer};
use crate::domain::visibility::{
    InvestmentListing, investment_user_hidden, investment_visible, investment_visible_stages,
    investment_visible_visibilities,
};
use crate::error::{ApiError, ApiResult, codes};
use crate::graphql::context::ContextExt;
use crate::graphql::custom_fields::{CustomField, info_of};
use crate::graphql::identity::input::custom_error;
use crate::graphql::identity::user::User;
use crate::graphql::ids::{id_of, parse_id};
use crate::graphql::list::{ListArgs, ListPlan, Page};
use crate::graphql::scalars::Money;
use crate::models::investment::{
    self as model, Investment as InvestmentRow, InvestmentChanges, InvestmentScope, NewInvestment,
    investment_attrs,
};
use crate::models::offering as offering_model;
use crate::models::user::User as UserRow;

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

    /// The fields that read the investor's row: a list asking for any of them reads the
    /// investors with the investments.
    pub const FIELDS_READING_USER: &[&str] = &["user", "userName", "userEmail"];

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

    async fn offering_row(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Option<(offering_model::Offering, bool)>> {
        let key = OfferingFor {
            id: self.row.offering_id,
            viewer: self.viewer.user_id(),
        };
        Ok(ctx.loader()?.load_one(key).await?)
    }

    async fn user_row(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Arc<UserRow>>> {
        if self.user_hidden() {
            return Ok(None);
        }
        if let Some(user) = &self.user {
            return Ok(Some(user.clone()));
        }
        Ok(ctx.loader()?.load_one(UserById(self.row.user_id)).await?)
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
    async fn offering(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Offering>> {
        Ok(self
            .offering_row(ctx)
            .await?
            .and_then(|(row, m)| Offering::visible(row, self.viewer, m)))
    }

    /// The investor's id (null for an Anonymous investment, except to the investor,
    /// admins and the offering's team).
    async fn user_id(&self) -> Option<ID> {
        (!self.user_hidden()).then(|| id_of(self.row.user_id))
    }

    /// The investor (null when Anonymous as above, or when the user is Hidden).
    async fn user(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<User>> {
        Ok(self
            .user_row(ctx)
            .await?
            .and_then(|u| user_node(self.viewer, u)))
    }

    /// The investor's full name (null when Anonymous, or when the user hides it).
    async fn user_name(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<String>> {
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
    async fn user_email(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<String>> {
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

    /// The offering's organization id.
    async fn org_id(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<ID>> {
        Ok(self
            .offering_row(ctx)
            .await?
            .and_then(|(row, m)| Offering::visible(row, self.viewer, m))
            .map(|o| id_of(o.row().organization_id)))
    }

    /// The display name of the offering's organization (null when not visible or
    /// Anonymous).
    async fn org_name(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<String>> {
        let Some(offering) = self
            .offering_row(ctx)
            .await?
            .and_then(|(row, m)| Offering::visible(row, self.viewer, m))
        else {
            return Ok(None);
        };
        let key = OrganizationFor {
            id: offering.row().organization_id,
            viewer: self.viewer.user_id(),
        };
        let org = ctx.loader()?.load_one(key).await?;
        Ok(org
            .and_then(|(row, is_member)| Organization::visible(row, self.viewer, is_member))
            .and_then(|o| o.visible_display_name()))
    }

    /// The funding goal of the offering.
    async fn funding_goal(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Money>> {
        Ok(self
            .offering_row(ctx)
            .await?
            .and_then(|(row, m)| Offering::visible(row, self.viewer, m))
            .and_then(|o| o.row().funding_goal)
            .map(Money))
    }

    /// The offering's raisedPercent.
    async fn raised_percent(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Money>> {
        let Some(offering) = self
            .offering_row(ctx)
            .await?
            .and_then(|(row, m)| Offering::visible(row, self.viewer, m))
        else {
            return Ok(None);
        };
        let figures = ctx
            .loader()?
            .load_one(FiguresOf(self.row.offering_id))
            .await?
            .unwrap_or_default();
        let raised = figures.approved_settled_amount + offering.row().external_commitments;
        Ok(percent_of(raised, offering.row().funding_goal).map(Money))
    }

    /// Sum of this investment's unpaid payouts (the investor, admins and the offering's
    /// team only).
    async fn capital_outstanding(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Money>> {
        if !self.related() {
            return Ok(None);
        }
        let f = ctx
            .loader()?
            .load_one(InvestmentPayoutFiguresOf(self.row.id))
            .await?
            .unwrap_or_default();
        Ok(Some(Money(f.capital_outstanding)))
    }

    /// Number of this investment's unpaid payouts (the investor, admins and the
    /// offering's team only).
    async fn repayments_remaining(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<i64>> {
        if !self.related() {
            return Ok(None);
        }
        let f = ctx
            .loader()?
            .load_one(InvestmentPayoutFiguresOf(self.row.id))
            .await?
            .unwrap_or_default();
        Ok(Some(f.repayments_remaining))
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

/// Root fields about investments.
#[derive(Default)]
pub struct InvestmentQuery;

#[Object]
impl InvestmentQuery {
    /// One investment (GET /investments/{id}): the investor, admins and the offering's
    /// team see it in every stage; others Approved or Settled ones that are not Hidden,
    /// of an offering they may see. Not Found otherwise.
    async fn investment(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<Investment> {
        let req = ctx.request();
        let network = req.network()?;
        let id = parse_id(&id, "investment")?;
        let mut conn = ctx.conn().await?;
        let viewer = req.viewer;
        let (row, manages) = model::find_for(&mut conn, network.id, id, viewer.user_id())
            .await
            .map_err(ApiError::from)?
            .ok_or_else(|| ApiError::not_found("investment"))?;
        let node = Investment::new(row, viewer, manages);
        if !node.visible_as(InvestmentListing::OfferingOrSingle) {
            return Err(ApiError::not_found("investment").into());
        }
        if !node.related() {
            let offering = offering_model::find_for(
                &mut conn,
                network.id,
                node.row.offering_id,
                viewer.user_id(),
            )
            .await
            .map_err(ApiError::from)?;
            if offering.is_none_or(|(o, m)| Offering::visible(o, viewer, m).is_none()) {
                return Err(ApiError::not_found("investment").into());
            }
        }
        Ok(node)
    }

    /// An offering's investments (GET /offerings/{id}/investments): the offering's team
    /// and admins see all; others Approved or Settled ones that are not Hidden, plus
    /// their own. Not Found when the offering is not visible.
    async fn offering_investments(
        &self,
        ctx: &Context<'_>,
        offering_id: ID,
        #[graphql(default)] args: ListArgs,
    ) -> async_graphql::Result<Page<Investment>> {
        let req = ctx.request();
        let network = req.network()?;
        let viewer = req.viewer;
        let offering_id = parse_id(&offering_id, "offering")?;
        let manages = {
            let mut conn = ctx.conn().await?;
            let (row, m) =
                offering_model::find_for(&mut conn, network.id, offering_id, viewer.user_id())
                    .await
                    .map_err(ApiError::from)?
                    .ok_or_else(|| ApiError::not_found("offering"))?;
            Offering::visible(row, viewer, m).ok_or_else(|| ApiError::not_found("offering"))?;
            m
        };
        let listing = InvestmentListing::OfferingOrSingle;
        let scope = InvestmentScope {
            viewer: viewer.user_id(),
            offering_id: Some(offering_id),
            investor: None,
            visible: (!viewer.is_admin() && !manages).then(|| visible_sets(&viewer, listing)),
        };
        list_investments(ctx, viewer, scope, &args).await
    }

    /// The logged-in user's investments in every stage (GET /self/investments).
    async fn my_investments(
        &self,
        ctx: &Context<'_>,
        #[graphql(default)] args: ListArgs,
    ) -> async_graphql::Result<Page<Investment>> {
        let req = ctx.request();
        let me = req.user()?;
        let scope = InvestmentScope {
            viewer: Some(me.id),
            offering_id: None,
            investor: Some(me.id),
            visible: None,
        };
        list_investments(ctx, req.viewer, scope, &args).await
    }

    /// Another user's investments (GET /users/{id}/investments): to others only Settled
    /// ones with visibility Open (and those of offerings the viewer's organizations run);
    /// all of them to the user themself and admins. Not Found when the user is not
    /// visible.
    async fn user_investments(
        &self,
        ctx: &Context<'_>,
        user_id: ID,
        #[graphql(default)] args: ListArgs,
    ) -> async_graphql::Result<Page<Investment>> {
        let req = ctx.request();
        let network = req.network()?;
        let viewer = req.viewer;
        let user_id = parse_id(&user_id, "user")?;
        visible_user(ctx, network.id, user_id).await?;
        let scope = InvestmentScope {
            viewer: viewer.user_id(),
            offering_id: None,
            investor: Some(user_id),
            visible: (!viewer.is_self_or_admin(user_id))
                .then(|| visible_sets(&viewer, InvestmentListing::UserInvestments)),
        };
        list_investments(ctx, viewer, scope, &args).await
    }
}

fn visible_sets(viewer: &Viewer, listing: InvestmentListing) -> (Vec<i16>, Vec<i16>) {
    (
        stage_codes(investment_visible_stages(viewer, listing), |s| s.code()),
        visibility_codes(investment_visible_visibilities(viewer, listing)),
    )
}

async fn list_investments(
    ctx: &Context<'_>,
    viewer: Viewer,
    mut scope: InvestmentScope,
    args: &ListArgs,
) -> async_graphql::Result<Page<Investment>> {
    let network = ctx.request().network()?;
    let ListPlan {
        page,
        filters,
        order,
    } = args.plan(investment_attrs::ATTRS)?;
    // A filter or ordering on the investor must not reveal Anonymous investments.
    let on_user = |a: &AttrRef| matches!(a, AttrRef::Column(c) if c.name == "user_id");
    if let Some((_, visibilities)) = &mut scope.visible
        && (filters.iter().any(|f| on_user(&f.attr))
            || order.as_ref().is_some_and(|(a, _)| on_user(a)))
    {
        *visibilities = vec![Visibility::Open.code()];
    }
    let mut conn = ctx.conn().await?;
    let (rows, count) = model::list(
        &mut conn,
        network.id,
        &scope,
        &filters,
        order.as_ref(),
        page,
    )
    .await
    .map_err(ApiError::bad_request)?
    .map_err(ApiError::from)?;
    Ok(Page {
        offset: page.offset,
        limit: page.limit,
        count,
        list: rows
            .into_iter()
            .map(|(row, m)| Investment::new(row, viewer, m))
            .collect(),
    })
}

/// Mutations of investments.
#[derive(Default)]
pub struct InvestmentMutation;

#[Object]
impl InvestmentMutation {
    /// Invests in an offering (POST /offerings/{id}/investments). `amount` defaults to 0
    /// (an expression of interest). `stage` may be Open (default), or Approved where the
    /// network allows self-approval (else 403). The investment rules are
    /// checked atomically with the insert, each with its own code: offering Published
    /// (or Restricted for VIP users), open_date/close_date, min_commitment,
    /// max_commitment over the investor's Open+Approved+Settled total, and
    /// max_overfunding_amount over the offering's non-Rejected, non-Withdrawn total.
    async fn invest(
        &self,
        ctx: &Context<'_>,
        offering_id: ID,
        amount: Option<Money>,
        stage: Option<InvestmentStage>,
        details: Option<InvestmentInput>,
    ) -> async_graphql::Result<Investment> {
        let req = ctx.request();
        let network = req.network()?;
        let me = *req.user()?;
        let viewer = req.viewer;
        let network_id = network.id;
        let self_approval = network
            .settings
            .get("allow_self_approval")
            .and_then(serde_json::Value::as_bool)
            .unwrap_or(false);
        let offering_id = parse_id(&offering_id, "offering")?;
        let requested = stage.unwrap_or(InvestmentStage::Open);
        let amount = amount.map(|m| m.0).unwrap_or(Decimal::ZERO);
        let plan = details.unwrap_or_default().plan()?;
        let custom = match &plan.custom {
            Some(changes) => {
                custom::merge(&serde_json::json!({}), changes).map_err(custom_error)?
            }
            None => serde_json::json!({}),
        };
        let mut conn = ctx.conn().await?;
        let node = conn
            .transaction(async |conn| -> ApiResult<Investment> {
                // Serializes every investment of this offering (`docs/marketplace.md` (Investment rules)): the totals
                // read below cannot change until this transaction ends.
                let (offering, is_member) =
                    offering_model::lock_for(conn, network_id, offering_id, Some(me.id))
                        .await?
                        .ok_or_else(|| ApiError::not_found("offering"))?;
                let offering = Offering::visible(offering, viewer, is_member)
                    .ok_or_else(|| ApiError::not_found("offering"))?;
                investment_initial_stage(requested, self_approval).map_err(initial_stage_error)?;
                check_rules(
                    conn,
                    network_id,
                    offering.row(),
                    me.id,
                    me.is_vip,
                    amount,
                    None,
                )
                .await?;
                let c = plan.changes;
                let new = NewInvestment {
                    network_id,
                    offering_id,
                    user_id: me.id,
                    life_cycle_stage: requested.code(),
                    visibility: c.visibility.unwrap_or(Visibility::Open.code()),
                    investment_amount: amount,
                    number_of_shares: c.number_of_shares.flatten(),
                    currency: c.currency.flatten().or(offering.row().currency.clone()),
                    interest_rate: c.interest_rate.flatten(),
                    term: c.term.flatten(),
                    custom,
                    approved_at: (requested == InvestmentStage::Approved).then(Utc::now),
                };
                let row = model::insert(conn, &new).await.map_err(write_error)?;
                Ok(Investment::new(row, viewer, is_member))
            })
            .await?;
        Ok(node)
    }

    /// Updates an investment (PATCH /investments/{id}). A new `investmentAmount` is the
    /// investor's, while Open, under the same rules as `invest`; other details are the
    /// investor's while Open, or the offering's team's and admins'; a `lifeCycleStage`
    /// is a transition under the lifecycle rules.
    async fn update_investment(
        &self,
        ctx: &Context<'_>,
        id: ID,
        input: InvestmentUpdateInput,
    ) -> async_graphql::Result<Investment> {
        let req = ctx.request();
        let network_id = req.network()?.id;
        let me = *req.user()?;
        let viewer = req.viewer;
        let id = parse_id(&id, "investment")?;
        let plan = input.details.plan()?;
        let amount = input.investment_amount.map(|m| m.0);
        let to = input.life_cycle_stage;
        let mut conn = ctx.conn().await?;
        let node = conn
            .transaction(async |conn| -> ApiResult<Investment> {
                let (row, manages, offering) = lock_managed(conn, network_id, id, viewer).await?;
                let node = Investment::new(row, viewer, manages);
                let roles = InvestmentActor::roles(&viewer, node.relation());
                let is_investor = roles.contains(&InvestmentActor::Investor);
                let is_manager = roles.contains(&InvestmentActor::Manager);
                let from = node.stage();
                let mut changes = plan.changes;
                if let Some(amount) = amount {
                    if !is_investor {
                        return Err(ApiError::forbidden(
                            "Only the investor may change an investment's amount.",
                        ));
                    }
                    if !investment_editable_by_investor(from) {
                        return Err(not_editable(from));
                    }
                    check_rules(
                        conn,
                        network_id,
                        &offering,
                        me.id,
                        me.is_vip,
                        amount,
                        Some(id),
                    )
                    .await?;
                    changes.investment_amount = Some(amount);
                }
                if plan.any_detail && !is_manager && !investment_editable_by_investor(from) {
                    return Err(not_editable(from));
                }
                if let Some(custom_changes) = plan.custom {
                    changes.custom = Some(
                        custom::merge(&node.row.custom, &custom_changes).map_err(custom_error)?,
                    );
                }
                if let Some(to) = to
                    && to != from
                {
                    stage_changes(&viewer, node.relation(), from, to, &mut changes)?;
                }
                let row = model::update(conn, network_id, id, &changes)
                    .await
                    .map_err(write_error)?;
                Ok(Investment::new(row, viewer, manages))
            })
            .await?;
        Ok(node)
    }

    /// Moves an investment to another stage: the investor may withdraw (Open or
    /// Approved -> Withdrawn); admins and the offering's team: Open -> Rejected,
    /// Approved or Settled; Rejected -> Approved; Approved -> Rejected or Settled.
    /// Every other move is a 409 naming both stages.
    async fn set_investment_stage(
        &self,
        ctx: &Context<'_>,
        id: ID,
        stage: InvestmentStage,
    ) -> async_graphql::Result<Investment> {
        move_investment(ctx, &id, stage).await
    }

    /// Withdraws an investment (DELETE /investments/{id}): the investor, while Open or
    /// Approved.
    async fn withdraw_investment(
        &self,
        ctx: &Context<'_>,
        id: ID,
    ) -> async_graphql::Result<Investment> {
        move_investment(ctx, &id, InvestmentStage::Withdrawn).await
    }
}

async fn move_investment(
    ctx: &Context<'_>,
    id: &ID,
    to: InvestmentStage,
) -> async_graphql::Result<Investment> {
    let req = ctx.request();
    let network_id = req.network()?.id;
    req.user()?;
    let viewer = req.viewer;
    let id = parse_id(id, "investment")?;
    let mut conn = ctx.conn().await?;
    let node = conn
        .transaction(async |conn| -> ApiResult<Investment> {
            let (row, manages, _) = lock_managed(conn, network_id, id, viewer).await?;
            let node = Investment::new(row, viewer, manages);
            let mut changes = InvestmentChanges::default();
            stage_changes(&viewer, node.relation(), node.stage(), to, &mut changes)?;
            let row = model::update(conn, network_id, id, &changes)
                .await
                .map_err(write_error)?;
            Ok(Investment::new(row, viewer, manages))
        })
        .await?;
    Ok(node)
}

fn not_editable(stage: InvestmentStage) -> ApiError {
    use crate::domain::lifecycle::LifecycleStage;
    ApiError::new(
        codes::INVESTMENT_NOT_EDITABLE,
        "This investment can no longer be changed.",
        format!(
            "The investor may change an investment while it is Open; this one is {} ({}).",
            stage.name(),
            stage.code()
        ),
    )
}

/// The changes of a stage transition, or the 409 naming both stages.
fn stage_changes(
    viewer: &Viewer,
    relation: InvestmentRelation,
    from: InvestmentStage,
    to: InvestmentStage,
    changes: &mut InvestmentChanges,
) -> ApiResult<()> {
    if !investment_transition_allowed_for(viewer, relation, from, to) {
        return Err(transition_error(TransitionError { from, to }));
    }
    changes.life_cycle_stage = Some(to.code());
    let now = Some(Some(Utc::now()));
    match to {
        InvestmentStage::Approved => changes.approved_at = now,
        InvestmentStage::Rejected => changes.rejected_at = now,
        InvestmentStage::Withdrawn => changes.withdrawn_at = now,
        InvestmentStage::Settled => changes.settled_at = now,
        InvestmentStage::Open => {}
    }
    Ok(())
}

/// Locks an investment the viewer is related to (investor, admin or the offering's
/// team), after locking its offering (the same order as `invest`, so totals stay
/// serialized): Not Found when invisible, Forbidden when visible but not theirs.
async fn lock_managed(
    conn: &mut AsyncPgConnection,
    network_id: Uuid,
    id: Uuid,
    viewer: Viewer,
) -> ApiResult<(InvestmentRow, bool, offering_model::Offering)> {
    let (row, _) = model::find_for(conn, network_id, id, viewer.user_id())
        .await?
        .ok_or_else(|| ApiError::not_found("investment"))?;
    let (offering, manages) =
        offering_model::lock_for(conn, network_id, row.offering_id, viewer.user_id())
            .await?
            .ok_or_else(|| ApiError::not_found("investment"))?;
    let row = model::lock(conn, network_id, id).await?;
    let node = Investment::new(row, viewer, manages);
    if !node.visible_as(InvestmentListing::OfferingOrSingle) {
        return Err(ApiError::not_found("investment"));
    }
    if !node.related() {
        return Err(ApiError::forbidden(
            "Only the investor, the offering's team or an admin may change an investment.",
        ));
    }
    Ok((Arc::unwrap_or_clone(node.row), manages, offering))
}

/// Checks the investment rules for `amount` by `investor` in a locked offering, with the
/// totals read now (without the investment `except` being changed).
async fn check_rules(
    conn: &mut AsyncPgConnection,
    network_id: Uuid,
    offering: &offering_model::Offering,
    investor: Uuid,
    investor_is_vip: bool,
    amount: Decimal,
    except: Option<Uuid>,
) -> ApiResult<()> {
    let investor_total = model::total(
        conn,
        network_id,
        offering.id,
        &stage_codes(INVESTOR_TOTAL_STAGES, |s| s.code()),
        Some(investor),
        except,
    )
    .await?;
    let offering_total = model::total(
        conn,
        network_id,
        offering.id,
        &stage_codes(OFFERING_TOTAL_STAGES, |s| s.code()),
        None,
        except,
    )
    .await?;
    let attempt = InvestmentAttempt {
        stage: OfferingStage::from_code(offering.life_cycle_stage).unwrap_or(OfferingStage::Draft),
        investor_is_vip,
        today: Utc::now().date_naive(),
        amount,
        investor_total,
        offering_total,
    };
    investment_rules::check(&offering.rules(), &attempt).map_err(rule_error)
}
