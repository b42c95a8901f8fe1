//! Brute-force locks; unknown emails and wrong passwords look the same.

use crowdgraph::error::codes;
use crowdgraph::seed::DEMO_NETWORK;
use serde_json::json;

use crate::common::graphql::{LOGIN, gql, login};
use crate::common::identity::seeded;
use crate::common::{TestApp, first_error_code};

#[tokio::test]
async fn repeated_failures_lock_the_account_then_a_success_is_refused_too() {
    let app = seeded().await;
    for _ in 0..4 {
        let r = gql(
            &app,
            &[("network", DEMO_NETWORK)],
            LOGIN,
            json!({ "e": "alice@example.com", "p": "bad password" }),
        )
        .await;
        assert_eq!(
            first_error_code(&r),
            Some(codes::BAD_CREDENTIALS.number() as i64),
            "{}",
            r.text
        );
    }
    let fifth = gql(
        &app,
        &[("network", DEMO_NETWORK)],
        LOGIN,
        json!({ "e": "alice@example.com", "p": "bad password" }),
    )
    .await;
    assert_eq!(
        first_error_code(&fifth),
        Some(codes::LOGIN_LOCKED.number() as i64),
        "{}",
        fifth.text
    );
    assert_eq!(fifth.json["errors"][0]["extensions"]["status"], 429);
    let right = gql(
        &app,
        &[("network", DEMO_NETWORK)],
        LOGIN,
        json!({ "e": "ALICE@example.com", "p": "correct horse" }),
    )
    .await;
    assert_eq!(
        first_error_code(&right),
        Some(codes::LOGIN_LOCKED.number() as i64),
        "locked means locked"
    );
    // Another account is not affected.
    login(&app, DEMO_NETWORK, "bob@example.com", "pässwörd").await;
    // The counters are in the database, so a fresh app (a restart) still sees the lock.
    let restarted = TestApp::over_existing(&app);
    let again = gql(
        &restarted,
        &[("network", DEMO_NETWORK)],
        LOGIN,
        json!({ "e": "alice@example.com", "p": "correct horse" }),
    )
    .await;
    assert_eq!(
        first_error_code(&again),
        Some(codes::LOGIN_LOCKED.number() as i64)
    );
}

#[tokio::test]
async fn unknown_emails_and_wrong_passwords_look_the_same() {
    let app = seeded().await;
    let a = gql(
        &app,
        &[("network", DEMO_NETWORK)],
        LOGIN,
        json!({ "e": "nobody@example.com", "p": "whatever1" }),
    )
    .await;
    let b = gql(
        &app,
        &[("network", DEMO_NETWORK)],
        LOGIN,
        json!({ "e": "alice@example.com", "p": "whatever1" }),
    )
    .await;
    assert_eq!(
        a.json["errors"][0]["extensions"],
        b.json["errors"][0]["extensions"]
    );
}
