//! Investments (`docs/marketplace.md`): rows, the totals the
//! investment rules need, lists and the first investments of many offerings at once.
//! Every query takes the network id.
//!
//! The rows, lookups, totals and writes are here; [`list`](mod@list) pages through
//! investments and loads the newest ones of many offerings.
//!
//! Queries that return investments for a viewer also return whether the viewer manages
//! the investment (an active member of the organization of its offering), computed in
//! the same statement; with `user_id` it gives the `InvestmentRelation` of the visibility
//! rules.

use chrono::{DateTime, Utc};
use diesel::dsl::auto_type;
use diesel::pg::Pg;
use diesel::prelude::*;
use diesel::sql_types::{Array, BigInt, Uuid as SqlUuid};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use rust_decimal::Decimal;
use uuid::Uuid;

use crate::db::cached::CachedSql;
use crate::db::schema::investments;
use crate::models::offering::managed_offering_ids;

pub mod list;

pub use list::{
    FIRST_OF_OFFERINGS_SQL, InvestmentForViewer, InvestmentScope, InvestmentWindow,
    first_of_offerings, investment_attrs, list,
};

/// An investment row: every stored attribute.
#[derive(Debug, Clone, Queryable, Selectable, Identifiable, QueryableByName)]
#[diesel(table_name = investments, check_for_backend(Pg))]
pub struct Investment {
    /// Primary key.
    pub id: Uuid,
    /// The investment's network.
    pub network_id: Uuid,
    /// The offering.
    pub offering_id: Uuid,
    /// The investor.
    pub user_id: Uuid,
    /// Stage code (`docs/product.md`).
    pub life_cycle_stage: i16,
    /// Visibility code (`docs/product.md`).
    pub visibility: i16,
    /// Amount (0: an expression of interest).
    pub investment_amount: Decimal,
    /// Shares asked for.
    pub number_of_shares: Option<Decimal>,
    /// Currency.
    pub currency: Option<String>,
    /// Interest rate asked for.
    pub interest_rate: Option<Decimal>,
    /// Term asked for.
    pub term: Option<i32>,
    /// Service charge.
    pub service_charge: Option<Decimal>,
    /// Made for a loanbook.
    pub is_loanbook: bool,
    /// FundAmerica investment id.
    pub fundamerica_investment_id: Option<String>,
    /// Custom fields (a JSON object).
    pub custom: serde_json::Value,
    /// Last entry into Approved.
    pub approved_at: Option<DateTime<Utc>>,
    /// Last entry into Rejected.
    pub rejected_at: Option<DateTime<Utc>>,
    /// Entry into Withdrawn.
    pub withdrawn_at: Option<DateTime<Utc>>,
    /// Entry into Settled.
    pub settled_at: Option<DateTime<Utc>>,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last change.
    pub updated_at: DateTime<Utc>,
}

/// A new investment.
#[derive(Debug, Insertable)]
#[diesel(table_name = investments)]
pub struct NewInvestment {
    /// The network.
    pub network_id: Uuid,
    /// The offering.
    pub offering_id: Uuid,
    /// The investor.
    pub user_id: Uuid,
    /// Starting stage (Open, or Approved with self-approval).
    pub life_cycle_stage: i16,
    /// Visibility code.
    pub visibility: i16,
    /// Amount.
    pub investment_amount: Decimal,
    /// Shares asked for.
    pub number_of_shares: Option<Decimal>,
    /// Currency.
    pub currency: Option<String>,
    /// Interest rate asked for.
    pub interest_rate: Option<Decimal>,
    /// Term asked for.
    pub term: Option<i32>,
    /// Custom fields.
    pub custom: serde_json::Value,
    /// Approval stamp when created as Approved.
    pub approved_at: Option<DateTime<Utc>>,
}

/// Changes to an investment: `None` leaves a column, `Some(None)` clears it. `updated_at`
/// is always set, so a change set is never empty.
#[derive(Debug, Clone, AsChangeset)]
#[diesel(table_name = investments)]
pub struct InvestmentChanges {
    /// See [`Investment::investment_amount`].
    pub investment_amount: Option<Decimal>,
    /// See [`Investment::number_of_shares`].
    pub number_of_shares: Option<Option<Decimal>>,
    /// See [`Investment::currency`].
    pub currency: Option<Option<String>>,
    /// See [`Investment::interest_rate`].
    pub interest_rate: Option<Option<Decimal>>,
    /// See [`Investment::term`].
    pub term: Option<Option<i32>>,
    /// See [`Investment::visibility`].
    pub visibility: Option<i16>,
    /// See [`Investment::custom`] (the merged object).
    pub custom: Option<serde_json::Value>,
    /// See [`Investment::life_cycle_stage`].
    pub life_cycle_stage: Option<i16>,
    /// See [`Investment::approved_at`].
    pub approved_at: Option<Option<DateTime<Utc>>>,
    /// See [`Investment::rejected_at`].
    pub rejected_at: Option<Option<DateTime<Utc>>>,
    /// See [`Investment::withdrawn_at`].
    pub withdrawn_at: Option<Option<DateTime<Utc>>>,
    /// See [`Investment::settled_at`].
    pub settled_at: Option<Option<DateTime<Utc>>>,
    /// Always set (to now).
    pub updated_at: DateTime<Utc>,
}

impl Default for InvestmentChanges {
    fn default() -> Self {
        Self {
            investment_amount: None,
            number_of_shares: None,
            currency: None,
            interest_rate: None,
            term: None,
            visibility: None,
            custom: None,
            life_cycle_stage: None,
            approved_at: None,
            rejected_at: None,
            withdrawn_at: None,
            settled_at: None,
            updated_at: Utc::now(),
        }
    }
}

/// `investments.offering_id IN (offerings of the viewer's organizations)`; `viewer` nil
/// when anonymous.
#[auto_type]
fn manages_expr(network_id: Uuid, viewer: Uuid) -> _ {
    let subquery: managed_offering_ids = managed_offering_ids(network_id, viewer);
    investments::offering_id.eq_any(subquery)
}

crate::models::lookup::lookups! {
    investments => Investment, viewer manages_expr;
    /// One investment with whether `viewer` manages it.
    pub fn find_for = find;
    /// Many investments with whether `viewer` manages each.
    pub fn find_many_for = find_many;
}

crate::models::lookup::lookups! {
    investments => Investment;
    /// Locks an investment row until the transaction ends and returns it.
    pub fn lock = lock_existing;
}

/// Sum of the amounts of an offering's investments in `stages`, optionally of one
/// investor only and without one investment (the one being changed).
pub async fn total(
    conn: &mut AsyncPgConnection,
    network_id: Uuid,
    offering_id: Uuid,
    stages: &[i16],
    investor: Option<Uuid>,
    except: Option<Uuid>,
) -> QueryResult<Decimal> {
    let mut query = investments::table
        .filter(investments::network_id.eq(network_id))
        .filter(investments::offering_id.eq(offering_id))
        .filter(investments::life_cycle_stage.eq_any(stages))
        .into_boxed();
    if let Some(user) = investor {
        query = query.filter(investments::user_id.eq(user));
    }
    if let Some(id) = except {
        query = query.filter(investments::id.ne(id));
    }
    let sum: Option<Decimal> = query
        .select(diesel::dsl::sum(investments::investment_amount))
        .get_result(conn)
        .await?;
    Ok(sum.unwrap_or(Decimal::ZERO))
}

/// Inserts an investment; returns the row.
pub async fn insert(conn: &mut AsyncPgConnection, new: &NewInvestment) -> QueryResult<Investment> {
    diesel::insert_into(investments::table)
        .values(new)
        .returning(Investment::as_returning())
        .get_result(conn)
        .await
}

/// Applies `changes` to an investment; returns the row.
pub async fn update(
    conn: &mut AsyncPgConnection,
    network_id: Uuid,
    id: Uuid,
    changes: &InvestmentChanges,
) -> QueryResult<Investment> {
    diesel::update(
        investments::table
            .filter(investments::network_id.eq(network_id))
            .filter(investments::id.eq(id)),
    )
    .set(changes)
    .returning(Investment::as_returning())
    .get_result(conn)
    .await
}

/// Figures of an investment from its unpaid payouts (`docs/money.md`): the capital
/// outstanding and the repayments remaining.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, QueryableByName)]
pub struct InvestmentPayoutFigures {
    /// The investment.
    #[diesel(sql_type = SqlUuid)]
    pub investment_id: Uuid,
    /// Sum of the unpaid payouts' amounts.
    #[diesel(sql_type = diesel::sql_types::Numeric)]
    pub capital_outstanding: Decimal,
    /// Number of unpaid payouts.
    #[diesel(sql_type = BigInt)]
    pub repayments_remaining: i64,
}

/// The payout figures of many investments in one aggregate statement; investments
/// without unpaid payouts are absent (all zero).
pub async fn payout_figures_of(
    conn: &mut AsyncPgConnection,
    network_id: Uuid,
    investment_ids: &[Uuid],
) -> QueryResult<Vec<InvestmentPayoutFigures>> {
    CachedSql::new(concat!(
        "SELECT p.investment_id,
                COALESCE(SUM(p.payout_amount), 0) AS capital_outstanding,
                COUNT(*) AS repayments_remaining
         FROM payouts p
         WHERE p.network_id = $1 AND p.investment_id = ANY($2)
           AND ",
        crate::models::unpaid_payout!(),
        "
         GROUP BY p.investment_id",
    ))
    .bind::<SqlUuid, _>(network_id)
    .bind::<Array<SqlUuid>, _>(investment_ids)
    .load(conn)
    .await
}

/// One Settled investment of an offering, as a payment schedule is split among them.
#[derive(Debug, Clone, PartialEq, Eq, Queryable)]
pub struct SettledShare {
    /// The investment.
    pub id: Uuid,
    /// Its investor.
    pub user_id: Uuid,
    /// Its amount.
    pub investment_amount: Decimal,
}

/// The Settled investments of the offering `offering_id` of `network_id`, by id, locked
/// against changes until the transaction ends (so none leaves Settled while a schedule is
/// split among them).
pub async fn settled_of(
    conn: &mut AsyncPgConnection,
    network_id: Uuid,
    offering_id: Uuid,
) -> QueryResult<Vec<SettledShare>> {
    investments::table
        .filter(investments::network_id.eq(network_id))
        .filter(investments::offering_id.eq(offering_id))
        .filter(
            investments::life_cycle_stage
                .eq(crate::domain::stages::InvestmentStage::Settled.code()),
        )
        .order(investments::id)
        .select((
            investments::id,
            investments::user_id,
            investments::investment_amount,
        ))
        .for_share()
        .load(conn)
        .await
}
