//! Blocking and deleting accounts.

use crowdgraph::error::codes;
use crowdgraph::seed::DEMO_NETWORK;
use diesel::QueryDsl;
use diesel_async::RunQueryDsl;
use serde_json::json;

use crate::common::first_error_code;
use crate::common::graphql::{LOGIN, bearer, gql, login};
use crate::common::identity::{ME, seeded};

#[tokio::test]
async fn blocking_ends_sessions_and_an_expired_block_lifts_itself() {
    let app = seeded().await;
    let token = login(&app, DEMO_NETWORK, "alice@example.com", "correct horse").await;
    let block = "mutation($d: NaiveDate) { blockMe(userMessage: \"KYC failed\", description: \"101\", expirationDate: $d) }";
    let response = gql(
        &app,
        &[("authorization", &bearer(&token))],
        block,
        json!({ "d": null }),
    )
    .await;
    assert!(
        response.json["data"]["blockMe"].is_string(),
        "{}",
        response.text
    );
    // The old token is revoked, and says why: the block's own message (11009), not a
    // plain "log in again" (11008).
    let me = gql(&app, &[("authorization", &bearer(&token))], ME, json!({})).await;
    assert_eq!(me.status, 401);
    assert_eq!(
        first_error_code(&me),
        Some(codes::USER_BLOCKED.number() as i64),
        "{}",
        me.text
    );
    assert_eq!(
        me.json["errors"][0]["extensions"]["userMessage"],
        "KYC failed"
    );
    let login_again = gql(
        &app,
        &[("network", DEMO_NETWORK)],
        LOGIN,
        json!({ "e": "alice@example.com", "p": "correct horse" }),
    )
    .await;
    assert_eq!(
        first_error_code(&login_again),
        Some(codes::USER_BLOCKED.number() as i64)
    );
    assert_eq!(
        login_again.json["errors"][0]["extensions"]["userMessage"],
        "KYC failed"
    );

    // A block whose date has passed no longer counts (set it in the past directly).
    let mut conn = app.db.conn().await;
    diesel::sql_query(
        "UPDATE users SET block_expiration_date = current_date WHERE email = 'alice@example.com'",
    )
    .execute(&mut conn)
    .await
    .unwrap();
    let token = login(&app, DEMO_NETWORK, "alice@example.com", "correct horse").await;
    let me = gql(
        &app,
        &[("authorization", &bearer(&token))],
        "{ me { hasBeenBlocked } }",
        json!({}),
    )
    .await;
    assert_eq!(
        me.json["data"]["me"]["hasBeenBlocked"], false,
        "{}",
        me.text
    );
}

#[tokio::test]
async fn delete_me_blocks_and_alerts_the_admins() {
    let app = seeded().await;
    let token = login(&app, DEMO_NETWORK, "bob@example.com", "pässwörd").await;
    let response = gql(
        &app,
        &[("authorization", &bearer(&token))],
        "mutation { deleteMe }",
        json!({}),
    )
    .await;
    assert!(
        response.json["data"]["deleteMe"].is_string(),
        "{}",
        response.text
    );
    let login_again = gql(
        &app,
        &[("network", DEMO_NETWORK)],
        LOGIN,
        json!({ "e": "bob@example.com", "p": "pässwörd" }),
    )
    .await;
    assert_eq!(
        first_error_code(&login_again),
        Some(codes::USER_BLOCKED.number() as i64)
    );
    let mut conn = app.db.conn().await;
    let net = crowdgraph::models::network::Network::find_by_name(&mut conn, DEMO_NETWORK)
        .await
        .unwrap()
        .unwrap();
    let mails = crowdgraph::models::mail::list_for(&mut conn, net.id, "admin@example.com")
        .await
        .unwrap();
    assert_eq!(mails.len(), 1);
    assert!(mails[0].body_text.contains("bob@example.com"));
    // Nothing was deleted.
    let n: i64 = crowdgraph::db::schema::users::table
        .count()
        .get_result(&mut conn)
        .await
        .unwrap();
    assert_eq!(n, 3);
}
