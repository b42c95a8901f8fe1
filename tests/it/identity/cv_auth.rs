//! cv-auth: the vectors, replays, freshness, digests, keys; a token as the whole value.

use chrono::{SecondsFormat, TimeDelta, Utc};
use crowdgraph::auth::cvauth;
use crowdgraph::error::codes;
use crowdgraph::seed::{DEMO_API_KEY, DEMO_API_SECRET, DEMO_NETWORK};
use serde_json::json;

use crate::common::first_error_code;
use crate::common::graphql::{gql, login};
use crate::common::identity::{sdk_header, seeded};

#[tokio::test]
async fn the_cv_auth_vectors_work_against_the_demo_network() {
    let app = seeded().await;
    for (user, password) in [
        ("alice@example.com", "correct horse"),
        ("bob@example.com", "pässwörd"),
    ] {
        let header = sdk_header(DEMO_API_KEY, DEMO_API_SECRET, user, password);
        let me = gql(
            &app,
            &[("network", DEMO_NETWORK), ("cv-auth", &header)],
            "{ me { email } }",
            json!({}),
        )
        .await;
        assert_eq!(me.json["data"]["me"]["email"], user, "{}", me.text);
    }
    // new/new is an anonymous visitor: public data, no `me`.
    let header = sdk_header(DEMO_API_KEY, DEMO_API_SECRET, "new", "new");
    let anon = gql(&app, &[("cv-auth", &header)], "{ me { id } }", json!({})).await;
    assert!(anon.json["data"]["me"].is_null(), "{}", anon.text);
    assert_eq!(
        first_error_code(&anon),
        Some(codes::AUTH_REQUIRED.number() as i64)
    );
    let header = sdk_header(DEMO_API_KEY, DEMO_API_SECRET, "new", "new");
    let anon = gql(
        &app,
        &[("cv-auth", &header)],
        "{ network { name } }",
        json!({}),
    )
    .await;
    assert_eq!(
        anon.json["data"]["network"]["name"], DEMO_NETWORK,
        "network found by API key"
    );
}

#[tokio::test]
async fn cv_auth_refuses_replays_stale_times_bad_digests_and_wrong_keys() {
    let app = seeded().await;
    let query = "{ me { email } }";
    let header = sdk_header(
        DEMO_API_KEY,
        DEMO_API_SECRET,
        "alice@example.com",
        "correct horse",
    );
    let first = gql(&app, &[("cv-auth", &header)], query, json!({})).await;
    assert_eq!(first.status, 200, "{}", first.text);
    let replay = gql(&app, &[("cv-auth", &header)], query, json!({})).await;
    assert_eq!(replay.status, 401);
    assert_eq!(
        first_error_code(&replay),
        Some(codes::CV_AUTH_REPLAY.number() as i64)
    );
    assert!(replay.text.contains("GET /authenticate"));

    let created = (Utc::now() - TimeDelta::minutes(16)).to_rfc3339_opts(SecondsFormat::Secs, false);
    let stale = cvauth::build_header(
        DEMO_API_KEY,
        DEMO_API_SECRET,
        "a1b2c3d4a1b2c3d4a1b2c3d4a1b2c3d4",
        &created,
        "alice@example.com",
        "correct horse",
    );
    let response = gql(&app, &[("cv-auth", &stale)], query, json!({})).await;
    assert_eq!(
        first_error_code(&response),
        Some(codes::CV_AUTH_STALE.number() as i64)
    );

    let forged = sdk_header(
        DEMO_API_KEY,
        "not-the-secret",
        "alice@example.com",
        "correct horse",
    );
    let response = gql(&app, &[("cv-auth", &forged)], query, json!({})).await;
    assert_eq!(
        first_error_code(&response),
        Some(codes::CV_AUTH_BAD_DIGEST.number() as i64)
    );

    let wrong_key = sdk_header(
        "other-key",
        DEMO_API_SECRET,
        "alice@example.com",
        "correct horse",
    );
    let response = gql(
        &app,
        &[("network", DEMO_NETWORK), ("cv-auth", &wrong_key)],
        query,
        json!({}),
    )
    .await;
    assert_eq!(
        first_error_code(&response),
        Some(codes::CV_AUTH_BAD_KEY.number() as i64)
    );

    let bad_password = sdk_header(
        DEMO_API_KEY,
        DEMO_API_SECRET,
        "alice@example.com",
        "wrong horse",
    );
    let response = gql(&app, &[("cv-auth", &bad_password)], query, json!({})).await;
    assert_eq!(
        first_error_code(&response),
        Some(codes::BAD_CREDENTIALS.number() as i64)
    );

    let social = sdk_header(DEMO_API_KEY, DEMO_API_SECRET, "social", "social");
    let response = gql(&app, &[("cv-auth", &social)], query, json!({})).await;
    assert_eq!(response.status, 501);
    assert_eq!(
        first_error_code(&response),
        Some(codes::NOT_ENABLED.number() as i64)
    );

    let response = gql(
        &app,
        &[("cv-auth", "AuthToken ApiKey=\"x\"")],
        query,
        json!({}),
    )
    .await;
    assert_eq!(
        first_error_code(&response),
        Some(codes::CV_AUTH_MALFORMED.number() as i64)
    );
}

#[tokio::test]
async fn a_login_token_works_as_the_whole_cv_auth_value() {
    let app = seeded().await;
    let token = login(&app, DEMO_NETWORK, "alice@example.com", "correct horse").await;
    let me = gql(&app, &[("cv-auth", &token)], "{ me { email } }", json!({})).await;
    assert_eq!(
        me.json["data"]["me"]["email"], "alice@example.com",
        "{}",
        me.text
    );
}
