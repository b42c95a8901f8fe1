//! GraphQL calls as the tests send them: with extra headers, logging in, bearer tokens.

use axum::body::Body;
use axum::http::Request;
use serde_json::{Value, json};

use super::{TestApp, TestResponse};

/// Sends a GraphQL operation with extra headers.
pub async fn gql(
    app: &TestApp,
    headers: &[(&str, &str)],
    query: &str,
    variables: Value,
) -> TestResponse {
    let mut request = Request::post("/graphql").header("content-type", "application/json");
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let body = json!({ "query": query, "variables": variables }).to_string();
    app.send(request.body(Body::from(body)).unwrap()).await
}

pub const LOGIN: &str = "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token expiresAt user { id email } } }";

/// Logs in and returns the token.
pub async fn login(app: &TestApp, network: &str, email: &str, password: &str) -> String {
    let response = gql(
        app,
        &[("network", network)],
        LOGIN,
        json!({ "e": email, "p": password }),
    )
    .await;
    response.json["data"]["login"]["token"]
        .as_str()
        .unwrap_or_else(|| panic!("login failed: {}", response.text))
        .to_owned()
}

/// The `Authorization` value for `token`.
pub fn bearer(token: &str) -> String {
    format!("Bearer {token}")
}
