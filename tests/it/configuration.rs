//! Configuration checked at startup (#12 item 12), on the real binary: a bad setting
//! stops `crowdgraph serve` at once, before it listens, with a message naming the
//! variable; a good CORS origin is served.

use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::TestDb;
use crate::common::server;

/// `crowdgraph serve` over `database_url` with `settings`, and nothing else from the
/// environment or a `.env` file.
fn serve(database_url: &str, settings: &[(&str, &str)]) -> Child {
    Command::new(env!("CARGO_BIN_EXE_crowdgraph"))
        .arg("serve")
        .env_clear()
        .current_dir(std::env::temp_dir())
        .env("DATABASE_URL", database_url)
        .env("BIND_ADDR", "127.0.0.1:0")
        .env("RUST_LOG", "warn")
        .envs(settings.iter().copied())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the crowdgraph binary runs")
}

/// Runs `serve` with `settings` over a real database (so only the check can stop it)
/// and returns its stderr, asserting it failed within a few seconds without listening.
async fn refused(settings: &[(&str, &str)]) -> String {
    let db = TestDb::migrated().await;
    let mut child = serve(&db.url, settings);
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > Duration::from_secs(10) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("serve with {settings:?} was still running after 10 s");
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    let mut stdout = String::new();
    let mut stderr = String::new();
    child
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut stdout)
        .unwrap();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    assert!(!status.success(), "{settings:?}: {status}");
    assert!(
        !stdout.contains("listening"),
        "{settings:?} listened: {stdout}"
    );
    assert!(!stderr.contains("panicked"), "{settings:?}: {stderr}");
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{settings:?} took {:?}",
        started.elapsed()
    );
    stderr
}

#[tokio::test]
async fn a_wildcard_origin_is_refused_asking_for_the_list() {
    let stderr = refused(&[("CORS_ALLOWED_ORIGINS", "*")]).await;
    assert!(
        stderr.contains("CORS_ALLOWED_ORIGINS (--cors-allowed-origins) has \"*\""),
        "{stderr}"
    );
    assert!(stderr.contains("list the origins"), "{stderr}");
}

#[tokio::test]
async fn an_origin_with_a_trailing_slash_is_refused_with_the_right_spelling() {
    let stderr = refused(&[(
        "CORS_ALLOWED_ORIGINS",
        "https://ok.example,https://a.example/",
    )])
    .await;
    assert!(stderr.contains("\"https://a.example/\""), "{stderr}");
    assert!(stderr.contains("write \"https://a.example\""), "{stderr}");
    assert!(!stderr.contains("\"https://ok.example\""), "{stderr}");
}

#[tokio::test]
async fn a_pool_of_zero_is_refused() {
    let stderr = refused(&[("DB_POOL_SIZE", "0")]).await;
    assert!(
        stderr.contains("DB_POOL_SIZE (--pool-size) is 0: it must be between 1 and 1000"),
        "{stderr}"
    );
}

#[tokio::test]
async fn every_bad_setting_is_named_in_one_run() {
    let stderr = refused(&[
        ("MAX_CONNECTIONS", "0"),
        ("HTTP_HEADER_READ_TIMEOUT_MS", "0"),
        ("GRAPHQL_MAX_DEPTH", "0"),
        ("TOKEN_TTL_MINUTES", "-1"),
        ("TRUST_FORWARDED_FOR", "true"),
    ])
    .await;
    for name in [
        "MAX_CONNECTIONS (--max-connections) is 0",
        "HTTP_HEADER_READ_TIMEOUT_MS (--http-header-read-timeout-ms) is 0",
        "GRAPHQL_MAX_DEPTH (--graphql-max-depth) is 0",
        "TOKEN_TTL_MINUTES (--token-ttl-minutes) is -1",
        "TRUSTED_PROXIES",
    ] {
        assert!(stderr.contains(name), "{name}: {stderr}");
    }
}

#[tokio::test]
async fn a_database_url_that_is_not_postgres_is_refused_without_repeating_it() {
    let stderr = refused(&[("DATABASE_URL", "mysql://root:hunter2@127.0.0.1/crowdgraph")]).await;
    assert!(stderr.contains("DATABASE_URL (--database-url)"), "{stderr}");
    assert!(!stderr.contains("hunter2"), "{stderr}");
}

#[tokio::test]
async fn a_good_origin_is_served_to_a_preflight() {
    let db = TestDb::migrated().await;
    let mut child = serve(
        &db.url,
        &[(
            "CORS_ALLOWED_ORIGINS",
            "https://app.example.com, http://localhost:3000",
        )],
    );
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if let Some(addr) = line.strip_prefix("crowdgraph listening on http://") {
                let _ = tx.send(addr.to_owned());
            }
        }
    });
    let addr = tokio::task::spawn_blocking(move || rx.recv_timeout(Duration::from_secs(20)))
        .await
        .unwrap();
    let Ok(addr) = addr else {
        let _ = child.kill();
        let mut stderr = String::new();
        let _ = child.stderr.take().unwrap().read_to_string(&mut stderr);
        panic!("serve did not listen: {stderr}");
    };
    let answer = server::request(
        addr.parse().unwrap(),
        "OPTIONS",
        "/graphql",
        &[
            ("origin", "http://localhost:3000"),
            ("access-control-request-method", "POST"),
        ],
        "",
    )
    .await;
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(answer.status, 200, "{answer:?}");
    assert!(
        answer
            .head
            .to_ascii_lowercase()
            .contains("access-control-allow-origin: http://localhost:3000"),
        "{answer:?}"
    );
}
