//! REST calls of the `/v1` shim on the demo network, and checks of its envelopes.

use axum::body::Body;
use axum::http::{Method, Request};
use crowdgraph::seed::DEMO_NETWORK;
use serde_json::Value;

use super::{TestApp, TestResponse};

/// Sends a REST request with optional `cv-auth` and JSON body.
pub async fn rest(
    app: &TestApp,
    method: Method,
    path: &str,
    auth: Option<&str>,
    body: Option<Value>,
) -> TestResponse {
    let mut request = Request::builder()
        .method(method)
        .uri(format!("/v1/{DEMO_NETWORK}{path}"));
    if let Some(auth) = auth {
        request = request.header("cv-auth", auth);
    }
    let body = match body {
        Some(body) => {
            request = request.header("content-type", "application/json");
            Body::from(body.to_string())
        }
        None => Body::empty(),
    };
    app.send(request.body(body).unwrap()).await
}

pub fn assert_success(r: &TestResponse) -> &Value {
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.json["outcome"], "success", "{}", r.text);
    assert_eq!(r.json["status"], 200);
    &r.json["data"]
}

pub fn assert_failure(r: &TestResponse, status: u16, code: u32) {
    assert_eq!(r.status, status, "{}", r.text);
    assert_eq!(r.json["outcome"], "failure", "{}", r.text);
    assert_eq!(r.json["status"], status);
    assert_eq!(r.json["data"]["code"], code, "{}", r.text);
    assert!(r.json["data"]["user_message"].is_string());
    assert!(r.json["data"]["developer_message"].is_string());
}

/// Sends a JSON body exactly as written (`json!` would print `0.1` or `5e4` through a
/// float); for the literal text of numbers.
pub async fn rest_text(
    app: &TestApp,
    method: Method,
    path: &str,
    auth: &str,
    body: &str,
) -> TestResponse {
    let request = Request::builder()
        .method(method)
        .uri(format!("/v1/{DEMO_NETWORK}{path}"))
        .header("cv-auth", auth)
        .header("content-type", "application/json")
        .body(Body::from(body.to_owned()))
        .unwrap();
    app.send(request).await
}

/// Sends a request that must succeed; returns its `data`.
pub async fn ok(app: &TestApp, method: Method, path: &str, auth: &str, body: Value) -> Value {
    let body = (!body.is_null()).then_some(body);
    let r = rest(app, method, path, Some(auth), body).await;
    assert_success(&r).clone()
}
