//! The payout routes of the REST shim on a test network: the documented keys, the
//! `payout_id` answers, `payout_type` as its integer code both ways, and the payout
//! refusals in the failure envelope.

use axum::body::Body;
use axum::http::{Method, Request};
use crowdgraph::error::codes;
use serde_json::{Value, json};

use super::*;
use crate::common::rest::{assert_failure, assert_success};
use crate::common::rest_marketplace::{assert_keys, page};
use crate::money::{CREATE_TXN, wallet_of};

const PAYOUT_KEYS: &[&str] = &[
    "additional_type",
    "charge_offs",
    "created_at",
    "currency",
    "custom",
    "due_date",
    "id",
    "investment_id",
    "late_fee",
    "minimum_payment",
    "net_annualized_return",
    "net_recoveries",
    "offering_id",
    "offering_name",
    "paid_at",
    "payout_amount",
    "payout_type",
    "service_charge",
    "transactions_paid",
    "updated_at",
    "user_id",
    "user_name",
];

/// A REST request on the market's network as `who` (its token as `cv-auth`), with the
/// body written as given.
pub(super) async fn call(
    m: &Market,
    method: Method,
    path: &str,
    who: &Person,
    body: Option<&str>,
) -> TestResponse {
    let request = Request::builder()
        .method(method)
        .uri(format!("/v1/{}{path}", m.name))
        .header("cv-auth", &who.token)
        .header("content-type", "application/json");
    let body = body
        .map(|b| Body::from(b.to_owned()))
        .unwrap_or_else(Body::empty);
    m.app.send(request.body(body).unwrap()).await
}

pub(super) async fn data(
    m: &Market,
    method: Method,
    path: &str,
    who: &Person,
    body: Option<&str>,
) -> Value {
    assert_success(&call(m, method, path, who, body).await).clone()
}

#[tokio::test]
async fn payout_routes_as_the_reference_manual_documents_them() {
    let s = setup().await;
    let m = &s.m;
    // POST /investments/{id}/payouts with the manual's sample body (its investment_id
    // is the path's business; its date-time due date is read as its date).
    let sample = r#"{
        "payout_amount" : "1000",
        "payout_type" : "1",
        "minimum_payment" : 1000,
        "due_date" : "2016-07-20T09:38:55+0000",
        "currency" : "GBP",
        "additional_type" : "dividend",
        "investment_id" : "102"
    }"#;
    let path = format!("/investments/{}/payouts", s.investment);
    let created = data(m, Method::POST, &path, &s.bob, Some(sample)).await;
    let id = created["payout_id"].as_str().unwrap().to_owned();

    // GET /payouts/{id}
    let got = data(m, Method::GET, &format!("/payouts/{id}"), &s.alice, None).await;
    let p = &got["payout"];
    assert_keys(p, PAYOUT_KEYS);
    assert_eq!(p["payout_type"], 1, "{p}");
    assert_eq!(p["payout_amount"], "1000");
    assert_eq!(p["minimum_payment"], "1000");
    assert_eq!(p["due_date"], "2016-07-20");
    assert_eq!(p["currency"], "GBP");
    assert_eq!(p["investment_id"], json!(s.investment));
    assert_eq!(p["transactions_paid"], 0);
    assert!(p["paid_at"].is_null());

    // PATCH /payouts/{id}: payout_type as a number.
    let patch = format!("/payouts/{id}");
    let changed = data(
        m,
        Method::PATCH,
        &patch,
        &s.bob,
        Some(r#"{"payout_type": 2, "late_fee": 12.5}"#),
    )
    .await;
    assert_eq!(changed["payout_id"], json!(id));

    // GET /investments/{id}/payouts and GET /self/payouts
    for (path, who) in [(path.as_str(), &s.admin), ("/self/payouts", &s.alice)] {
        let listed = data(m, Method::GET, path, who, None).await;
        let list = page(&listed);
        assert_eq!(list.len(), 1, "{listed}");
        assert_eq!(list[0]["payout_type"], 2);
        assert_eq!(list[0]["late_fee"], "12.5");
    }
    for (code, count) in [(0, 0), (2, 1)] {
        let path = format!(
            "/self/payouts?filter%5Bpayout_type%5D%5Boperator%5D=eq&filter%5Bpayout_type%5D%5Bvalue%5D={code}"
        );
        let filtered = data(m, Method::GET, &path, &s.alice, None).await;
        assert_eq!(filtered["count"], count, "{filtered}");
    }

    // POST and GET /offerings/{id}/payouts
    let path = format!("/offerings/{}/payouts", s.offering);
    let created = data(
        m,
        Method::POST,
        &path,
        &s.bob,
        Some(r#"{"payout_amount": "300", "payout_type": 2}"#),
    )
    .await;
    assert!(created["payout_id"].is_string());
    let listed = data(m, Method::GET, &path, &s.bob, None).await;
    let list = page(&listed);
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["offering_id"], json!(s.offering));
    assert_eq!(list[0]["user_id"], json!(s.bob.id));
    assert_eq!(list[0]["currency"], "EUR");

    // GET /payouts/{id}/transactions
    let wallet = wallet_of(m, &s.alice, "GBP").await;
    let input = json!({ "transactionAmount": "400", "payoutId": id });
    m.ok(
        Some(&s.admin),
        CREATE_TXN,
        json!({ "w": wallet, "i": input }),
    )
    .await;
    let listed = data(
        m,
        Method::GET,
        &format!("/payouts/{id}/transactions"),
        &s.bob,
        None,
    )
    .await;
    let list = page(&listed);
    assert_eq!(list[0]["payout_id"], json!(id));
    assert_eq!(list[0]["payment_status"], 1);
    let got = data(m, Method::GET, &format!("/payouts/{id}"), &s.bob, None).await;
    assert_eq!(got["payout"]["transactions_paid"], 1);
}

#[tokio::test]
async fn payout_refusals_in_the_failure_envelope() {
    let s = setup().await;
    let m = &s.m;
    let path = format!("/investments/{}/payouts", s.investment);
    let table = [
        (
            r#"{"payout_amount": "10", "payout_type": 3}"#,
            400,
            codes::PAYOUT_TYPE_INVALID,
        ),
        (
            r#"{"payout_amount": "10", "payout_type": "gain"}"#,
            400,
            codes::PAYOUT_TYPE_INVALID,
        ),
        (
            r#"{"payout_amount": "-10"}"#,
            400,
            codes::PAYOUT_AMOUNT_INVALID,
        ),
        (
            r#"{"payout_amount": "ten"}"#,
            400,
            codes::PAYOUT_AMOUNT_INVALID,
        ),
        (
            r#"{"payout_amount": 10.12345}"#,
            400,
            codes::PAYOUT_AMOUNT_INVALID,
        ),
        (
            r#"{"payout_amount": "10", "due_date": "2016-02-30"}"#,
            400,
            codes::DATE_INVALID,
        ),
    ];
    for (body, status, want) in table {
        let r = call(m, Method::POST, &path, &s.admin, Some(body)).await;
        assert_failure(&r, status, want.number());
    }
    let r = call(
        m,
        Method::POST,
        &path,
        &s.alice,
        Some(r#"{"payout_amount": "10"}"#),
    )
    .await;
    assert_failure(&r, 403, codes::FORBIDDEN.number());
    assert_eq!(payout_rows(m).await, 0);

    let id = payout_of(m, &s.admin, &s.investment, "10").await;
    let r = call(m, Method::GET, &format!("/payouts/{id}"), &s.carol, None).await;
    assert_failure(&r, 404, codes::NOT_FOUND.number());
    let r = call(
        m,
        Method::GET,
        &format!("/payouts/{id}/transactions"),
        &s.carol,
        None,
    )
    .await;
    assert_failure(&r, 404, codes::NOT_FOUND.number());
    let wallet = wallet_of(m, &s.alice, "EUR").await;
    let input = json!({ "transactionAmount": "10", "payoutId": id });
    m.ok(
        Some(&s.admin),
        CREATE_TXN,
        json!({ "w": wallet, "i": input }),
    )
    .await;
    let r = call(
        m,
        Method::PATCH,
        &format!("/payouts/{id}"),
        &s.bob,
        Some(r#"{"payout_amount": "11"}"#),
    )
    .await;
    assert_failure(&r, 409, codes::PAYOUT_PAID.number());
}
