//! Changing the login email.

use crowdgraph::error::codes;
use crowdgraph::seed::DEMO_NETWORK;
use serde_json::json;

use crate::common::account::{
    CHANGE_EMAIL, FORGOT, RESET, RESET_URL, URL, VERIFY, anon, as_user, assert_documented,
    assert_error, me, registered,
};
use crate::common::graphql::login;
use crate::common::identity::{last_link, seeded};

#[tokio::test]
async fn change_email_moves_the_login_and_needs_a_new_verification() {
    let app = seeded().await;
    let token = login(&app, DEMO_NETWORK, "bob@example.com", "pässwörd").await;
    let other_session = login(&app, DEMO_NETWORK, "bob@example.com", "pässwörd").await;
    // A reset link mailed to the old address must die with the change.
    anon(
        &app,
        DEMO_NETWORK,
        FORGOT,
        json!({ "e": "bob@example.com", "url": RESET_URL }),
    )
    .await;
    let (bob_id, reset_secret) = last_link(&app, DEMO_NETWORK, "bob@example.com").await;

    let vars = json!({ "n": "Robert@New.example", "c": "robert@new.example", "url": URL });
    let r = as_user(&app, &token, CHANGE_EMAIL, vars).await;
    let session = &r.json["data"]["changeEmail"];
    assert_eq!(
        session["user"],
        json!({ "id": bob_id, "email": "Robert@New.example", "emailVerified": false }),
        "{}",
        r.text
    );
    let new_token = session["token"].as_str().unwrap().to_owned();

    // Every earlier session ended; the new token works.
    assert_eq!(me(&app, &token).await.status, 401);
    assert_eq!(me(&app, &other_session).await.status, 401);
    assert_eq!(
        me(&app, &new_token).await.json["data"]["me"]["email"],
        "Robert@New.example"
    );

    // The old address no longer logs in; the new one does.
    let old = anon(
        &app,
        DEMO_NETWORK,
        "mutation { login(email: \"bob@example.com\", password: \"pässwörd\") { token } }",
        json!({}),
    )
    .await;
    assert_error(&old, codes::BAD_CREDENTIALS.number(), 401);
    let token = login(&app, DEMO_NETWORK, "robert@new.example", "pässwörd").await;

    let r = anon(
        &app,
        DEMO_NETWORK,
        RESET,
        json!({ "u": bob_id, "s": reset_secret, "p": "New-passw0rd", "c": "New-passw0rd" }),
    )
    .await;
    assert_documented(&r, 10003);

    // The verification mail went to the new address.
    let (link_user, secret) = last_link(&app, DEMO_NETWORK, "robert@new.example").await;
    assert_eq!(link_user, bob_id);
    assert_eq!(
        me(&app, &token).await.json["data"]["me"]["emailVerified"],
        false
    );
    let r = anon(
        &app,
        DEMO_NETWORK,
        VERIFY,
        json!({ "u": bob_id, "s": secret }),
    )
    .await;
    assert_eq!(r.json["data"]["verifyEmail"], bob_id.as_str(), "{}", r.text);
    assert_eq!(
        me(&app, &token).await.json["data"]["me"]["emailVerified"],
        true
    );
}

#[tokio::test]
async fn a_changed_email_invalidates_older_verification_links() {
    let app = seeded().await;
    let id = registered(&app, DEMO_NETWORK, "frank@example.com", "Password123!").await;
    let (_, old_secret) = last_link(&app, DEMO_NETWORK, "frank@example.com").await;
    let token = login(&app, DEMO_NETWORK, "frank@example.com", "Password123!").await;
    let vars = json!({ "n": "frank@other.example", "c": "frank@other.example", "url": URL });
    let r = as_user(&app, &token, CHANGE_EMAIL, vars).await;
    assert!(
        r.json["data"]["changeEmail"]["token"].is_string(),
        "{}",
        r.text
    );
    let r = anon(
        &app,
        DEMO_NETWORK,
        VERIFY,
        json!({ "u": id, "s": old_secret }),
    )
    .await;
    assert_error(&r, codes::VERIFY_SECRET_INVALID.number(), 400);
}

#[tokio::test]
async fn change_email_refusals() {
    let app = seeded().await;
    let token = login(&app, DEMO_NETWORK, "bob@example.com", "pässwörd").await;
    let cases = [
        (
            json!({ "n": "a@new.example", "c": "b@new.example", "url": URL }),
            codes::EMAILS_DIFFER.number(),
            409,
        ),
        (
            json!({ "n": "not-an-email", "c": "not-an-email", "url": URL }),
            codes::INVALID_EMAIL.number(),
            400,
        ),
        (
            json!({ "n": "ALICE@example.com", "c": "alice@example.com", "url": URL }),
            codes::EMAIL_TAKEN.number(),
            409,
        ),
        (
            json!({ "n": "b2@new.example", "c": "b2@new.example", "url": "javascript:alert(1)" }),
            codes::BAD_REQUEST.number(),
            400,
        ),
    ];
    for (vars, code, status) in cases {
        let r = as_user(&app, &token, CHANGE_EMAIL, vars).await;
        assert_error(&r, code, status);
    }
    let r = as_user(
        &app,
        &token,
        CHANGE_EMAIL,
        json!({ "n": "a@new.example", "c": "b@new.example", "url": URL }),
    )
    .await;
    assert_eq!(
        r.json["errors"][0]["extensions"]["userMessage"],
        "Email addresses do not match"
    );
    // Nothing changed, the session still works; anonymous callers are refused.
    assert_eq!(
        me(&app, &token).await.json["data"]["me"]["email"],
        "bob@example.com"
    );
    let r = anon(
        &app,
        DEMO_NETWORK,
        CHANGE_EMAIL,
        json!({ "n": "a@new.example", "c": "a@new.example", "url": URL }),
    )
    .await;
    assert_error(&r, codes::AUTH_REQUIRED.number(), 401);
}
