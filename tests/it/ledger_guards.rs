//! The ledger's guards as the database enforces them, with no service code in between:
//! whatever writes transactions, however concurrently, a wallet is never overdrawn, its
//! stored sums equal the sums of its rows, and final transactions never change.

use std::collections::BTreeMap;

use diesel::sql_types::{Numeric, Text};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use rust_decimal::Decimal;
use uuid::Uuid;

use crate::common::TestDb;

const NETWORK: &str = "00000000-0000-0000-0000-00000000000a";
const OWNER: &str = "00000000-0000-0000-0000-0000000000a1";

/// A migrated database with one network, one user and `wallets` USD wallets.
async fn ledger(wallets: usize) -> (TestDb, Vec<Uuid>) {
    let db = TestDb::migrated().await;
    let mut conn = db.conn().await;
    exec(
        &mut conn,
        &format!(
            "INSERT INTO networks (id, name, api_key, api_secret) VALUES ('{NETWORK}', 'ledger', 'k', 's');
             INSERT INTO users (id, network_id, email) VALUES ('{OWNER}', '{NETWORK}', 'owner@example.com')"
        ),
    )
    .await
    .unwrap();
    let mut ids = Vec::new();
    for _ in 0..wallets {
        let id = Uuid::new_v4();
        exec(
            &mut conn,
            &format!(
                "INSERT INTO wallets (id, network_id, user_id, currency) VALUES ('{id}', '{NETWORK}', '{OWNER}', 'USD')"
            ),
        )
        .await
        .unwrap();
        ids.push(id);
    }
    (db, ids)
}

async fn exec(conn: &mut AsyncPgConnection, sql: &str) -> diesel::QueryResult<()> {
    diesel::sql_query(format!("DO $do$ BEGIN {sql}; END $do$"))
        .execute(conn)
        .await
        .map(drop)
}

/// Inserts a transaction of `amount` with `status` into `wallet`; the error text on refusal.
async fn insert(
    conn: &mut AsyncPgConnection,
    wallet: Uuid,
    amount: &str,
    status: i16,
) -> Result<Uuid, String> {
    let id = Uuid::new_v4();
    diesel::sql_query(format!(
        "INSERT INTO transactions (id, network_id, user_id, wallet_id, transaction_amount, payment_status)
         VALUES ('{id}', '{NETWORK}', '{OWNER}', '{wallet}', {amount}, {status})"
    ))
    .execute(conn)
    .await
    .map(|_| id)
    .map_err(|e| e.to_string())
}

#[derive(diesel::QueryableByName, Debug, PartialEq)]
struct Sums {
    #[diesel(sql_type = Numeric)]
    balance: Decimal,
    #[diesel(sql_type = Numeric)]
    committed: Decimal,
    #[diesel(sql_type = Numeric)]
    paid_sum: Decimal,
    #[diesel(sql_type = Numeric)]
    pending_debits: Decimal,
}

/// The wallet's stored sums and the same sums computed from its rows.
async fn sums(conn: &mut AsyncPgConnection, wallet: Uuid) -> Sums {
    diesel::sql_query(format!(
        "SELECT w.balance, w.committed,
                COALESCE((SELECT sum(transaction_amount) FROM transactions
                          WHERE wallet_id = w.id AND payment_status = 1), 0) AS paid_sum,
                COALESCE((SELECT sum(-transaction_amount) FROM transactions
                          WHERE wallet_id = w.id AND payment_status = 0
                            AND transaction_amount < 0), 0) AS pending_debits
         FROM wallets w WHERE w.id = '{wallet}'"
    ))
    .get_result(conn)
    .await
    .unwrap()
}

fn dec(s: &str) -> Decimal {
    s.parse().unwrap()
}

#[tokio::test]
async fn concurrent_debits_never_overdraw_a_wallet() {
    let (db, wallets) = ledger(1).await;
    let wallet = wallets[0];
    insert(&mut db.conn().await, wallet, "100", 1)
        .await
        .unwrap();
    // 25 debits of 10 at once, each on its own connection: exactly 10 fit.
    let mut tasks = Vec::new();
    for i in 0..25 {
        let url = db.url.clone();
        tasks.push(tokio::spawn(async move {
            let mut conn = <AsyncPgConnection as diesel_async::AsyncConnection>::establish(&url)
                .await
                .unwrap();
            let status = if i % 2 == 0 { 1 } else { 0 };
            insert(&mut conn, wallet, "-10", status).await
        }));
    }
    let mut accepted = 0;
    for task in tasks {
        match task.await.unwrap() {
            Ok(_) => accepted += 1,
            Err(e) => assert!(e.contains("wallets_no_overdraft"), "{e}"),
        }
    }
    assert_eq!(accepted, 10);
    let s = sums(&mut db.conn().await, wallet).await;
    assert_eq!(s.balance, s.paid_sum);
    assert_eq!(s.committed, s.pending_debits);
    assert_eq!(s.balance - s.committed, Decimal::ZERO);
}

#[tokio::test]
async fn a_pending_debit_commits_funds_until_it_ends() {
    let (db, wallets) = ledger(1).await;
    let (mut conn, wallet) = (db.conn().await, wallets[0]);
    insert(&mut conn, wallet, "50", 1).await.unwrap();
    // A pending deposit is not spendable.
    insert(&mut conn, wallet, "500", 0).await.unwrap();
    let pending = insert(&mut conn, wallet, "-30", 0).await.unwrap();
    let refused = insert(&mut conn, wallet, "-25", 1).await.unwrap_err();
    assert!(refused.contains("wallets_no_overdraft"), "{refused}");
    exec(
        &mut conn,
        &format!("UPDATE transactions SET payment_status = 2 WHERE id = '{pending}'"),
    )
    .await
    .unwrap();
    insert(&mut conn, wallet, "-25", 1).await.unwrap();
    let s = sums(&mut conn, wallet).await;
    assert_eq!((s.balance, s.committed), (dec("25"), Decimal::ZERO));
    assert_eq!((s.paid_sum, s.pending_debits), (s.balance, s.committed));
}

#[tokio::test]
async fn final_transactions_never_change_and_money_is_never_edited() {
    let (db, wallets) = ledger(1).await;
    let (mut conn, wallet) = (db.conn().await, wallets[0]);
    let paid = insert(&mut conn, wallet, "40", 1).await.unwrap();
    let pending = insert(&mut conn, wallet, "-10", 0).await.unwrap();
    for change in [
        format!("UPDATE transactions SET payment_status = 2 WHERE id = '{paid}'"),
        format!("UPDATE transactions SET payment_status = 0 WHERE id = '{paid}'"),
        format!("UPDATE transactions SET paid_at = now() - interval '1 day' WHERE id = '{paid}'"),
        format!("DELETE FROM transactions WHERE id = '{paid}'"),
    ] {
        let e = exec(&mut conn, &change).await.unwrap_err().to_string();
        assert!(e.contains("is final"), "{change}: {e}");
    }
    for change in [
        format!("UPDATE transactions SET transaction_amount = 41 WHERE id = '{paid}'"),
        format!("UPDATE transactions SET transaction_amount = -5 WHERE id = '{pending}'"),
        format!("UPDATE transactions SET wallet_id = NULL WHERE id = '{pending}'"),
        format!("UPDATE transactions SET transaction_currency = 'EUR' WHERE id = '{pending}'"),
    ] {
        let e = exec(&mut conn, &change).await.unwrap_err().to_string();
        assert!(e.contains("cannot change"), "{change}: {e}");
    }
    // What is not money stays editable.
    exec(
        &mut conn,
        &format!("UPDATE transactions SET transaction_description = 'note', confirmation_number = 'C1' WHERE id = '{paid}'"),
    )
    .await
    .unwrap();
    let s = sums(&mut conn, wallet).await;
    assert_eq!((s.balance, s.committed), (dec("40"), dec("10")));
}

#[tokio::test]
async fn a_wallet_transaction_takes_the_wallet_currency_and_refuses_another() {
    let (db, wallets) = ledger(1).await;
    let (mut conn, wallet) = (db.conn().await, wallets[0]);
    let id = insert(&mut conn, wallet, "5", 1).await.unwrap();
    #[derive(diesel::QueryableByName)]
    struct Currency {
        #[diesel(sql_type = Text)]
        transaction_currency: String,
    }
    let c: Currency = diesel::sql_query(format!(
        "SELECT transaction_currency FROM transactions WHERE id = '{id}'"
    ))
    .get_result(&mut conn)
    .await
    .unwrap();
    assert_eq!(c.transaction_currency, "USD");
    let e = exec(
        &mut conn,
        &format!(
            "INSERT INTO transactions (network_id, user_id, wallet_id, transaction_amount, transaction_currency)
             VALUES ('{NETWORK}', '{OWNER}', '{wallet}', 5, 'EUR')"
        ),
    )
    .await
    .unwrap_err()
    .to_string();
    assert!(e.contains("transactions_wallet_currency_fk"), "{e}");
}

/// One step of a random ledger history.
#[derive(Debug, Clone)]
enum Step {
    /// A new transaction in wallet `wallet` (an index), `amount` cents, with `status`.
    Insert {
        wallet: usize,
        cents: i64,
        status: i16,
    },
    /// The `nth` transaction written so far (modulo their number) moves to `status`.
    Settle { nth: usize, status: i16 },
}

fn step() -> impl proptest::strategy::Strategy<Value = Step> {
    use proptest::prelude::*;
    prop_oneof![
        (0..3usize, -5_000i64..5_000, 0..4i16)
            .prop_filter("never zero", |(_, c, _)| *c != 0)
            .prop_map(|(wallet, cents, status)| Step::Insert {
                wallet,
                cents,
                status
            }),
        (any::<usize>(), 1..4i16).prop_map(|(nth, status)| Step::Settle { nth, status }),
    ]
}

/// Random histories of credits, debits and status changes over three wallets, written
/// in concurrent batches: after each batch every wallet's stored sums equal the sums of
/// its rows, its free balance is not negative, and no final row has changed.
#[test]
fn random_concurrent_histories_keep_every_wallet_whole() {
    use proptest::prelude::*;
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let config = ProptestConfig {
        cases: 12,
        failure_persistence: None,
        ..ProptestConfig::default()
    };
    proptest!(config, |(batches in proptest::collection::vec(proptest::collection::vec(step(), 1..12), 1..6))| {
        runtime.block_on(check_history(batches));
    });
}

async fn check_history(batches: Vec<Vec<Step>>) {
    let (db, wallets) = ledger(3).await;
    let mut conn = db.conn().await;
    // Some money to spend in each wallet.
    for wallet in &wallets {
        insert(&mut conn, *wallet, "20", 1).await.unwrap();
    }
    let mut written: Vec<Uuid> = Vec::new();
    for batch in batches {
        let before = final_rows(&mut conn).await;
        let mut tasks = Vec::new();
        for step in batch {
            let (url, wallets, written) = (db.url.clone(), wallets.clone(), written.clone());
            tasks.push(tokio::spawn(async move {
                let mut conn =
                    <AsyncPgConnection as diesel_async::AsyncConnection>::establish(&url)
                        .await
                        .unwrap();
                match step {
                    Step::Insert {
                        wallet,
                        cents,
                        status,
                    } => {
                        let amount = Decimal::new(cents, 2).to_string();
                        insert(&mut conn, wallets[wallet], &amount, status).await.ok()
                    }
                    Step::Settle { nth, status } if !written.is_empty() => {
                        let id = written[nth % written.len()];
                        // Refusals (final rows, overdrafts) are expected; only the
                        // invariants below count.
                        let _ = exec(
                            &mut conn,
                            &format!(
                                "UPDATE transactions SET payment_status = {status} WHERE id = '{id}'"
                            ),
                        )
                        .await;
                        None
                    }
                    Step::Settle { .. } => None,
                }
            }));
        }
        for task in tasks {
            written.extend(task.await.unwrap());
        }
        for wallet in &wallets {
            let s = sums(&mut conn, *wallet).await;
            assert_eq!(s.balance, s.paid_sum, "{wallet}");
            assert_eq!(s.committed, s.pending_debits, "{wallet}");
            assert!(s.balance >= s.committed, "{wallet} overdrawn: {s:?}");
        }
        let after = final_rows(&mut conn).await;
        for (id, row) in before {
            assert_eq!(after.get(&id), Some(&row), "final transaction {id} changed");
        }
    }
}

#[derive(diesel::QueryableByName, Debug, PartialEq)]
struct FinalRow {
    #[diesel(sql_type = diesel::sql_types::Uuid)]
    id: Uuid,
    #[diesel(sql_type = Text)]
    money: String,
}

/// Every final transaction with its money columns, as text.
async fn final_rows(conn: &mut AsyncPgConnection) -> BTreeMap<Uuid, String> {
    let rows: Vec<FinalRow> = diesel::sql_query(
        "SELECT id, concat_ws('|', payment_status, transaction_amount, transaction_currency,
                              wallet_id, user_id, paid_at) AS money
         FROM transactions WHERE payment_status <> 0",
    )
    .load(conn)
    .await
    .unwrap();
    rows.into_iter().map(|r| (r.id, r.money)).collect()
}
