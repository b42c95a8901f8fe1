//! Wallets and transactions through the API (`docs/money.md`): who may write which
//! transaction, every refusal's code, visibility and networks, the REST routes, and the
//! ledger's invariants under concurrent mutations.

mod concurrency;
mod idempotency;
mod payouts;
mod rest;
mod stats;
mod transactions;
mod wallets;

use serde_json::{Value, json};

use crate::common::TestResponse;
use crate::common::marketplace::{Market, Person, code};

/// Creates a wallet.
pub const CREATE_WALLET: &str = "mutation($c: String!, $u: ID) {
    createWallet(currency: $c, userId: $u) {
        id userId currency balance committedBalance freeBalance
    }
}";

/// Records a transaction.
pub const CREATE_TXN: &str = "mutation($w: ID!, $i: TransactionInput!) {
    createTransaction(walletId: $w, input: $i) {
        id paymentStatus transactionAmount transactionCurrency walletId payoutId userName
    }
}";

/// Changes a transaction.
pub const UPDATE_TXN: &str = "mutation($id: ID!, $i: TransactionUpdateInput!) {
    updateTransaction(id: $id, input: $i) { id paymentStatus transactionDescription payoutId }
}";

/// Reads a wallet's sums.
pub const WALLET: &str = "query($id: ID!) {
    wallet(id: $id) { id balance committedBalance freeBalance currency userName }
}";

/// A new wallet of `who` in `currency`; its id.
pub async fn wallet_of(m: &Market, who: &Person, currency: &str) -> String {
    let data = m
        .ok(Some(who), CREATE_WALLET, json!({ "c": currency }))
        .await;
    data["createWallet"]["id"].as_str().unwrap().to_owned()
}

/// Records `amount` with `status` (GraphQL name; none: the default) in `wallet` as `who`.
pub async fn txn(
    m: &Market,
    who: &Person,
    wallet: &str,
    amount: &str,
    status: Option<&str>,
) -> TestResponse {
    let mut input = json!({ "transactionAmount": amount });
    if let Some(status) = status {
        input["paymentStatus"] = json!(status);
    }
    m.call(Some(who), CREATE_TXN, json!({ "w": wallet, "i": input }))
        .await
}

/// Like [`txn`], failing on an error; the new transaction's id.
pub async fn txn_ok(m: &Market, who: &Person, wallet: &str, amount: &str, status: &str) -> String {
    let r = txn(m, who, wallet, amount, Some(status)).await;
    assert!(r.json["errors"].is_null(), "{}", r.text);
    r.json["data"]["createTransaction"]["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// Changes the status of `id` as `who`.
pub async fn set_status(m: &Market, who: &Person, id: &str, status: &str) -> TestResponse {
    m.call(
        Some(who),
        UPDATE_TXN,
        json!({ "id": id, "i": { "paymentStatus": status } }),
    )
    .await
}

/// `(balance, committedBalance, freeBalance)` of `wallet`, read by `admin`.
pub async fn sums(m: &Market, admin: &Person, wallet: &str) -> (String, String, String) {
    let data = m.ok(Some(admin), WALLET, json!({ "id": wallet })).await;
    let w = &data["wallet"];
    let s = |k: &str| w[k].as_str().unwrap().to_owned();
    (s("balance"), s("committedBalance"), s("freeBalance"))
}

/// Asserts `r` failed with `want`.
pub fn refused(r: &TestResponse, want: u32) {
    assert_eq!(code(r), Some(i64::from(want)), "{}", r.text);
    assert!(r.json["data"].is_null(), "{}", r.text);
}

/// Number of transactions of `wallet`, by SQL.
pub async fn rows_of(m: &Market, wallet: &str) -> i64 {
    use diesel::sql_types::BigInt;
    use diesel_async::RunQueryDsl;
    #[derive(diesel::QueryableByName)]
    struct N {
        #[diesel(sql_type = BigInt)]
        n: i64,
    }
    let mut conn = m.app.db.conn().await;
    let q = format!("SELECT count(*) AS n FROM transactions WHERE wallet_id = '{wallet}'");
    let rows: Vec<N> = diesel::sql_query(q).load(&mut conn).await.unwrap();
    rows[0].n
}

/// The `data` value at `path` of a successful response.
pub fn at<'a>(r: &'a TestResponse, path: &[&str]) -> &'a Value {
    assert!(r.json["errors"].is_null(), "{}", r.text);
    path.iter().fold(&r.json["data"], |v, k| &v[*k])
}
