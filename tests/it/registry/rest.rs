//! The share registry routes of the REST shim: the reference manual's snake_case keys,
//! `capitalization_type`, `life_cycle_stage` and `change_kind` as integer codes, share
//! counts and prices as strings, and Not Found for what the caller may not see.

use axum::body::Body;
use axum::http::{Method, Request};
use serde_json::{Value, json};

use super::*;
use crate::common::TestResponse;
use crate::common::rest::{assert_failure, assert_success};
use crate::common::rest_marketplace::{assert_keys, page};

/// The reference manual's keys, plus `parent_id`, `service_charge` and `transaction_cost`.
const CAPITALIZATION_KEYS: &[&str] = &[
    "author_id",
    "author_name",
    "capitalization_type",
    "created_at",
    "id",
    "life_cycle_stage",
    "number_of_shares",
    "number_of_shares_at_acquisition",
    "organization_id",
    "owner_id",
    "owner_name",
    "parent_id",
    "price_per_share",
    "price_per_share_at_acquisition",
    "service_charge",
    "transaction_cost",
    "updated_at",
    "valuation_gain",
];

const CHANGE_KEYS: &[&str] = &[
    "after",
    "before",
    "capitalization_id",
    "change_kind",
    "created_at",
    "id",
    "user_id",
    "user_name",
];

async fn get(m: &Market, path: &str, who: &Person) -> TestResponse {
    let request = Request::builder()
        .method(Method::GET)
        .uri(format!("/v1/{}{path}", m.name))
        .header("cv-auth", &who.token);
    m.app.send(request.body(Body::empty()).unwrap()).await
}

async fn data(m: &Market, path: &str, who: &Person) -> Value {
    assert_success(&get(m, path, who).await).clone()
}

#[tokio::test]
async fn registry_routes_as_the_reference_manual_documents_them() {
    let s = setup().await;
    let m = &s.m;
    m.sql(&format!(
        "UPDATE capitalizations SET capitalization_type = 2, number_of_shares = 120.5, \
         transaction_cost = 4 WHERE id = '{}'",
        s.alices
    ))
    .await;

    // GET /capitalizations/{id}
    let got = data(m, &format!("/capitalizations/{}", s.alices), &s.alice).await;
    let c = &got["capitalization"];
    assert_keys(c, CAPITALIZATION_KEYS);
    assert_eq!(c["id"], json!(s.alices));
    assert_eq!(c["capitalization_type"], 2, "{c}");
    assert_eq!(c["life_cycle_stage"], 1, "{c}");
    assert_eq!(c["number_of_shares"], "120.5");
    assert_eq!(c["number_of_shares_at_acquisition"], "100");
    assert_eq!(c["price_per_share"], "1.1");
    // 1.10 x 120.5 - 1.10 x 100
    assert_eq!(c["valuation_gain"], "22.55");
    assert_eq!(c["transaction_cost"], "4");
    assert_eq!(c["owner_id"], json!(s.alice.id));
    assert_eq!(c["owner_name"], "alice x.test");
    assert_eq!(c["author_id"], json!(s.bob.id));
    assert_eq!(c["organization_id"], json!(s.org));
    assert!(c["parent_id"].is_null());

    // GET /organizations/{id}/capitalizations, filtered and ordered.
    let path = format!("/organizations/{}/capitalizations", s.org);
    let listed = data(m, &path, &s.bob).await;
    assert_eq!(listed["count"], 3);
    let list = page(&listed);
    assert_keys(&list[0], CAPITALIZATION_KEYS);
    assert_eq!(list[0]["life_cycle_stage"], 3);
    let issued = format!(
        "{path}?filter%5Blife_cycle_stage%5D%5Boperator%5D=eq&filter%5Blife_cycle_stage%5D%5Bvalue%5D=1&orderby=number_of_shares&sort=asc"
    );
    let listed = data(m, &issued, &s.bob).await;
    let order: Vec<&Value> = page(&listed).iter().map(|c| &c["id"]).collect();
    assert_eq!(order, vec![&json!(s.daves), &json!(s.alices)]);
    assert_eq!(data(m, &path, &s.carol).await["count"], 0);

    // GET /self/capitalizations
    let mine = data(m, "/self/capitalizations", &s.dave).await;
    assert_eq!(mine["count"], 1);
    assert_eq!(page(&mine)[0]["id"], json!(s.daves));
    assert_eq!(page(&mine)[0]["number_of_shares"], "40");

    // GET /capitalizations/{id}/changelog
    change(
        m,
        &s.alices,
        Some(&s.bob),
        0,
        None,
        r#"{"number_of_shares": "100", "life_cycle_stage": 1}"#,
        "2026-01-01T10:00:00Z",
    )
    .await;
    change(
        m,
        &s.alices,
        Some(&s.admin),
        1,
        Some(r#"{"number_of_shares": "100"}"#),
        r#"{"number_of_shares": "120.5"}"#,
        "2026-01-02T10:00:00Z",
    )
    .await;
    let log = data(
        m,
        &format!("/capitalizations/{}/changelog", s.alices),
        &s.alice,
    )
    .await;
    assert_eq!(log["count"], 2);
    let entries = page(&log);
    assert_keys(&entries[0], CHANGE_KEYS);
    assert_eq!(entries[0]["change_kind"], 1);
    assert_eq!(entries[0]["user_id"], json!(s.admin.id));
    assert_eq!(entries[0]["before"], json!({ "number_of_shares": "100" }));
    assert_eq!(entries[0]["after"], json!({ "number_of_shares": "120.5" }));
    assert_eq!(entries[1]["change_kind"], 0);
    assert!(entries[1]["before"].is_null());
    assert_eq!(entries[1]["after"]["life_cycle_stage"], 1);
}

#[tokio::test]
async fn what_the_caller_may_not_see_is_not_found() {
    let s = setup().await;
    let m = &s.m;
    for path in [
        format!("/capitalizations/{}", s.alices),
        format!("/capitalizations/{}/changelog", s.alices),
        format!("/capitalizations/{}", s.treasury),
    ] {
        assert_failure(&get(m, &path, &s.carol).await, 404, 19003);
    }
    m.force_org_stage(&s.org, 0).await;
    let path = format!("/organizations/{}/capitalizations", s.org);
    assert_failure(&get(m, &path, &s.carol).await, 404, 19003);
    let bad = format!("{path}?orderby=custom__colour");
    assert_failure(&get(m, &bad, &s.bob).await, 400, 19002);
}
