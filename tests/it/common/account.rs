//! Helpers of the GraphQL account tests: the account operations, documented-exception
//! checks, registering users, ageing secrets and reading the outbox.

use super::exceptions::DOCUMENTED;
use super::graphql::{bearer, gql};
use super::{TestApp, TestResponse, first_error_code};
use crowdgraph::models::mail as outbox;
use crowdgraph::models::network::Network;
use diesel_async::RunQueryDsl;
use serde_json::{Value, json};

pub const REGISTER: &str = "mutation($i: RegisterInput!) { register(input: $i) { user { id } } }";
pub const VERIFY: &str = "mutation($u: ID!, $s: String!) { verifyEmail(userId: $u, secret: $s) }";
pub const RESEND: &str =
    "mutation($url: String!, $e: String) { resendVerificationEmail(url: $url, email: $e) }";
pub const FORGOT: &str =
    "mutation($e: String!, $url: String!) { forgotPassword(email: $e, url: $url) }";
pub const RESET: &str = "mutation($u: ID!, $s: String!, $p: String!, $c: String!) { resetPassword(userId: $u, secret: $s, password: $p, passwordConfirm: $c) }";
pub const CHANGE_EMAIL: &str = "mutation($n: String!, $c: String!, $url: String!) { changeEmail(newEmail: $n, newEmailConfirm: $c, verifyEmailUrl: $url) { token user { id email emailVerified } } }";
pub const NEWSLETTER: &str = "mutation($e: String!) { newsletterSignUp(email: $e) }";
pub const ME: &str = "{ me { id email emailVerified } }";

pub const URL: &str = "https://front.example/verify";
pub const RESET_URL: &str = "https://front.example/reset-password";

/// Checks that `r` failed with the documented exception `code`, exactly as documented.
pub fn assert_documented(r: &TestResponse, code: i64) {
    let &(_, status, user, developer) = DOCUMENTED
        .iter()
        .find(|(c, ..)| *c == code)
        .unwrap_or_else(|| panic!("{code} is not documented"));
    let error = &r.json["errors"][0];
    let ext = &error["extensions"];
    assert_eq!(ext["code"], code, "{}", r.text);
    assert_eq!(ext["status"], status, "{}", r.text);
    assert_eq!(ext["userMessage"], user, "{}", r.text);
    assert_eq!(ext["developerMessage"], developer, "{}", r.text);
    assert_eq!(error["message"], user, "{}", r.text);
    // Inside an executed operation: HTTP 200, the status is in the extensions.
    assert_eq!(r.status, 200, "{}", r.text);
}

/// Checks the code and status of the first error of `r`.
pub fn assert_error(r: &TestResponse, code: u32, status: u16) {
    assert_eq!(first_error_code(r), Some(i64::from(code)), "{}", r.text);
    assert_eq!(
        r.json["errors"][0]["extensions"]["status"], status,
        "{}",
        r.text
    );
}

pub async fn anon(app: &TestApp, network: &str, query: &str, variables: Value) -> TestResponse {
    gql(app, &[("network", network)], query, variables).await
}

pub async fn as_user(app: &TestApp, token: &str, query: &str, variables: Value) -> TestResponse {
    gql(app, &[("authorization", &bearer(token))], query, variables).await
}

pub async fn register(
    app: &TestApp,
    network: &str,
    email: &str,
    password: &str,
    url: &str,
) -> TestResponse {
    let input = json!({ "email": email, "password": password, "url": url });
    anon(app, network, REGISTER, json!({ "i": input })).await
}

pub async fn registered(app: &TestApp, network: &str, email: &str, password: &str) -> String {
    let r = register(app, network, email, password, URL).await;
    r.json["data"]["register"]["user"]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("register failed: {}", r.text))
        .to_owned()
}

pub async fn me(app: &TestApp, token: &str) -> TestResponse {
    as_user(app, token, ME, json!({})).await
}

/// Ages every secret past its 24 hours (the row keeps `expires_at > created_at`).
pub const AGE_SECRETS: &str = "UPDATE user_secrets SET created_at = now() - interval '25 hours', \
                           expires_at = now() - interval '1 minute'";

pub async fn sql(app: &TestApp, statement: &str) {
    let mut conn = app.db.conn().await;
    diesel::sql_query(statement)
        .execute(&mut conn)
        .await
        .unwrap();
}

/// The outbox mails of `network` to `to`, newest first.
pub async fn mails(app: &TestApp, network: &str, to: &str) -> Vec<outbox::OutboxMail> {
    let mut conn = app.db.conn().await;
    let net = Network::find_by_name(&mut conn, network)
        .await
        .unwrap()
        .unwrap();
    outbox::list_for(&mut conn, net.id, to).await.unwrap()
}
