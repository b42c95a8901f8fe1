//! Investments (`docs/marketplace.md`): rows, the totals the
//! investment rules need, lists and the first investments of many offerings at once.
//! Every query takes the network id.
//!
//! Queries that return investments for a viewer also return whether the viewer manages
//! the investment (an active member of the organization of its offering), computed in
//! the same statement; with `user_id` it gives the `InvestmentRelation` of the visibility
//! rules.

use chrono::{DateTime, Utc};
use diesel::dsl::auto_type;
use diesel::pg::Pg;
use diesel::prelude::*;
use diesel::sql_types::{Array, BigInt, Bool, Nullable, SmallInt, Uuid as SqlUuid};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use rust_decimal::Decimal;
use uuid::Uuid;

use crate::db::cached::CachedSql;
use crate::db::schema::investments;
use crate::domain::list::{AttrRef, Direction, Filter, Page};
use crate::models::offering::managed_offering_ids;

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

crate::list_columns! {
    /// Attributes investment lists may be ordered and filtered by.
    pub mod investment_attrs for investments, id investments::id, custom investments::custom {
        "id" => investments::id: uuid,
        "offering_id" => investments::offering_id: uuid,
        "user_id" => investments::user_id: uuid,
        "life_cycle_stage" => investments::life_cycle_stage: int2,
        "visibility" => investments::visibility: int2,
        "investment_amount" => investments::investment_amount: numeric,
        "number_of_shares" => investments::number_of_shares: numeric,
        "currency" => investments::currency: text,
        "interest_rate" => investments::interest_rate: numeric,
        "term" => investments::term: int4,
        "service_charge" => investments::service_charge: numeric,
        "is_loanbook" => investments::is_loanbook: bool,
        "approved_at" => investments::approved_at: timestamptz,
        "rejected_at" => investments::rejected_at: timestamptz,
        "withdrawn_at" => investments::withdrawn_at: timestamptz,
        "settled_at" => investments::settled_at: timestamptz,
        "created_at" => investments::created_at: timestamptz,
        "updated_at" => investments::updated_at: timestamptz,
    }
}

/// Which investments a list may contain, decided by the caller from the viewer.
#[derive(Debug, Clone, Default)]
pub struct InvestmentScope {
    /// The viewer (for `manages` and the relation widening below).
    pub viewer: Option<Uuid>,
    /// Only investments of this offering.
    pub offering_id: Option<Uuid>,
    /// Only investments of this investor.
    pub investor: Option<Uuid>,
    /// Only these stage and visibility codes, OR'ed with "the viewer is the investor or
    /// manages the investment"; `None` lists everything in the other bounds.
    pub visible: Option<(Vec<i16>, Vec<i16>)>,
}

/// One page of investments with `manages` per row, and the total count.
pub async fn list(
    conn: &mut AsyncPgConnection,
    network_id: Uuid,
    scope: &InvestmentScope,
    filters: &[Filter],
    order: Option<&(AttrRef, Direction)>,
    page: Page,
) -> Result<QueryResult<(Vec<(Investment, bool)>, i64)>, String> {
    let viewer = scope.viewer.unwrap_or(Uuid::nil());
    let build = || -> Result<investment_attrs::Query<'static>, String> {
        let mut query = investments::table
            .filter(investments::network_id.eq(network_id))
            .into_boxed();
        if let Some(offering) = scope.offering_id {
            query = query.filter(investments::offering_id.eq(offering));
        }
        if let Some(investor) = scope.investor {
            query = query.filter(investments::user_id.eq(investor));
        }
        if let Some((stages, visibilities)) = &scope.visible {
            query = query.filter(
                investments::life_cycle_stage
                    .eq_any(stages.clone())
                    .and(investments::visibility.eq_any(visibilities.clone()))
                    .or(investments::user_id.eq(viewer))
                    .or(manages_expr(network_id, viewer)),
            );
        }
        for f in filters {
            query = investment_attrs::filter(query, f)?;
        }
        Ok(query)
    };
    crate::models::paging::count_and_page!(
        conn,
        investments,
        build,
        order by investment_attrs::order,
        page,
        select (Investment::as_select(), manages_expr(network_id, viewer)),
    )
}

/// An investment with whether the viewer manages it, from [`first_of_offerings`].
#[derive(Debug, Clone, QueryableByName)]
pub struct InvestmentForViewer {
    /// The row.
    #[diesel(embed)]
    pub investment: Investment,
    /// Whether the viewer is an active member of the offering's organization.
    #[diesel(sql_type = Bool)]
    pub viewer_manages: bool,
}

/// What the viewer of [`first_of_offerings`] may see without a relation.
#[derive(Debug, Clone)]
pub struct InvestmentWindow {
    /// The viewer, if logged in.
    pub viewer: Option<Uuid>,
    /// An admin sees every investment.
    pub is_admin: bool,
    /// Stage codes others see.
    pub stages: Vec<i16>,
    /// Visibility codes others see.
    pub visibilities: Vec<i16>,
    /// Investments per offering.
    pub limit: i64,
}

/// The statement of [`first_of_offerings`] (its plan is checked by `tests/it/query_plans.rs`).
pub const FIRST_OF_OFFERINGS_SQL: &str = concat!(
    "SELECT i.*, (m.manages IS NOT NULL) AS viewer_manages
     FROM offerings o
",
    super::viewer_manages_offering!(),
    "     CROSS JOIN LATERAL (
         SELECT *
         FROM investments i
         WHERE i.network_id = o.network_id AND i.offering_id = o.id
           AND ($4 OR m.manages IS NOT NULL OR i.user_id = $3
                OR (i.life_cycle_stage = ANY($5) AND i.visibility = ANY($6)))
         ORDER BY i.created_at DESC, i.id DESC
         LIMIT $7
     ) i
     WHERE o.network_id = $1 AND o.id = ANY($2)
     ORDER BY i.offering_id, i.created_at DESC, i.id DESC",
);

/// The newest `limit` investments of each of many offerings that the viewer may see, in
/// one statement. The visibility rule is applied inside the statement: admins see all;
/// the investor and members of the offering's organization see theirs; others see
/// `stages` with `visibilities`.
///
/// Each offering's investments come from a `LATERAL` walk of
/// `investments_network_offering_newest_idx` that stops after `limit` visible rows, so a
/// page costs `limit` rows per offering however many investments the offerings have.
pub async fn first_of_offerings(
    conn: &mut AsyncPgConnection,
    network_id: Uuid,
    offering_ids: &[Uuid],
    window: &InvestmentWindow,
) -> QueryResult<Vec<InvestmentForViewer>> {
    CachedSql::new(FIRST_OF_OFFERINGS_SQL)
        .bind::<SqlUuid, _>(network_id)
        .bind::<Array<SqlUuid>, _>(offering_ids)
        .bind::<Nullable<SqlUuid>, _>(window.viewer)
        .bind::<Bool, _>(window.is_admin)
        .bind::<Array<SmallInt>, _>(&window.stages)
        .bind::<Array<SmallInt>, _>(&window.visibilities)
        .bind::<BigInt, _>(window.limit)
        .load(conn)
        .await
}
