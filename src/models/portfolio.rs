//! The rows of a user's portfolio (`myPortfolio`, `GET /self/portfolio`;
//! `docs/registry.md`, "The portfolio"): their holdings, each with its organization's name
//! and its dividends, and the children split or distributed from them. Two statements for
//! the whole portfolio; the figures are `crate::domain::portfolio`.

use chrono::{DateTime, NaiveDate, Utc};
use diesel::sql_types::Uuid as SqlUuid;
use diesel::sql_types::{Array, Bool, Date, Nullable, Numeric, SmallInt, Text, Timestamptz};
use diesel::{QueryResult, QueryableByName};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use rust_decimal::Decimal;
use uuid::Uuid;

use crate::db::cached::CachedSql;

/// The period a portfolio covers (both bounds inclusive, UTC dates).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Period {
    /// The first day counted.
    pub start: Option<NaiveDate>,
    /// The last day counted.
    pub end: Option<NaiveDate>,
}

/// One holding of the user.
#[derive(Debug, Clone, PartialEq, QueryableByName)]
pub struct Holding {
    /// The capitalization.
    #[diesel(sql_type = SqlUuid)]
    pub id: Uuid,
    /// Its organization's display name.
    #[diesel(sql_type = Text)]
    pub name: String,
    /// When it was created.
    #[diesel(sql_type = Timestamptz)]
    pub created_at: DateTime<Utc>,
    /// Shares now.
    #[diesel(sql_type = Numeric)]
    pub number_of_shares: Decimal,
    /// Acquisition price per share.
    #[diesel(sql_type = Numeric)]
    pub price_per_share_at_acquisition: Decimal,
    /// Shares at acquisition.
    #[diesel(sql_type = Numeric)]
    pub number_of_shares_at_acquisition: Decimal,
    /// Its transaction cost, zero when none.
    #[diesel(sql_type = Numeric)]
    pub transaction_cost: Decimal,
    /// Σ amount of its Dividend payouts due in the period.
    #[diesel(sql_type = Numeric)]
    pub dividends_received: Decimal,
}

/// A child split or distributed from a holding.
#[derive(Debug, Clone, PartialEq, QueryableByName)]
pub struct ChildRow {
    /// The holding it was made from.
    #[diesel(sql_type = SqlUuid)]
    pub parent_id: Uuid,
    /// The child.
    #[diesel(sql_type = SqlUuid)]
    pub id: Uuid,
    /// Whether the user still owns it.
    #[diesel(sql_type = Bool)]
    pub owned_by_user: bool,
    /// Its stage code.
    #[diesel(sql_type = SmallInt)]
    pub life_cycle_stage: i16,
    /// When it was made (the sale or split date).
    #[diesel(sql_type = Timestamptz)]
    pub created_at: DateTime<Utc>,
    /// Shares now.
    #[diesel(sql_type = Numeric)]
    pub number_of_shares: Decimal,
    /// Price per share now.
    #[diesel(sql_type = Numeric)]
    pub price_per_share: Decimal,
    /// Acquisition price per share (for a sold child, what the buyer paid).
    #[diesel(sql_type = Numeric)]
    pub price_per_share_at_acquisition: Decimal,
    /// Shares at acquisition.
    #[diesel(sql_type = Numeric)]
    pub number_of_shares_at_acquisition: Decimal,
    /// Its transaction cost, zero when none.
    #[diesel(sql_type = Numeric)]
    pub transaction_cost: Decimal,
}

// The user's capitalizations but those merged away (the merge result stands for them) and
// those a split or distribution made from a block the user also owns while still live
// (they are the lines of that block). Acquired on or before the period's end; dividends
// by due date within the period, a payout without one only when no bound is given.
const HOLDINGS_SQL: &str = "
    SELECT c.id, o.display_name AS name, c.created_at, c.number_of_shares,
           c.price_per_share_at_acquisition, c.number_of_shares_at_acquisition,
           COALESCE(c.transaction_cost, 0) AS transaction_cost,
           COALESCE((
               SELECT SUM(p.payout_amount) FROM payouts p
               WHERE p.network_id = c.network_id AND p.capitalization_id = c.id
                 AND p.payout_type = 0
                 AND (($3::date IS NULL AND $4::date IS NULL)
                      OR (p.due_date IS NOT NULL
                          AND ($3::date IS NULL OR p.due_date >= $3::date)
                          AND ($4::date IS NULL OR p.due_date <= $4::date)))), 0)
               AS dividends_received
    FROM capitalizations c
    JOIN organizations o ON o.network_id = c.network_id AND o.id = c.organization_id
    WHERE c.network_id = $1 AND c.owner_id = $2 AND c.life_cycle_stage <> 5
      AND ($4::date IS NULL OR (c.created_at AT TIME ZONE 'UTC')::date <= $4::date)
      AND NOT (c.life_cycle_stage IN (0, 1, 2, 3) AND EXISTS (
          SELECT 1 FROM capitalization_links l
          JOIN capitalizations p ON p.network_id = l.network_id AND p.id = l.parent_id
          WHERE l.network_id = c.network_id AND l.child_id = c.id AND l.kind IN (0, 2)
            AND p.owner_id = $2))
    ORDER BY c.created_at, c.id";

// The split and distribution children of the holdings; a sold one (another owner) only
// when made within the period.
const CHILDREN_SQL: &str = "
    SELECT l.parent_id, c.id, (c.owner_id IS NOT DISTINCT FROM $2) AS owned_by_user,
           c.life_cycle_stage, c.created_at, c.number_of_shares, c.price_per_share,
           c.price_per_share_at_acquisition, c.number_of_shares_at_acquisition,
           COALESCE(c.transaction_cost, 0) AS transaction_cost
    FROM capitalization_links l
    JOIN capitalizations c ON c.network_id = l.network_id AND c.id = l.child_id
    WHERE l.network_id = $1 AND l.kind IN (0, 2) AND l.parent_id = ANY($3)
      AND (c.owner_id IS NOT DISTINCT FROM $2
           OR (($4::date IS NULL OR (c.created_at AT TIME ZONE 'UTC')::date >= $4::date)
               AND ($5::date IS NULL OR (c.created_at AT TIME ZONE 'UTC')::date <= $5::date)))
    ORDER BY c.created_at, c.id";

/// The holdings of `user_id` in `network_id` for `period`, oldest first.
pub async fn holdings(
    conn: &mut AsyncPgConnection,
    network_id: Uuid,
    user_id: Uuid,
    period: Period,
) -> QueryResult<Vec<Holding>> {
    CachedSql::new(HOLDINGS_SQL)
        .bind::<SqlUuid, _>(network_id)
        .bind::<SqlUuid, _>(user_id)
        .bind::<Nullable<Date>, _>(period.start)
        .bind::<Nullable<Date>, _>(period.end)
        .load(conn)
        .await
}

/// The children of the holdings `parent_ids` of `user_id` for `period`, oldest first.
pub async fn children(
    conn: &mut AsyncPgConnection,
    network_id: Uuid,
    user_id: Uuid,
    parent_ids: &[Uuid],
    period: Period,
) -> QueryResult<Vec<ChildRow>> {
    if parent_ids.is_empty() {
        return Ok(Vec::new());
    }
    CachedSql::new(CHILDREN_SQL)
        .bind::<SqlUuid, _>(network_id)
        .bind::<SqlUuid, _>(user_id)
        .bind::<Array<SqlUuid>, _>(parent_ids)
        .bind::<Nullable<Date>, _>(period.start)
        .bind::<Nullable<Date>, _>(period.end)
        .load(conn)
        .await
}
