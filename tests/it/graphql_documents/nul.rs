//! A NUL character (U+0000) in any text is a 400 with its own code before anything
//! reaches PostgreSQL (which refuses NUL in text and would answer a 500).

use axum::http::Method;
use crowdgraph::error::codes;
use serde_json::{Value, json};

use crate::common::account::{REGISTER, URL, anon, as_user, registered};
use crate::common::identity::{self, seeded};
use crate::common::rest::{assert_failure, assert_success, rest};
use crate::common::{TestApp, first_error_code};

const PASSWORD: &str = "Password123!";

fn assert_nul_refused(response: &crate::common::TestResponse) {
    assert_eq!(response.status, 400, "{}", response.text);
    assert_eq!(
        first_error_code(response),
        Some(codes::NUL_CHARACTER.number() as i64),
        "{}",
        response.text
    );
}

async fn users(app: &TestApp) -> i64 {
    use diesel_async::RunQueryDsl;
    #[derive(diesel::QueryableByName)]
    struct Count {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    let mut conn = app.db.conn().await;
    let rows: Vec<Count> = diesel::sql_query("SELECT count(*) AS n FROM users")
        .load(&mut conn)
        .await
        .unwrap();
    rows[0].n
}

#[tokio::test]
async fn nul_in_graphql_variables_and_literals_is_refused() {
    let app = TestApp::new().await;
    app.create_network("alpha").await;
    let before = users(&app).await;
    let input = |given: &str| json!({ "i": { "email": "ann@x.test", "password": PASSWORD, "url": URL, "givenName": given } });
    assert_nul_refused(&anon(&app, "alpha", REGISTER, input("A\u{0}nn")).await);
    let literal = format!(
        "mutation {{ register(input: {{ email: \"ann@x.test\", password: \"{PASSWORD}\", \
         url: \"{URL}\", givenName: \"A\\u0000nn\" }}) {{ user {{ id }} }} }}"
    );
    assert_nul_refused(&anon(&app, "alpha", &literal, json!({})).await);
    assert_eq!(users(&app).await, before, "nothing was written");

    // A JSON value (custom fields), nested, in its values and in its keys.
    let token = login(&app).await;
    let update = "mutation($i: ProfileInput!) { updateMe(input: $i) { id } }";
    for custom in [
        json!({ "risk": { "notes": ["fine", "lo\u{0}w"] } }),
        json!({ "ri\u{0}sk": "low" }),
    ] {
        let response = as_user(&app, &token, update, json!({ "i": { "custom": custom } })).await;
        assert_nul_refused(&response);
    }
    let fine = as_user(
        &app,
        &token,
        update,
        json!({ "i": { "custom": { "risk": "low" } } }),
    )
    .await;
    assert!(fine.json["errors"].is_null(), "{}", fine.text);
}

async fn login(app: &TestApp) -> String {
    registered(app, "alpha", "ann@x.test", PASSWORD).await;
    crate::common::graphql::login(app, "alpha", "ann@x.test", PASSWORD).await
}

#[tokio::test]
async fn nul_in_a_rest_write_is_refused() {
    let app = seeded().await;
    let body = |given: &str| json!({ "email": "newuser@test.com", "password": PASSWORD, "url": URL, "given_name": given });
    let r = rest(
        &app,
        Method::POST,
        "/users",
        Some(&identity::anon()),
        Some(body("N\u{0}ew")),
    )
    .await;
    assert_failure(&r, 400, codes::NUL_CHARACTER.number());
    let r = rest(
        &app,
        Method::POST,
        "/users",
        Some(&identity::anon()),
        Some(body("New")),
    )
    .await;
    assert_success(&r);

    let auth = identity::as_user("newuser@test.com", PASSWORD);
    let r = rest(&app, Method::GET, "/authenticate", Some(&auth), None).await;
    let token = assert_success(&r)["token"].as_str().unwrap().to_owned();
    let patch: Value = json!({ "custom": { "risk": "lo\u{0}w" } });
    let r = rest(&app, Method::PATCH, "/self", Some(&token), Some(patch)).await;
    assert_failure(&r, 400, codes::NUL_CHARACTER.number());
}
