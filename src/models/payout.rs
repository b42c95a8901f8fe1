//! Payouts (`docs/money.md`, "Payouts"): scheduled payments owed to a user, attached to an
//! investment (a payment to the investor) or to an offering alone (a repayment by its
//! borrower). The row, its writes, and the figures derived from its Paid transactions
//! (paid flag, `paid_at`, `transactions_paid`), always computed in SQL, never stored.
//! Also whom a payout is owed to and whether a viewer is on the team of the
//! organization whose offering it belongs to ([`PayoutParties`]). Every query takes the
//! network id. Lists are `list.rs`.

use chrono::{DateTime, NaiveDate, Utc};
use diesel::dsl::sql;
use diesel::expression::SqlLiteral;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Bool, Nullable, Text, Timestamptz, Uuid as SqlUuid};
use diesel::{OptionalExtension, QueryResult, QueryableByName};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use rust_decimal::Decimal;
use uuid::Uuid;

use crate::db::cached::CachedSql;
use crate::db::schema::payouts;

pub mod list;

pub use list::{PayoutParent, PayoutScope, PayoutWindow, first_of, list, payout_attrs};

/// A payout row: every stored column.
#[derive(Debug, Clone, Queryable, Selectable, QueryableByName)]
#[diesel(table_name = payouts, check_for_backend(diesel::pg::Pg))]
pub struct Payout {
    /// Primary key.
    pub id: Uuid,
    /// The network.
    pub network_id: Uuid,
    /// The user it is owed to: the investor, or the borrower for an offering's payout.
    pub user_id: Uuid,
    /// The investment it pays, for an investor's payout.
    pub investment_id: Option<Uuid>,
    /// The offering, for an offering's own payout (no investment).
    pub offering_id: Option<Uuid>,
    /// The capitalization it relates to, if any.
    pub capitalization_id: Option<Uuid>,
    /// Payout type code (`crate::domain::payout::PayoutType`).
    pub payout_type: i16,
    /// A category of the platform's choosing.
    pub additional_type: Option<String>,
    /// ISO 4217 currency.
    pub currency: Option<String>,
    /// When payment is due.
    pub due_date: Option<NaiveDate>,
    /// The amount expected.
    pub payout_amount: Decimal,
    /// The least amount that settles it.
    pub minimum_payment: Option<Decimal>,
    /// A late fee.
    pub late_fee: Option<Decimal>,
    /// Amount declared unlikely to be collected.
    pub charge_offs: Option<Decimal>,
    /// Amount recovered after a default.
    pub net_recoveries: Option<Decimal>,
    /// A service charge.
    pub service_charge: Option<Decimal>,
    /// Net annualized return (a rate; may be negative).
    pub net_annualized_return: Option<Decimal>,
    /// Custom fields.
    pub custom: serde_json::Value,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last change.
    pub updated_at: DateTime<Utc>,
}

/// A new payout.
#[derive(Debug, Insertable)]
#[diesel(table_name = payouts)]
pub struct NewPayout {
    /// Its id: time-ordered ([`Uuid::now_v7`]), so the rows of a large schedule go to the
    /// end of the id indexes instead of all over them.
    pub id: Uuid,
    /// The network.
    pub network_id: Uuid,
    /// The user it is owed to.
    pub user_id: Uuid,
    /// The investment, for an investor's payout.
    pub investment_id: Option<Uuid>,
    /// The offering, for an offering's own payout.
    pub offering_id: Option<Uuid>,
    /// Payout type code.
    pub payout_type: i16,
    /// Category.
    pub additional_type: Option<String>,
    /// Currency.
    pub currency: Option<String>,
    /// Due date.
    pub due_date: Option<NaiveDate>,
    /// Amount expected.
    pub payout_amount: Decimal,
    /// Minimum payment.
    pub minimum_payment: Option<Decimal>,
    /// Late fee.
    pub late_fee: Option<Decimal>,
    /// Charge-offs.
    pub charge_offs: Option<Decimal>,
    /// Net recoveries.
    pub net_recoveries: Option<Decimal>,
    /// Service charge.
    pub service_charge: Option<Decimal>,
    /// Net annualized return.
    pub net_annualized_return: Option<Decimal>,
    /// Custom fields.
    pub custom: serde_json::Value,
}

/// Rows per INSERT of [`Payout::insert_many`]: a new payout binds 16 values, and
/// PostgreSQL takes at most 65,535 in one statement.
pub const INSERT_CHUNK: usize = 4000;

/// The columns a change may write. Who the payout is owed to and what it is attached to
/// have no field here: they never change.
#[derive(Debug, Default, Clone, AsChangeset)]
#[diesel(table_name = payouts)]
pub struct PayoutChanges {
    /// Payout type code.
    pub payout_type: Option<i16>,
    /// Category.
    pub additional_type: Option<Option<String>>,
    /// Currency.
    pub currency: Option<Option<String>>,
    /// Due date.
    pub due_date: Option<Option<NaiveDate>>,
    /// Amount expected.
    pub payout_amount: Option<Decimal>,
    /// Minimum payment.
    pub minimum_payment: Option<Option<Decimal>>,
    /// Late fee.
    pub late_fee: Option<Option<Decimal>>,
    /// Charge-offs.
    pub charge_offs: Option<Option<Decimal>>,
    /// Net recoveries.
    pub net_recoveries: Option<Option<Decimal>>,
    /// Service charge.
    pub service_charge: Option<Option<Decimal>>,
    /// Net annualized return.
    pub net_annualized_return: Option<Option<Decimal>>,
    /// Custom fields (merged by the caller).
    pub custom: Option<serde_json::Value>,
}

/// SQL: what the transaction `t` pays of the payout row `$p` (`docs/money.md`, "Paying a
/// payout"): a payment to an investor is paid by money reaching the investor, the
/// transaction's amount; an offering's own payout is owed by its borrower and paid by
/// money leaving the borrower, the negated amount (a repayment out of the borrower's
/// wallet is a negative transaction).
macro_rules! paid_part {
    ($p:literal) => {
        concat!(
            "CASE WHEN ",
            $p,
            ".investment_id IS NULL THEN -t.transaction_amount ELSE t.transaction_amount END"
        )
    };
}
pub(crate) use paid_part;

/// SQL: the sum of what the Paid transactions (status 1) of the payout row `payouts` pay.
macro_rules! paid_sum {
    () => {
        concat!(
            "COALESCE((SELECT SUM(",
            $crate::models::payout::paid_part!("payouts"),
            ") FROM transactions t
                   WHERE t.network_id = payouts.network_id AND t.payout_id = payouts.id
                     AND t.payment_status = 1), 0)"
        )
    };
}

/// SQL: whether the payout row `payouts` is paid (its Paid transactions reach its amount).
macro_rules! payout_is_paid {
    () => {
        concat!(
            "(payouts.payout_amount <= ",
            $crate::models::payout::paid_sum!(),
            ")"
        )
    };
}

/// SQL: when the payout row `payouts` became paid: the `paid_at` of the Paid transaction
/// whose running sum (in `paid_at` order) first reaches the amount; its creation for a
/// payout of 0; null while unpaid.
macro_rules! payout_paid_at {
    () => {
        concat!(
            "CASE WHEN NOT ",
            $crate::models::payout::payout_is_paid!(),
            " THEN NULL
                 WHEN payouts.payout_amount <= 0 THEN payouts.created_at
                 ELSE (SELECT r.paid_at FROM (
                         SELECT t.paid_at, t.id, SUM(",
            $crate::models::payout::paid_part!("payouts"),
            ") OVER (ORDER BY t.paid_at, t.id) AS running
                         FROM transactions t
                         WHERE t.network_id = payouts.network_id AND t.payout_id = payouts.id
                           AND t.payment_status = 1) r
                       WHERE r.running >= payouts.payout_amount
                       ORDER BY r.paid_at, r.id LIMIT 1) END"
        )
    };
}

/// SQL: the number of Paid transactions of the payout row `payouts`.
macro_rules! payout_transactions_paid {
    () => {
        "(SELECT COUNT(*) FROM transactions t
          WHERE t.network_id = payouts.network_id AND t.payout_id = payouts.id
            AND t.payment_status = 1)"
    };
}

/// SQL: the offering of the payout row `payouts`: its own, or its investment's.
macro_rules! payout_offering {
    () => {
        "COALESCE(payouts.offering_id, (
             SELECT i.offering_id FROM investments i
             WHERE i.network_id = payouts.network_id AND i.id = payouts.investment_id))"
    };
}

/// SQL: the name of that offering.
macro_rules! payout_offering_name {
    () => {
        concat!(
            "(SELECT o.name FROM offerings o
              WHERE o.network_id = payouts.network_id AND o.id = ",
            $crate::models::payout::payout_offering!(),
            ")"
        )
    };
}

/// SQL: the derived columns of the payout row `payouts` as a select list, named as the
/// fields of [`PayoutView`], for the hand-written statements.
macro_rules! payout_derived {
    () => {
        concat!(
            $crate::models::payout::payout_is_paid!(),
            " AS is_paid, ",
            $crate::models::payout::payout_paid_at!(),
            " AS paid_at, ",
            $crate::models::payout::payout_transactions_paid!(),
            " AS transactions_paid, ",
            $crate::models::payout::payout_offering!(),
            " AS offering_ref, ",
            $crate::models::payout::payout_offering_name!(),
            " AS offering_name"
        )
    };
}
pub(crate) use {
    paid_sum, payout_derived, payout_is_paid, payout_offering, payout_offering_name,
    payout_paid_at, payout_transactions_paid,
};

/// The derived columns of a payout as one select-list fragment of the query DSL, in the
/// order of [`Derived`].
#[allow(clippy::type_complexity)]
pub(crate) fn derived() -> (
    SqlLiteral<Bool>,
    SqlLiteral<Nullable<Timestamptz>>,
    SqlLiteral<BigInt>,
    SqlLiteral<Nullable<SqlUuid>>,
    SqlLiteral<Nullable<Text>>,
) {
    (
        sql::<Bool>(crate::models::payout::payout_is_paid!()),
        sql::<Nullable<Timestamptz>>(crate::models::payout::payout_paid_at!()),
        sql::<BigInt>(crate::models::payout::payout_transactions_paid!()),
        sql::<Nullable<SqlUuid>>(crate::models::payout::payout_offering!()),
        sql::<Nullable<Text>>(crate::models::payout::payout_offering_name!()),
    )
}

/// A payout with the figures derived from its transactions.
#[derive(Debug, Clone, QueryableByName)]
pub struct PayoutView {
    /// The row.
    #[diesel(embed)]
    pub payout: Payout,
    /// Whether its Paid transactions reach its amount.
    #[diesel(sql_type = Bool)]
    pub is_paid: bool,
    /// When it became paid (null while unpaid).
    #[diesel(sql_type = Nullable<Timestamptz>)]
    pub paid_at: Option<DateTime<Utc>>,
    /// How many Paid transactions it has.
    #[diesel(sql_type = BigInt)]
    pub transactions_paid: i64,
    /// Its offering: its own, or its investment's.
    #[diesel(sql_type = Nullable<SqlUuid>)]
    pub offering_ref: Option<Uuid>,
    /// That offering's name.
    #[diesel(sql_type = Nullable<Text>)]
    pub offering_name: Option<String>,
}

/// The derived columns as the query DSL loads them.
pub(crate) type Derived = (
    bool,
    Option<DateTime<Utc>>,
    i64,
    Option<Uuid>,
    Option<String>,
);

impl PayoutView {
    /// The figures of a payout just inserted, in the same transaction: nothing pays it
    /// yet, so it is paid only when its amount is zero (from its creation, as the derived
    /// columns of [`derived`] say), and its offering is the one it was created for.
    pub fn fresh(payout: Payout, offering_id: Uuid, offering_name: Option<String>) -> Self {
        let is_paid = payout.payout_amount <= Decimal::ZERO;
        Self {
            is_paid,
            paid_at: is_paid.then_some(payout.created_at),
            transactions_paid: 0,
            offering_ref: Some(offering_id),
            offering_name,
            payout,
        }
    }
}

impl From<(Payout, Derived)> for PayoutView {
    fn from((payout, d): (Payout, Derived)) -> Self {
        Self {
            payout,
            is_paid: d.0,
            paid_at: d.1,
            transactions_paid: d.2,
            offering_ref: d.3,
            offering_name: d.4,
        }
    }
}

impl Payout {
    crate::models::lookup::lookups! {
        payouts => Payout;
        /// The payout `id` of `network_id`, if any.
        pub fn find = find;
        /// The payout `id` of `network_id`, locked until the transaction ends.
        pub fn lock = lock;
    }

    /// Inserts a payout.
    pub async fn insert(conn: &mut AsyncPgConnection, new: &NewPayout) -> QueryResult<Payout> {
        diesel::insert_into(payouts::table)
            .values(new)
            .returning(Payout::as_returning())
            .get_result(conn)
            .await
    }

    /// Inserts payouts with as few statements as the database's limit of bound values
    /// allows (one multi-row INSERT per [`INSERT_CHUNK`] rows), returning them in the
    /// order given. The caller holds the transaction that makes them all or nothing.
    pub async fn insert_many(
        conn: &mut AsyncPgConnection,
        new: &[NewPayout],
    ) -> QueryResult<Vec<Payout>> {
        let mut out = Vec::with_capacity(new.len());
        for chunk in new.chunks(INSERT_CHUNK) {
            let rows: Vec<Payout> = diesel::insert_into(payouts::table)
                .values(chunk)
                .returning(Payout::as_returning())
                .get_results(conn)
                .await?;
            out.extend(rows);
        }
        Ok(out)
    }

    /// Writes `changes` to the payout `id` of `network_id`.
    pub async fn update(
        conn: &mut AsyncPgConnection,
        network_id: Uuid,
        id: Uuid,
        changes: &PayoutChanges,
    ) -> QueryResult<Payout> {
        diesel::update(payouts::table)
            .filter(payouts::network_id.eq(network_id))
            .filter(payouts::id.eq(id))
            .set(changes)
            .returning(Payout::as_returning())
            .get_result(conn)
            .await
    }
}

impl PayoutView {
    /// The payout `id` of `network_id` with its derived figures, if any.
    pub async fn find(
        conn: &mut AsyncPgConnection,
        network_id: Uuid,
        id: Uuid,
    ) -> QueryResult<Option<PayoutView>> {
        let row: Option<(Payout, Derived)> = payouts::table
            .filter(payouts::network_id.eq(network_id))
            .filter(payouts::id.eq(id))
            .select((Payout::as_select(), derived()))
            .first(conn)
            .await
            .optional()?;
        Ok(row.map(PayoutView::from))
    }
}

/// The parties of a payout.
#[derive(Debug, Clone, PartialEq, Eq, QueryableByName)]
pub struct PayoutParties {
    /// The payout.
    #[diesel(sql_type = SqlUuid)]
    pub id: Uuid,
    /// The user the payout is owed to (investor, or the borrower of a repayment plan).
    #[diesel(sql_type = SqlUuid)]
    pub user_id: Uuid,
    /// Its currency, when it has one.
    #[diesel(sql_type = Nullable<Text>)]
    pub currency: Option<String>,
    /// Whether the viewer is an active member of the organization of the payout's
    /// offering (the offering named on the payout, or its investment's).
    #[diesel(sql_type = Bool)]
    pub viewer_is_team: bool,
}

/// The statement of [`PayoutParties::find`].
const FIND_SQL: &str = "
    SELECT p.id, p.user_id, p.currency,
           EXISTS (
               SELECT 1
               FROM offerings o
               JOIN organization_members m
                 ON m.network_id = o.network_id AND m.organization_id = o.organization_id
               WHERE o.network_id = p.network_id
                 AND o.id = COALESCE(p.offering_id, (
                         SELECT i.offering_id FROM investments i
                         WHERE i.network_id = p.network_id AND i.id = p.investment_id))
                 AND m.user_id = $3 AND m.status
           ) AS viewer_is_team
    FROM payouts p
    WHERE p.network_id = $1 AND p.id = $2";

impl PayoutParties {
    /// The payout `id` of `network_id` with whether `viewer` (nil: anonymous) is on its
    /// paying team, if the payout exists.
    pub async fn find(
        conn: &mut AsyncPgConnection,
        network_id: Uuid,
        id: Uuid,
        viewer: Option<Uuid>,
    ) -> QueryResult<Option<PayoutParties>> {
        CachedSql::new(FIND_SQL)
            .bind::<SqlUuid, _>(network_id)
            .bind::<SqlUuid, _>(id)
            .bind::<SqlUuid, _>(viewer.unwrap_or(Uuid::nil()))
            .get_result(conn)
            .await
            .optional()
    }
}
