//! What a key does to one request at a time: replay, reuse, answers not kept, bad keys,
//! queries.

use serde_json::json;

use super::{CREATE, Fixture, code, replayed};

const HELIOS: &str = r#"{"display_name":"Helios"}"#;

#[tokio::test]
async fn a_rest_write_sent_twice_with_one_key_runs_once_and_replays_its_answer() {
    let f = Fixture::new().await;
    let first = f.rest_create("alpha", &f.bob, Some("k-1"), HELIOS).await;
    assert_eq!(first.status, 200, "{}", first.text);
    assert!(!replayed(&first));
    let second = f.rest_create("alpha", &f.bob, Some("k-1"), HELIOS).await;
    assert_eq!(second.status, first.status);
    assert_eq!(second.text, first.text);
    assert!(replayed(&second), "{}", second.head);
    assert!(
        second
            .head
            .to_ascii_lowercase()
            .contains("content-type: application/json")
    );
    assert_eq!(f.organizations().await, 1);
    // Without a key the same request runs again.
    let third = f.rest_create("alpha", &f.bob, None, HELIOS).await;
    assert_eq!(third.status, 200);
    assert_ne!(third.text, first.text);
    assert_eq!(f.organizations().await, 2);
}

#[tokio::test]
async fn a_graphql_mutation_sent_twice_with_one_key_runs_once_and_replays_its_answer() {
    let f = Fixture::new().await;
    let first = f.graphql_create(Some("g-1"), "Helios").await;
    assert_eq!(first.status, 200);
    assert!(
        first.json["data"]["createOrganization"]["id"].is_string(),
        "{}",
        first.text
    );
    assert!(!replayed(&first));
    let second = f.graphql_create(Some("g-1"), "Helios").await;
    assert_eq!(second.status, 200);
    assert_eq!(second.text, first.text);
    assert!(replayed(&second));
    assert_eq!(f.organizations().await, 1);
}

#[tokio::test]
async fn the_same_key_with_another_request_is_refused_and_runs_nothing() {
    let f = Fixture::new().await;
    let first = f.rest_create("alpha", &f.bob, Some("k-1"), HELIOS).await;
    assert_eq!(first.status, 200);
    let other = f
        .rest_create("alpha", &f.bob, Some("k-1"), r#"{"display_name":"Selene"}"#)
        .await;
    assert_eq!(other.status, 422, "{}", other.text);
    assert_eq!(other.json["outcome"], "failure");
    assert_eq!(code(&other), Some(14014));
    assert!(!replayed(&other));

    let g = f.graphql_create(Some("g-1"), "Helios").await;
    assert_eq!(g.status, 200);
    let g_other = f.graphql_create(Some("g-1"), "Selene").await;
    assert_eq!(g_other.status, 422, "{}", g_other.text);
    assert_eq!(code(&g_other), Some(14014));
    assert_eq!(g_other.json["errors"][0]["extensions"]["status"], 422);
    assert_eq!(f.organizations().await, 2);
}

#[tokio::test]
async fn a_refused_request_is_not_kept_so_the_corrected_one_runs_with_the_same_key() {
    let f = Fixture::new().await;
    // REST: display_name is required (400).
    let bad = f
        .rest_create("alpha", &f.bob, Some("k-1"), r#"{"brief_desc":"nameless"}"#)
        .await;
    assert_eq!(bad.status, 400, "{}", bad.text);
    assert_eq!(f.keys().await, 0);
    let fixed = f.rest_create("alpha", &f.bob, Some("k-1"), HELIOS).await;
    assert_eq!(fixed.status, 200, "{}", fixed.text);
    assert!(!replayed(&fixed));

    // GraphQL: an error of status 400 inside a 200 answer is not kept either.
    let blank = f.graphql_create(Some("g-1"), "").await;
    assert_eq!(blank.status, 200);
    assert_eq!(
        blank.json["errors"][0]["extensions"]["status"], 400,
        "{}",
        blank.text
    );
    assert_eq!(f.keys().await, 1, "only the REST answer is kept");
    let named = f.graphql_create(Some("g-1"), "Helios").await;
    assert!(
        named.json["data"]["createOrganization"]["id"].is_string(),
        "{}",
        named.text
    );
    assert!(!replayed(&named));
    assert_eq!(f.organizations().await, 2);
    assert_eq!(f.keys().await, 2);
}

#[tokio::test]
async fn malformed_keys_are_refused_before_anything_runs() {
    let f = Fixture::new().await;
    let long = "k".repeat(256);
    for key in ["", long.as_str(), "clé", "a b"] {
        let rest = f.rest_create("alpha", &f.bob, Some(key), HELIOS).await;
        assert_eq!(rest.status, 400, "{key:?}: {}", rest.text);
        assert_eq!(code(&rest), Some(14013), "{key:?}");
        let graphql = f.graphql_create(Some(key), "Helios").await;
        assert_eq!(graphql.status, 400, "{key:?}: {}", graphql.text);
        assert_eq!(code(&graphql), Some(14013), "{key:?}");
    }
    assert_eq!(f.organizations().await, 0);
    assert_eq!(f.keys().await, 0);
    // 255 characters is the longest key.
    let longest = "k".repeat(255);
    let ok = f.rest_create("alpha", &f.bob, Some(&longest), HELIOS).await;
    assert_eq!(ok.status, 200, "{}", ok.text);
}

#[tokio::test]
async fn a_graphql_query_with_a_key_just_runs_and_nothing_is_kept() {
    let f = Fixture::new().await;
    let me = "{ me { id } }";
    for variables in [json!({}), json!({ "unused": 1 })] {
        let r = f.graphql(&f.bob, Some("q-1"), me, variables).await;
        assert_eq!(r.status, 200, "{}", r.text);
        assert_eq!(r.json["data"]["me"]["id"], f.bob.id.as_str(), "{}", r.text);
        assert!(!replayed(&r));
    }
    // Even a key that a mutation would refuse.
    let r = f.graphql(&f.bob, Some(""), me, json!({})).await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(f.keys().await, 0);
    // A document holding a query and a mutation is guarded when the mutation is chosen.
    let both = format!(
        "query Me {me} {}",
        CREATE.replacen("mutation", "mutation Make", 1)
    );
    let body = json!({
        "query": both, "operationName": "Make", "variables": { "i": { "displayName": "H" } },
    });
    let auth = format!("Bearer {}", f.bob.token);
    let headers = [
        ("network", "alpha"),
        ("authorization", auth.as_str()),
        ("content-type", "application/json"),
        ("idempotency-key", "m-1"),
    ];
    let addr = f.server.addr;
    let body = body.to_string();
    let first = crate::common::server::request(addr, "POST", "/graphql", &headers, &body).await;
    let again = crate::common::server::request(addr, "POST", "/graphql", &headers, &body).await;
    assert_eq!(again.text, first.text, "{}", first.text);
    assert!(replayed(&again));
    assert_eq!(f.organizations().await, 1);
}

#[tokio::test]
async fn the_openapi_document_lists_the_key_on_every_write_route() {
    let f = Fixture::new().await;
    let doc = f.market.app.get("/v1/openapi.json").await.json;
    let mut writes = 0;
    for (path, methods) in doc["paths"].as_object().unwrap() {
        for (method, op) in methods.as_object().unwrap() {
            let has_key = op["parameters"]
                .as_array()
                .unwrap()
                .iter()
                .any(|p| p["name"] == "Idempotency-Key" && p["in"] == "header");
            assert_eq!(has_key, method != "get", "{method} {path}");
            writes += usize::from(method != "get");
        }
    }
    assert!(writes > 50, "{writes}");
}
