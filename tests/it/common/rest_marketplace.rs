//! Helpers of the REST marketplace tests: page and key checks, and short-hands for
//! requests, drafts and publishing on the demo network.

use super::demo::Demo;
use super::identity::anon;
use super::rest::{assert_success, rest};
use super::{TestApp, TestResponse};
use axum::http::Method;
use serde_json::{Value, json};

/// The documented keys of each object, written once in `seed_keys`.
pub use super::seed_keys::{BULLETIN_KEYS, INVESTMENT_KEYS, OFFERING_KEYS, ORGANIZATION_KEYS};

/// Checks that `object` has every top-level key of `keys` (nested paths such as
/// `address.city` are checked by the documented-keys tables) and no `__typename`.
pub fn assert_keys(object: &Value, keys: &[&str]) {
    let map = object
        .as_object()
        .unwrap_or_else(|| panic!("not an object: {object}"));
    for key in keys.iter().filter(|k| !k.contains(['.', '['])) {
        assert!(map.contains_key(*key), "{key} missing from {object}");
    }
    assert!(!map.contains_key("__typename"), "{object}");
}

/// Checks `{offset, limit, count, list}` and returns the list.
pub fn page(data: &Value) -> &Vec<Value> {
    assert!(data["offset"].is_i64(), "{data}");
    assert!(data["limit"].is_i64(), "{data}");
    assert!(data["count"].is_i64(), "{data}");
    data["list"].as_array().unwrap()
}

pub async fn get(app: &TestApp, path: &str, auth: &str) -> TestResponse {
    rest(app, Method::GET, path, Some(auth), None).await
}

pub async fn send(
    app: &TestApp,
    method: Method,
    path: &str,
    auth: &str,
    body: Value,
) -> TestResponse {
    rest(app, method, path, Some(auth), Some(body)).await
}

/// Creates an offering of Helios as bob (Draft) and returns its id.
pub async fn draft_offering(app: &TestApp, d: &Demo, body: Value) -> String {
    let r = send(
        app,
        Method::POST,
        &format!("/organizations/{}/offerings", d.helios),
        &d.bob_token,
        body,
    )
    .await;
    assert_success(&r)["offering_id"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// Publishes an offering as the admin, through the Back Office transitions.
pub async fn publish(app: &TestApp, d: &Demo, offering: &str) {
    for stage in [3, 5] {
        let r = send(
            app,
            Method::PATCH,
            &format!("/offerings/{offering}"),
            &d.admin_token,
            json!({ "life_cycle_stage": stage }),
        )
        .await;
        assert_eq!(assert_success(&r), &json!({ "offering_id": offering }));
    }
}

pub fn stage_of(r: &TestResponse, wrapper: &str) -> i64 {
    assert_success(r)[wrapper]["life_cycle_stage"]
        .as_i64()
        .unwrap_or_else(|| panic!("{}", r.text))
}

/// Registers a user through POST /users and returns the email (password
/// `Password123!`).
pub async fn register(app: &TestApp, email: &str) -> String {
    let body = json!({ "email": email, "password": "Password123!", "url": "https://www.yoursite.com/verify-email" });
    let r = rest(app, Method::POST, "/users", Some(&anon()), Some(body)).await;
    assert_success(&r);
    email.to_owned()
}
