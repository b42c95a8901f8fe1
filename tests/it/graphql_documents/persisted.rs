//! Automatic persisted queries, with the requests Apollo's persisted-query link sends.

use axum::body::Body;
use axum::http::Request;
use crowdgraph::error::codes;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::common::{TestApp, TestResponse};

const QUERY: &str = "query Typename { __typename }";

fn hash(document: &str) -> String {
    hex::encode(Sha256::digest(document.as_bytes()))
}

fn extensions(document: &str) -> Value {
    json!({ "persistedQuery": { "version": 1, "sha256Hash": hash(document) } })
}

async fn post(app: &TestApp, body: Value) -> TestResponse {
    let request = Request::post("/graphql")
        .header("content-type", "application/json")
        .body(Body::from(body.to_string()))
        .unwrap();
    app.send(request).await
}

async fn get(app: &TestApp, params: &[(&str, String)]) -> TestResponse {
    let query = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(params)
        .finish();
    let request = Request::get(format!("/graphql?{query}"))
        .header("apollo-require-preflight", "true")
        .body(Body::empty())
        .unwrap();
    app.send(request).await
}

fn assert_not_found(response: &TestResponse) {
    assert_eq!(response.status, 200, "{}", response.text);
    let error = &response.json["errors"][0];
    assert_eq!(
        error["message"], "PersistedQueryNotFound",
        "{}",
        response.text
    );
    assert_eq!(error["extensions"]["code"], "PERSISTED_QUERY_NOT_FOUND");
    assert_eq!(
        error["extensions"]["number"],
        codes::PERSISTED_QUERY_NOT_FOUND.number()
    );
}

#[tokio::test]
async fn apollo_link_by_post_hash_then_document_then_hash() {
    let app = TestApp::new().await;
    let hashed =
        json!({ "operationName": "Typename", "variables": {}, "extensions": extensions(QUERY) });
    assert_not_found(&post(&app, hashed.clone()).await);

    let mut full = hashed.clone();
    full["query"] = json!(QUERY);
    let response = post(&app, full).await;
    assert_eq!(
        response.json,
        json!({ "data": { "__typename": "QueryRoot" } }),
        "{}",
        response.text
    );

    let response = post(&app, hashed).await;
    assert_eq!(
        response.json,
        json!({ "data": { "__typename": "QueryRoot" } }),
        "{}",
        response.text
    );
}

#[tokio::test]
async fn apollo_link_by_get_for_hashed_queries() {
    let app = TestApp::new().await;
    let params = |ext: &Value| {
        vec![
            ("operationName", "Typename".to_owned()),
            ("variables", "{}".to_owned()),
            ("extensions", ext.to_string()),
        ]
    };
    let ext = extensions(QUERY);
    assert_not_found(&get(&app, &params(&ext)).await);
    // The link sends the document with its hash by POST, then hashes only by GET.
    let full =
        json!({ "operationName": "Typename", "variables": {}, "extensions": ext, "query": QUERY });
    assert_eq!(
        post(&app, full).await.json["data"]["__typename"],
        "QueryRoot"
    );
    let response = get(&app, &params(&ext)).await;
    assert_eq!(
        response.json,
        json!({ "data": { "__typename": "QueryRoot" } }),
        "{}",
        response.text
    );

    // A mutation known by its hash is still refused by GET.
    let mutation = "mutation M { __typename }";
    let ext = extensions(mutation);
    let full = json!({ "query": mutation, "extensions": ext });
    assert_eq!(
        post(&app, full).await.json["data"]["__typename"],
        "MutationRoot"
    );
    let response = get(&app, &[("extensions", ext.to_string())]).await;
    assert_eq!(response.status, 405, "{}", response.text);
}

#[tokio::test]
async fn a_document_that_is_not_its_hash_is_400() {
    let app = TestApp::new().await;
    let body = json!({ "query": "{ __typename }", "extensions": extensions("{ other }") });
    let response = post(&app, body).await;
    assert_eq!(response.status, 400, "{}", response.text);
    assert_eq!(
        response.json["errors"][0]["extensions"]["code"],
        codes::PERSISTED_QUERY_MISMATCH.number()
    );
    // Nothing was kept under the wrong hash.
    let hashed = json!({ "extensions": extensions("{ other }") });
    assert_not_found(&post(&app, hashed).await);
}

#[tokio::test]
async fn with_no_cache_clients_are_told_persisted_queries_are_not_supported() {
    let app = TestApp::with_config(|c, _| c.graphql_apq_cache_bytes = 0).await;
    let response = post(&app, json!({ "extensions": extensions(QUERY) })).await;
    assert_eq!(response.status, 200, "{}", response.text);
    let error = &response.json["errors"][0];
    assert_eq!(error["message"], "PersistedQueryNotSupported");
    assert_eq!(error["extensions"]["code"], "PERSISTED_QUERY_NOT_SUPPORTED");
    // Documents sent in full are served as always.
    let response = post(&app, json!({ "query": QUERY })).await;
    assert_eq!(response.json["data"]["__typename"], "QueryRoot");
}
