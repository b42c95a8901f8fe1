//! Email verification and resending the verification mail.

use crowdgraph::error::codes;
use crowdgraph::models::mail::kind;
use crowdgraph::seed::DEMO_NETWORK;
use serde_json::json;

use crate::common::account::{
    AGE_SECRETS, RESEND, URL, VERIFY, anon, as_user, assert_documented, assert_error, mails, me,
    registered, sql,
};
use crate::common::graphql::login;
use crate::common::identity::{last_link, seeded};

#[tokio::test]
async fn register_verify_then_login_as_verified() {
    let app = seeded().await;
    let id = registered(&app, DEMO_NETWORK, "carol@example.com", "Password123!").await;
    let (link_user, secret) = last_link(&app, DEMO_NETWORK, "carol@example.com").await;
    assert_eq!(link_user, id);

    let token = login(&app, DEMO_NETWORK, "carol@example.com", "Password123!").await;
    assert_eq!(
        me(&app, &token).await.json["data"]["me"]["emailVerified"],
        false
    );

    // Anonymous, as the front-end page behind the link calls it.
    let r = anon(&app, DEMO_NETWORK, VERIFY, json!({ "u": id, "s": secret })).await;
    assert_eq!(r.json["data"]["verifyEmail"], id.as_str(), "{}", r.text);
    let token = login(&app, DEMO_NETWORK, "carol@example.com", "Password123!").await;
    assert_eq!(
        me(&app, &token).await.json["data"]["me"]["emailVerified"],
        true
    );

    // The link works once: a second click says "already verified" (the caller holds a
    // real link of this user), a made-up secret does not learn even that.
    let again = anon(&app, DEMO_NETWORK, VERIFY, json!({ "u": id, "s": secret })).await;
    assert_documented(&again, 10021);
    let made_up = anon(
        &app,
        DEMO_NETWORK,
        VERIFY,
        json!({ "u": id, "s": "cg_nope" }),
    )
    .await;
    assert_error(&made_up, codes::VERIFY_SECRET_INVALID.number(), 400);

    // Resending to a verified user is refused.
    let r = as_user(&app, &token, RESEND, json!({ "url": URL })).await;
    assert_documented(&r, 10021);
}

#[tokio::test]
async fn resend_issues_a_new_link_and_the_old_one_stops_working() {
    let app = seeded().await;
    let id = registered(&app, DEMO_NETWORK, "dave@example.com", "Password123!").await;
    let (_, first) = last_link(&app, DEMO_NETWORK, "dave@example.com").await;
    let token = login(&app, DEMO_NETWORK, "dave@example.com", "Password123!").await;

    let r = as_user(
        &app,
        &token,
        RESEND,
        json!({ "url": "https://front.example/v2" }),
    )
    .await;
    assert_eq!(
        r.json["data"]["resendVerificationEmail"],
        id.as_str(),
        "{}",
        r.text
    );
    let (_, second) = last_link(&app, DEMO_NETWORK, "dave@example.com").await;
    assert_ne!(first, second);
    let newest = &mails(&app, DEMO_NETWORK, "dave@example.com").await[0];
    assert_eq!(newest.kind, kind::VERIFY_EMAIL);
    assert!(
        newest
            .body_text
            .contains("https://front.example/v2?user_id=")
    );

    // Anonymous resend names the account by email and answers null: no user id.
    let r = anon(
        &app,
        DEMO_NETWORK,
        RESEND,
        json!({ "url": URL, "e": "DAVE@example.com" }),
    )
    .await;
    assert_eq!(
        r.json,
        json!({ "data": { "resendVerificationEmail": null } }),
        "{}",
        r.text
    );
    let (_, third) = last_link(&app, DEMO_NETWORK, "dave@example.com").await;

    for stale in [&first, &second] {
        let r = anon(&app, DEMO_NETWORK, VERIFY, json!({ "u": id, "s": stale })).await;
        assert_error(&r, codes::VERIFY_SECRET_INVALID.number(), 400);
    }
    let r = anon(&app, DEMO_NETWORK, VERIFY, json!({ "u": id, "s": third })).await;
    assert_eq!(r.json["data"]["verifyEmail"], id.as_str(), "{}", r.text);

    // A logged-in user cannot have the mail sent for another address.
    let alice = login(&app, DEMO_NETWORK, "alice@example.com", "correct horse").await;
    let r = as_user(
        &app,
        &alice,
        RESEND,
        json!({ "url": URL, "e": "dave@example.com" }),
    )
    .await;
    assert_error(&r, codes::FORBIDDEN.number(), 403);
}

#[tokio::test]
async fn an_expired_verification_link_is_refused() {
    let app = seeded().await;
    let id = registered(&app, DEMO_NETWORK, "erin@example.com", "Password123!").await;
    let (_, secret) = last_link(&app, DEMO_NETWORK, "erin@example.com").await;
    sql(&app, AGE_SECRETS).await;
    let r = anon(&app, DEMO_NETWORK, VERIFY, json!({ "u": id, "s": secret })).await;
    assert_error(&r, codes::VERIFY_LINK_EXPIRED.number(), 409);
    // Missing parameters (no documented code for verifyEmail): 19002 naming them.
    let r = anon(&app, DEMO_NETWORK, VERIFY, json!({ "u": "", "s": secret })).await;
    assert_error(&r, codes::BAD_REQUEST.number(), 400);
    assert_eq!(
        r.json["errors"][0]["extensions"]["developerMessage"],
        "Parameter missing: user_id"
    );
    let r = anon(&app, DEMO_NETWORK, VERIFY, json!({ "u": id, "s": " " })).await;
    assert_eq!(
        r.json["errors"][0]["extensions"]["developerMessage"],
        "Parameter missing: secret"
    );
}
