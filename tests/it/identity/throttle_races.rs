//! Login throttling against a real server: parallel guesses, bad login input, and the
//! client address behind proxies.

use crowdgraph::config::TrustedProxies;
use crowdgraph::error::codes;
use crowdgraph::seed::DEMO_NETWORK;
use futures_util::future::join_all;
use serde_json::json;

use crate::common::graphql::LOGIN;
use crate::common::identity::seeded;
use crate::common::server::{self, Answer};

const CHECKS: &str = "crowdgraph_password_checks_total";

fn code(answer: &Answer) -> i64 {
    answer.json["errors"][0]["extensions"]["code"]
        .as_i64()
        .unwrap_or_else(|| panic!("no error code: {}", answer.text))
}

async fn guess(addr: std::net::SocketAddr, email: &str, password: &str) -> Answer {
    server::graphql(
        addr,
        &[("network", DEMO_NETWORK)],
        LOGIN,
        json!({ "e": email, "p": password }),
    )
    .await
}

#[tokio::test]
async fn parallel_wrong_guesses_check_no_more_passwords_than_the_limit() {
    let app = seeded().await;
    let limit = app.state.config.login_max_failures_account;
    let server = server::start(app.state.clone()).await;
    let before = server::metric(server.addr, CHECKS).await;
    let guesses: Vec<String> = (0..36).map(|i| format!("wrong guess {i}")).collect();
    let answers = join_all(
        guesses
            .iter()
            .map(|p| guess(server.addr, "alice@example.com", p)),
    )
    .await;
    let checked = server::metric(server.addr, CHECKS).await - before;
    let codes: Vec<i64> = answers.iter().map(code).collect();
    let wrong = codes
        .iter()
        .filter(|c| **c == codes::BAD_CREDENTIALS.number() as i64)
        .count();
    let locked = codes
        .iter()
        .filter(|c| **c == codes::LOGIN_LOCKED.number() as i64)
        .count();
    assert_eq!(wrong + locked, answers.len(), "{codes:?}");
    assert!(
        checked <= f64::from(limit),
        "{checked} passwords checked for a limit of {limit}: {codes:?}"
    );
    assert!(wrong < limit as usize, "{codes:?}");
    // Locked means locked, for the right password too.
    let right = guess(server.addr, "alice@example.com", "correct horse").await;
    assert_eq!(code(&right), codes::LOGIN_LOCKED.number() as i64);
}

#[tokio::test]
async fn a_success_gives_its_attempt_back() {
    let app = seeded().await;
    let server = server::start(app.state.clone()).await;
    // Far more successes than the address limit (50) never lock the address.
    for _ in 0..3 {
        let wrong = guess(server.addr, "bob@example.com", "not it at all").await;
        assert_eq!(code(&wrong), codes::BAD_CREDENTIALS.number() as i64);
        let right = guess(server.addr, "bob@example.com", "pässwörd").await;
        assert!(
            right.json["data"]["login"]["token"].is_string(),
            "{}",
            right.text
        );
    }
    let rows = app_counter(&app, 1, "127.0.0.1").await;
    assert_eq!(rows, Some(3), "only the wrong guesses stay counted");
}

#[tokio::test]
async fn empty_or_overlong_login_input_is_a_400_counted_for_the_address() {
    let app = seeded().await;
    let server = server::start(app.state.clone()).await;
    let long_email = format!("{}@example.com", "a".repeat(320));
    let long_password = "p".repeat(257);
    let cases = [
        ("", "whatever1"),
        ("   ", "whatever1"),
        (long_email.as_str(), "whatever1"),
        ("alice@example.com", long_password.as_str()),
    ];
    for (email, password) in cases {
        let answer = guess(server.addr, email, password).await;
        let ext = &answer.json["errors"][0]["extensions"];
        assert_eq!(
            ext["code"],
            codes::LOGIN_INPUT_INVALID.number(),
            "{}",
            answer.text
        );
        assert_eq!(ext["status"], 400, "{}", answer.text);
    }
    assert_eq!(app_counter(&app, 1, "127.0.0.1").await, Some(4));
    // Not an account's failure: no account can have such an email.
    assert_eq!(app_counter(&app, 0, "alice@example.com").await, None);
    // The REST login (GET /authenticate with an SDK header) answers the same.
    let header = crate::common::identity::sdk_header(
        crowdgraph::seed::DEMO_API_KEY,
        crowdgraph::seed::DEMO_API_SECRET,
        "",
        "whatever1",
    );
    let path = format!("/v1/{DEMO_NETWORK}/authenticate");
    let answer = server::request(server.addr, "GET", &path, &[("cv-auth", &header)], "").await;
    assert_eq!(answer.status, 400, "{}", answer.text);
    assert_eq!(
        answer.json["data"]["code"],
        codes::LOGIN_INPUT_INVALID.number()
    );
}

/// The failures counted for a key (kind 0 account, 1 address), if it has a row.
pub async fn app_counter(app: &crate::common::TestApp, kind: i16, key: &str) -> Option<i32> {
    use diesel::sql_types::{Int2, Int4, Text};
    #[derive(diesel::QueryableByName)]
    struct Row {
        #[diesel(sql_type = Int4)]
        failures: i32,
    }
    let mut conn = app.db.conn().await;
    diesel_async::RunQueryDsl::get_result::<Row>(
        diesel::sql_query("SELECT failures FROM login_attempts WHERE key_kind = $1 AND key = $2")
            .bind::<Int2, _>(kind)
            .bind::<Text, _>(key),
        &mut conn,
    )
    .await
    .ok()
    .map(|row| row.failures)
}

#[tokio::test]
async fn spoofed_forwarded_for_entries_do_not_escape_the_address_lock() {
    let app = crate::common::TestApp::with_config(|c, _| {
        c.login_slowdown_step_ms = 1;
        c.login_max_failures_address = 3;
        c.trusted_proxies = TrustedProxies::parse("127.0.0.1").unwrap();
    })
    .await;
    crowdgraph::seed::seed_demo(&app.state.pool).await.unwrap();
    let server = server::start(app.state.clone()).await;
    let mut seen = Vec::new();
    for i in 0..5 {
        // The client writes any leftmost entries; the trusted proxy appends what it saw.
        let xff = format!("10.{i}.0.1, 198.51.100.{i}, 203.0.113.7");
        let answer = server::graphql(
            server.addr,
            &[("network", DEMO_NETWORK), ("x-forwarded-for", &xff)],
            LOGIN,
            json!({ "e": format!("nobody{i}@example.com"), "p": "whatever1" }),
        )
        .await;
        seen.push(code(&answer));
    }
    let (bad, locked) = (
        codes::BAD_CREDENTIALS.number() as i64,
        codes::LOGIN_LOCKED.number() as i64,
    );
    assert_eq!(seen, [bad, bad, locked, locked, locked]);
    assert_eq!(app_counter(&app, 1, "203.0.113.7").await, Some(5));
    // Without trusted proxies the header is ignored: the peer is the client.
    let plain = seeded().await;
    let server = server::start(plain.state.clone()).await;
    server::graphql(
        server.addr,
        &[
            ("network", DEMO_NETWORK),
            ("x-forwarded-for", "203.0.113.7"),
        ],
        LOGIN,
        json!({ "e": "nobody@example.com", "p": "whatever1" }),
    )
    .await;
    assert_eq!(app_counter(&plain, 1, "127.0.0.1").await, Some(1));
    assert_eq!(app_counter(&plain, 1, "203.0.113.7").await, None);
}
