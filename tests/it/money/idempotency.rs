//! `Idempotency-Key` on money writes over real HTTP: a debit sent again, or many times at
//! once, with one key moves the money once.

use crowdgraph::error::codes;
use futures_util::future::join_all;
use serde_json::json;

use super::*;
use crate::common::server::{self, Answer};

#[tokio::test]
async fn a_debit_repeated_with_its_key_moves_the_money_once() {
    let m = Market::new().await;
    let admin = m.person("admin@x.test", true, false).await;
    let alice = m.person("alice@x.test", false, false).await;
    let w = wallet_of(&m, &alice, "EUR").await;
    txn_ok(&m, &admin, &w, "100", "PAID").await;
    let server = server::start(m.app.state.clone()).await;
    let auth = format!("Bearer {}", alice.token);
    let path = format!("/v1/{}/wallets/{w}/transactions", m.name);
    let send = |key: &'static str, amount: &'static str| {
        let (auth, path) = (auth.clone(), path.clone());
        async move {
            let headers = [
                ("authorization", auth.as_str()),
                ("content-type", "application/json"),
                ("idempotency-key", key),
            ];
            let body = json!({ "transaction_amount": amount }).to_string();
            server::request(server.addr, "POST", &path, &headers, &body).await
        }
    };
    // Eight at once: one runs; the others are told it is running, or get its answer.
    let answers: Vec<Answer> = join_all((0..8).map(|_| send("debit-1", "-30"))).await;
    let replayed = |a: &Answer| {
        a.head
            .to_ascii_lowercase()
            .contains("idempotent-replayed: true")
    };
    let ran: Vec<&Answer> = answers
        .iter()
        .filter(|a| a.status == 200 && !replayed(a))
        .collect();
    assert_eq!(
        ran.len(),
        1,
        "{:?}",
        answers.iter().map(|a| &a.text).collect::<Vec<_>>()
    );
    for a in &answers {
        match a.status {
            200 => assert_eq!(a.json, ran[0].json),
            409 => assert_eq!(
                a.json["data"]["code"],
                codes::IDEMPOTENCY_KEY_IN_PROGRESS.number()
            ),
            other => panic!("{other}: {}", a.text),
        }
    }
    let again = send("debit-1", "-30").await;
    assert_eq!(again.status, 200);
    assert!(
        again
            .head
            .to_ascii_lowercase()
            .contains("idempotent-replayed: true"),
        "{}",
        again.head
    );
    assert_eq!(again.json, ran[0].json);
    // The same key for another debit is refused; the money moved once.
    let other = send("debit-1", "-31").await;
    assert_eq!(other.status, 422, "{}", other.text);
    assert_eq!(
        sums(&m, &admin, &w).await,
        ("70".into(), "0".into(), "70".into())
    );
    assert_eq!(rows_of(&m, &w).await, 2);
    // A refusal of the ledger is an answer like any other: kept and replayed (only
    // failed validation is not kept), so a retry after a top-up takes a new key.
    let too_much = send("debit-2", "-500").await;
    assert_eq!(too_much.status, 409, "{}", too_much.text);
    assert_eq!(
        too_much.json["data"]["code"],
        codes::INSUFFICIENT_FUNDS.number()
    );
    let again = send("debit-2", "-500").await;
    assert_eq!(again.json, too_much.json);
    assert!(
        again
            .head
            .to_ascii_lowercase()
            .contains("idempotent-replayed: true")
    );
    // A malformed amount is failed validation: not kept, the corrected request runs.
    let bad = send("debit-3", "-1.23456").await;
    assert_eq!(bad.status, 400, "{}", bad.text);
    let fixed = send("debit-3", "-1").await;
    assert_eq!(fixed.status, 200, "{}", fixed.text);
    assert_eq!(sums(&m, &admin, &w).await.0, "69");
}
