//! The seeded demo network and its credentials: the app with the demo seeded, `cv-auth`
//! headers as the SDK builds them, and the links of mailed messages.

use chrono::{SecondsFormat, Utc};
use crowdgraph::auth::cvauth;
use crowdgraph::seed::{self, DEMO_API_KEY, DEMO_API_SECRET};

use super::TestApp;

pub const ME: &str = "{ me { id email givenName emailVerified termServiceAccepted custom addresses { id city country } bankAccounts { id bankCurrency } } }";

/// An app over a fresh database with the demo network seeded (login slowdown 1 ms).
pub async fn seeded() -> TestApp {
    let app = TestApp::with_config(|c, _| c.login_slowdown_step_ms = 1).await;
    seed::seed_demo(&app.state.pool).await.unwrap();
    app
}

/// A `cv-auth` header as the Node.js SDK builds it, with a fresh nonce and `Created`.
pub fn sdk_header(api_key: &str, secret: &str, username: &str, password: &str) -> String {
    let nonce = format!("{:032x}", rand_u128());
    let created = Utc::now().to_rfc3339_opts(SecondsFormat::Secs, false);
    cvauth::build_header(api_key, secret, &nonce, &created, username, password)
}

fn rand_u128() -> u128 {
    uuid::Uuid::new_v4().as_u128()
}

pub fn anon() -> String {
    sdk_header(DEMO_API_KEY, DEMO_API_SECRET, "new", "new")
}

pub fn as_user(email: &str, password: &str) -> String {
    sdk_header(DEMO_API_KEY, DEMO_API_SECRET, email, password)
}

/// The newest mail to `to` in the outbox, and the `user_id`/`secret` of its link.
pub async fn last_link(app: &TestApp, network: &str, to: &str) -> (String, String) {
    let mut conn = app.db.conn().await;
    let net = crowdgraph::models::network::Network::find_by_name(&mut conn, network)
        .await
        .unwrap()
        .unwrap();
    let mails = crowdgraph::models::mail::list_for(&mut conn, net.id, to)
        .await
        .unwrap();
    let body = &mails
        .as_slice()
        .first()
        .expect("a mail was queued")
        .body_text;
    let url = body
        .split_whitespace()
        .find(|w| w.starts_with("https://"))
        .expect("a link in the mail");
    let url = url::Url::parse(url).unwrap();
    let param = |name: &str| {
        url.query_pairs()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.into_owned())
            .unwrap()
    };
    (param("user_id"), param("secret"))
}
