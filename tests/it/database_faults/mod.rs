//! The database failing under the service (#12 item 5): backends killed by the server, a
//! stopped server, a server that never answers. Every answer is 200 or 503 with 19001,
//! never a 500, and the service recovers once the database is back.

mod proxy;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use axum::http::Method;
use crowdgraph::config::DbConfig;
use crowdgraph::db;
use crowdgraph::error::{ApiError, codes};
use crowdgraph::seed::DEMO_NETWORK;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use serde_json::{Value, json};

use crate::common::graphql::{bearer, gql, login};
use crate::common::identity::anon;
use crate::common::rest::rest;
use crate::common::{TestApp, TestDb, TestResponse};
use proxy::{Mode, Proxy};

const OFFERINGS: &str =
    "{ publicOfferings { count list { id name amountRaised organization { id } } } }";
const UPDATE_ME: &str = "mutation($i: ProfileInput!) { updateMe(input: $i) { id givenName } }";
const UNAVAILABLE: i64 = codes::UNAVAILABLE.number() as i64;

/// How a request went: answered, or refused as unavailable. Anything else fails the test.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Answered,
    Unavailable,
}

/// Every exception code in a GraphQL response or a REST failure envelope.
fn codes_in(json: &Value) -> Vec<i64> {
    let mut found: Vec<i64> = json["errors"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|e| e["extensions"]["code"].as_i64())
        .collect();
    if json["outcome"] == "failure" {
        found.extend(json["data"]["code"].as_i64());
    }
    found
}

fn outcome(r: &TestResponse) -> Outcome {
    let found = codes_in(&r.json);
    match (r.status.as_u16(), found.as_slice()) {
        (200, []) => Outcome::Answered,
        (200 | 503, found) if !found.is_empty() && found.iter().all(|c| *c == UNAVAILABLE) => {
            Outcome::Unavailable
        }
        _ => panic!("neither 200 nor 503/19001: {} {}", r.status, r.text),
    }
}

/// The demo network seeded over `db_url`'s pool, with a token of alice.
async fn demo_app(adjust: impl FnOnce(&mut DbConfig)) -> (TestApp, String) {
    let app = TestApp::with_config(|c, db| {
        c.login_slowdown_step_ms = 1;
        c.mail_limit_per_client = 1_000;
        adjust(db);
    })
    .await;
    crowdgraph::seed::seed_demo(&app.state.pool).await.unwrap();
    let token = login(&app, DEMO_NETWORK, "alice@example.com", "correct horse").await;
    (app, token)
}

/// One request of three kinds in turn: a GraphQL query with batch loads, a REST read with
/// an API-key check, a GraphQL mutation in a transaction.
async fn one_request(app: &TestApp, token: &str, i: usize) -> TestResponse {
    match i % 3 {
        0 => gql(app, &[("network", DEMO_NETWORK)], OFFERINGS, json!({})).await,
        1 => rest(app, Method::GET, "/public/offerings", Some(&anon()), None).await,
        _ => {
            let auth = bearer(token);
            let input = json!({ "givenName": format!("Alice {i}") });
            gql(
                app,
                &[("authorization", &auth)],
                UPDATE_ME,
                json!({ "i": input }),
            )
            .await
        }
    }
}

/// Each kind of request answers (retrying for up to `within` while the pool recovers).
async fn assert_recovers(app: &TestApp, token: &str, within: Duration) {
    let started = Instant::now();
    for kind in 0..3 {
        loop {
            let r = one_request(app, token, kind).await;
            if outcome(&r) == Outcome::Answered {
                break;
            }
            assert!(started.elapsed() < within, "not recovered: {}", r.text);
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

/// Terminates every backend of the test database but the caller's; how many.
async fn kill_backends(admin: &mut AsyncPgConnection, db_name: &str) -> usize {
    #[derive(diesel::QueryableByName)]
    struct Killed {
        #[diesel(sql_type = diesel::sql_types::Bool)]
        #[allow(dead_code)]
        killed: bool,
    }
    let rows: Vec<Killed> = diesel::sql_query(
        "SELECT pg_terminate_backend(pid) AS killed FROM pg_stat_activity \
         WHERE datname = $1 AND pid <> pg_backend_pid()",
    )
    .bind::<diesel::sql_types::Text, _>(db_name)
    .load(admin)
    .await
    .unwrap();
    rows.len()
}

fn db_name(app: &TestApp) -> String {
    app.db.url.rsplit('/').next().unwrap().to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn killed_backends_give_503_or_200_and_the_service_recovers() {
    let (app, token) = demo_app(|db| db.pool_wait_timeout_ms = 2_000).await;
    let app = Arc::new(app);
    let name = db_name(&app);
    let stop = Arc::new(AtomicBool::new(false));
    let killed = Arc::new(AtomicUsize::new(0));
    let killer = {
        let (stop, killed) = (stop.clone(), killed.clone());
        let mut admin = app.db.conn().await;
        tokio::spawn(async move {
            while !AtomicBool::load(&stop, Ordering::Relaxed) {
                killed.fetch_add(kill_backends(&mut admin, &name).await, Ordering::Relaxed);
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        })
    };
    let workers: Vec<_> = (0..6)
        .map(|w| {
            let (app, token) = (app.clone(), token.clone());
            tokio::spawn(async move {
                let mut seen = (0, 0);
                for i in 0..30 {
                    match outcome(&one_request(&app, &token, w + i).await) {
                        Outcome::Answered => seen.0 += 1,
                        Outcome::Unavailable => seen.1 += 1,
                    }
                }
                seen
            })
        })
        .collect();
    let (mut answered, mut unavailable) = (0, 0);
    for worker in workers {
        let (a, u) = worker.await.unwrap();
        answered += a;
        unavailable += u;
    }
    stop.store(true, Ordering::Relaxed);
    killer.await.unwrap();
    let killed = AtomicUsize::load(&killed, Ordering::Relaxed);
    eprintln!(
        "180 requests: {answered} answered, {unavailable} unavailable; {killed} backends killed"
    );
    assert!(killed > 0, "the backends were killed while requests ran");
    assert!(unavailable > 0, "some requests met a killed backend");

    // A pooled connection idle past `VERIFY_IF_IDLE_FOR` is checked before use.
    tokio::time::sleep(db::VERIFY_IF_IDLE_FOR + Duration::from_millis(100)).await;
    assert_recovers(&app, &token, Duration::from_secs(5)).await;
}

/// A connection killed inside a transaction: the failed statement, the failed ROLLBACK
/// or COMMIT and the broken transaction manager all map to 19001.
#[tokio::test]
async fn a_connection_lost_mid_transaction_is_unavailable() {
    let db = TestDb::migrated().await;
    let pool = db::build_pool(&DbConfig::for_url(&db.url)).unwrap();
    for kill_before_commit in [false, true] {
        let mut conn = db::conn(&pool).await.unwrap();
        let mut admin = db.conn().await;
        let result: Result<(), ApiError> = conn
            .transaction(async |conn| {
                #[derive(diesel::QueryableByName)]
                struct Pid {
                    #[diesel(sql_type = diesel::sql_types::Integer)]
                    pid: i32,
                }
                let me: Pid = diesel::sql_query("SELECT pg_backend_pid() AS pid")
                    .get_result(conn)
                    .await?;
                diesel::sql_query("SELECT pg_terminate_backend($1)")
                    .bind::<diesel::sql_types::Integer, _>(me.pid)
                    .execute(&mut admin)
                    .await
                    .unwrap();
                tokio::time::sleep(Duration::from_millis(100)).await;
                if !kill_before_commit {
                    diesel::sql_query("SELECT 1").execute(conn).await?;
                }
                Ok(())
            })
            .await;
        let err = result.expect_err("the connection is gone");
        assert_eq!(
            (err.code, err.status),
            (codes::UNAVAILABLE.number(), 503),
            "kill before commit: {kill_before_commit}: {err}"
        );
    }
    // The broken connections are not handed out again.
    let mut conn = db::conn(&pool).await.unwrap();
    diesel::sql_query("SELECT 1")
        .execute(&mut conn)
        .await
        .unwrap();
}

/// The app over a proxy to the test database, with a short pool wait.
async fn behind_proxy(wait_ms: u64) -> (TestApp, String, Proxy) {
    let db = TestDb::migrated().await;
    let mut url = url::Url::parse(&db.url).unwrap();
    let upstream = format!("{}:{}", url.host_str().unwrap(), url.port().unwrap_or(5432));
    let proxy = Proxy::start(upstream).await;
    url.set_host(Some("127.0.0.1")).unwrap();
    url.set_port(Some(proxy.addr.port())).unwrap();
    let app = TestApp::over(db, |c, db| {
        c.login_slowdown_step_ms = 1;
        db.database_url = url.to_string();
        db.pool_wait_timeout_ms = wait_ms;
    });
    crowdgraph::seed::seed_demo(&app.state.pool).await.unwrap();
    let token = login(&app, DEMO_NETWORK, "alice@example.com", "correct horse").await;
    (app, token, proxy)
}

/// Every kind of request is refused with 503/19001 within the pool wait plus a margin.
async fn assert_unavailable_in_time(app: &TestApp, token: &str, wait: Duration) {
    for i in 0..6 {
        let started = Instant::now();
        let r = one_request(app, token, i).await;
        let took = started.elapsed();
        assert_eq!(outcome(&r), Outcome::Unavailable, "{}", r.text);
        assert_eq!(r.status, 503, "{}", r.text);
        assert!(
            !r.text.contains("127.0.0.1") && !r.text.contains("connection"),
            "no driver text: {}",
            r.text
        );
        assert!(
            took < wait + Duration::from_millis(1_500),
            "request {i} took {took:?}, pool wait {wait:?}"
        );
    }
}

#[tokio::test]
async fn a_stopped_server_gives_503_within_the_pool_wait_and_recovers() {
    let wait = Duration::from_millis(1_000);
    let (app, token, proxy) = behind_proxy(1_000).await;
    assert_recovers(&app, &token, Duration::from_secs(5)).await;

    proxy.set(Mode::Stopped);
    assert_unavailable_in_time(&app, &token, wait).await;

    proxy.set(Mode::Forward);
    assert_recovers(&app, &token, Duration::from_secs(5)).await;
}

#[tokio::test]
async fn a_server_that_never_answers_gives_503_within_the_pool_wait_and_recovers() {
    let wait = Duration::from_millis(1_000);
    let (app, token, proxy) = behind_proxy(1_000).await;
    assert_recovers(&app, &token, Duration::from_secs(5)).await;

    proxy.set(Mode::BlackHole);
    // Pooled connections idle this long are checked before use, and the check hangs.
    tokio::time::sleep(db::VERIFY_IF_IDLE_FOR + Duration::from_millis(100)).await;
    assert_unavailable_in_time(&app, &token, wait).await;

    proxy.set(Mode::Forward);
    assert_recovers(&app, &token, Duration::from_secs(5)).await;
}
