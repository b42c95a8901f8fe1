//! A user's payout statistics (`myStats`, `GET /self/stats`; `docs/money.md`, "Statistics
//! of a user"): what the payouts of their Settled investments have paid and what they still
//! owe, per payout type.

use chrono::NaiveDate;
use diesel::sql_types::{Date, Nullable, Numeric, SmallInt, Uuid as SqlUuid};
use diesel::{QueryResult, QueryableByName};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use rust_decimal::Decimal;
use uuid::Uuid;

use crate::db::cached::CachedSql;
use crate::domain::stages::InvestmentStage;

/// The payout statistics of one user.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, QueryableByName)]
pub struct UserStats {
    /// Sum of the Paid transactions on Dividend payouts (type 0).
    #[diesel(sql_type = Numeric)]
    pub total_dividends_received: Decimal,
    /// Sum of the Paid transactions on Capital Gain payouts (type 1).
    #[diesel(sql_type = Numeric)]
    pub total_capitalgains_received: Decimal,
    /// Sum of the Paid transactions on Loan Repayment payouts (type 2).
    #[diesel(sql_type = Numeric)]
    pub total_loanrepayments_received: Decimal,
    /// What the unpaid Dividend payouts still owe.
    #[diesel(sql_type = Numeric)]
    pub outstanding_dividends: Decimal,
    /// What the unpaid Capital Gain payouts still owe.
    #[diesel(sql_type = Numeric)]
    pub outstanding_capitalgains: Decimal,
    /// What the unpaid Loan Repayment payouts still owe.
    #[diesel(sql_type = Numeric)]
    pub outstanding_loanrepayments: Decimal,
}

/// Which payouts count, by due date (both bounds inclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DueDates {
    /// The first due date counted.
    pub start: Option<NaiveDate>,
    /// The last due date counted.
    pub end: Option<NaiveDate>,
}

// The payouts of the user's Settled investments, each with the sum of its Paid
// transactions (`paid`). A payout without a due date counts only when no bound is given:
// it cannot be said to fall inside a period. A payout is unpaid while `paid` is below its
// amount; an over-paid one owes nothing (never a negative remainder), though all it
// received counts as received.
const STATS_SQL: &str = "
    WITH counted AS (
        SELECT p.payout_type, p.payout_amount,
               COALESCE((
                   SELECT SUM(t.transaction_amount) FROM transactions t
                   WHERE t.network_id = p.network_id AND t.payout_id = p.id
                     AND t.payment_status = 1), 0) AS paid
        FROM payouts p
        JOIN investments i ON i.network_id = p.network_id AND i.id = p.investment_id
        WHERE p.network_id = $1 AND i.user_id = $2 AND i.life_cycle_stage = $3
          AND (($4 IS NULL AND $5 IS NULL)
               OR (p.due_date IS NOT NULL
                   AND ($4 IS NULL OR p.due_date >= $4)
                   AND ($5 IS NULL OR p.due_date <= $5)))
    )
    SELECT
        COALESCE(SUM(paid) FILTER (WHERE payout_type = 0), 0) AS total_dividends_received,
        COALESCE(SUM(paid) FILTER (WHERE payout_type = 1), 0) AS total_capitalgains_received,
        COALESCE(SUM(paid) FILTER (WHERE payout_type = 2), 0) AS total_loanrepayments_received,
        COALESCE(SUM(payout_amount - paid)
                 FILTER (WHERE payout_type = 0 AND paid < payout_amount), 0)
            AS outstanding_dividends,
        COALESCE(SUM(payout_amount - paid)
                 FILTER (WHERE payout_type = 1 AND paid < payout_amount), 0)
            AS outstanding_capitalgains,
        COALESCE(SUM(payout_amount - paid)
                 FILTER (WHERE payout_type = 2 AND paid < payout_amount), 0)
            AS outstanding_loanrepayments
    FROM counted";

impl UserStats {
    /// The statistics of `user_id` in `network_id` over the payouts `due` selects, in one
    /// statement.
    pub async fn fetch(
        conn: &mut AsyncPgConnection,
        network_id: Uuid,
        user_id: Uuid,
        due: DueDates,
    ) -> QueryResult<UserStats> {
        CachedSql::new(STATS_SQL)
            .bind::<SqlUuid, _>(network_id)
            .bind::<SqlUuid, _>(user_id)
            .bind::<SmallInt, _>(InvestmentStage::Settled.code())
            .bind::<Nullable<Date>, _>(due.start)
            .bind::<Nullable<Date>, _>(due.end)
            .get_result(conn)
            .await
    }
}
