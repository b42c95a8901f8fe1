//! Offerings: the `Offering` type (visibility of `docs/visibility.md`, derived figures of `docs/money.md`), the
//! offering lists and the lifecycle of `docs/lifecycles.md` as mutations (`docs/rest.md` /offerings routes,
//! /organizations/{id}/offerings, /public/offerings, /public/featuredOfferings,
//! /self/offerings, /users/{id}/offerings).

use async_graphql::{Context, ID, Json, Object, SimpleObject};
use chrono::{DateTime, NaiveDate, Utc};
use diesel_async::{AsyncConnection, AsyncPgConnection};
use rust_decimal::Decimal;
use uuid::Uuid;

use super::bulletin::Bulletin;
use super::input::OfferingInput;
use super::investment::Investment;
use super::loaders::{
    FiguresOf, FirstBulletins, FirstInvestments, OfferingFor, OrganizationFor, PayoutFiguresOf,
    UserById, figure_stages,
};
use super::organization::{Organization, user_node};
use super::{field_error, invalid_data, invalid_initial_stage, transition_error, write_error};
use crate::domain::custom;
use crate::domain::field_rules::{OfferingTerms, check_offering_terms, check_primary_offering};
use crate::domain::investment_rules::open_for_investment;
use crate::domain::lifecycle::{
    Actor, INVESTMENT_STAGES_BLOCKING_OFFERING_CANCEL, OfferingStamp, check_offering_transition,
    offering_fields_editable_by_member, offering_initial_stage_allowed, offering_stamp_on_entry,
    offering_transition_allowed,
};
use crate::domain::stages::{OfferingStage, Visibility};
use crate::domain::viewer::{OfferingRelation, Viewer};
use crate::domain::visibility::{
    PUBLIC_OFFERING_STAGES, offering_visible, offering_visible_stages, user_visible,
};
use crate::error::{ApiError, ApiResult, codes};
use crate::graphql::context::ContextExt;
use crate::graphql::custom_fields::{CustomField, info_of};
use crate::graphql::identity::input::custom_error;
use crate::graphql::identity::user::User;
use crate::graphql::ids::{id_of, parse_id};
use crate::graphql::list::{ListArgs, ListPlan, Page};
use crate::graphql::scalars::Money;
use crate::models::offering::{
    self as model, NewOffering, Offering as OfferingRow, OfferingChanges, OfferingScope, PageExtras,
};
use crate::models::organization as org_model;
use crate::models::user::User as UserRow;

mod mutation;
mod query;

pub use mutation::*;
pub use query::*;

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
        let found = model::find_for(&mut conn, network.id, id, viewer.user_id()).await?;
        found
            .and_then(|(row, is_member)| Self::visible(row, viewer, is_member))
            .ok_or_else(|| ApiError::not_found("offering"))
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

    fn actor(&self) -> Option<Actor> {
        Actor::for_offering(&self.viewer, self.relation())
    }

    fn private<T>(&self, value: T) -> Option<T> {
        self.actor().is_some().then_some(value)
    }

    async fn figures(&self, ctx: &Context<'_>) -> async_graphql::Result<model::Figures> {
        if let Some(figures) = self.figures {
            return Ok(figures);
        }
        Ok(ctx
            .loader()?
            .load_one(FiguresOf(self.row.id))
            .await?
            .unwrap_or_default())
    }

    async fn payout_figures(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<model::PayoutFigures> {
        Ok(ctx
            .loader()?
            .load_one(PayoutFiguresOf(self.row.id))
            .await?
            .unwrap_or_default())
    }

    fn amount_raised_with(&self, figures: &model::Figures) -> Decimal {
        figures.approved_settled_amount + self.row.external_commitments
    }
}

fn money(d: Option<Decimal>) -> Option<Money> {
    d.map(Money)
}

/// `amount / goal * 100`, to 2 decimal places; null without a positive goal.
pub fn percent_of(amount: Decimal, goal: Option<Decimal>) -> Option<Decimal> {
    let goal = goal.filter(|g| *g > Decimal::ZERO)?;
    amount
        .checked_mul(Decimal::ONE_HUNDRED)
        .and_then(|x| x.checked_div(goal))
        .map(|p| p.round_dp(2))
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
    async fn organization(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Organization>> {
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
    async fn user(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<User>> {
        let user = ctx.loader()?.load_one(UserById(self.row.user_id)).await?;
        Ok(user.and_then(|u| user_node(self.viewer, u)))
    }

    /// The capitalization offered, if any.
    async fn capitalization_id(&self) -> Option<ID> {
        self.row.capitalization_id.map(id_of)
    }

    /// The original offering of a secondary offering.
    async fn primary_offering_id(&self) -> Option<ID> {
        self.row.primary_offering_id.map(id_of)
    }

    /// The original offering of a secondary offering (null when not visible).
    async fn primary_offering(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Offering>> {
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

    /// Custom fields, a JSON object of name to value.
    async fn custom(&self) -> Json<&serde_json::Value> {
        Json(&self.row.custom)
    }

    /// Custom fields as the deprecated `info` list of `{type, value}`.
    async fn info(&self) -> Vec<CustomField> {
        info_of(&self.row.custom)
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

    /// Approved and Settled investment amounts plus externalCommitments.
    async fn amount_raised(&self, ctx: &Context<'_>) -> async_graphql::Result<Money> {
        let figures = self.figures(ctx).await?;
        Ok(Money(self.amount_raised_with(&figures)))
    }

    /// amountRaised / fundingGoal * 100, to 2 decimal places (null without a goal).
    async fn raised_percent(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Money>> {
        let figures = self.figures(ctx).await?;
        Ok(percent_of(self.amount_raised_with(&figures), self.row.funding_goal).map(Money))
    }

    /// Number of Approved and Settled investments.
    async fn investment_count(&self, ctx: &Context<'_>) -> async_graphql::Result<i64> {
        Ok(self.figures(ctx).await?.investment_count)
    }

    /// Number of distinct investors with an Approved or Settled investment.
    async fn investor_count(&self, ctx: &Context<'_>) -> async_graphql::Result<i64> {
        Ok(self.figures(ctx).await?.investor_count)
    }

    /// Sum of the unpaid payouts of the offering's investments (a payout is unpaid while
    /// its Paid transactions sum to less than its amount).
    async fn capital_outstanding(&self, ctx: &Context<'_>) -> async_graphql::Result<Money> {
        Ok(Money(self.payout_figures(ctx).await?.capital_outstanding))
    }

    /// Number of unpaid payouts of the offering's investments.
    async fn repayments_remaining(&self, ctx: &Context<'_>) -> async_graphql::Result<i64> {
        Ok(self.payout_figures(ctx).await?.repayments_remaining)
    }

    /// The unpaid payouts of the offering's investments by payout type.
    async fn sum_outstanding_payouts(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<OutstandingPayouts> {
        let f = self.payout_figures(ctx).await?;
        Ok(OutstandingPayouts {
            dividends: Money(f.dividends),
            capitalgains: Money(f.capitalgains),
            loanrepayments: Money(f.loanrepayments),
        })
    }

    /// The newest investments the viewer may see (at most `limit`, 1-100): the whole
    /// list with paging, filters and count is `offeringInvestments`.
    async fn investments(
        &self,
        ctx: &Context<'_>,
        #[graphql(default = 12)] limit: i64,
    ) -> async_graphql::Result<Vec<Investment>> {
        let limit = nested_limit(limit)?;
        let selection = ctx.look_ahead();
        let key = FirstInvestments {
            offering_id: self.row.id,
            limit,
            viewer: self.viewer,
            with_users: Investment::FIELDS_READING_USER
                .iter()
                .any(|f| selection.field(f).exists()),
        };
        let rows = ctx.loader()?.load_one(key).await?.unwrap_or_default();
        Ok(rows
            .into_iter()
            .map(|(row, manages, user)| Investment::with_user(row, self.viewer, manages, user))
            .collect())
    }

    /// The newest bulletins (at most `limit`, 1-100): the whole list with paging is
    /// `offeringBulletins`.
    async fn bulletins(
        &self,
        ctx: &Context<'_>,
        #[graphql(default = 12)] limit: i64,
    ) -> async_graphql::Result<Vec<Bulletin>> {
        let limit = nested_limit(limit)?;
        let key = FirstBulletins {
            offering_id: self.row.id,
            limit,
            viewer: self.viewer,
        };
        let rows = ctx.loader()?.load_one(key).await?.unwrap_or_default();
        Ok(rows.into_iter().map(Bulletin::from).collect())
    }

    /// What the viewer may do with this offering, so front ends never repeat the rules.
    async fn viewer_can(&self, ctx: &Context<'_>) -> async_graphql::Result<OfferingViewerCan> {
        let actor = self.actor();
        let from = self.stage();
        let mut transitions_to = Vec::new();
        if let Some(actor) = actor {
            let blocked = if offering_transition_allowed(actor, from, OfferingStage::Canceled) {
                self.figures(ctx).await?.blocking_count > 0
            } else {
                true
            };
            transitions_to = OfferingStage::ALL
                .iter()
                .copied()
                .filter(|to| offering_transition_allowed(actor, from, *to))
                .filter(|to| *to != OfferingStage::Canceled || !blocked)
                .collect();
        }
        let today = Utc::now().date_naive();
        let rules = self.row.rules();
        let dates_open = rules.open_date.is_none_or(|d| today >= d)
            && rules.close_date.is_none_or(|d| today <= d);
        Ok(OfferingViewerCan {
            edit: match actor {
                Some(Actor::Admin) => true,
                Some(Actor::Member) => offering_fields_editable_by_member(from),
                None => false,
            },
            submit: transitions_to.contains(&OfferingStage::Submitted),
            cancel: transitions_to.contains(&OfferingStage::Canceled),
            invest: !self.viewer.is_anonymous()
                && open_for_investment(from, self.viewer.is_vip())
                && dates_open,
            add_bulletin: actor.is_some(),
            manage_investments: actor.is_some(),
            transitions_to,
        })
    }
}

fn nested_limit(limit: i64) -> ApiResult<i64> {
    if (1..=MAX_NESTED).contains(&limit) {
        Ok(limit)
    } else {
        Err(ApiError::bad_request(format!(
            "limit must be between 1 and {MAX_NESTED}, not {limit}."
        )))
    }
}

/// Unpaid payouts of an offering's investments by payout type (REST
/// `sum_outstanding_payouts`).
#[derive(SimpleObject)]
pub struct OutstandingPayouts {
    /// Dividend payouts.
    pub dividends: Money,
    /// Capital Gain payouts.
    pub capitalgains: Money,
    /// Loan Repayment payouts.
    pub loanrepayments: Money,
}

/// What the viewer may do with an offering.
#[derive(SimpleObject)]
pub struct OfferingViewerCan {
    /// Change its fields (`updateOffering`): admins always, its team while Draft or
    /// Submitted.
    pub edit: bool,
    /// Submit it for review (move it to Submitted).
    pub submit: bool,
    /// Cancel it (`cancelOffering`): allowed by the lifecycle and no Open, Approved or
    /// Settled investment.
    pub cancel: bool,
    /// Invest in it now (stage and dates; amounts are checked by `invest`).
    pub invest: bool,
    /// Post bulletins.
    pub add_bulletin: bool,
    /// Approve, reject and settle its investments.
    pub manage_investments: bool,
    /// The stages `setOfferingStage` may move it to.
    pub transitions_to: Vec<OfferingStage>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raised_percent_rounds_and_needs_a_goal() {
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        assert_eq!(percent_of(d("2500"), Some(d("10000"))), Some(d("25")));
        assert_eq!(percent_of(d("1"), Some(d("3"))), Some(d("33.33")));
        assert_eq!(percent_of(d("150"), Some(d("100"))), Some(d("150")));
        assert_eq!(percent_of(d("10"), None), None);
        assert_eq!(percent_of(d("10"), Some(d("0"))), None);
    }
}
