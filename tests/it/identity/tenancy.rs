//! Credentials of one network never act in another.

use crowdgraph::error::codes;
use crowdgraph::seed::{self, DEMO_API_KEY, DEMO_API_SECRET, DEMO_NETWORK};
use serde_json::json;

use crate::common::first_error_code;
use crate::common::graphql::{LOGIN, bearer, gql, login};
use crate::common::identity::{ME, sdk_header, seeded};

#[tokio::test]
async fn credentials_of_one_network_never_act_in_another() {
    let app = seeded().await;
    seed::create_network(
        &app.state.pool,
        "other",
        "boss@other.test",
        "other-password",
    )
    .await
    .unwrap();
    let token = login(&app, DEMO_NETWORK, "alice@example.com", "correct horse").await;
    // A demo token naming the other network is refused, not silently re-scoped.
    let r = gql(
        &app,
        &[("authorization", &bearer(&token)), ("network", "other")],
        ME,
        json!({}),
    )
    .await;
    assert_eq!(r.status, 401);
    assert_eq!(
        first_error_code(&r),
        Some(codes::TOKEN_INVALID.number() as i64)
    );
    // The demo user does not exist in the other network.
    let r = gql(
        &app,
        &[("network", "other")],
        LOGIN,
        json!({ "e": "alice@example.com", "p": "correct horse" }),
    )
    .await;
    assert_eq!(
        first_error_code(&r),
        Some(codes::BAD_CREDENTIALS.number() as i64)
    );
    // A demo SDK header sent to the other network: wrong key there.
    let header = sdk_header(
        DEMO_API_KEY,
        DEMO_API_SECRET,
        "alice@example.com",
        "correct horse",
    );
    let r = gql(
        &app,
        &[("network", "other"), ("cv-auth", &header)],
        ME,
        json!({}),
    )
    .await;
    assert_eq!(
        first_error_code(&r),
        Some(codes::CV_AUTH_BAD_KEY.number() as i64)
    );
    // The same email may register in both networks as two unrelated users.
    let register = "mutation($i: RegisterInput!) { register(input: $i) { user { id } } }";
    let input = json!({ "email": "alice@example.com", "password": "Another123!", "url": "https://x.example/v" });
    let r = gql(
        &app,
        &[("network", "other")],
        register,
        json!({ "i": input }),
    )
    .await;
    assert!(
        r.json["data"]["register"]["user"]["id"].is_string(),
        "{}",
        r.text
    );
    let other_token = login(&app, "other", "alice@example.com", "Another123!").await;
    let mine = gql(
        &app,
        &[("authorization", &bearer(&other_token))],
        "{ me { id } network { name } }",
        json!({}),
    )
    .await;
    assert_eq!(mine.json["data"]["network"]["name"], "other");
    let demo_me = gql(
        &app,
        &[("authorization", &bearer(&token))],
        "{ me { id } }",
        json!({}),
    )
    .await;
    assert_ne!(
        mine.json["data"]["me"]["id"],
        demo_me.json["data"]["me"]["id"]
    );
}
