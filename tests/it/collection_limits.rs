//! Caps on a user's nested collections (#12 item 11): bank accounts and addresses
//! (`MAX_BANK_ACCOUNTS_PER_USER`, `MAX_ADDRESSES_PER_USER`, code 19020).

use axum::http::Method;
use crowdgraph::config::ServerConfig;
use crowdgraph::error::codes;
use crowdgraph::seed::DEMO_NETWORK;
use diesel_async::RunQueryDsl;
use serde_json::{Value, json};

use crate::common::account::{URL, registered};
use crate::common::graphql::{bearer, gql, login};
use crate::common::rest::{assert_failure, assert_success, rest};
use crate::common::{TestApp, TestResponse, first_error_code, identity};

const PASSWORD: &str = "Password123!";
const UPDATE: &str = "mutation($i: ProfileInput!) { updateMe(input: $i) { givenName addresses { id } bankAccounts { id } } }";

/// The demo network seeded, with `adjust` applied to the settings.
async fn app_with(adjust: impl FnOnce(&mut ServerConfig)) -> TestApp {
    let app = TestApp::with_config(|c, db| {
        c.login_slowdown_step_ms = 1;
        db.pool_size = 8;
        adjust(c);
    })
    .await;
    crowdgraph::seed::seed_demo(&app.state.pool).await.unwrap();
    app
}

/// A new user of the demo network with no bank account or address; their token.
async fn new_user(app: &TestApp, email: &str) -> String {
    registered(app, DEMO_NETWORK, email, PASSWORD).await;
    login(app, DEMO_NETWORK, email, PASSWORD).await
}

async fn update(app: &TestApp, token: &str, input: Value) -> TestResponse {
    let auth = bearer(token);
    gql(
        app,
        &[("authorization", &auth)],
        UPDATE,
        json!({ "i": input }),
    )
    .await
}

fn accounts(n: usize) -> Value {
    (0..n)
        .map(|i| json!({ "bankName": format!("Bank {i}") }))
        .collect()
}

async fn count(app: &TestApp, table: &str, email: &str) -> i64 {
    #[derive(diesel::QueryableByName)]
    struct Count {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    let mut conn = app.db.conn().await;
    let row: Count = diesel::sql_query(format!(
        "SELECT count(*) AS n FROM {table} t JOIN users u ON u.id = t.user_id \
         WHERE lower(u.email) = lower($1)"
    ))
    .bind::<diesel::sql_types::Text, _>(email)
    .get_result(&mut conn)
    .await
    .unwrap();
    row.n
}

async fn given_name(app: &TestApp, email: &str) -> Option<String> {
    #[derive(diesel::QueryableByName)]
    struct Name {
        #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Text>)]
        given_name: Option<String>,
    }
    let mut conn = app.db.conn().await;
    let row: Name =
        diesel::sql_query("SELECT given_name FROM users WHERE lower(email) = lower($1)")
            .bind::<diesel::sql_types::Text, _>(email)
            .get_result(&mut conn)
            .await
            .unwrap();
    row.given_name
}

fn assert_limit(r: &TestResponse, what: &str) {
    assert_eq!(
        first_error_code(r),
        Some(codes::COLLECTION_LIMIT.number() as i64),
        "{}",
        r.text
    );
    let error = &r.json["errors"][0];
    assert_eq!(error["extensions"]["status"], 400);
    assert_eq!(
        error["extensions"]["userMessage"],
        format!("A user can have at most 10 {what}."),
        "{}",
        r.text
    );
}

#[tokio::test]
async fn a_thousand_bank_accounts_in_one_update_are_refused_and_nothing_is_written() {
    let app = app_with(|_| {}).await;
    let token = new_user(&app, "many@example.com").await;
    let input = json!({ "givenName": "Changed", "bankAccounts": accounts(1000) });
    let r = update(&app, &token, input).await;
    assert_limit(&r, "bank accounts");
    assert_eq!(
        count(&app, "user_bank_accounts", "many@example.com").await,
        0
    );
    assert_eq!(given_name(&app, "many@example.com").await, None);
}

#[tokio::test]
async fn bank_accounts_up_to_the_cap_are_accepted_and_one_more_is_refused() {
    let app = app_with(|_| {}).await;
    let email = "cap@example.com";
    let token = new_user(&app, email).await;
    let r = update(&app, &token, json!({ "bankAccounts": accounts(4) })).await;
    assert_eq!(
        r.json["data"]["updateMe"]["bankAccounts"]
            .as_array()
            .unwrap()
            .len(),
        4,
        "{}",
        r.text
    );

    // 4 + 7 is past the cap: the whole update (its name change too) is refused.
    let r = update(
        &app,
        &token,
        json!({ "givenName": "X", "bankAccounts": accounts(7) }),
    )
    .await;
    assert_limit(&r, "bank accounts");
    assert_eq!(count(&app, "user_bank_accounts", email).await, 4);
    assert_eq!(given_name(&app, email).await, None);

    // 4 + 6 is the cap exactly.
    let r = update(&app, &token, json!({ "bankAccounts": accounts(6) })).await;
    let listed = r.json["data"]["updateMe"]["bankAccounts"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(listed.len(), 10, "{}", r.text);

    // At the cap, one more is refused, while changing an existing one is not an addition.
    let r = update(&app, &token, json!({ "bankAccounts": accounts(1) })).await;
    assert_limit(&r, "bank accounts");
    let existing = json!([{ "id": listed[0]["id"], "bankName": "Renamed" }]);
    let r = update(&app, &token, json!({ "bankAccounts": existing })).await;
    assert!(r.json["errors"].is_null(), "{}", r.text);
    assert_eq!(count(&app, "user_bank_accounts", email).await, 10);

    // A list of more entries than the cap is refused even when they all name accounts.
    let eleven: Value = (0..11)
        .map(|_| json!({ "id": listed[0]["id"], "bankName": "Again" }))
        .collect();
    let r = update(&app, &token, json!({ "bankAccounts": eleven })).await;
    assert_limit(&r, "bank accounts");
}

#[tokio::test]
async fn addresses_up_to_the_cap_are_accepted_and_one_more_is_refused() {
    let app = app_with(|_| {}).await;
    let email = "homes@example.com";
    let token = new_user(&app, email).await;
    for i in 0..10 {
        let r = update(
            &app,
            &token,
            json!({ "address": { "city": format!("City {i}") } }),
        )
        .await;
        assert!(r.json["errors"].is_null(), "address {i}: {}", r.text);
    }
    let r = update(
        &app,
        &token,
        json!({ "givenName": "X", "address": { "city": "One more" } }),
    )
    .await;
    assert_limit(&r, "addresses");
    assert_eq!(count(&app, "user_addresses", email).await, 10);
    assert_eq!(given_name(&app, email).await, None);

    // Updating one of them by id still works at the cap.
    let r = update(&app, &token, json!({ "givenName": "Y" })).await;
    let id = r.json["data"]["updateMe"]["addresses"][0]["id"].clone();
    let r = update(
        &app,
        &token,
        json!({ "address": { "id": id, "city": "Moved" } }),
    )
    .await;
    assert!(r.json["errors"].is_null(), "{}", r.text);
}

#[tokio::test]
async fn the_caps_follow_their_settings() {
    let app = app_with(|c| {
        c.max_bank_accounts_per_user = 2;
        c.max_addresses_per_user = 1;
    })
    .await;
    let token = new_user(&app, "small@example.com").await;
    let r = update(&app, &token, json!({ "bankAccounts": accounts(3) })).await;
    assert_eq!(first_error_code(&r), Some(19020), "{}", r.text);
    assert_eq!(
        r.json["errors"][0]["extensions"]["userMessage"],
        "A user can have at most 2 bank accounts."
    );
    let r = update(
        &app,
        &token,
        json!({ "bankAccounts": accounts(2), "address": { "city": "A" } }),
    )
    .await;
    assert!(r.json["errors"].is_null(), "{}", r.text);
    let r = update(&app, &token, json!({ "address": { "city": "B" } })).await;
    assert_eq!(
        r.json["errors"][0]["extensions"]["userMessage"],
        "A user can have at most 1 address."
    );
}

#[tokio::test]
async fn register_with_too_many_bank_accounts_creates_no_user() {
    let app = app_with(|_| {}).await;
    let register = "mutation($i: RegisterInput!) { register(input: $i) { user { id } } }";
    let input = json!({
        "email": "reg@example.com", "password": PASSWORD, "url": URL,
        "bankAccounts": accounts(11),
    });
    let r = gql(
        &app,
        &[("network", DEMO_NETWORK)],
        register,
        json!({ "i": input }),
    )
    .await;
    assert_limit(&r, "bank accounts");
    let mut conn = app.db.conn().await;
    let users = diesel::sql_query("SELECT 1 FROM users WHERE email = 'reg@example.com'")
        .execute(&mut conn)
        .await
        .unwrap();
    assert_eq!(users, 0);
}

// Each request counts the rows and inserts in its own transaction; only the user-row
// lock taken first makes them count one after the other.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn parallel_additions_never_pass_the_cap() {
    let app = app_with(|_| {}).await;
    let email = "race@example.com";
    let token = new_user(&app, email).await;
    let r = update(
        &app,
        &token,
        json!({ "bankAccounts": accounts(5), "address": { "city": "0" } }),
    )
    .await;
    assert!(r.json["errors"].is_null(), "{}", r.text);
    for _ in 0..5 {
        let r = update(&app, &token, json!({ "address": { "city": "x" } })).await;
        assert!(r.json["errors"].is_null(), "{}", r.text);
    }
    let app = std::sync::Arc::new(app);
    let adds = (0..20).map(|i| {
        let app = app.clone();
        let token = token.clone();
        tokio::spawn(async move {
            let input = json!({
                "bankAccounts": [{ "bankName": format!("Parallel {i}") }],
                "address": { "city": format!("Parallel {i}") },
            });
            update(&app, &token, input).await
        })
    });
    let mut accepted = 0;
    for add in adds.collect::<Vec<_>>() {
        let r = add.await.unwrap();
        match first_error_code(&r) {
            None => accepted += 1,
            Some(code) => assert_eq!(code, 19020, "{}", r.text),
        }
    }
    assert_eq!(accepted, 4, "6 addresses existed, the cap is 10");
    assert_eq!(count(&app, "user_bank_accounts", email).await, 9);
    assert_eq!(count(&app, "user_addresses", email).await, 10);
}

#[tokio::test]
async fn rest_patch_self_with_too_many_bank_accounts_is_refused() {
    let app = app_with(|_| {}).await;
    let email = "rest@example.com";
    registered(&app, DEMO_NETWORK, email, PASSWORD).await;
    let auth = identity::as_user(email, PASSWORD);
    let many: Value = (0..11)
        .map(|i| json!({ "bank_name": format!("Bank {i}") }))
        .collect();
    let body = json!({ "given_name": "Rest", "bank_accounts": many });
    let r = rest(&app, Method::PATCH, "/self", Some(&auth), Some(body)).await;
    assert_failure(&r, 400, codes::COLLECTION_LIMIT.number());
    assert_eq!(count(&app, "user_bank_accounts", email).await, 0);
    assert_eq!(given_name(&app, email).await, None);

    let auth = identity::as_user(email, PASSWORD);
    let body = json!({ "bank_accounts": [{ "bank_name": "One" }] });
    let r = rest(&app, Method::PATCH, "/self", Some(&auth), Some(body)).await;
    assert_success(&r);
    assert_eq!(count(&app, "user_bank_accounts", email).await, 1);
}
