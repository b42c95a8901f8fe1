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
use crate::domain::list::{AttrRef, Direction, Filter, Page};

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
        /// The wallets of `ids` in `network_id`, in one statement.
        pub fn find_many = find_many;
    }

    /// How many wallets `user_id` has.
    pub async fn count_of_user(
        conn: &mut AsyncPgConnection,
        network_id: Uuid,
        user_id: Uuid,
    ) -> QueryResult<i64> {
        wallets::table
            .filter(wallets::network_id.eq(network_id))
            .filter(wallets::user_id.eq(user_id))
            .count()
            .get_result(conn)
            .await
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

/// Attributes wallet lists may be ordered and filtered by (wallets have no custom
/// fields, so this is `list_columns!` without its custom-field part).
pub mod wallet_attrs {
    use diesel::pg::Pg;
    use diesel::prelude::*;

    use crate::db::schema::wallets;
    use crate::domain::list::{Attr, AttrRef, AttrType, Direction, Filter, Operator};

    /// The query type wallet lists are built on.
    pub type Query<'a> = wallets::BoxedQuery<'a, Pg>;

    /// The attributes, for `crate::domain::list`.
    pub const ATTRS: &[Attr] = &[
        Attr {
            name: "id",
            ty: AttrType::Id,
        },
        Attr {
            name: "currency",
            ty: AttrType::Text,
        },
        Attr {
            name: "balance",
            ty: AttrType::Decimal,
        },
        Attr {
            name: "committed_balance",
            ty: AttrType::Decimal,
        },
        Attr {
            name: "created_at",
            ty: AttrType::Date,
        },
        Attr {
            name: "updated_at",
            ty: AttrType::Date,
        },
    ];

    /// Adds the filter's condition to `query`.
    pub fn filter<'a>(query: Query<'a>, f: &Filter) -> Result<Query<'a>, String> {
        match &f.attr {
            AttrRef::Custom(_) => Err("Wallets have no custom fields.".to_owned()),
            AttrRef::Column(attr) => match attr.name {
                "id" => crate::list_columns!(@filter uuid, query, wallets::id, f),
                "currency" => crate::list_columns!(@filter text, query, wallets::currency, f),
                "balance" => crate::list_columns!(@filter numeric, query, wallets::balance, f),
                "committed_balance" => {
                    crate::list_columns!(@filter numeric, query, wallets::committed, f)
                }
                "created_at" => {
                    crate::list_columns!(@filter timestamptz, query, wallets::created_at, f)
                }
                "updated_at" => {
                    crate::list_columns!(@filter timestamptz, query, wallets::updated_at, f)
                }
                other => Err(format!("{other:?} cannot be filtered here.")),
            },
        }
    }

    /// Orders `query` by the attribute, then by id for a stable order.
    pub fn order<'a>(query: Query<'a>, attr: &AttrRef, dir: Direction) -> Query<'a> {
        let name = match attr {
            AttrRef::Column(a) => a.name,
            AttrRef::Custom(_) => "",
        };
        let query = match (name, dir) {
            ("id", Direction::Asc) => query.order_by(wallets::id.asc()),
            ("id", Direction::Desc) => query.order_by(wallets::id.desc()),
            ("currency", Direction::Asc) => query.order_by(wallets::currency.asc()),
            ("currency", Direction::Desc) => query.order_by(wallets::currency.desc()),
            ("balance", Direction::Asc) => query.order_by(wallets::balance.asc()),
            ("balance", Direction::Desc) => query.order_by(wallets::balance.desc()),
            ("committed_balance", Direction::Asc) => query.order_by(wallets::committed.asc()),
            ("committed_balance", Direction::Desc) => query.order_by(wallets::committed.desc()),
            ("updated_at", Direction::Asc) => query.order_by(wallets::updated_at.asc()),
            ("updated_at", Direction::Desc) => query.order_by(wallets::updated_at.desc()),
            (_, Direction::Asc) => query.order_by(wallets::created_at.asc()),
            (_, Direction::Desc) => query.order_by(wallets::created_at.desc()),
        };
        match dir {
            Direction::Asc => query.then_order_by(wallets::id.asc()),
            Direction::Desc => query.then_order_by(wallets::id.desc()),
        }
    }
}

impl Wallet {
    /// One page of a user's wallets and their total count, oldest first unless ordered
    /// otherwise (a user's first wallet stays first).
    pub async fn list_of_user(
        conn: &mut AsyncPgConnection,
        network_id: Uuid,
        user_id: Uuid,
        filters: &[Filter],
        order: Option<&(AttrRef, Direction)>,
        page: Page,
    ) -> Result<QueryResult<(Vec<Wallet>, i64)>, String> {
        let build = || -> Result<wallet_attrs::Query<'static>, String> {
            let mut query = wallets::table
                .filter(wallets::network_id.eq(network_id))
                .filter(wallets::user_id.eq(user_id))
                .into_boxed();
            for f in filters {
                query = wallet_attrs::filter(query, f)?;
            }
            Ok(query)
        };
        let oldest_first = (AttrRef::Column(wallet_attrs::ATTRS[4]), Direction::Asc);
        let order = Some(order.unwrap_or(&oldest_first));
        crate::models::paging::count_and_page!(
            conn,
            wallets,
            build,
            order by wallet_attrs::order,
            page,
            select Wallet::as_select(),
        )
    }
}
