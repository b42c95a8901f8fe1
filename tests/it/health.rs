//! `/healthz` and `/readyz`, and behaviour while the database is away.

use std::time::{Duration, Instant};

use crowdgraph::error::codes;
use serde_json::json;

use crate::common::{TestApp, TestDb, first_error_code};

#[tokio::test]
async fn healthz_answers_without_the_database() {
    let app = TestApp::over(TestDb::empty().await, |_, db| {
        db.database_url = "postgres://postgres@127.0.0.1:1/nowhere".into();
        db.pool_wait_timeout_ms = 300;
    });
    let response = app.get("/healthz").await;
    assert_eq!(response.status, 200);
    assert_eq!(response.json, json!({ "status": "ok" }));
}

#[tokio::test]
async fn readyz_is_200_on_a_migrated_database() {
    let app = TestApp::new().await;
    let response = app.get("/readyz").await;
    assert_eq!(response.status, 200, "{}", response.text);
    assert_eq!(response.json["status"], "ready");
}

#[tokio::test]
async fn readyz_is_503_while_migrations_are_pending() {
    let app = TestApp::over(TestDb::empty().await, |_, _| {});
    let response = app.get("/readyz").await;
    assert_eq!(response.status, 503);
    assert_eq!(
        response.json["reason"], "database_unreachable",
        "no diesel table yet: {}",
        response.text
    );

    // With the bookkeeping table present but migrations missing, the pending ones are named.
    crowdgraph::db::run_migrations(&app.db.url).await.unwrap();
    let mut conn = app.db.conn().await;
    use diesel_async::RunQueryDsl;
    diesel::sql_query("DELETE FROM __diesel_schema_migrations WHERE version = (SELECT max(version) FROM __diesel_schema_migrations)")
        .execute(&mut conn)
        .await
        .unwrap();
    let response = app.get("/readyz").await;
    assert_eq!(response.status, 503);
    assert_eq!(response.json["reason"], "migrations_pending");
    let last = crowdgraph::db::embedded_versions().pop().unwrap();
    assert_eq!(response.json["pending"], json!([last]));
}

#[tokio::test]
async fn a_dead_database_gives_503_within_the_pool_timeout() {
    let app = TestApp::over(TestDb::empty().await, |_, db| {
        db.database_url = "postgres://postgres@127.0.0.1:1/nowhere".into();
        db.pool_wait_timeout_ms = 500;
    });
    let started = Instant::now();
    let ready = app.get("/readyz").await;
    assert_eq!(ready.status, 503);
    assert_eq!(ready.json["reason"], "database_unreachable");
    assert!(
        !ready.text.contains("127.0.0.1"),
        "no connection details leak: {}",
        ready.text
    );

    let response = app
        .graphql(Some("demo"), "{ network { name } }", json!({}))
        .await;
    assert_eq!(response.status, 503, "{}", response.text);
    assert_eq!(
        first_error_code(&response),
        Some(codes::UNAVAILABLE.number() as i64)
    );
    assert!(
        !response.text.contains("refused"),
        "no driver text leaks: {}",
        response.text
    );
    // Generous bound: the point is "no hang", not a timing target.
    assert!(started.elapsed() < Duration::from_secs(10));
}

#[tokio::test]
async fn connections_killed_by_the_server_are_replaced() {
    let app = TestApp::new().await;
    let name = app.create_network("killme").await;
    let query = "{ network { name } }";
    assert_eq!(app.graphql(Some(&name), query, json!({})).await.status, 200);

    // Terminate every pooled connection, as a database restart would.
    let mut conn = app.db.conn().await;
    use diesel_async::RunQueryDsl;
    let db_name = app.db.url.rsplit('/').next().unwrap().to_owned();
    diesel::sql_query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
         WHERE datname = $1 AND pid <> pg_backend_pid()",
    )
    .bind::<diesel::sql_types::Text, _>(db_name)
    .execute(&mut conn)
    .await
    .unwrap();

    // A restart takes longer than the window in which a just-used connection is trusted
    // without a check (`db::VERIFY_IF_IDLE_FOR`).
    tokio::time::sleep(crowdgraph::db::VERIFY_IF_IDLE_FOR + std::time::Duration::from_millis(100))
        .await;
    let response = app.graphql(Some(&name), query, json!({})).await;
    assert_eq!(response.status, 200, "{}", response.text);
    assert_eq!(response.json["data"]["network"]["name"], "killme");
}
