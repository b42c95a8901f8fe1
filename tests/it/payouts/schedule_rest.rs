//! The two `generatePaymentSchedule` routes: the manual's sample body, the computed
//! `schedule` in snake_case, the `payout_id` / `payout_ids` answer, and refusals in the
//! failure envelope with nothing written.

use axum::http::Method;
use crowdgraph::error::codes;
use serde_json::{Value, json};

use super::rest::{call, data};
use super::*;
use crate::common::rest::assert_failure;

/// The reference manual's sample body.
const SAMPLE: &str = r#"{
   "payouts" : [
    { "payout_amount" : "1000", "payout_type" : "1", "due_date" : "2015-07-20T09:38:55+0000",
      "currency" : "GBP", "additional_type" : "type" },
    { "payout_amount" : "2000", "payout_type" : "1", "due_date" : "2015-07-20T09:38:55+0000",
      "currency" : "GBP", "additional_type" : "type" },
    { "payout_amount" : "3000", "payout_type" : "1", "due_date" : "2015-07-20T09:38:55+0000",
      "currency" : "GBP", "additional_type" : "type" }
   ]
}"#;

fn ids(answer: &Value) -> Vec<String> {
    answer["payout_ids"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn the_manuals_sample_creates_every_payout_and_answers_the_first() {
    let s = setup().await;
    let m = &s.m;
    for path in [
        format!("/investments/{}/generatePaymentSchedule", s.investment),
        format!("/offerings/{}/generatePaymentSchedule", s.offering),
    ] {
        let answer = data(m, Method::POST, &path, &s.bob, Some(SAMPLE)).await;
        let all = ids(&answer);
        assert_eq!(all.len(), 3, "{answer}");
        assert_eq!(answer["payout_id"], json!(all[0]), "the first created");
        let got = data(
            m,
            Method::GET,
            &format!("/payouts/{}", all[2]),
            &s.admin,
            None,
        )
        .await;
        assert_eq!(got["payout"]["payout_amount"], "3000");
        assert_eq!(got["payout"]["payout_type"], 1);
        assert_eq!(got["payout"]["due_date"], "2015-07-20");
        assert_eq!(got["payout"]["currency"], "GBP");
    }
    assert_eq!(payout_rows(m).await, 6);

    // One bad item: the failure names it, and nothing is written.
    let bad = SAMPLE.replacen("\"2000\"", "\"-2\"", 1);
    let path = format!("/investments/{}/generatePaymentSchedule", s.investment);
    let r = call(m, Method::POST, &path, &s.admin, Some(&bad)).await;
    assert_failure(&r, 400, codes::PAYOUT_AMOUNT_INVALID.number());
    assert!(r.text.contains("payouts[1]"), "{}", r.text);
    let bad = SAMPLE.replacen("\"1\"", "\"9\"", 1);
    let r = call(m, Method::POST, &path, &s.admin, Some(&bad)).await;
    assert_failure(&r, 400, codes::PAYOUT_TYPE_INVALID.number());
    let r = call(m, Method::POST, &path, &s.admin, Some(r#"{"payouts": []}"#)).await;
    assert_failure(&r, 400, codes::SCHEDULE_EMPTY.number());
    let r = call(m, Method::POST, &path, &s.alice, Some(SAMPLE)).await;
    assert_failure(&r, 403, codes::FORBIDDEN.number());
    assert_eq!(payout_rows(m).await, 6);
}

#[tokio::test]
async fn a_computed_schedule_in_snake_case() {
    let s = setup().await;
    let m = &s.m;
    let body = r#"{"schedule": {
        "principal": "1200", "annual_rate": "12", "periods": 6, "frequency": "monthly",
        "first_due_date": "2027-01-15", "method": "equal_principal", "day_count": "30_360",
        "payout_type": 0
    }}"#;
    let path = format!("/investments/{}/generatePaymentSchedule", s.investment);
    let answer = data(m, Method::POST, &path, &s.bob, Some(body)).await;
    let all = ids(&answer);
    assert_eq!(all.len(), 6, "{answer}");
    let first = data(
        m,
        Method::GET,
        &format!("/payouts/{}", all[0]),
        &s.alice,
        None,
    )
    .await;
    // 200 of principal and a month's 1 % on 1200.
    assert_eq!(first["payout"]["payout_amount"], "212");
    assert_eq!(first["payout"]["payout_type"], 0);
    assert_eq!(first["payout"]["due_date"], "2027-01-15");

    let not_settled = m.investment_row(&s.offering, &s.carol, "500", 2, 0).await;
    let path = format!("/investments/{not_settled}/generatePaymentSchedule");
    let r = call(m, Method::POST, &path, &s.admin, Some(body)).await;
    assert_failure(&r, 409, codes::NOT_SETTLED.number());
    let path = format!("/offerings/{}/generatePaymentSchedule", s.offering);
    let both = r#"{"payouts": [{"payout_amount": "1"}], "schedule": {"annual_rate": "1"}}"#;
    let r = call(m, Method::POST, &path, &s.admin, Some(both)).await;
    assert_failure(&r, 400, codes::BAD_REQUEST.number());
    let rate = r#"{"schedule": {"annual_rate": 5, "periods": 2, "frequency": "ANNUAL", "first_due_date": "2027-01-01"}}"#;
    let r = call(m, Method::POST, &path, &s.admin, Some(rate)).await;
    assert_failure(&r, 400, codes::SCHEDULE_TERMS_INVALID.number());
    assert_eq!(payout_rows(m).await, 6);
}
