//! Transactions (`docs/money.md`, "The ledger"): money moving in or out of a wallet,
//! and/or paying a payout. The database keeps the wallet's sums and refuses an overdraft,
//! a change of money and a change of a final status whatever is written here; these
//! functions only read and write rows. Every query takes the network id.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::result::QueryResult;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use rust_decimal::Decimal;
use uuid::Uuid;

use crate::db::cached::CachedSql;
use crate::db::schema::transactions;
use crate::domain::list::{AttrRef, Direction, Filter, Page};

/// A transaction row.
#[derive(Debug, Clone, Queryable, Selectable, QueryableByName)]
#[diesel(table_name = transactions, check_for_backend(diesel::pg::Pg))]
pub struct Transaction {
    /// Primary key.
    pub id: Uuid,
    /// The network.
    pub network_id: Uuid,
    /// The user whose money moves (the wallet's owner).
    pub user_id: Uuid,
    /// The wallet, if the transaction moves a wallet's money.
    pub wallet_id: Option<Uuid>,
    /// The payout it pays, if any.
    pub payout_id: Option<Uuid>,
    /// Payment status code (`crate::domain::ledger::PaymentStatus`).
    pub payment_status: i16,
    /// Payment service code: 0 Offline, 1 MangoPay, 2 GCEN, 3 GoCardless.
    pub payment_service: i16,
    /// Signed amount: positive puts money in, negative takes it out.
    pub transaction_amount: Decimal,
    /// ISO 4217 currency (the wallet's).
    pub transaction_currency: Option<String>,
    /// The amount originally paid, when in another currency.
    pub original_transaction_amount: Option<Decimal>,
    /// The currency of the original amount.
    pub original_transaction_currency: Option<String>,
    /// A description for the statement.
    pub transaction_description: Option<String>,
    /// The payment service's confirmation.
    pub confirmation_number: Option<String>,
    /// The payment service's log id.
    pub payment_service_log_id: Option<String>,
    /// Custom fields.
    pub custom: serde_json::Value,
    /// When it became Paid (kept by the database).
    pub paid_at: Option<DateTime<Utc>>,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last change.
    pub updated_at: DateTime<Utc>,
}

/// A new transaction.
#[derive(Debug, Insertable)]
#[diesel(table_name = transactions)]
pub struct NewTransaction {
    /// The network.
    pub network_id: Uuid,
    /// The wallet's owner.
    pub user_id: Uuid,
    /// The wallet.
    pub wallet_id: Option<Uuid>,
    /// The payout it pays.
    pub payout_id: Option<Uuid>,
    /// Payment status code.
    pub payment_status: i16,
    /// Payment service code.
    pub payment_service: i16,
    /// Signed amount.
    pub transaction_amount: Decimal,
    /// Currency; the database fills in the wallet's when none is given.
    pub transaction_currency: Option<String>,
    /// Original amount.
    pub original_transaction_amount: Option<Decimal>,
    /// Original currency.
    pub original_transaction_currency: Option<String>,
    /// Description.
    pub transaction_description: Option<String>,
    /// Confirmation number.
    pub confirmation_number: Option<String>,
    /// Payment service log id.
    pub payment_service_log_id: Option<String>,
    /// Custom fields.
    pub custom: serde_json::Value,
}

/// The columns an update may change: the status and the descriptive fields. The money
/// (amount, currency, wallet, user) has no field here on purpose.
#[derive(Debug, Default, AsChangeset)]
#[diesel(table_name = transactions)]
pub struct TransactionChanges {
    /// A new status.
    pub payment_status: Option<i16>,
    /// Payment service code.
    pub payment_service: Option<i16>,
    /// The payout it pays.
    pub payout_id: Option<Option<Uuid>>,
    /// Original amount.
    pub original_transaction_amount: Option<Option<Decimal>>,
    /// Original currency.
    pub original_transaction_currency: Option<Option<String>>,
    /// Description.
    pub transaction_description: Option<Option<String>>,
    /// Confirmation number.
    pub confirmation_number: Option<Option<String>>,
    /// Payment service log id.
    pub payment_service_log_id: Option<Option<String>>,
    /// Custom fields (merged by the caller).
    pub custom: Option<serde_json::Value>,
}

impl TransactionChanges {
    /// Whether nothing would change.
    pub fn is_empty(&self) -> bool {
        self.payment_status.is_none()
            && self.payment_service.is_none()
            && self.payout_id.is_none()
            && self.original_transaction_amount.is_none()
            && self.original_transaction_currency.is_none()
            && self.transaction_description.is_none()
            && self.confirmation_number.is_none()
            && self.payment_service_log_id.is_none()
            && self.custom.is_none()
    }
}

crate::list_columns! {
    /// Attributes transaction lists may be ordered and filtered by.
    pub mod transaction_attrs for transactions, id transactions::id, custom transactions::custom {
        "id" => transactions::id: uuid,
        "user_id" => transactions::user_id: uuid,
        "wallet_id" => transactions::wallet_id: uuid,
        "payout_id" => transactions::payout_id: uuid,
        "payment_status" => transactions::payment_status: int2,
        "payment_service" => transactions::payment_service: int2,
        "transaction_amount" => transactions::transaction_amount: numeric,
        "transaction_currency" => transactions::transaction_currency: text,
        "original_transaction_amount" => transactions::original_transaction_amount: numeric,
        "original_transaction_currency" => transactions::original_transaction_currency: text,
        "transaction_description" => transactions::transaction_description: text,
        "confirmation_number" => transactions::confirmation_number: text,
        "payment_service_log_id" => transactions::payment_service_log_id: text,
        "paid_at" => transactions::paid_at: timestamptz,
        "created_at" => transactions::created_at: timestamptz,
        "updated_at" => transactions::updated_at: timestamptz,
    }
}

impl Transaction {
    crate::models::lookup::lookups! {
        transactions => Transaction;
        /// The transaction `id` of `network_id`, if any.
        pub fn find = find;
        /// The transaction `id` of `network_id`, locked until the transaction ends.
        pub fn lock = lock;
    }

    /// Inserts a transaction; the database adds it to its wallet's sums in the same
    /// statement, or refuses it (overdraft, currency).
    pub async fn insert(
        conn: &mut AsyncPgConnection,
        new: &NewTransaction,
    ) -> QueryResult<Transaction> {
        diesel::insert_into(transactions::table)
            .values(new)
            .returning(Transaction::as_returning())
            .get_result(conn)
            .await
    }

    /// Writes `changes` to the transaction `id` of `network_id`.
    pub async fn update(
        conn: &mut AsyncPgConnection,
        network_id: Uuid,
        id: Uuid,
        changes: &TransactionChanges,
    ) -> QueryResult<Transaction> {
        diesel::update(transactions::table)
            .filter(transactions::network_id.eq(network_id))
            .filter(transactions::id.eq(id))
            .set(changes)
            .returning(Transaction::as_returning())
            .get_result(conn)
            .await
    }

    /// One page of a wallet's transactions and their total count, newest first unless
    /// ordered otherwise.
    pub async fn list_of_wallet(
        conn: &mut AsyncPgConnection,
        network_id: Uuid,
        wallet_id: Uuid,
        filters: &[Filter],
        order: Option<&(AttrRef, Direction)>,
        page: Page,
    ) -> Result<QueryResult<(Vec<Transaction>, i64)>, String> {
        let build = || -> Result<transaction_attrs::Query<'static>, String> {
            let mut query = transactions::table
                .filter(transactions::network_id.eq(network_id))
                .filter(transactions::wallet_id.eq(wallet_id))
                .into_boxed();
            for f in filters {
                query = transaction_attrs::filter(query, f)?;
            }
            Ok(query)
        };
        crate::models::paging::count_and_page!(
            conn,
            transactions,
            build,
            order by transaction_attrs::order,
            page,
            select Transaction::as_select(),
        )
    }

    /// One page of a payout's transactions and their total count, newest first unless
    /// ordered otherwise.
    pub async fn list_of_payout(
        conn: &mut AsyncPgConnection,
        network_id: Uuid,
        payout_id: Uuid,
        filters: &[Filter],
        order: Option<&(AttrRef, Direction)>,
        page: Page,
    ) -> Result<QueryResult<(Vec<Transaction>, i64)>, String> {
        let build = || -> Result<transaction_attrs::Query<'static>, String> {
            let mut query = transactions::table
                .filter(transactions::network_id.eq(network_id))
                .filter(transactions::payout_id.eq(payout_id))
                .into_boxed();
            for f in filters {
                query = transaction_attrs::filter(query, f)?;
            }
            Ok(query)
        };
        crate::models::paging::count_and_page!(
            conn,
            transactions,
            build,
            order by transaction_attrs::order,
            page,
            select Transaction::as_select(),
        )
    }
}

/// A transaction of a payout, with the number of transactions that payout has.
#[derive(Debug, Clone, QueryableByName)]
pub struct CountedTransaction {
    /// The transaction.
    #[diesel(embed)]
    pub transaction: Transaction,
    /// How many transactions its payout has.
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    pub of_payout: i64,
}

// The newest first (by creation, then id), as a payout's own transaction list orders them.
const FIRST_OF_PAYOUTS_SQL: &str = "
    SELECT * FROM (
        SELECT t.*, row_number() OVER newest AS position,
               count(*) OVER (PARTITION BY t.payout_id) AS of_payout
        FROM transactions t
        WHERE t.network_id = $1 AND t.payout_id = ANY($2)
        WINDOW newest AS (PARTITION BY t.payout_id ORDER BY t.created_at DESC, t.id DESC)
    ) x
    WHERE x.position <= $3
    ORDER BY x.payout_id, x.position";

/// The newest `limit` transactions of each of the payouts `ids`, with each payout's
/// number of transactions, in one statement (a payout without any has no row).
pub async fn first_of_payouts(
    conn: &mut AsyncPgConnection,
    network_id: Uuid,
    ids: &[Uuid],
    limit: i64,
) -> QueryResult<Vec<CountedTransaction>> {
    use diesel::sql_types::{Array, BigInt, Uuid as SqlUuid};
    CachedSql::new(FIRST_OF_PAYOUTS_SQL)
        .bind::<SqlUuid, _>(network_id)
        .bind::<Array<SqlUuid>, _>(ids)
        .bind::<BigInt, _>(limit)
        .load(conn)
        .await
}
