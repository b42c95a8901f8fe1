//! The wallet and transaction routes of the REST shim: the reference manual's envelopes,
//! keys, sample bodies and integer codes, and the ledger's refusals in the failure
//! envelope.

use axum::http::Method;
use crowdgraph::error::codes;
use crowdgraph::seed::DEMO_LOGINS;
use serde_json::json;

use crate::common::identity::{as_user, seeded};
use crate::common::rest::{assert_failure, assert_success, ok, rest, rest_text};
use crate::common::rest_marketplace::{assert_keys, page};

const WALLET_KEYS: &[&str] = &[
    "balance",
    "committed_balance",
    "currency",
    "free_balance",
    "id",
    "user_id",
    "user_name",
];

const TRANSACTION_KEYS: &[&str] = &[
    "confirmation_number",
    "created_at",
    "custom",
    "id",
    "original_transaction_amount",
    "original_transaction_currency",
    "payment_service",
    "payment_service_log_id",
    "payment_status",
    "payout_id",
    "transaction_amount",
    "transaction_currency",
    "transaction_description",
    "updated_at",
    "user_id",
    "user_name",
    "wallet_id",
];

fn login(role: &str) -> String {
    let l = DEMO_LOGINS.iter().find(|l| l.role == role).unwrap();
    as_user(l.email, l.password)
}

#[tokio::test]
async fn wallets_and_transactions_as_the_reference_manual_documents_them() {
    let app = seeded().await;
    let (admin, alice) = (|| login("network admin"), || login("investor"));
    // POST /self/wallets with the manual's sample body.
    let data = ok(
        &app,
        Method::POST,
        "/self/wallets",
        &alice(),
        json!({ "currency": "USD" }),
    )
    .await;
    let wallet = data["wallet_id"].as_str().unwrap().to_owned();
    let data = ok(&app, Method::GET, "/self/wallets", &alice(), json!(null)).await;
    let list = page(&data);
    assert_eq!(list.len(), 1);
    assert_keys(&list[0], WALLET_KEYS);
    let data = ok(
        &app,
        Method::GET,
        &format!("/wallets/{wallet}"),
        &alice(),
        json!(null),
    )
    .await;
    assert_keys(&data["wallet"], WALLET_KEYS);
    assert_eq!(data["wallet"]["balance"], "0");

    // The manual's sample transaction, by an admin: money received, Paid.
    let sample = json!({
        "transaction_amount": "1000", "transaction_description": "Credit bonus",
        "transaction_currency": "USD", "payment_status": "1", "payment_service": "1"
    });
    let path = format!("/wallets/{wallet}/transactions");
    let data = ok(&app, Method::POST, &path, &admin(), sample.clone()).await;
    let credit = data["transaction_id"].as_str().unwrap().to_owned();
    let data = ok(
        &app,
        Method::GET,
        &format!("/transactions/{credit}"),
        &alice(),
        json!(null),
    )
    .await;
    let t = &data["transaction"];
    assert_keys(t, TRANSACTION_KEYS);
    assert_eq!(t["payment_status"], 1);
    assert_eq!(t["payment_service"], 1);
    assert_eq!(t["transaction_amount"], "1000");
    assert_eq!(t["wallet_id"], json!(wallet));
    // The owner may not record the same: 403 with its own code.
    let r = rest(&app, Method::POST, &path, Some(&alice()), Some(sample)).await;
    assert_failure(&r, 403, codes::MAY_NOT_CREDIT.number());

    // A pending debit as a JSON number read exactly, then cancelled with the manual's
    // sample PATCH body.
    let body = r#"{"transaction_amount": -12.5, "payment_status": 0}"#;
    let r = rest_text(&app, Method::POST, &path, &alice(), body).await;
    let debit = assert_success(&r)["transaction_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let data = ok(
        &app,
        Method::GET,
        &format!("/wallets/{wallet}"),
        &alice(),
        json!(null),
    )
    .await;
    assert_eq!(data["wallet"]["committed_balance"], "12.5");
    assert_eq!(data["wallet"]["free_balance"], "987.5");
    let patch = format!("/transactions/{debit}");
    let data = ok(
        &app,
        Method::PATCH,
        &patch,
        &alice(),
        json!({ "payment_status": "2" }),
    )
    .await;
    assert_eq!(data["transaction_id"], json!(debit));
    let r = rest(
        &app,
        Method::PATCH,
        &patch,
        Some(&admin()),
        Some(json!({ "payment_status": "1" })),
    )
    .await;
    assert_failure(&r, 409, codes::TRANSACTION_FINAL.number());
}

#[tokio::test]
async fn the_ledgers_refusals_in_the_failure_envelope() {
    let app = seeded().await;
    let alice = || login("investor");
    let data = ok(
        &app,
        Method::POST,
        "/self/wallets",
        &alice(),
        json!({ "currency": "EUR" }),
    )
    .await;
    let wallet = data["wallet_id"].as_str().unwrap().to_owned();
    let path = format!("/wallets/{wallet}/transactions");
    let cases = [
        (
            json!({ "transaction_amount": "-1" }),
            409,
            codes::INSUFFICIENT_FUNDS,
        ),
        (
            json!({ "transaction_amount": "-1", "transaction_currency": "USD" }),
            409,
            codes::CURRENCY_MISMATCH,
        ),
        (
            json!({ "transaction_amount": "0", "payment_status": 0 }),
            400,
            codes::ZERO_AMOUNT,
        ),
        (
            json!({ "transaction_amount": "1.00001", "payment_status": 0 }),
            400,
            codes::BAD_REQUEST,
        ),
        (
            json!({ "transaction_amount": "-1", "payment_status": "9" }),
            400,
            codes::BAD_REQUEST,
        ),
        (
            json!({ "transaction_amount": "-1", "payment_service": "x" }),
            400,
            codes::BAD_REQUEST,
        ),
    ];
    for (body, status, code) in cases {
        let r = rest(
            &app,
            Method::POST,
            &path,
            Some(&alice()),
            Some(body.clone()),
        )
        .await;
        assert_failure(&r, status, code.number());
    }
    let r = rest(
        &app,
        Method::POST,
        "/self/wallets",
        Some(&alice()),
        Some(json!({ "currency": "EURO" })),
    )
    .await;
    assert_failure(&r, 400, codes::CURRENCY_INVALID.number());
    let unknown = uuid::Uuid::new_v4();
    let r = rest(
        &app,
        Method::GET,
        &format!("/wallets/{unknown}"),
        Some(&alice()),
        None,
    )
    .await;
    assert_failure(&r, 404, codes::NOT_FOUND.number());
    let r = rest(
        &app,
        Method::GET,
        &format!("/transactions/{unknown}"),
        Some(&alice()),
        None,
    )
    .await;
    assert_failure(&r, 404, codes::NOT_FOUND.number());
}

#[tokio::test]
async fn settling_restating_money_and_payouts_through_rest() {
    let app = seeded().await;
    let (admin, alice) = (|| login("network admin"), || login("investor"));
    let data = ok(
        &app,
        Method::POST,
        "/self/wallets",
        &alice(),
        json!({ "currency": "JPY" }),
    )
    .await;
    let wallet = data["wallet_id"].as_str().unwrap().to_owned();
    let path = format!("/wallets/{wallet}/transactions");
    let r = rest(
        &app,
        Method::POST,
        &path,
        Some(&admin()),
        Some(json!({ "transaction_amount": "1.5" })),
    )
    .await;
    assert_failure(&r, 400, codes::AMOUNT_TOO_PRECISE.number());
    let body = json!({ "transaction_amount": 100, "payment_status": 0 });
    let data = ok(&app, Method::POST, &path, &alice(), body).await;
    let deposit = format!("/transactions/{}", data["transaction_id"].as_str().unwrap());
    // The owner may not confirm their own deposit; the amount is not theirs to change.
    let r = rest(
        &app,
        Method::PATCH,
        &deposit,
        Some(&alice()),
        Some(json!({ "payment_status": 1 })),
    )
    .await;
    assert_failure(&r, 403, codes::MAY_NOT_SETTLE.number());
    let r = rest(
        &app,
        Method::PATCH,
        &deposit,
        Some(&admin()),
        Some(json!({ "transaction_amount": "1000" })),
    )
    .await;
    assert_failure(&r, 409, codes::MONEY_FIXED.number());
    let r = rest(
        &app,
        Method::PATCH,
        &deposit,
        Some(&admin()),
        Some(json!({ "payment_status": "1", "transaction_amount": "100" })),
    )
    .await;
    assert_success(&r);
    // A payout owed to another user cannot be paid from this wallet.
    let payout = uuid::Uuid::new_v4();
    crate::common::account::sql(
        &app,
        &format!(
            "INSERT INTO payouts (id, network_id, user_id, offering_id, payout_amount)
             SELECT '{payout}', o.network_id, u.id, o.id, 10
             FROM offerings o JOIN users u ON u.network_id = o.network_id
             WHERE u.email = 'admin@example.com' LIMIT 1"
        ),
    )
    .await;
    let body = json!({ "transaction_amount": "-10", "payout_id": payout.to_string() });
    let r = rest(&app, Method::POST, &path, Some(&admin()), Some(body)).await;
    assert_failure(&r, 409, codes::PAYOUT_CONFLICT.number());
    let r = rest(
        &app,
        Method::PATCH,
        &deposit,
        Some(&admin()),
        Some(json!({ "payout_id": payout.to_string() })),
    )
    .await;
    assert_failure(&r, 409, codes::PAYOUT_CONFLICT.number());
}
