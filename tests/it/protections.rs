//! Request-level protections: depth, complexity and alias limits, GET mutations, CSRF,
//! body size, timeouts, introspection switch, CORS, unknown routes and methods.

use axum::body::Body;
use axum::http::Request;
use crowdgraph::error::codes;
use serde_json::json;

use crate::common::{TestApp, first_error_code};

fn nested(depth: usize) -> String {
    // network { globals } is a leaf; nesting comes from __schema's recursive types
    // (through `fields { type }`: `ofType` adds no depth).
    let mut q = String::from("name");
    for _ in 0..depth {
        q = format!("fields {{ type {{ {q} }} }}");
    }
    format!("{{ __schema {{ queryType {{ {q} }} }} }}")
}

#[tokio::test]
async fn queries_deeper_than_the_limit_are_refused() {
    let app = TestApp::with_config(|c, _| c.graphql_max_depth = 6).await;
    let ok = app.graphql(None, &nested(1), json!({})).await;
    assert!(ok.json["errors"].is_null(), "{}", ok.text);

    let deep = app.graphql(None, &nested(8), json!({})).await;
    assert_eq!(
        first_error_code(&deep),
        Some(codes::QUERY_TOO_DEEP.number() as i64),
        "{}",
        deep.text
    );
    assert_eq!(deep.json["errors"][0]["extensions"]["status"], 400);
    assert!(deep.json["data"].is_null());
}

#[tokio::test]
async fn queries_more_complex_than_the_limit_are_refused() {
    // `nested` is built of introspection lists; this test is about complexity only.
    let app = TestApp::with_config(|c, _| {
        c.graphql_max_complexity = 5;
        c.graphql_max_introspection_lists = 100;
    })
    .await;
    let response = app.graphql(None, &nested(4), json!({})).await;
    assert_eq!(
        first_error_code(&response),
        Some(codes::QUERY_TOO_COMPLEX.number() as i64),
        "{}",
        response.text
    );
}

#[tokio::test]
async fn documents_with_too_many_aliases_are_refused() {
    let app = TestApp::with_config(|c, _| c.graphql_max_aliases = 3).await;
    let three = app
        .graphql(
            None,
            "{ a: __typename b: __typename c: __typename }",
            json!({}),
        )
        .await;
    assert!(three.json["errors"].is_null(), "{}", three.text);

    let four = app
        .graphql(
            None,
            "{ a: __typename b: __typename c: __typename d: __typename }",
            json!({}),
        )
        .await;
    assert_eq!(
        first_error_code(&four),
        Some(codes::TOO_MANY_ALIASES.number() as i64),
        "{}",
        four.text
    );
    assert!(
        four.json["errors"][0]["extensions"]["developerMessage"]
            .as_str()
            .unwrap()
            .contains("4 aliases")
    );
}

#[tokio::test]
async fn mutations_sent_by_get_are_refused_with_405() {
    let app = TestApp::new().await;
    let request = Request::get("/graphql?query=mutation%20%7B%20__typename%20%7D")
        .header("x-requested-with", "test")
        .body(Body::empty())
        .unwrap();
    let response = app.send(request).await;
    assert_eq!(response.status, 405);
    assert_eq!(response.headers["allow"], "POST");
    assert_eq!(
        first_error_code(&response),
        Some(codes::METHOD_NOT_ALLOWED.number() as i64)
    );

    // The same document's query counterpart is served by GET.
    let request = Request::get("/graphql?query=%7B%20__typename%20%7D")
        .header("x-requested-with", "test")
        .body(Body::empty())
        .unwrap();
    let response = app.send(request).await;
    assert_eq!(response.status, 200, "{}", response.text);
    assert_eq!(response.json["data"]["__typename"], "QueryRoot");
}

#[tokio::test]
async fn simple_cross_site_requests_are_refused() {
    let app = TestApp::new().await;
    // GET without a preflight-only header.
    let response = app.get("/graphql?query=%7B%20__typename%20%7D").await;
    assert_eq!(response.status, 400);
    assert_eq!(
        first_error_code(&response),
        Some(codes::CSRF_REFUSED.number() as i64)
    );

    // A form-encoded or text/plain POST, as an HTML form would send.
    for content_type in [
        "text/plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
    ] {
        let request = Request::post("/graphql")
            .header("content-type", content_type)
            .body(Body::from(r#"{"query":"{ __typename }"}"#))
            .unwrap();
        let response = app.send(request).await;
        assert_eq!(response.status, 400, "{content_type}");
        assert_eq!(
            first_error_code(&response),
            Some(codes::CSRF_REFUSED.number() as i64),
            "{content_type}"
        );
    }

    // With the preflight header a wrong content type is just unsupported.
    let request = Request::post("/graphql")
        .header("content-type", "text/plain")
        .header("x-requested-with", "XMLHttpRequest")
        .body(Body::from(r#"{"query":"{ __typename }"}"#))
        .unwrap();
    let response = app.send(request).await;
    assert_eq!(response.status, 415);
    assert_eq!(
        first_error_code(&response),
        Some(codes::UNSUPPORTED_MEDIA_TYPE.number() as i64)
    );
}

#[tokio::test]
async fn oversized_bodies_get_413() {
    let app = TestApp::with_config(|c, _| c.max_body_bytes = 1024).await;
    let padding = " ".repeat(2048);
    let request = Request::post("/graphql")
        .header("content-type", "application/json")
        .body(Body::from(format!(
            r#"{{"query":"{{ __typename }}"{padding}}}"#
        )))
        .unwrap();
    let response = app.send(request).await;
    assert_eq!(response.status, 413);
    assert_eq!(
        first_error_code(&response),
        Some(codes::PAYLOAD_TOO_LARGE.number() as i64)
    );
}

#[tokio::test]
async fn malformed_json_and_batches_are_400() {
    let app = TestApp::new().await;
    for body in [
        "{not json",
        "",
        r#"[{"query":"{ __typename }"}]"#,
        r#"{"query": 5}"#,
    ] {
        let request = Request::post("/graphql")
            .header("content-type", "application/json")
            .body(Body::from(body))
            .unwrap();
        let response = app.send(request).await;
        assert_eq!(response.status, 400, "{body:?}: {}", response.text);
        assert_eq!(
            first_error_code(&response),
            Some(codes::BAD_REQUEST.number() as i64),
            "{body:?}"
        );
    }
}

#[tokio::test]
async fn requests_over_the_time_limit_get_503() {
    let app = TestApp::with_config(|c, _| c.request_timeout_ms = 0).await;
    let name = app.create_network("slow").await;
    let response = app
        .graphql(
            Some(&name),
            "{ publicStats { countSettledOfferings } }",
            json!({}),
        )
        .await;
    assert_eq!(response.status, 503, "{}", response.text);
    assert_eq!(
        first_error_code(&response),
        Some(codes::REQUEST_TIMEOUT.number() as i64)
    );
}

#[tokio::test]
async fn introspection_can_be_turned_off() {
    let query = "{ __schema { queryType { name } } }";
    let on = TestApp::new().await;
    let response = on.graphql(None, query, json!({})).await;
    assert_eq!(
        response.json["data"]["__schema"]["queryType"]["name"],
        "QueryRoot"
    );

    let off = TestApp::with_config(|c, _| c.graphql_introspection = false).await;
    let response = off.graphql(None, query, json!({})).await;
    assert_eq!(
        first_error_code(&response),
        Some(codes::INTROSPECTION_DISABLED.number() as i64),
        "{}",
        response.text
    );
    assert!(response.json["data"].is_null());
    // Ordinary queries still work.
    let response = off.graphql(None, "{ __typename }", json!({})).await;
    assert_eq!(response.json["data"]["__typename"], "QueryRoot");
}

#[tokio::test]
async fn cors_allows_only_listed_origins() {
    let app = TestApp::with_config(|c, _| {
        c.cors_allowed_origins = vec!["https://app.example.com".into()];
    })
    .await;
    let preflight = |origin: &str| {
        Request::builder()
            .method("OPTIONS")
            .uri("/graphql")
            .header("origin", origin)
            .header("access-control-request-method", "POST")
            .header("access-control-request-headers", "content-type,network")
            .body(Body::empty())
            .unwrap()
    };
    let allowed = app.send(preflight("https://app.example.com")).await;
    assert_eq!(
        allowed.headers["access-control-allow-origin"],
        "https://app.example.com"
    );
    let refused = app.send(preflight("https://evil.example.net")).await;
    assert!(refused.headers.get("access-control-allow-origin").is_none());
}

#[tokio::test]
async fn unknown_routes_and_methods_get_the_failure_envelope() {
    let app = TestApp::new().await;
    let response = app.get("/nope").await;
    assert_eq!(response.status, 404);
    assert_eq!(response.json["outcome"], "failure");
    assert_eq!(response.json["data"]["code"], codes::NOT_FOUND.number());

    let request = Request::delete("/graphql").body(Body::empty()).unwrap();
    let response = app.send(request).await;
    assert_eq!(response.status, 405);
    assert_eq!(
        response.json["data"]["code"],
        codes::METHOD_NOT_ALLOWED.number()
    );
    let allow = response.headers["allow"].to_str().unwrap();
    assert!(allow.contains("GET") && allow.contains("POST"), "{allow}");
}

#[tokio::test]
async fn every_response_carries_a_request_id() {
    let app = TestApp::new().await;
    let response = app.get("/healthz").await;
    let id = response.headers["x-request-id"].to_str().unwrap();
    assert_eq!(id.len(), 36, "{id}");
    let request = Request::get("/healthz")
        .header("x-request-id", "abc-123")
        .body(Body::empty())
        .unwrap();
    assert_eq!(app.send(request).await.headers["x-request-id"], "abc-123");
}
