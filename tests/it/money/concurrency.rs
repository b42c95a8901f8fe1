//! The ledger's acceptance property through the API: random histories of credits,
//! debits and status changes over several wallets and owners, each batch sent as
//! concurrent GraphQL mutations. After every batch each wallet's balance equals the sum
//! of its Paid rows, its committed sum the Pending debits, its free balance is not
//! negative, the API reports the same sums, no final row has changed, and every refusal
//! was one of the ledger's documented answers (never a 500).

use std::collections::BTreeMap;

use crowdgraph::error::codes;
use diesel::sql_types::{Numeric, Text, Uuid as SqlUuid};
use diesel_async::RunQueryDsl;
use futures_util::future::join_all;
use rust_decimal::Decimal;
use serde_json::json;

use super::*;

/// One step of a random history.
#[derive(Debug, Clone)]
enum Step {
    /// An admin records money received in wallet `wallet` (an index).
    Credit { wallet: usize, cents: i64 },
    /// The wallet's owner takes money out, Paid or Pending.
    Debit {
        wallet: usize,
        cents: i64,
        pending: bool,
    },
    /// The `nth` transaction written so far moves to a final status: Paid or Failed by
    /// an admin, Cancelled by its owner.
    Settle { nth: usize, to: usize },
}

fn step() -> impl proptest::strategy::Strategy<Value = Step> {
    use proptest::prelude::*;
    prop_oneof![
        (0..3usize, 1..3_000i64).prop_map(|(wallet, cents)| Step::Credit { wallet, cents }),
        (0..3usize, 1..4_000i64, any::<bool>()).prop_map(|(wallet, cents, pending)| {
            Step::Debit {
                wallet,
                cents,
                pending,
            }
        }),
        (any::<usize>(), 0..3usize).prop_map(|(nth, to)| Step::Settle { nth, to }),
    ]
}

#[test]
fn concurrent_api_histories_keep_every_wallet_whole() {
    use proptest::prelude::*;
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let config = ProptestConfig {
        cases: 8,
        failure_persistence: None,
        ..ProptestConfig::default()
    };
    let batches = proptest::collection::vec(proptest::collection::vec(step(), 1..12), 1..5);
    proptest!(config, |(history in batches)| {
        runtime.block_on(check(history));
    });
}

async fn check(history: Vec<Vec<Step>>) {
    let m = Market::new().await;
    let admin = m.person("admin@x.test", true, false).await;
    let alice = m.person("alice@x.test", false, false).await;
    let bob = m.person("bob@x.test", false, false).await;
    let owners = [alice.clone(), alice, bob];
    let mut wallets = Vec::new();
    for owner in &owners {
        wallets.push(wallet_of(&m, owner, "EUR").await);
    }
    // (transaction id, its owner's index) of every transaction written so far.
    let mut written: Vec<(String, usize)> = Vec::new();
    for batch in history {
        let before = final_rows(&m).await;
        let calls = batch.iter().map(|step| {
            let (m, admin, owners, wallets, written) = (&m, &admin, &owners, &wallets, &written);
            async move {
                match *step {
                    Step::Credit { wallet, cents } => {
                        let amount = Decimal::new(cents, 2).to_string();
                        let r = txn(m, admin, &wallets[wallet], &amount, Some("PAID")).await;
                        (created(&r).map(|id| (id, wallet)), r)
                    }
                    Step::Debit {
                        wallet,
                        cents,
                        pending,
                    } => {
                        let amount = Decimal::new(-cents, 2).to_string();
                        let status = if pending { "PENDING" } else { "PAID" };
                        let who = &owners[wallet];
                        let r = txn(m, who, &wallets[wallet], &amount, Some(status)).await;
                        (created(&r).map(|id| (id, wallet)), r)
                    }
                    Step::Settle { nth, to } => {
                        if written.is_empty() {
                            return (None, ok_response());
                        }
                        let (id, wallet) = &written[nth % written.len()];
                        let (who, status) = match to {
                            0 => (admin, "PAID"),
                            1 => (admin, "FAILED"),
                            _ => (&owners[*wallet], "CANCELLED"),
                        };
                        (None, set_status(m, who, id, status).await)
                    }
                }
            }
        });
        for (new, response) in join_all(calls).await {
            if let Some(code) = code(&response) {
                let expected = [
                    codes::INSUFFICIENT_FUNDS.number(),
                    codes::TRANSACTION_FINAL.number(),
                ];
                assert!(expected.contains(&(code as u32)), "{}", response.text);
            }
            written.extend(new);
        }
        for wallet in &wallets {
            let rows = row_sums(&m, wallet).await;
            assert_eq!(rows.balance, rows.paid, "{wallet}: {rows:?}");
            assert_eq!(rows.committed, rows.pending_debits, "{wallet}: {rows:?}");
            assert!(
                rows.balance >= rows.committed,
                "{wallet} overdrawn: {rows:?}"
            );
            let (balance, committed, free) = sums(&m, &admin, wallet).await;
            assert_eq!(balance.parse::<Decimal>().unwrap(), rows.balance);
            assert_eq!(committed.parse::<Decimal>().unwrap(), rows.committed);
            assert_eq!(
                free.parse::<Decimal>().unwrap(),
                rows.balance - rows.committed
            );
        }
        let after = final_rows(&m).await;
        for (id, row) in before {
            assert_eq!(after.get(&id), Some(&row), "final transaction {id} changed");
        }
    }
}

fn created(r: &TestResponse) -> Option<String> {
    r.json["data"]["createTransaction"]["id"]
        .as_str()
        .map(str::to_owned)
}

fn ok_response() -> TestResponse {
    TestResponse {
        status: axum::http::StatusCode::OK,
        headers: Default::default(),
        json: json!({ "data": {} }),
        text: String::new(),
    }
}

#[derive(diesel::QueryableByName, Debug)]
struct RowSums {
    #[diesel(sql_type = Numeric)]
    balance: Decimal,
    #[diesel(sql_type = Numeric)]
    committed: Decimal,
    #[diesel(sql_type = Numeric)]
    paid: Decimal,
    #[diesel(sql_type = Numeric)]
    pending_debits: Decimal,
}

/// The wallet's stored sums and the sums of its rows.
async fn row_sums(m: &Market, wallet: &str) -> RowSums {
    let mut conn = m.app.db.conn().await;
    let q = format!(
        "SELECT w.balance, w.committed,
                COALESCE((SELECT sum(transaction_amount) FROM transactions
                          WHERE wallet_id = w.id AND payment_status = 1), 0) AS paid,
                COALESCE((SELECT sum(-transaction_amount) FROM transactions
                          WHERE wallet_id = w.id AND payment_status = 0
                            AND transaction_amount < 0), 0) AS pending_debits
         FROM wallets w WHERE w.id = '{wallet}'"
    );
    let mut rows: Vec<RowSums> = diesel::sql_query(q).load(&mut conn).await.unwrap();
    rows.remove(0)
}

#[derive(diesel::QueryableByName)]
struct FinalRow {
    #[diesel(sql_type = SqlUuid)]
    id: uuid::Uuid,
    #[diesel(sql_type = Text)]
    money: String,
}

/// Every final transaction with its money and status, as text.
async fn final_rows(m: &Market) -> BTreeMap<uuid::Uuid, String> {
    let mut conn = m.app.db.conn().await;
    let rows: Vec<FinalRow> = diesel::sql_query(
        "SELECT id, concat_ws('|', payment_status, transaction_amount, transaction_currency,
                              wallet_id, user_id, paid_at) AS money
         FROM transactions WHERE payment_status <> 0",
    )
    .load(&mut conn)
    .await
    .unwrap();
    rows.into_iter().map(|r| (r.id, r.money)).collect()
}
