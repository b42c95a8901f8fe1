//! The `Payout` type and the payout root fields (`docs/money.md`, "Payouts").

use std::sync::Arc;

use async_graphql::{Context, ID, Json, Object};
use chrono::{DateTime, NaiveDate, Utc};
use diesel_async::AsyncPgConnection;
use uuid::Uuid;

use super::loaders::{FirstPayoutTransactions, FirstPayouts};
use super::transaction::Transaction;
use crate::domain::payout::PayoutType;
use crate::domain::viewer::Viewer;
use crate::error::{ApiError, ApiResult};
use crate::graphql::context::ContextExt;
use crate::graphql::custom_fields::{CustomField, info_of};
use crate::graphql::identity::user::User;
use crate::graphql::ids::{id_of, parse_id};
use crate::graphql::list::{ListArgs, ListPlan, Page, listed, paginate};
use crate::graphql::marketplace::investment::Investment;
use crate::graphql::marketplace::loaders::{OfferingFor, UserById};
use crate::graphql::marketplace::offering::Offering;
use crate::graphql::marketplace::organization::{user_name, user_node};
use crate::graphql::scalars::Money;
use crate::models::payout::{
    self as model, PayoutParent, PayoutParties, PayoutScope, PayoutView, payout_attrs,
};
use crate::models::transaction::{Transaction as TransactionRow, transaction_attrs};
use crate::models::user::User as UserRow;

/// A scheduled or expected payment owed to a user: a dividend, capital gain or loan
/// repayment to an investor (attached to the investment), or a repayment by the borrower
/// of an offering (attached to the offering alone). Transactions pay it; it is paid when
/// its Paid transactions reach its amount. Visible to the user it is owed to, the
/// network's admins and the members of the organization of its offering.
pub struct Payout {
    view: PayoutView,
    viewer: Viewer,
    /// Whether the viewer sees it as the offering's team only (not its user, not admin).
    as_team: bool,
}

impl Payout {
    /// Wraps a payout the viewer may see.
    pub(super) fn new(view: PayoutView, viewer: Viewer) -> Self {
        let as_team = !viewer.is_self_or_admin(view.payout.user_id);
        Self {
            view,
            viewer,
            as_team,
        }
    }

    /// The payout `id` with whether the viewer is on its offering's team: Not Found when
    /// it does not exist or the viewer may not see it.
    pub(super) async fn parties(
        conn: &mut AsyncPgConnection,
        network_id: Uuid,
        id: Uuid,
        viewer: &Viewer,
    ) -> ApiResult<PayoutParties> {
        let parties = PayoutParties::find(conn, network_id, id, viewer.user_id()).await?;
        parties
            .filter(|p| p.viewer_is_team || viewer.is_self_or_admin(p.user_id))
            .ok_or_else(|| ApiError::not_found("payout"))
    }

    /// The payout `id` if the viewer may see it, else Not Found.
    pub async fn fetch(
        conn: &mut AsyncPgConnection,
        network_id: Uuid,
        id: Uuid,
        viewer: Viewer,
    ) -> ApiResult<Payout> {
        Self::parties(conn, network_id, id, &viewer).await?;
        let view = PayoutView::find(conn, network_id, id)
            .await?
            .ok_or_else(|| ApiError::not_found("payout"))?;
        Ok(Self::new(view, viewer))
    }

    /// One page of the payouts of `scope`: all of them for admins and the offering's team
    /// (`sees_all`), else only those owed to the viewer.
    pub(super) async fn paginate(
        ctx: &Context<'_>,
        scope: PayoutScope,
        sees_all: bool,
        viewer: Viewer,
        args: &ListArgs,
    ) -> ApiResult<Page<Payout>> {
        let only_user = if sees_all {
            None
        } else {
            Some(viewer.user_id().unwrap_or(Uuid::nil()))
        };
        let list = async |conn: &mut AsyncPgConnection, network_id, plan: &ListPlan| {
            let (filters, order) = (&plan.filters, plan.order.as_ref());
            let page = model::list(
                conn, network_id, scope, only_user, filters, order, plan.page,
            );
            listed(page.await)
        };
        paginate(ctx, args, payout_attrs::ATTRS, list, |view| {
            Payout::new(view, viewer)
        })
        .await
    }

    async fn user_row(&self, ctx: &Context<'_>) -> ApiResult<Option<Arc<UserRow>>> {
        ctx.loader()?
            .load_one(UserById(self.view.payout.user_id))
            .await
    }

    fn money(value: Option<rust_decimal::Decimal>) -> Option<Money> {
        value.map(Money)
    }
}

#[Object]
impl Payout {
    /// Unique identifier.
    async fn id(&self) -> ID {
        id_of(self.view.payout.id)
    }

    /// The id of the user the payout is owed to (the investor, or the offering's
    /// borrower).
    async fn user_id(&self) -> ID {
        id_of(self.view.payout.user_id)
    }

    /// The user the payout is owed to (null when the viewer may not see that user).
    async fn user(&self, ctx: &Context<'_>) -> ApiResult<Option<User>> {
        let viewer = self.viewer;
        Ok(self.user_row(ctx).await?.and_then(|u| user_node(viewer, u)))
    }

    /// That user's full name (null when the viewer may not see it).
    async fn user_name(&self, ctx: &Context<'_>) -> ApiResult<Option<String>> {
        let user = self.user_row(ctx).await?;
        Ok(user.and_then(|u| {
            if self.as_team {
                user_name(self.viewer, &u)
            } else {
                u.full_name()
            }
        }))
    }

    /// The investment it pays, for a payment to an investor (null for an offering's own
    /// payout).
    async fn investment_id(&self) -> Option<ID> {
        self.view.payout.investment_id.map(id_of)
    }

    /// The investment it pays, when the viewer may see it.
    async fn investment(&self, ctx: &Context<'_>) -> ApiResult<Option<Investment>> {
        let Some(id) = self.view.payout.investment_id else {
            return Ok(None);
        };
        Investment::load_visible(ctx, id, self.viewer).await
    }

    /// The offering, for an offering's own payout (a repayment by its borrower); null
    /// for a payment to an investor, whose offering is the investment's.
    async fn offering_id(&self) -> Option<ID> {
        match self.view.payout.investment_id {
            Some(_) => None,
            None => self.view.payout.offering_id.map(id_of),
        }
    }

    /// The name of the payout's offering: its own, or the one its investment was made in.
    async fn offering_name(&self) -> Option<&str> {
        self.view.offering_name.as_deref()
    }

    /// The payout's offering (its own, or its investment's), when the viewer may see it.
    async fn offering(&self, ctx: &Context<'_>) -> ApiResult<Option<Offering>> {
        let Some(id) = self.view.offering_ref else {
            return Ok(None);
        };
        let key = OfferingFor {
            id,
            viewer: self.viewer.user_id(),
        };
        let found = ctx.loader()?.load_one(key).await?;
        Ok(found.and_then(|(row, member)| Offering::visible(row, self.viewer, member)))
    }

    /// What the payment is: DIVIDEND, CAPITAL_GAIN or LOAN_REPAYMENT (REST codes 0, 1, 2).
    async fn payout_type(&self) -> Option<PayoutType> {
        PayoutType::from_code(self.view.payout.payout_type)
    }

    /// A category of the platform's choosing, to group payouts.
    async fn additional_type(&self) -> Option<&str> {
        self.view.payout.additional_type.as_deref()
    }

    /// ISO 4217 currency.
    async fn currency(&self) -> Option<&str> {
        self.view.payout.currency.as_deref()
    }

    /// When a payment is due.
    async fn due_date(&self) -> Option<NaiveDate> {
        self.view.payout.due_date
    }

    /// The amount expected.
    async fn payout_amount(&self) -> Money {
        Money(self.view.payout.payout_amount)
    }

    /// The least amount that settles it.
    async fn minimum_payment(&self) -> Option<Money> {
        Self::money(self.view.payout.minimum_payment)
    }

    /// A fee charged for late payment.
    async fn late_fee(&self) -> Option<Money> {
        Self::money(self.view.payout.late_fee)
    }

    /// The part declared unlikely to be collected.
    async fn charge_offs(&self) -> Option<Money> {
        Self::money(self.view.payout.charge_offs)
    }

    /// The part recovered after a default, net of taxes.
    async fn net_recoveries(&self) -> Option<Money> {
        Self::money(self.view.payout.net_recoveries)
    }

    /// A service charge or fee of this payout.
    async fn service_charge(&self) -> Option<Money> {
        Self::money(self.view.payout.service_charge)
    }

    /// The net annualized return of this payout, a rate as given (it may be negative).
    async fn net_annualized_return(&self) -> Option<Money> {
        Self::money(self.view.payout.net_annualized_return)
    }

    /// Whether it is paid: its Paid transactions sum to at least its amount.
    async fn is_paid(&self) -> bool {
        self.view.is_paid
    }

    /// When it became paid: the moment the Paid transaction that brought the running sum
    /// of its Paid transactions (in the order they were paid) to its amount was paid;
    /// null while unpaid (its creation for a payout of 0).
    async fn paid_at(&self) -> Option<DateTime<Utc>> {
        self.view.paid_at
    }

    /// How many Paid transactions it has.
    async fn transactions_paid(&self) -> i64 {
        self.view.transactions_paid
    }

    /// Custom fields, a JSON object of name to value.
    async fn custom(&self) -> Json<&serde_json::Value> {
        Json(&self.view.payout.custom)
    }

    /// Custom fields as the deprecated `info` list of `{type, value}`.
    async fn info(&self) -> Vec<CustomField> {
        info_of(&self.view.payout.custom)
    }

    /// Created.
    async fn created_at(&self) -> DateTime<Utc> {
        self.view.payout.created_at
    }

    /// Last change.
    async fn updated_at(&self) -> DateTime<Utc> {
        self.view.payout.updated_at
    }

    /// The transactions paying it, newest first unless ordered otherwise; filterable by
    /// every transaction attribute (e.g. `payment_status`).
    async fn transactions(
        &self,
        ctx: &Context<'_>,
        #[graphql(default)] args: ListArgs,
    ) -> ApiResult<Page<Transaction>> {
        // The first page in the default order is batch-loaded with those of the other
        // payouts of the answer; a filtered, ordered or later page is its own statement.
        let plan = args.plan(transaction_attrs::ATTRS)?;
        if plan.filters.is_empty() && plan.order.is_none() && plan.page.offset == 0 {
            let key = FirstPayoutTransactions {
                payout_id: self.view.payout.id,
                limit: plan.page.limit,
            };
            let (rows, count) = ctx.loader()?.load_one(key).await?.unwrap_or_default();
            let (viewer, as_team) = (self.viewer, self.as_team);
            return Ok(Page::of(
                plan.page,
                count,
                rows.into_iter()
                    .map(|row| Transaction::new(row, viewer, as_team))
                    .collect(),
            ));
        }
        transactions_of(ctx, self.view.payout.id, self.as_team, self.viewer, &args).await
    }
}

/// Most payouts a nested list returns.
pub const MAX_NESTED_PAYOUTS: i64 = 100;

/// The newest `limit` (1-100) payouts of an investment, an offering (its own) or a user
/// that the viewer may see, batch-loaded with those of the other parents of the page.
pub async fn first_payouts(
    ctx: &Context<'_>,
    parent: PayoutParent,
    id: Uuid,
    limit: i64,
    viewer: Viewer,
) -> ApiResult<Vec<Payout>> {
    if !(1..=MAX_NESTED_PAYOUTS).contains(&limit) {
        return Err(ApiError::bad_request(format!(
            "limit must be between 1 and {MAX_NESTED_PAYOUTS}, not {limit}."
        )));
    }
    if viewer.is_anonymous() {
        return Ok(Vec::new());
    }
    let key = FirstPayouts {
        parent,
        id,
        limit,
        viewer,
    };
    let rows = ctx.loader()?.load_one(key).await?.unwrap_or_default();
    Ok(rows.into_iter().map(|v| Payout::new(v, viewer)).collect())
}

/// One page of the transactions of the payout `payout_id`, which the viewer sees.
async fn transactions_of(
    ctx: &Context<'_>,
    payout_id: Uuid,
    as_team: bool,
    viewer: Viewer,
    args: &ListArgs,
) -> ApiResult<Page<Transaction>> {
    let list = async |conn: &mut AsyncPgConnection, network_id, plan: &ListPlan| {
        let (filters, order) = (&plan.filters, plan.order.as_ref());
        let page =
            TransactionRow::list_of_payout(conn, network_id, payout_id, filters, order, plan.page);
        listed(page.await)
    };
    paginate(ctx, args, transaction_attrs::ATTRS, list, |row| {
        Transaction::new(row, viewer, as_team)
    })
    .await
}

/// Root fields about payouts.
#[derive(Default)]
pub struct PayoutQuery;

#[Object]
impl PayoutQuery {
    /// One payout (GET /payouts/{id}): the user it is owed to, admins and the members of
    /// the organization of its offering; Not Found for everyone else.
    async fn payout(&self, ctx: &Context<'_>, id: ID) -> ApiResult<Payout> {
        let req = ctx.request();
        let network_id = req.network()?.id;
        let id = parse_id(&id, "payout")?;
        let mut conn = ctx.conn().await?;
        Payout::fetch(&mut conn, network_id, id, req.viewer).await
    }

    /// The payouts owed to the logged-in user (GET /self/payouts), newest first unless
    /// ordered otherwise; filterable by every payout attribute (e.g. `payout_type`,
    /// `due_date`, `custom__<name>`).
    async fn my_payouts(
        &self,
        ctx: &Context<'_>,
        #[graphql(default)] args: ListArgs,
    ) -> ApiResult<Page<Payout>> {
        let req = ctx.request();
        req.network()?;
        let me = req.user()?.id;
        Payout::paginate(ctx, PayoutScope::User(me), true, req.viewer, &args).await
    }

    /// The payouts of an investment (GET /investments/{id}/payouts): all of them for
    /// admins and the offering's team, the investor's own for the investor, none for
    /// others. Not Found when the viewer may not see the investment.
    async fn investment_payouts(
        &self,
        ctx: &Context<'_>,
        investment_id: ID,
        #[graphql(default)] args: ListArgs,
    ) -> ApiResult<Page<Payout>> {
        let viewer = ctx.request().viewer;
        let investment = Investment::fetch(ctx, &investment_id, viewer).await?;
        let sees_all = viewer.is_admin() || investment.viewer_manages();
        let scope = PayoutScope::Investment(investment.row().id);
        Payout::paginate(ctx, scope, sees_all, viewer, &args).await
    }

    /// An offering's own payouts, attached to the offering rather than to an investment,
    /// typically its borrower's repayment schedule (GET /offerings/{id}/payouts): all of
    /// them for admins and the offering's team, the viewer's own for others. Not Found
    /// when the viewer may not see the offering.
    async fn offering_payouts(
        &self,
        ctx: &Context<'_>,
        offering_id: ID,
        #[graphql(default)] args: ListArgs,
    ) -> ApiResult<Page<Payout>> {
        let viewer = ctx.request().viewer;
        let offering = Offering::fetch(ctx, &offering_id, viewer).await?;
        let sees_all = viewer.is_admin() || offering.is_org_member();
        let scope = PayoutScope::Offering(offering.row().id);
        Payout::paginate(ctx, scope, sees_all, viewer, &args).await
    }

    /// The transactions paying a payout (GET /payouts/{id}/transactions), newest first
    /// unless ordered otherwise. Not Found when the viewer may not see the payout.
    async fn payout_transactions(
        &self,
        ctx: &Context<'_>,
        payout_id: ID,
        #[graphql(default)] args: ListArgs,
    ) -> ApiResult<Page<Transaction>> {
        let req = ctx.request();
        let network_id = req.network()?.id;
        let id = parse_id(&payout_id, "payout")?;
        let viewer = req.viewer;
        let parties = {
            let mut conn = ctx.conn().await?;
            Payout::parties(&mut conn, network_id, id, &viewer).await?
        };
        let as_team = !viewer.is_self_or_admin(parties.user_id);
        transactions_of(ctx, id, as_team, viewer, &args).await
    }
}
