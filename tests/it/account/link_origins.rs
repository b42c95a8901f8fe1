//! The `link_origins` rule for mailed links.

use crowdgraph::error::codes;
use crowdgraph::seed::DEMO_NETWORK;
use serde_json::json;

use crate::common::account::{
    CHANGE_EMAIL, FORGOT, RESEND, anon, as_user, assert_error, mails, register, sql,
};
use crate::common::graphql::login;
use crate::common::identity::seeded;

#[tokio::test]
async fn link_origins_restrict_where_mailed_links_point() {
    let app = seeded().await;
    // Without the setting any absolute http(s) URL is accepted.
    let r = register(
        &app,
        DEMO_NETWORK,
        "heidi@example.com",
        "Password123!",
        "https://anywhere.example/v",
    )
    .await;
    assert!(
        r.json["data"]["register"]["user"]["id"].is_string(),
        "{}",
        r.text
    );

    sql(
        &app,
        "UPDATE networks SET settings = settings || '{\"link_origins\": [\"https://app.example.com\", \"http://localhost:3000\"]}' WHERE name = 'demo'",
    )
    .await;
    let evil = "https://app.example.com.evil.example/verify";
    let r = register(&app, DEMO_NETWORK, "ivan@example.com", "Password123!", evil).await;
    assert_error(&r, codes::LINK_ORIGIN_REFUSED.number(), 400);
    let message = r.json["errors"][0]["extensions"]["developerMessage"]
        .as_str()
        .unwrap();
    assert!(
        message.starts_with("`url`") && message.contains("https://app.example.com"),
        "{message}"
    );
    assert!(
        mails(&app, DEMO_NETWORK, "ivan@example.com")
            .await
            .is_empty()
    );

    let r = anon(
        &app,
        DEMO_NETWORK,
        FORGOT,
        json!({ "e": "alice@example.com", "url": evil }),
    )
    .await;
    assert_error(&r, codes::LINK_ORIGIN_REFUSED.number(), 400);
    let r = anon(
        &app,
        DEMO_NETWORK,
        RESEND,
        json!({ "e": "heidi@example.com", "url": evil }),
    )
    .await;
    assert_error(&r, codes::LINK_ORIGIN_REFUSED.number(), 400);
    let bob = login(&app, DEMO_NETWORK, "bob@example.com", "pässwörd").await;
    let r = as_user(
        &app,
        &bob,
        CHANGE_EMAIL,
        json!({ "n": "b@new.example", "c": "b@new.example", "url": evil }),
    )
    .await;
    assert_error(&r, codes::LINK_ORIGIN_REFUSED.number(), 400);
    assert!(
        r.json["errors"][0]["extensions"]["developerMessage"]
            .as_str()
            .unwrap()
            .starts_with("`verifyEmailUrl`")
    );
    assert!(
        mails(&app, DEMO_NETWORK, "alice@example.com")
            .await
            .is_empty()
    );

    // Allowed origins work (path, query and fragment are free).
    let r = register(
        &app,
        DEMO_NETWORK,
        "ivan@example.com",
        "Password123!",
        "https://app.example.com/verify?lang=en",
    )
    .await;
    assert!(
        r.json["data"]["register"]["user"]["id"].is_string(),
        "{}",
        r.text
    );
    let r = anon(
        &app,
        DEMO_NETWORK,
        FORGOT,
        json!({ "e": "alice@example.com", "url": "http://localhost:3000/reset#x" }),
    )
    .await;
    assert!(r.json["data"]["forgotPassword"].is_string(), "{}", r.text);
}
