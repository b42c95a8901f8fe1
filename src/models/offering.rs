//! Offerings (seeds/001_d17389470978c889.txt, Offering): rows, changes, lists and the
//! figures derived from their investments (`docs/money.md`). Every query takes the network id.
//!
//! Queries that return offerings for a viewer also return whether the viewer is an active
//! member of the offering's organization (`is_org_member`), computed in the same
//! statement; with `user_id` it gives the `OfferingRelation` of the visibility rules.

use chrono::{DateTime, NaiveDate, Utc};
use diesel::dsl::auto_type;
use diesel::pg::Pg;
use diesel::prelude::*;
use diesel::sql_types::{Array, BigInt, Nullable, Numeric, Record, SmallInt, Uuid as SqlUuid};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use rust_decimal::Decimal;
use uuid::Uuid;

use crate::db::cached::{CachedSql, SqlExpr};
use crate::db::schema::{investments, offerings};
use crate::domain::investment_rules::OfferingRules;
use crate::domain::list::{Attr, AttrRef, AttrType, Direction, Filter, Page};
use crate::models::organization::member_org_ids;

/// An offering row: every stored attribute.
#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = offerings, check_for_backend(Pg))]
pub struct Offering {
    /// Primary key.
    pub id: Uuid,
    /// The offering's network.
    pub network_id: Uuid,
    /// Its organization (fixed at creation).
    pub organization_id: Uuid,
    /// The creator (the seller of a secondary offering).
    pub user_id: Uuid,
    /// The capitalization offered, if any.
    pub capitalization_id: Option<Uuid>,
    /// The original offering of a secondary offering.
    pub primary_offering_id: Option<Uuid>,
    /// Stage code (`docs/product.md`; 6 is never stored).
    pub life_cycle_stage: i16,
    /// Name.
    pub name: Option<String>,
    /// Long description.
    pub offering_description: Option<String>,
    /// Category.
    pub additional_type: Option<String>,
    /// Another category.
    pub category: Option<String>,
    /// Credit score.
    pub credit_score: Option<String>,
    /// Currency (ISO 4217).
    pub currency: Option<String>,
    /// Featured on the public home page.
    pub is_featured: bool,
    /// A secondary-market offering.
    pub is_secondary_offering: bool,
    /// Funding goal.
    pub funding_goal: Option<Decimal>,
    /// Money raised outside the platform, counted into `amount_raised`.
    pub external_commitments: Decimal,
    /// Valuation.
    pub valuation: Option<Decimal>,
    /// Service charge.
    pub service_charge: Option<Decimal>,
    /// Equity offered, percent.
    pub equity_offered: Option<Decimal>,
    /// Interest rate.
    pub interest_rate: Option<Decimal>,
    /// Loan term.
    pub term: Option<i32>,
    /// Shares offered.
    pub num_of_shares: Option<Decimal>,
    /// Price per share.
    pub price_per_share: Option<Decimal>,
    /// No investments before this day.
    pub open_date: Option<NaiveDate>,
    /// No investments after this day.
    pub close_date: Option<NaiveDate>,
    /// Smallest investment.
    pub min_commitment: Option<Decimal>,
    /// Largest total per investor.
    pub max_commitment: Option<Decimal>,
    /// Largest total of live investments.
    pub max_overfunding_amount: Option<Decimal>,
    /// GCEN client id.
    pub gcen_client_id: Option<String>,
    /// MangoPay wallet id.
    pub mangopay_wallet_id: Option<String>,
    /// FundAmerica offering id.
    pub fundamerica_offering_id: Option<String>,
    /// Custom fields (a JSON object).
    pub custom: serde_json::Value,
    /// Last entry into Submitted.
    pub submitted_at: Option<DateTime<Utc>>,
    /// Last entry into Published.
    pub published_at: Option<DateTime<Utc>>,
    /// Entry into Settled.
    pub settled_at: Option<DateTime<Utc>>,
    /// Entry into Canceled.
    pub canceled_at: Option<DateTime<Utc>>,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last change.
    pub updated_at: DateTime<Utc>,
}

impl Offering {
    /// The investment rules of the offering.
    pub fn rules(&self) -> OfferingRules {
        OfferingRules {
            open_date: self.open_date,
            close_date: self.close_date,
            min_commitment: self.min_commitment,
            max_commitment: self.max_commitment,
            max_overfunding_amount: self.max_overfunding_amount,
        }
    }
}

/// What creating an offering stores first; the other fields follow as
/// [`OfferingChanges`] in the same transaction.
#[derive(Debug, Insertable)]
#[diesel(table_name = offerings)]
pub struct NewOffering {
    /// The network.
    pub network_id: Uuid,
    /// The organization.
    pub organization_id: Uuid,
    /// The creator.
    pub user_id: Uuid,
    /// Starting stage.
    pub life_cycle_stage: i16,
    /// Submission stamp when created as Submitted.
    pub submitted_at: Option<DateTime<Utc>>,
}

/// Changes to an offering: `None` leaves a column, `Some(None)` clears it. `updated_at`
/// is always set, so a change set is never empty.
#[derive(Debug, Clone, AsChangeset)]
#[diesel(table_name = offerings)]
pub struct OfferingChanges {
    /// See [`Offering::capitalization_id`].
    pub capitalization_id: Option<Option<Uuid>>,
    /// See [`Offering::primary_offering_id`].
    pub primary_offering_id: Option<Option<Uuid>>,
    /// See [`Offering::name`].
    pub name: Option<Option<String>>,
    /// See [`Offering::offering_description`].
    pub offering_description: Option<Option<String>>,
    /// See [`Offering::additional_type`].
    pub additional_type: Option<Option<String>>,
    /// See [`Offering::category`].
    pub category: Option<Option<String>>,
    /// See [`Offering::credit_score`].
    pub credit_score: Option<Option<String>>,
    /// See [`Offering::currency`].
    pub currency: Option<Option<String>>,
    /// See [`Offering::is_featured`].
    pub is_featured: Option<bool>,
    /// See [`Offering::is_secondary_offering`].
    pub is_secondary_offering: Option<bool>,
    /// See [`Offering::funding_goal`].
    pub funding_goal: Option<Option<Decimal>>,
    /// See [`Offering::external_commitments`].
    pub external_commitments: Option<Decimal>,
    /// See [`Offering::valuation`].
    pub valuation: Option<Option<Decimal>>,
    /// See [`Offering::service_charge`].
    pub service_charge: Option<Option<Decimal>>,
    /// See [`Offering::equity_offered`].
    pub equity_offered: Option<Option<Decimal>>,
    /// See [`Offering::interest_rate`].
    pub interest_rate: Option<Option<Decimal>>,
    /// See [`Offering::term`].
    pub term: Option<Option<i32>>,
    /// See [`Offering::num_of_shares`].
    pub num_of_shares: Option<Option<Decimal>>,
    /// See [`Offering::price_per_share`].
    pub price_per_share: Option<Option<Decimal>>,
    /// See [`Offering::open_date`].
    pub open_date: Option<Option<NaiveDate>>,
    /// See [`Offering::close_date`].
    pub close_date: Option<Option<NaiveDate>>,
    /// See [`Offering::min_commitment`].
    pub min_commitment: Option<Option<Decimal>>,
    /// See [`Offering::max_commitment`].
    pub max_commitment: Option<Option<Decimal>>,
    /// See [`Offering::max_overfunding_amount`].
    pub max_overfunding_amount: Option<Option<Decimal>>,
    /// See [`Offering::gcen_client_id`].
    pub gcen_client_id: Option<Option<String>>,
    /// See [`Offering::mangopay_wallet_id`].
    pub mangopay_wallet_id: Option<Option<String>>,
    /// See [`Offering::fundamerica_offering_id`].
    pub fundamerica_offering_id: Option<Option<String>>,
    /// See [`Offering::custom`] (the merged object).
    pub custom: Option<serde_json::Value>,
    /// See [`Offering::life_cycle_stage`].
    pub life_cycle_stage: Option<i16>,
    /// See [`Offering::submitted_at`].
    pub submitted_at: Option<Option<DateTime<Utc>>>,
    /// See [`Offering::published_at`].
    pub published_at: Option<Option<DateTime<Utc>>>,
    /// See [`Offering::settled_at`].
    pub settled_at: Option<Option<DateTime<Utc>>>,
    /// See [`Offering::canceled_at`].
    pub canceled_at: Option<Option<DateTime<Utc>>>,
    /// Always set (to now).
    pub updated_at: DateTime<Utc>,
}

impl Default for OfferingChanges {
    fn default() -> Self {
        Self {
            capitalization_id: None,
            primary_offering_id: None,
            name: None,
            offering_description: None,
            additional_type: None,
            category: None,
            credit_score: None,
            currency: None,
            is_featured: None,
            is_secondary_offering: None,
            funding_goal: None,
            external_commitments: None,
            valuation: None,
            service_charge: None,
            equity_offered: None,
            interest_rate: None,
            term: None,
            num_of_shares: None,
            price_per_share: None,
            open_date: None,
            close_date: None,
            min_commitment: None,
            max_commitment: None,
            max_overfunding_amount: None,
            gcen_client_id: None,
            mangopay_wallet_id: None,
            fundamerica_offering_id: None,
            custom: None,
            life_cycle_stage: None,
            submitted_at: None,
            published_at: None,
            settled_at: None,
            canceled_at: None,
            updated_at: Utc::now(),
        }
    }
}

/// `offerings.organization_id IN (the viewer's organizations)`; `viewer` nil when
/// anonymous.
#[auto_type]
fn is_org_member_expr(network_id: Uuid, viewer: Uuid) -> _ {
    let subquery: member_org_ids = member_org_ids(network_id, viewer);
    offerings::organization_id.eq_any(subquery)
}

/// The offerings of the organizations `viewer` is an active member of (a subquery).
#[auto_type]
pub fn managed_offering_ids(network_id: Uuid, viewer: Uuid) -> _ {
    let orgs: member_org_ids = member_org_ids(network_id, viewer);
    offerings::table
        .filter(offerings::network_id.eq(network_id))
        .filter(offerings::organization_id.eq_any(orgs))
        .select(offerings::id)
}

/// One offering with whether `viewer` is a member of its organization.
pub async fn find_for(
    conn: &mut AsyncPgConnection,
    network_id: Uuid,
    id: Uuid,
    viewer: Option<Uuid>,
) -> QueryResult<Option<(Offering, bool)>> {
    let viewer = viewer.unwrap_or(Uuid::nil());
    offerings::table
        .filter(offerings::network_id.eq(network_id))
        .filter(offerings::id.eq(id))
        .select((
            Offering::as_select(),
            is_org_member_expr(network_id, viewer),
        ))
        .first(conn)
        .await
        .optional()
}

/// Like [`find_for`], locking the offering row until the transaction ends: every write
/// that depends on the offering's investment totals takes this lock first, so totals
/// read after it cannot change before the transaction commits (`docs/marketplace.md` (Investment rules)).
pub async fn lock_for(
    conn: &mut AsyncPgConnection,
    network_id: Uuid,
    id: Uuid,
    viewer: Option<Uuid>,
) -> QueryResult<Option<(Offering, bool)>> {
    let viewer = viewer.unwrap_or(Uuid::nil());
    offerings::table
        .filter(offerings::network_id.eq(network_id))
        .filter(offerings::id.eq(id))
        .select((
            Offering::as_select(),
            is_org_member_expr(network_id, viewer),
        ))
        .for_update()
        .first(conn)
        .await
        .optional()
}

/// Many offerings (one statement) with whether `viewer` is a member of each one's
/// organization.
pub async fn find_many_for(
    conn: &mut AsyncPgConnection,
    network_id: Uuid,
    ids: &[Uuid],
    viewer: Option<Uuid>,
) -> QueryResult<Vec<(Offering, bool)>> {
    let viewer = viewer.unwrap_or(Uuid::nil());
    offerings::table
        .filter(offerings::network_id.eq(network_id))
        .filter(offerings::id.eq_any(ids))
        .select((
            Offering::as_select(),
            is_org_member_expr(network_id, viewer),
        ))
        .load(conn)
        .await
}

/// Inserts an offering; returns its id.
pub async fn insert(conn: &mut AsyncPgConnection, new: &NewOffering) -> QueryResult<Uuid> {
    diesel::insert_into(offerings::table)
        .values(new)
        .returning(offerings::id)
        .get_result(conn)
        .await
}

/// Applies `changes` to an offering.
pub async fn update(
    conn: &mut AsyncPgConnection,
    network_id: Uuid,
    id: Uuid,
    changes: &OfferingChanges,
) -> QueryResult<usize> {
    diesel::update(
        offerings::table
            .filter(offerings::network_id.eq(network_id))
            .filter(offerings::id.eq(id)),
    )
    .set(changes)
    .execute(conn)
    .await
}

/// Whether the offering has an investment in one of `stages` (the cancel condition).
pub async fn has_investments_in(
    conn: &mut AsyncPgConnection,
    network_id: Uuid,
    offering_id: Uuid,
    stages: &[i16],
) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        investments::table
            .filter(investments::network_id.eq(network_id))
            .filter(investments::offering_id.eq(offering_id))
            .filter(investments::life_cycle_stage.eq_any(stages)),
    ))
    .get_result(conn)
    .await
}

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
    CachedSql::new(
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
           AND p.payout_amount > COALESCE((
                 SELECT SUM(t.transaction_amount) FROM transactions t
                 WHERE t.network_id = p.network_id AND t.payout_id = p.id
                   AND t.payment_status = 1), 0)
         GROUP BY i.offering_id",
    )
    .bind::<SqlUuid, _>(network_id)
    .bind::<Array<SqlUuid>, _>(offering_ids)
    .load(conn)
    .await
}

crate::list_columns! {
    /// Attributes offerings lists may be ordered and filtered by.
    pub mod offering_attrs for offerings, id offerings::id, custom offerings::custom {
        "id" => offerings::id: uuid,
        "organization_id" => offerings::organization_id: uuid,
        "user_id" => offerings::user_id: uuid,
        "capitalization_id" => offerings::capitalization_id: uuid,
        "primary_offering_id" => offerings::primary_offering_id: uuid,
        "life_cycle_stage" => offerings::life_cycle_stage: int2,
        "name" => offerings::name: text,
        "additional_type" => offerings::additional_type: text,
        "category" => offerings::category: text,
        "credit_score" => offerings::credit_score: text,
        "currency" => offerings::currency: text,
        "is_featured" => offerings::is_featured: bool,
        "is_secondary_offering" => offerings::is_secondary_offering: bool,
        "funding_goal" => offerings::funding_goal: numeric,
        "external_commitments" => offerings::external_commitments: numeric,
        "valuation" => offerings::valuation: numeric,
        "service_charge" => offerings::service_charge: numeric,
        "equity_offered" => offerings::equity_offered: numeric,
        "interest_rate" => offerings::interest_rate: numeric,
        "term" => offerings::term: int4,
        "num_of_shares" => offerings::num_of_shares: numeric,
        "price_per_share" => offerings::price_per_share: numeric,
        "open_date" => offerings::open_date: date,
        "close_date" => offerings::close_date: date,
        "min_commitment" => offerings::min_commitment: numeric,
        "max_commitment" => offerings::max_commitment: numeric,
        "max_overfunding_amount" => offerings::max_overfunding_amount: numeric,
        "submitted_at" => offerings::submitted_at: timestamptz,
        "published_at" => offerings::published_at: timestamptz,
        "settled_at" => offerings::settled_at: timestamptz,
        "canceled_at" => offerings::canceled_at: timestamptz,
        "created_at" => offerings::created_at: timestamptz,
        "updated_at" => offerings::updated_at: timestamptz,
    }
}

/// Figures computed from investments (`docs/money.md`) that lists can also be ordered and
/// filtered by, as SQL over the list's `offerings` row. Approved (2) and Settled (4)
/// investments count (`domain::investment_rules::COUNTED_STAGES`, checked by a test);
/// `(network_id, offering_id, life_cycle_stage)` indexes the lookup.
const DERIVED: &[(Attr, &str)] = &[
    (
        Attr {
            name: "amount_raised",
            ty: AttrType::Decimal,
        },
        "(offerings.external_commitments + COALESCE((SELECT sum(i.investment_amount) \
          FROM investments i WHERE i.network_id = offerings.network_id \
          AND i.offering_id = offerings.id AND i.life_cycle_stage IN (2, 4)), 0))",
    ),
    (
        Attr {
            name: "raised_percent",
            ty: AttrType::Decimal,
        },
        "((offerings.external_commitments + COALESCE((SELECT sum(i.investment_amount) \
          FROM investments i WHERE i.network_id = offerings.network_id \
          AND i.offering_id = offerings.id AND i.life_cycle_stage IN (2, 4)), 0)) \
          * 100 / NULLIF(offerings.funding_goal, 0))",
    ),
    (
        Attr {
            name: "investment_count",
            ty: AttrType::Int,
        },
        "(SELECT count(*) FROM investments i WHERE i.network_id = offerings.network_id \
          AND i.offering_id = offerings.id AND i.life_cycle_stage IN (2, 4))::numeric",
    ),
    (
        Attr {
            name: "investor_count",
            ty: AttrType::Int,
        },
        "(SELECT count(DISTINCT i.user_id) FROM investments i \
          WHERE i.network_id = offerings.network_id \
          AND i.offering_id = offerings.id AND i.life_cycle_stage IN (2, 4))::numeric",
    ),
];

/// Every attribute an offerings list takes: the columns and the derived figures.
pub static LIST_ATTRS: std::sync::LazyLock<Vec<Attr>> = std::sync::LazyLock::new(|| {
    offering_attrs::ATTRS
        .iter()
        .copied()
        .chain(DERIVED.iter().map(|(attr, _)| *attr))
        .collect()
});

fn derived_sql(attr: &AttrRef) -> Option<&'static str> {
    match attr {
        AttrRef::Column(a) => DERIVED
            .iter()
            .find(|(d, _)| d.name == a.name)
            .map(|(_, sql)| *sql),
        AttrRef::Custom(_) => None,
    }
}

fn derived_value(v: &crate::domain::list::Value) -> Option<rust_decimal::Decimal> {
    match v {
        crate::domain::list::Value::Decimal(d) => Some(*d),
        crate::domain::list::Value::Int(i) => Some(rust_decimal::Decimal::from(*i)),
        _ => None,
    }
}

/// Adds a filter on a derived figure; the value is a bound parameter.
fn filter_derived<'a>(
    query: offering_attrs::Query<'a>,
    sql: &'static str,
    f: &Filter,
) -> Result<offering_attrs::Query<'a>, String> {
    use crate::domain::list::Operator;
    let values: Vec<rust_decimal::Decimal> = f.values.iter().filter_map(derived_value).collect();
    if values.len() != f.values.len() {
        return Err("A filter value is out of range for its attribute.".to_owned());
    }
    let expr = || SqlExpr::<'a, Nullable<Numeric>>::new(sql);
    Ok(match f.op {
        Operator::Eq => query.filter(expr().eq(values[0])),
        Operator::In => query.filter(expr().eq_any(values)),
        Operator::Gt => query.filter(expr().gt(values[0])),
        Operator::Lt => query.filter(expr().lt(values[0])),
        Operator::Between => query.filter(expr().between(values[0], values[1])),
    })
}

/// Which offerings a list may contain, decided by the caller from the viewer.
#[derive(Debug, Clone, Default)]
pub struct OfferingScope {
    /// The viewer (for `is_org_member` and the relation widening below).
    pub viewer: Option<Uuid>,
    /// Only these stage codes, OR'ed with "the viewer is the author or a member of the
    /// organization" when `or_related` is set; `None` lists every stage (admins).
    pub stages: Option<Vec<i16>>,
    /// Widen `stages` with the viewer's own offerings.
    pub or_related: bool,
    /// Only offerings of this organization.
    pub organization_id: Option<Uuid>,
    /// Only offerings created by this user.
    pub author_id: Option<Uuid>,
    /// Only featured offerings.
    pub featured_only: bool,
}

/// What a page of offerings computes besides its rows, in the page's own statement and
/// only when the query asks for it (a statement per request less for each).
#[derive(Debug, Clone, Copy, Default)]
pub struct PageExtras<'a> {
    /// The number of matching offerings (an uncorrelated subquery PostgreSQL runs once).
    pub count: bool,
    /// Each row's [`Figures`], for these stage codes: the counted ones (Approved,
    /// Settled) and those that block cancelling.
    pub figures: Option<FigureStages<'a>>,
}

/// The investment stage codes [`Figures`] are computed for.
#[derive(Debug, Clone, Copy)]
pub struct FigureStages<'a> {
    /// Stages counted into the amount raised and the counts.
    pub counted: &'a [i16],
    /// Stages that forbid cancelling the offering.
    pub blocking: &'a [i16],
}

/// One page of offerings: each row with `is_org_member` and, when asked, its figures;
/// the total count when asked.
#[derive(Debug)]
pub struct OfferingPage {
    /// The rows of the page.
    pub rows: Vec<(Offering, bool, Option<Figures>)>,
    /// The number of matching offerings, when [`PageExtras::count`] asked for it.
    pub count: Option<i64>,
}

/// An optional column of a page of offerings.
type Extra<ST> = Box<dyn BoxableExpression<offerings::table, Pg, SqlType = ST>>;

/// The record the figures column returns: amount, investments, investors, blocking.
type FiguresRecord = Record<(Numeric, BigInt, BigInt, BigInt)>;

/// A row of the page statement: the offering, `is_org_member`, the count and the figures
/// record (both NULL unless asked for).
type ListedRow = (
    Offering,
    bool,
    Option<i64>,
    Option<(Decimal, i64, i64, i64)>,
);

/// [`FIGURES_OF_SQL`] for the page's own row, as one record: an aggregate without
/// `GROUP BY`, over the same covering index, so an offering without investments gets
/// zeros.
fn figures_column(stages: FigureStages<'_>) -> Extra<Nullable<FiguresRecord>> {
    Box::new(
        SqlExpr::<Nullable<FiguresRecord>>::new(concat!(
            "(SELECT f FROM (SELECT ",
            figures_of_investments!("$1", "$2"),
            " FROM investments i
               WHERE i.network_id = offerings.network_id AND i.offering_id = offerings.id) f)"
        ))
        .bind::<Array<SmallInt>, _>(stages.counted.to_vec())
        .bind::<Array<SmallInt>, _>(stages.blocking.to_vec()),
    )
}

/// One page of offerings with `is_org_member` per row, plus what `extras` asks for.
pub async fn list(
    conn: &mut AsyncPgConnection,
    network_id: Uuid,
    scope: &OfferingScope,
    filters: &[Filter],
    order: Option<&(AttrRef, Direction)>,
    page: Page,
    extras: PageExtras<'_>,
) -> Result<QueryResult<OfferingPage>, String> {
    let viewer = scope.viewer.unwrap_or(Uuid::nil());
    let build = || -> Result<offering_attrs::Query<'static>, String> {
        let mut query = offerings::table
            .filter(offerings::network_id.eq(network_id))
            .into_boxed();
        if let Some(stages) = &scope.stages {
            let public = offerings::life_cycle_stage.eq_any(stages.clone());
            query = if scope.or_related {
                query.filter(
                    public
                        .or(offerings::user_id.eq(viewer))
                        .or(is_org_member_expr(network_id, viewer)),
                )
            } else {
                query.filter(public)
            };
        }
        if let Some(org) = scope.organization_id {
            query = query.filter(offerings::organization_id.eq(org));
        }
        if let Some(author) = scope.author_id {
            query = query.filter(offerings::user_id.eq(author));
        }
        if scope.featured_only {
            query = query.filter(offerings::is_featured.eq(true));
        }
        for f in filters {
            query = match derived_sql(&f.attr) {
                Some(sql) => filter_derived(query, sql, f)?,
                None => offering_attrs::filter(query, f)?,
            };
        }
        Ok(query)
    };
    let count_column: Extra<Nullable<BigInt>> = if extras.count {
        Box::new(build()?.count().single_value())
    } else {
        Box::new(SqlExpr::<Nullable<BigInt>>::new("NULL"))
    };
    let figures_column: Extra<Nullable<FiguresRecord>> = match extras.figures {
        Some(stages) => figures_column(stages),
        None => Box::new(SqlExpr::<Nullable<FiguresRecord>>::new("NULL")),
    };
    // Only for an empty page past the end, which has no row to carry the count.
    let count_query = if extras.count {
        Some(build()?.count())
    } else {
        None
    };
    let rows_query = match order {
        Some((attr, dir)) => match derived_sql(attr) {
            Some(sql) => {
                let expr = SqlExpr::<Nullable<Numeric>>::new(sql);
                let query = build()?;
                match dir {
                    Direction::Asc => query
                        .order_by(expr.asc())
                        .then_order_by(offerings::id.asc()),
                    Direction::Desc => query
                        .order_by(expr.desc())
                        .then_order_by(offerings::id.desc()),
                }
            }
            None => offering_attrs::order(build()?, attr, *dir),
        },
        None => build()?.order_by((offerings::created_at.desc(), offerings::id.desc())),
    }
    .select((
        Offering::as_select(),
        is_org_member_expr(network_id, viewer),
        count_column,
        figures_column,
    ))
    .offset(page.offset)
    .limit(page.limit);
    Ok(async {
        let rows: Vec<ListedRow> = rows_query.load(conn).await?;
        let count = match rows.as_slice().first() {
            Some((_, _, count, _)) => *count,
            // An empty page carries no count: zero from the start, else ask (a page past
            // the end is rare).
            None => match count_query {
                None => None,
                Some(_) if page.offset == 0 => Some(0),
                Some(query) => Some(query.get_result(conn).await?),
            },
        };
        let rows = rows
            .into_iter()
            .map(|(offering, is_member, _, figures)| {
                let figures = figures.map(|(amount, investments, investors, blocking)| Figures {
                    offering_id: offering.id,
                    approved_settled_amount: amount,
                    investment_count: investments,
                    investor_count: investors,
                    blocking_count: blocking,
                });
                (offering, is_member, figures)
            })
            .collect();
        Ok(OfferingPage { rows, count })
    }
    .await)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derived_figures_count_the_domain_stages() {
        use crate::domain::investment_rules::COUNTED_STAGES;
        let codes: Vec<String> = COUNTED_STAGES
            .iter()
            .map(|s| s.code().to_string())
            .collect();
        let in_list = format!("IN ({})", codes.join(", "));
        for (attr, sql) in DERIVED {
            assert!(sql.contains(&in_list), "{} must count {in_list}", attr.name);
        }
    }
}
