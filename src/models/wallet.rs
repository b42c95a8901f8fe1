//! Wallets (`docs/money.md`, "The ledger"): a user's internal wallets. `balance` and
//! `committed` are kept by the database with every transaction write; the free balance
//! follows from them. Every query takes the network id.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::result::QueryResult;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use rust_decimal::Decimal;
use uuid::Uuid;

use crate::db::schema::wallets;
use crate::domain::ledger::WalletSums;

/// A wallet row.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = wallets, check_for_backend(diesel::pg::Pg))]
pub struct Wallet {
    /// Primary key.
    pub id: Uuid,
    /// The network.
    pub network_id: Uuid,
    /// The owner.
    pub user_id: Uuid,
    /// ISO 4217 currency of the wallet and of all its transactions.
    pub currency: String,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last change (also moved by every transaction of the wallet).
    pub updated_at: DateTime<Utc>,
    /// Sum of the Paid transaction amounts.
    pub balance: Decimal,
    /// Sum of the magnitudes of the Pending negative amounts.
    pub committed: Decimal,
}

impl Wallet {
    /// The wallet's sums, for the ledger's rules.
    pub fn sums(&self) -> WalletSums {
        WalletSums {
            balance: self.balance,
            committed: self.committed,
        }
    }

    /// Creates a wallet of `currency` for `user_id`.
    pub async fn insert(
        conn: &mut AsyncPgConnection,
        network_id: Uuid,
        user_id: Uuid,
        currency: &str,
    ) -> QueryResult<Wallet> {
        diesel::insert_into(wallets::table)
            .values((
                wallets::network_id.eq(network_id),
                wallets::user_id.eq(user_id),
                wallets::currency.eq(currency),
            ))
            .returning(Wallet::as_returning())
            .get_result(conn)
            .await
    }

    crate::models::lookup::lookups! {
        wallets => Wallet;
        /// The wallet `id` of `network_id`, if any.
        pub fn find = find;
        /// The wallet `id` of `network_id`, locked until the transaction ends.
        pub fn lock = lock;
    }

    /// The wallets of `user_ids`, oldest first per user, in one statement.
    pub async fn of_users(
        conn: &mut AsyncPgConnection,
        network_id: Uuid,
        user_ids: &[Uuid],
    ) -> QueryResult<Vec<Wallet>> {
        wallets::table
            .filter(wallets::network_id.eq(network_id))
            .filter(wallets::user_id.eq_any(user_ids))
            .order_by((wallets::user_id, wallets::created_at, wallets::id))
            .select(Wallet::as_select())
            .load(conn)
            .await
    }
}
