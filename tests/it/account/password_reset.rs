//! Forgotten and reset passwords.

use crowdgraph::error::codes;
use crowdgraph::models::mail::kind;
use crowdgraph::seed::DEMO_NETWORK;
use serde_json::json;

use crate::common::account::{
    AGE_SECRETS, FORGOT, RESET, RESET_URL, anon, assert_documented, assert_error, mails, me, sql,
};
use crate::common::graphql::login;
use crate::common::identity::{last_link, seeded};

#[tokio::test]
async fn forgot_then_reset_password_ends_sessions_and_lifts_the_lock() {
    let app = seeded().await;
    let old_token = login(&app, DEMO_NETWORK, "alice@example.com", "correct horse").await;
    // Lock the account with failed logins: even the right password is refused.
    for _ in 0..5 {
        anon(
            &app,
            DEMO_NETWORK,
            "mutation { login(email: \"alice@example.com\", password: \"wrong-one\") { token } }",
            json!({}),
        )
        .await;
    }
    let locked = anon(
        &app,
        DEMO_NETWORK,
        "mutation { login(email: \"alice@example.com\", password: \"correct horse\") { token } }",
        json!({}),
    )
    .await;
    assert_error(&locked, codes::LOGIN_LOCKED.number(), 429);

    let r = anon(
        &app,
        DEMO_NETWORK,
        FORGOT,
        json!({ "e": " Alice@Example.com ", "url": RESET_URL }),
    )
    .await;
    assert!(r.json["data"]["forgotPassword"].is_string(), "{}", r.text);
    let user_id = crate::common::graphql::gql(
        &app,
        &[("authorization", &crate::common::graphql::bearer(&old_token))],
        "{ me { id } }",
        json!({}),
    )
    .await
    .json["data"]["me"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let mail = &mails(&app, DEMO_NETWORK, "alice@example.com").await[0];
    assert_eq!(mail.kind, kind::RESET_PASSWORD);
    assert!(
        mail.body_text
            .contains(&format!("{RESET_URL}?user_id={user_id}&secret=")),
        "{}",
        mail.body_text
    );
    let (link_user, secret) = last_link(&app, DEMO_NETWORK, "alice@example.com").await;
    assert_eq!(link_user, user_id);

    let vars = json!({ "u": user_id, "s": secret, "p": "New-passw0rd", "c": "New-passw0rd" });
    let r = anon(&app, DEMO_NETWORK, RESET, vars.clone()).await;
    assert_eq!(
        r.json["data"]["resetPassword"],
        user_id.as_str(),
        "{}",
        r.text
    );

    // Old sessions are dead, the old password too, the lock is gone.
    assert_eq!(me(&app, &old_token).await.status, 401);
    let old = anon(
        &app,
        DEMO_NETWORK,
        "mutation { login(email: \"alice@example.com\", password: \"correct horse\") { token } }",
        json!({}),
    )
    .await;
    assert_error(&old, codes::BAD_CREDENTIALS.number(), 401);
    let token = login(&app, DEMO_NETWORK, "alice@example.com", "New-passw0rd").await;
    assert_eq!(
        me(&app, &token).await.json["data"]["me"]["email"],
        "alice@example.com"
    );

    // The secret works once.
    let again = anon(&app, DEMO_NETWORK, RESET, vars).await;
    assert_documented(&again, 10003);

    // A newer request supersedes an older link.
    anon(
        &app,
        DEMO_NETWORK,
        FORGOT,
        json!({ "e": "alice@example.com", "url": RESET_URL }),
    )
    .await;
    let (_, older) = last_link(&app, DEMO_NETWORK, "alice@example.com").await;
    anon(
        &app,
        DEMO_NETWORK,
        FORGOT,
        json!({ "e": "alice@example.com", "url": RESET_URL }),
    )
    .await;
    let (_, newer) = last_link(&app, DEMO_NETWORK, "alice@example.com").await;
    let r = anon(
        &app,
        DEMO_NETWORK,
        RESET,
        json!({ "u": user_id, "s": older, "p": "Another-pass1", "c": "Another-pass1" }),
    )
    .await;
    assert_documented(&r, 10003);
    let r = anon(
        &app,
        DEMO_NETWORK,
        RESET,
        json!({ "u": user_id, "s": newer, "p": "x", "c": "x" }),
    )
    .await;
    assert_error(&r, codes::WEAK_PASSWORD.number(), 400);
    // A refused attempt does not use the secret up.
    let r = anon(
        &app,
        DEMO_NETWORK,
        RESET,
        json!({ "u": user_id, "s": newer, "p": "Another-pass1", "c": "Another-pass1" }),
    )
    .await;
    assert_eq!(
        r.json["data"]["resetPassword"],
        user_id.as_str(),
        "{}",
        r.text
    );
    login(&app, DEMO_NETWORK, "alice@example.com", "Another-pass1").await;
}

#[tokio::test]
async fn an_expired_reset_link_is_refused_with_10004() {
    let app = seeded().await;
    anon(
        &app,
        DEMO_NETWORK,
        FORGOT,
        json!({ "e": "bob@example.com", "url": RESET_URL }),
    )
    .await;
    let (user_id, secret) = last_link(&app, DEMO_NETWORK, "bob@example.com").await;
    sql(&app, AGE_SECRETS).await;
    let r = anon(
        &app,
        DEMO_NETWORK,
        RESET,
        json!({ "u": user_id, "s": secret, "p": "New-passw0rd", "c": "New-passw0rd" }),
    )
    .await;
    assert_documented(&r, 10004);
    // Nothing changed.
    login(&app, DEMO_NETWORK, "bob@example.com", "pässwörd").await;
}
