//! Public platform statistics (`GET /public/stats`) and the logged-in user's payout
//! statistics (`GET /self/stats`; `docs/money.md`, "Statistics of a user").

use async_graphql::{Context, Object, SimpleObject};
use chrono::NaiveDate;

use super::context::ContextExt;
use super::scalars::Money;
use crate::error::{ApiError, ApiResult, codes};
use crate::models::stats::PublicStats as StatsRow;
use crate::models::user_stats::{DueDates, UserStats as UserStatsRow};

/// Platform-wide figures anyone may see, e.g. for a home page.
#[derive(SimpleObject)]
pub struct PublicStats {
    /// Sum of `investmentAmount` over all Settled investments of the network.
    pub sum_settled_investments: Money,
    /// Number of Settled investments.
    pub count_settled_investments: i64,
    /// Number of Settled offerings.
    pub count_settled_offerings: i64,
    /// Number of users with at least one Settled investment.
    pub count_investors_with_settled_investments: i64,
}

impl From<StatsRow> for PublicStats {
    fn from(row: StatsRow) -> Self {
        Self {
            sum_settled_investments: Money(row.sum_settled_investments),
            count_settled_investments: row.count_settled_investments,
            count_settled_offerings: row.count_settled_offerings,
            count_investors_with_settled_investments: row.count_investors_with_settled_investments,
        }
    }
}

/// What the payouts of the logged-in user's Settled investments have paid them and what
/// they still owe, per payout type. A payout is unpaid while its Paid transactions sum to
/// less than its amount; Pending, Cancelled and Failed transactions count nowhere.
#[derive(SimpleObject)]
pub struct MyStats {
    /// Sum of the Paid transactions on Dividend payouts.
    pub total_dividends_received: Money,
    /// Sum of the Paid transactions on Capital Gain payouts.
    pub total_capitalgains_received: Money,
    /// Sum of the Paid transactions on Loan Repayment payouts.
    pub total_loanrepayments_received: Money,
    /// Scheduled but unpaid Dividends: over the unpaid Dividend payouts, their amounts less
    /// what was already paid on them.
    pub outstanding_dividends: Money,
    /// Scheduled but unpaid Capital Gains, computed like `outstandingDividends`.
    pub outstanding_capitalgains: Money,
    /// Scheduled but unpaid Loan Repayments, computed like `outstandingDividends`.
    pub outstanding_loanrepayments: Money,
}

impl From<UserStatsRow> for MyStats {
    fn from(row: UserStatsRow) -> Self {
        Self {
            total_dividends_received: Money(row.total_dividends_received),
            total_capitalgains_received: Money(row.total_capitalgains_received),
            total_loanrepayments_received: Money(row.total_loanrepayments_received),
            outstanding_dividends: Money(row.outstanding_dividends),
            outstanding_capitalgains: Money(row.outstanding_capitalgains),
            outstanding_loanrepayments: Money(row.outstanding_loanrepayments),
        }
    }
}

/// The due-date bounds, refused (15003) when the start is after the end.
fn due_dates(start: Option<NaiveDate>, end: Option<NaiveDate>) -> ApiResult<DueDates> {
    if let (Some(start), Some(end)) = (start, end)
        && start > end
    {
        return Err(ApiError::new(
            codes::DATE_INVALID,
            "The start date is after the end date.",
            format!("startDate ({start}) is after endDate ({end})."),
        ));
    }
    Ok(DueDates { start, end })
}

/// Root fields with statistics.
#[derive(Default)]
pub struct StatsQuery;

#[Object]
impl StatsQuery {
    /// The public statistics of the request's network.
    async fn public_stats(&self, ctx: &Context<'_>) -> ApiResult<PublicStats> {
        let network_id = ctx.request().network()?.id;
        let mut conn = ctx.conn().await?;
        Ok(StatsRow::fetch(&mut conn, network_id).await?.into())
    }

    /// The logged-in user's payout statistics (GET /self/stats). `startDate` and
    /// `endDate` (both inclusive, either may be left out) count only the payouts due in
    /// that period; with either one given, payouts without a due date are left out. A
    /// start after the end is refused (15003).
    async fn my_stats(
        &self,
        ctx: &Context<'_>,
        start_date: Option<NaiveDate>,
        end_date: Option<NaiveDate>,
    ) -> ApiResult<MyStats> {
        let req = ctx.request();
        let network_id = req.network()?.id;
        let me = req.user()?.id;
        let due = due_dates(start_date, end_date)?;
        let mut conn = ctx.conn().await?;
        Ok(UserStatsRow::fetch(&mut conn, network_id, me, due)
            .await?
            .into())
    }
}
