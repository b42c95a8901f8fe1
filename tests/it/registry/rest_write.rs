//! The registry's write routes with the reference manual's sample bodies as printed
//! (figures, codes and ids as strings; merge ids as a string holding an array), their
//! answers, and a refusal's integer code.

use axum::body::Body;
use axum::http::{Method, Request};
use serde_json::json;

use super::*;
use crate::common::TestResponse;
use crate::common::rest::{assert_failure, assert_success};

async fn send(m: &Market, method: Method, path: &str, who: &Person, body: &str) -> TestResponse {
    let request = Request::builder()
        .method(method)
        .uri(format!("/v1/{}{path}", m.name))
        .header("cv-auth", &who.token)
        .header("content-type", "application/json");
    m.app
        .send(request.body(Body::from(body.to_owned())).unwrap())
        .await
}

#[tokio::test]
async fn the_manuals_sample_bodies_are_accepted_as_printed() {
    let s = setup().await;
    let m = &s.m;
    let body = format!(
        r#"{{
    "number_of_shares": "100",
    "price_per_share": "1",
    "owner_id" : "{}",
    "life_cycle_stage" : "1",
    "capitalization_type" : "0"
}}"#,
        s.dave.id
    );
    let path = format!("/organizations/{}/capitalizations", s.org);
    let r = send(m, Method::POST, &path, &s.bob, &body).await;
    let id = assert_success(&r)["capitalization_id"]
        .as_str()
        .unwrap()
        .to_owned();

    let r = send(
        m,
        Method::PATCH,
        &format!("/capitalizations/{id}"),
        &s.bob,
        r#"{ "price_per_share": "1.10" }"#,
    )
    .await;
    assert_eq!(assert_success(&r)["capitalization_id"], json!(id));
    let c = m
        .ok(
            Some(&s.bob),
            "query($id: ID!) { capitalization(id: $id) { pricePerShare ownerId lifeCycleStage } }",
            json!({ "id": id }),
        )
        .await;
    assert_eq!(c["capitalization"]["pricePerShare"], "1.1");
    assert_eq!(c["capitalization"]["ownerId"], json!(s.dave.id));
    assert_eq!(c["capitalization"]["lifeCycleStage"], "ISSUED");

    // Dave's two Issued blocks merged, the ids as a string holding an array, then as an
    // array.
    let body = format!(r#"{{ "capitalization_ids": "[\"{}\"]" }}"#, s.daves);
    let r = send(
        m,
        Method::POST,
        &format!("/capitalizations/{id}/merge"),
        &s.dave,
        &body,
    )
    .await;
    let child = assert_success(&r)["capitalization_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let other = cap(
        m,
        &s.org,
        Some(&s.dave),
        Some(&s.bob),
        "life_cycle_stage, number_of_shares, price_per_share",
        "1, 10, 1",
    )
    .await;
    let body = json!({ "capitalization_ids": [other] }).to_string();
    let r = send(
        m,
        Method::POST,
        &format!("/capitalizations/{child}/merge"),
        &s.dave,
        &body,
    )
    .await;
    assert!(assert_success(&r)["capitalization_id"].is_string());
}

#[tokio::test]
async fn a_refusal_is_its_integer_code() {
    let s = setup().await;
    let path = format!("/organizations/{}/capitalizations", s.org);
    let body = r#"{ "number_of_shares": "1.5", "price_per_share": "1", "life_cycle_stage": "1" }"#;
    let r = send(&s.m, Method::POST, &path, &s.bob, body).await;
    assert_failure(&r, 400, 16001);
    let body = r#"{ "number_of_shares": "1", "price_per_share": "1", "life_cycle_stage": "1" }"#;
    let r = send(&s.m, Method::POST, &path, &s.alice, body).await;
    assert_failure(&r, 403, 11011);
}
