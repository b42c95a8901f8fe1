//! The figures of offerings computed from their investments and payouts
//! (`docs/money.md`), always from the rows, for many offerings in one statement.

use diesel::prelude::*;
use diesel::sql_types::{Array, BigInt, Numeric, SmallInt, Uuid as SqlUuid};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use rust_decimal::Decimal;
use uuid::Uuid;

use crate::db::cached::CachedSql;

/// The investment figures of an offering (`docs/money.md`), always computed from the rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, QueryableByName)]
pub struct Figures {
    /// The offering.
    #[diesel(sql_type = SqlUuid)]
    pub offering_id: Uuid,
    /// Sum of Approved and Settled investment amounts (without external commitments).
    #[diesel(sql_type = Numeric)]
    pub approved_settled_amount: Decimal,
    /// Number of Approved and Settled investments.
    #[diesel(sql_type = BigInt)]
    pub investment_count: i64,
    /// Distinct users with an Approved or Settled investment.
    #[diesel(sql_type = BigInt)]
    pub investor_count: i64,
    /// Number of Open, Approved and Settled investments (they forbid cancelling).
    #[diesel(sql_type = BigInt)]
    pub blocking_count: i64,
}

/// SQL: the select list of [`Figures`] (without `offering_id`) over investments `i`, with
/// the placeholders of the counted and the blocking stage codes. The batch statement and
/// a page's figures column both use it, so the money math is written once.
macro_rules! figures_of_investments {
    ($counted:literal, $blocking:literal) => {
        concat!(
            "COALESCE(SUM(i.investment_amount) FILTER (WHERE i.life_cycle_stage = ANY(",
            $counted,
            ")), 0) AS approved_settled_amount,
             COUNT(*) FILTER (WHERE i.life_cycle_stage = ANY(",
            $counted,
            ")) AS investment_count,
             COUNT(DISTINCT i.user_id) FILTER (WHERE i.life_cycle_stage = ANY(",
            $counted,
            ")) AS investor_count,
             COUNT(*) FILTER (WHERE i.life_cycle_stage = ANY(",
            $blocking,
            ")) AS blocking_count"
        )
    };
}
pub(super) use figures_of_investments;

/// The statement of [`figures_of`] (its plan is checked by `tests/it/query_plans.rs`).
pub const FIGURES_OF_SQL: &str = concat!(
    "SELECT i.offering_id, ",
    figures_of_investments!("$3", "$4"),
    " FROM investments i
     WHERE i.network_id = $1 AND i.offering_id = ANY($2)
     GROUP BY i.offering_id"
);

/// The figures of many offerings, in one aggregate statement; offerings without
/// investments are absent (their figures are all zero).
pub async fn figures_of(
    conn: &mut AsyncPgConnection,
    network_id: Uuid,
    offering_ids: &[Uuid],
    counted_stages: &[i16],
    blocking_stages: &[i16],
) -> QueryResult<Vec<Figures>> {
    CachedSql::new(FIGURES_OF_SQL)
        .bind::<SqlUuid, _>(network_id)
        .bind::<Array<SqlUuid>, _>(offering_ids)
        .bind::<Array<SmallInt>, _>(counted_stages)
        .bind::<Array<SmallInt>, _>(blocking_stages)
        .load(conn)
        .await
}

/// Figures of an offering from the unpaid payouts of its investments (`docs/money.md`): a
/// payout is unpaid while its Paid transactions sum to less than its `payout_amount`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, QueryableByName)]
pub struct PayoutFigures {
    /// The offering.
    #[diesel(sql_type = SqlUuid)]
    pub offering_id: Uuid,
    /// Sum of the unpaid payouts' amounts.
    #[diesel(sql_type = Numeric)]
    pub capital_outstanding: Decimal,
    /// Number of unpaid payouts.
    #[diesel(sql_type = BigInt)]
    pub repayments_remaining: i64,
    /// Unpaid Dividend payouts (payout_type 0).
    #[diesel(sql_type = Numeric)]
    pub dividends: Decimal,
    /// Unpaid Capital Gain payouts (payout_type 1).
    #[diesel(sql_type = Numeric)]
    pub capitalgains: Decimal,
    /// Unpaid Loan Repayment payouts (payout_type 2).
    #[diesel(sql_type = Numeric)]
    pub loanrepayments: Decimal,
}

/// The payout figures of many offerings in one aggregate statement; offerings without
/// unpaid payouts are absent (all zero).
pub async fn payout_figures_of(
    conn: &mut AsyncPgConnection,
    network_id: Uuid,
    offering_ids: &[Uuid],
) -> QueryResult<Vec<PayoutFigures>> {
    CachedSql::new(concat!(
        "SELECT i.offering_id,
                COALESCE(SUM(p.payout_amount), 0) AS capital_outstanding,
                COUNT(*) AS repayments_remaining,
                COALESCE(SUM(p.payout_amount) FILTER (WHERE p.payout_type = 0), 0) AS dividends,
                COALESCE(SUM(p.payout_amount) FILTER (WHERE p.payout_type = 1), 0) AS capitalgains,
                COALESCE(SUM(p.payout_amount) FILTER (WHERE p.payout_type = 2), 0)
                    AS loanrepayments
         FROM payouts p
         JOIN investments i ON i.network_id = p.network_id AND i.id = p.investment_id
         WHERE p.network_id = $1 AND i.offering_id = ANY($2)
           AND ",
        crate::models::unpaid_payout!(),
        "
         GROUP BY i.offering_id",
    ))
    .bind::<SqlUuid, _>(network_id)
    .bind::<Array<SqlUuid>, _>(offering_ids)
    .load(conn)
    .await
}

/// The investment stage codes [`Figures`] are computed for.
#[derive(Debug, Clone, Copy)]
pub struct FigureStages<'a> {
    /// Stages counted into the amount raised and the counts.
    pub counted: &'a [i16],
    /// Stages that forbid cancelling the offering.
    pub blocking: &'a [i16],
}
