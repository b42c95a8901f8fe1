//! Secrets and user ids never cross networks.

use crowdgraph::error::codes;
use crowdgraph::seed::{self, DEMO_NETWORK};
use serde_json::json;

use crate::common::account::{
    FORGOT, NEWSLETTER, RESET, RESET_URL, VERIFY, anon, assert_documented, assert_error, mails,
    registered,
};
use crate::common::graphql::login;
use crate::common::identity::{last_link, seeded};

#[tokio::test]
async fn secrets_and_user_ids_never_cross_networks() {
    let app = seeded().await;
    seed::create_network(
        &app.state.pool,
        "other",
        "boss@other.test",
        "other-password",
    )
    .await
    .unwrap();
    // A reset link of the demo network.
    anon(
        &app,
        DEMO_NETWORK,
        FORGOT,
        json!({ "e": "alice@example.com", "url": RESET_URL }),
    )
    .await;
    let (demo_alice, demo_secret) = last_link(&app, DEMO_NETWORK, "alice@example.com").await;
    let pw = "New-passw0rd";
    let reset = |u: &str, s: &str| json!({ "u": u, "s": s, "p": pw, "c": pw });

    // The demo user id names nobody in the other network.
    let r = anon(&app, "other", RESET, reset(&demo_alice, &demo_secret)).await;
    assert_documented(&r, 10002);
    let r = anon(
        &app,
        "other",
        VERIFY,
        json!({ "u": demo_alice, "s": demo_secret }),
    )
    .await;
    assert_documented(&r, 10019);
    // An account with the same email in the other network does not accept the demo secret.
    let other_alice = registered(&app, "other", "alice@example.com", "Another123!").await;
    assert_ne!(other_alice, demo_alice);
    let r = anon(&app, "other", RESET, reset(&other_alice, &demo_secret)).await;
    assert_documented(&r, 10003);
    let (_, other_verify) = last_link(&app, "other", "alice@example.com").await;
    let r = anon(
        &app,
        DEMO_NETWORK,
        VERIFY,
        json!({ "u": demo_alice, "s": other_verify }),
    )
    .await;
    assert_error(&r, codes::VERIFY_SECRET_INVALID.number(), 400);
    // Unknown in the other network, and mails stay in their network's outbox.
    let r = anon(
        &app,
        "other",
        FORGOT,
        json!({ "e": "bob@example.com", "url": RESET_URL }),
    )
    .await;
    // Answered like any address (no enumeration), and nothing is mailed.
    assert!(r.json["data"]["forgotPassword"].is_string(), "{}", r.text);
    assert!(mails(&app, "other", "bob@example.com").await.is_empty());
    // Both passwords are unchanged; the demo secret still works in its own network.
    login(&app, "other", "alice@example.com", "Another123!").await;
    let r = anon(&app, DEMO_NETWORK, RESET, reset(&demo_alice, &demo_secret)).await;
    assert_eq!(
        r.json["data"]["resetPassword"],
        demo_alice.as_str(),
        "{}",
        r.text
    );
    login(&app, DEMO_NETWORK, "alice@example.com", pw).await;
    login(&app, "other", "alice@example.com", "Another123!").await;

    // Newsletter sign-ups are per network: each network's admins get their own alert.
    for network in [DEMO_NETWORK, "other"] {
        let r = anon(&app, network, NEWSLETTER, json!({ "e": "fan@example.com" })).await;
        assert!(r.json["data"]["newsletterSignUp"].is_string(), "{}", r.text);
    }
    assert_eq!(
        mails(&app, DEMO_NETWORK, "admin@example.com").await.len(),
        1
    );
    assert_eq!(mails(&app, "other", "boss@other.test").await.len(), 1);
}
