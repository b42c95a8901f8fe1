//! The work of a document is bounded before async-graphql validates it.

use std::time::{Duration, Instant};

use crowdgraph::error::codes;
use serde_json::json;

use super::{doubling_bomb, http, serve};
use crate::common::{TestApp, first_error_code};

#[tokio::test]
async fn the_doubling_fragment_bomb_is_refused_in_milliseconds() {
    let app = TestApp::new().await;
    let started = Instant::now();
    let response = app.graphql(None, &doubling_bomb(26), json!({})).await;
    let took = started.elapsed();
    assert_eq!(
        first_error_code(&response),
        Some(codes::TOO_MANY_SELECTIONS.number() as i64),
        "{}",
        response.text
    );
    assert!(
        response.json["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("67108864 fields"),
        "{}",
        response.text
    );
    assert!(took < Duration::from_millis(500), "took {took:?}");
    // Within the limit the same shape is served.
    let small = app.graphql(None, &doubling_bomb(10), json!({})).await;
    assert_eq!(
        small.json["data"]["__typename"], "QueryRoot",
        "{}",
        small.text
    );
}

#[tokio::test]
async fn documents_with_too_many_tokens_or_nested_brackets_are_refused_before_parsing() {
    let app = TestApp::with_config(|c, _| c.graphql_max_tokens = 100).await;
    let ok = format!("{{ {} }}", "__typename ".repeat(98));
    assert!(app.graphql(None, &ok, json!({})).await.json["errors"].is_null());
    let over = format!("{{ {} }}", "__typename ".repeat(99));
    let response = app.graphql(None, &over, json!({})).await;
    assert_eq!(response.status, 400, "{}", response.text);
    assert_eq!(
        first_error_code(&response),
        Some(codes::DOCUMENT_TOO_LARGE.number() as i64)
    );
    let app = TestApp::new().await;
    let deep = format!("{{ network(x: {}1{}) }}", "[".repeat(65), "]".repeat(65));
    let response = app.graphql(None, &deep, json!({})).await;
    assert_eq!(response.status, 400, "{}", response.text);
    assert_eq!(
        first_error_code(&response),
        Some(codes::DOCUMENT_TOO_LARGE.number() as i64)
    );
}

#[tokio::test]
async fn a_thousand_directives_give_one_error() {
    let app = TestApp::new().await;
    app.create_network("alpha").await;
    let directives = "@include(if: true) ".repeat(1000);
    for doc in [
        format!("{{ __typename {directives} }}"),
        format!("{{ network {{ name {directives} }} }}"),
    ] {
        let response = app.graphql(Some("alpha"), &doc, json!({})).await;
        assert_eq!(
            response.json["errors"].as_array().unwrap().len(),
            1,
            "{}",
            response.text
        );
        assert_eq!(
            first_error_code(&response),
            Some(codes::TOO_MANY_DIRECTIVES.number() as i64)
        );
    }
}

#[tokio::test]
async fn depth_leaves_out_of_type_but_counts_every_other_field() {
    let app = TestApp::with_config(|c, _| c.graphql_max_depth = 4).await;
    let of_types = format!(
        "{{ __type(name: \"QueryRoot\") {{ fields {{ type {{ {} name {} }} }} }} }}",
        "ofType {".repeat(20),
        "}".repeat(20)
    );
    let response = app.graphql(None, &of_types, json!({})).await;
    assert!(response.json["errors"].is_null(), "{}", response.text);
    let deep = "{ __type(name: \"QueryRoot\") { fields { type { fields { name } } } } }";
    let response = app.graphql(None, deep, json!({})).await;
    assert_eq!(
        first_error_code(&response),
        Some(codes::QUERY_TOO_DEEP.number() as i64),
        "{}",
        response.text
    );
}

#[tokio::test]
async fn introspection_lists_nested_past_the_limit_are_refused_within_the_depth() {
    let app = TestApp::new().await;
    // Depth 9, yet every level of `fields { type { … } }` multiplies the answer by the
    // size of the schema.
    let fan_out = "{ __schema { types { fields { type { fields { type { fields { type { \
                   name } } } } } } } } }";
    let response = app.graphql(None, fan_out, json!({})).await;
    assert_eq!(
        first_error_code(&response),
        Some(codes::QUERY_TOO_DEEP.number() as i64),
        "{}",
        response.text
    );
    assert!(response.json["data"].is_null(), "{}", response.text);
    let three = "{ __schema { types { fields { args { name } } } } }";
    let response = app.graphql(None, three, json!({})).await;
    assert!(response.json["errors"].is_null(), "{}", response.text);
}

#[tokio::test]
async fn healthz_stays_fast_while_bombs_and_huge_documents_are_in_flight() {
    let app = TestApp::new().await;
    let addr = serve(&app).await;
    let bomb = json!({ "query": doubling_bomb(26) }).to_string();
    let huge = json!({ "query": format!("{{ {} }}", "__typename ".repeat(90_000)) }).to_string();
    let mut attacks = Vec::new();
    for i in 0..8 {
        let body = if i % 2 == 0 {
            bomb.clone()
        } else {
            huge.clone()
        };
        attacks.push(tokio::spawn(async move {
            http(addr, "POST", "/graphql", &body).await
        }));
    }
    let mut slowest = Duration::ZERO;
    for _ in 0..10 {
        let started = Instant::now();
        let (status, _) = http(addr, "GET", "/healthz", "").await;
        assert_eq!(status, 200);
        slowest = slowest.max(started.elapsed());
    }
    for attack in attacks {
        let (status, body) = attack.await.unwrap();
        assert!(matches!(status, 200 | 400), "{status} {body}");
        assert!(body.contains("\"code\":1901"), "{body}");
    }
    assert!(
        slowest < Duration::from_millis(300),
        "healthz took {slowest:?}"
    );
}
