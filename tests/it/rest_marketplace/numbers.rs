//! Numbers in REST bodies: money as a decimal string or as a JSON number read from its
//! literal text (never through a float), the reference's `Integer` fields as a JSON
//! integer or a digit string, anything else a 400 naming the field.

use axum::http::Method;
use crowdgraph::error::codes;
use serde_json::json;

use crate::common::demo::demo;
use crate::common::identity::as_user;
use crate::common::identity::seeded;
use crate::common::rest::{assert_failure, assert_success, rest_text};
use crate::common::rest_marketplace::{draft_offering, get, register};

#[tokio::test]
async fn money_numbers_arrive_exactly_and_integers_take_both_forms() {
    let app = seeded().await;
    let d = demo(&app).await;
    // An f64 would hold 12345678901234.5678 as 12345678901234.568.
    let created = r#"{ "funding_goal": 12345678901234.5678, "interest_rate": 0.1,
        "valuation": "2500000.25", "num_of_shares": 50000, "price_per_share": 1.25, "term": "24" }"#;
    let r = rest_text(
        &app,
        Method::POST,
        &format!("/organizations/{}/offerings", d.helios),
        &d.bob_token,
        created,
    )
    .await;
    let offering = assert_success(&r)["offering_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let path = format!("/offerings/{offering}");
    let r = get(&app, &path, &d.bob_token).await;
    let o = &assert_success(&r)["offering"];
    assert_eq!(o["funding_goal"], "12345678901234.5678");
    assert_eq!(o["interest_rate"], "0.1");
    assert_eq!(o["valuation"], "2500000.25");
    assert_eq!(o["num_of_shares"], "50000");
    assert_eq!(o["price_per_share"], "1.25");
    assert_eq!(o["term"], 24);

    let patch = r#"{ "funding_goal": 1250.5, "num_of_shares": "7", "term": 12 }"#;
    let r = rest_text(&app, Method::PATCH, &path, &d.bob_token, patch).await;
    assert_eq!(assert_success(&r), &json!({ "offering_id": offering }));
    let r = get(&app, &path, &d.bob_token).await;
    let o = &assert_success(&r)["offering"];
    assert_eq!(o["funding_goal"], "1250.5");
    assert_eq!(o["num_of_shares"], "7");
    assert_eq!(o["term"], 12);

    let carol = register(&app, "carol@test.com").await;
    let invest = r#"{ "investment_amount": 1250.5, "interest_rate": 0.1, "number_of_shares": 10, "term": "6" }"#;
    let r = rest_text(
        &app,
        Method::POST,
        &format!("/offerings/{}/investments", d.solar),
        &as_user(&carol, "Password123!"),
        invest,
    )
    .await;
    let id = assert_success(&r)["investment_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let r = get(&app, &format!("/investments/{id}"), &d.admin_token).await;
    let i = &assert_success(&r)["investment"];
    assert_eq!(i["investment_amount"], "1250.5");
    assert_eq!(i["interest_rate"], "0.1");
    assert_eq!(i["number_of_shares"], "10");
    assert_eq!(i["term"], 6);

    let patch = r#"{ "investment_amount": "2000", "number_of_shares": "12", "term": 9 }"#;
    let r = rest_text(
        &app,
        Method::PATCH,
        &format!("/investments/{id}"),
        &as_user(&carol, "Password123!"),
        patch,
    )
    .await;
    assert_success(&r);
    let r = get(&app, &format!("/investments/{id}"), &d.admin_token).await;
    let i = &assert_success(&r)["investment"];
    assert_eq!(
        (&i["investment_amount"], &i["number_of_shares"], &i["term"]),
        (&json!("2000"), &json!("12"), &json!(9))
    );
}

/// Bodies refused on an offering and on an investment, with the field the 400 names.
const BAD_OFFERING: &[(&str, &str)] = &[
    (r#"{ "funding_goal": 1e3 }"#, "funding_goal"),
    (r#"{ "funding_goal": 1E+3 }"#, "funding_goal"),
    (r#"{ "funding_goal": 1.23456 }"#, "funding_goal"),
    (r#"{ "funding_goal": "1.23456" }"#, "funding_goal"),
    (r#"{ "funding_goal": "1e3" }"#, "funding_goal"),
    (r#"{ "funding_goal": true }"#, "funding_goal"),
    (
        r#"{ "max_commitment": 12345678901234567 }"#,
        "max_commitment",
    ),
    (r#"{ "term": 5.5 }"#, "term"),
    (r#"{ "term": "5.5" }"#, "term"),
    (r#"{ "term": "abc" }"#, "term"),
    (r#"{ "term": true }"#, "term"),
    (r#"{ "term": 3000000000 }"#, "term"),
    (r#"{ "num_of_shares": "abc" }"#, "num_of_shares"),
    (r#"{ "num_of_shares": true }"#, "num_of_shares"),
];

const BAD_INVESTMENT: &[(&str, &str)] = &[
    (r#"{ "investment_amount": 1e3 }"#, "investment_amount"),
    (
        r#"{ "investment_amount": 1000.00001 }"#,
        "investment_amount",
    ),
    (r#"{ "investment_amount": false }"#, "investment_amount"),
    (r#"{ "interest_rate": 0.12345 }"#, "interest_rate"),
    (r#"{ "number_of_shares": 2.12345 }"#, "number_of_shares"),
    (r#"{ "number_of_shares": "abc" }"#, "number_of_shares"),
    (r#"{ "term": "abc" }"#, "term"),
    (r#"{ "term": true }"#, "term"),
];

#[tokio::test]
async fn other_numbers_are_400s_naming_the_field() {
    let app = seeded().await;
    let d = demo(&app).await;
    let offering = draft_offering(&app, &d, json!({})).await;
    for (body, field) in BAD_OFFERING {
        let r = rest_text(
            &app,
            Method::PATCH,
            &format!("/offerings/{offering}"),
            &d.bob_token,
            body,
        )
        .await;
        assert_failure(&r, 400, codes::BAD_REQUEST.number());
        let developer = r.json["data"]["developer_message"].as_str().unwrap();
        assert!(developer.contains(field), "{body}: {developer}");
    }
    let carol = register(&app, "carol@test.com").await;
    for (body, field) in BAD_INVESTMENT {
        let text = body.replacen('{', r#"{ "investment_amount": "1000", "#, 1);
        // A repeated investment_amount counts once, the last: the refused one.
        let r = rest_text(
            &app,
            Method::POST,
            &format!("/offerings/{}/investments", d.solar),
            &as_user(&carol, "Password123!"),
            &text,
        )
        .await;
        assert_failure(&r, 400, codes::BAD_REQUEST.number());
        let developer = r.json["data"]["developer_message"].as_str().unwrap();
        assert!(developer.contains(field), "{text}: {developer}");
    }
}
