//! Test harness: per-test databases cloned from a migrated template, and a client that
//! sends requests through the real router in-process.

use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode};
use crowdgraph::app::{App, AppState};
use crowdgraph::config::{DbConfig, ServerConfig};
use crowdgraph::db;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use http_body_util::BodyExt;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use tower::ServiceExt;

pub mod account;
pub mod demo;
pub mod exceptions;
pub mod graphql;
pub mod identity;
pub mod investments;
pub mod marketplace;
pub mod outreach;
pub mod rest;
pub mod rest_marketplace;
pub mod seed_keys;
pub mod server;
pub mod snapshot;

/// URL of the PostgreSQL server used by tests (its database part is replaced).
fn server_url() -> url::Url {
    let raw = std::env::var("DATABASE_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/crowdgraph".to_owned());
    url::Url::parse(&raw).expect("DATABASE_URL is a URL")
}

fn url_for(db: &str) -> String {
    let mut url = server_url();
    url.set_path(&format!("/{db}"));
    url.to_string()
}

/// Name of the template database for the current migrations: a change to any migration
/// file gives a new template.
fn template_name() -> String {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
    let mut files: Vec<_> = walk(&dir);
    files.sort();
    let mut hasher = Sha256::new();
    for file in files {
        hasher.update(
            file.strip_prefix(&dir)
                .unwrap()
                .to_string_lossy()
                .as_bytes(),
        );
        hasher.update(std::fs::read(&file).unwrap());
    }
    format!("crowdgraph_tpl_{}", &hex::encode(hasher.finalize())[..16])
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

async fn admin_conn() -> AsyncPgConnection {
    AsyncPgConnection::establish(&url_for("postgres"))
        .await
        .expect("connect to the test PostgreSQL server (is DATABASE_URL right?)")
}

async fn exec(conn: &mut AsyncPgConnection, sql: &str) -> diesel::QueryResult<usize> {
    diesel::sql_query(sql).execute(conn).await
}

/// Creates the template once per set of migrations. Test processes run in parallel, so
/// creation is serialised by an advisory lock and the template only appears (by rename)
/// once fully migrated.
async fn ensure_template() -> String {
    let name = template_name();
    let mut admin = admin_conn().await;
    exec(&mut admin, "SELECT pg_advisory_lock(727274)")
        .await
        .unwrap();
    let exists = database_exists(&mut admin, &name).await;
    if !exists {
        let building = format!("{name}_building");
        exec(
            &mut admin,
            &format!("DROP DATABASE IF EXISTS {building} WITH (FORCE)"),
        )
        .await
        .unwrap();
        exec(&mut admin, &format!("CREATE DATABASE {building}"))
            .await
            .unwrap();
        db::run_migrations(&url_for(&building))
            .await
            .expect("migrating the template");
        exec(
            &mut admin,
            &format!("ALTER DATABASE {building} RENAME TO {name}"),
        )
        .await
        .unwrap();
        // Templates of older migrations are of no more use.
        let old: Vec<DbName> = diesel::sql_query(
            "SELECT datname FROM pg_database WHERE datname LIKE 'crowdgraph\\_tpl\\_%'",
        )
        .load(&mut admin)
        .await
        .unwrap();
        for db in old.into_iter().filter(|d| d.datname != name) {
            let _ = exec(
                &mut admin,
                &format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", db.datname),
            )
            .await;
        }
    }
    exec(&mut admin, "SELECT pg_advisory_unlock(727274)")
        .await
        .unwrap();
    name
}

#[derive(diesel::QueryableByName)]
struct DbName {
    #[diesel(sql_type = diesel::sql_types::Text)]
    datname: String,
}

async fn database_exists(conn: &mut AsyncPgConnection, name: &str) -> bool {
    let found: Vec<DbName> =
        diesel::sql_query("SELECT datname FROM pg_database WHERE datname = $1")
            .bind::<diesel::sql_types::Text, _>(name)
            .load(conn)
            .await
            .unwrap();
    !found.is_empty()
}

/// A database of its own for one test, dropped when the value is dropped.
pub struct TestDb {
    /// Connection URL of the test database.
    pub url: String,
    name: String,
}

impl TestDb {
    /// A fresh database with every migration applied.
    pub async fn migrated() -> TestDb {
        let template = ensure_template().await;
        Self::create(&format!("TEMPLATE {template}")).await
    }

    /// A fresh database with nothing in it (not even migrations).
    pub async fn empty() -> TestDb {
        Self::create("").await
    }

    async fn create(options: &str) -> TestDb {
        let name = format!("crowdgraph_t_{}", uuid::Uuid::new_v4().simple());
        let mut admin = admin_conn().await;
        exec(&mut admin, &format!("CREATE DATABASE {name} {options}"))
            .await
            .unwrap();
        TestDb {
            url: url_for(&name),
            name,
        }
    }

    /// A direct connection, for arranging data and checking rows.
    pub async fn conn(&self) -> AsyncPgConnection {
        AsyncPgConnection::establish(&self.url).await.unwrap()
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        // A borrowed handle (see `TestApp::over_existing`) owns nothing to drop.
        if self.name.is_empty() {
            return;
        }
        let name = self.name.clone();
        // Drop runs outside async context; a small runtime of its own does the cleanup.
        let _ = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            rt.block_on(async {
                let mut admin = admin_conn().await;
                let _ = exec(
                    &mut admin,
                    &format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
                )
                .await;
            });
        })
        .join();
    }
}

/// A response as tests look at it.
#[derive(Debug)]
pub struct TestResponse {
    /// HTTP status.
    pub status: StatusCode,
    /// Response headers.
    pub headers: HeaderMap,
    /// Body parsed as JSON (`Value::Null` when it is not JSON).
    pub json: Value,
    /// Raw body.
    pub text: String,
}

/// The real router over a test database.
pub struct TestApp {
    /// The test's database.
    pub db: TestDb,
    /// The application state (pool, schema, config).
    pub state: AppState,
    router: Router,
}

impl TestApp {
    /// An app with default settings over a fresh migrated database.
    pub async fn new() -> TestApp {
        Self::with_config(|_, _| {}).await
    }

    /// Like [`TestApp::new`], with settings adjusted by `adjust`.
    pub async fn with_config(adjust: impl FnOnce(&mut ServerConfig, &mut DbConfig)) -> TestApp {
        Self::over(TestDb::migrated().await, adjust)
    }

    /// An app over the given database.
    pub fn over(db: TestDb, adjust: impl FnOnce(&mut ServerConfig, &mut DbConfig)) -> TestApp {
        let mut config = ServerConfig::defaults();
        let mut db_config = DbConfig::for_url(&db.url);
        db_config.pool_size = 4;
        adjust(&mut config, &mut db_config);
        let pool = db::build_pool(&db_config).unwrap();
        let state = AppState(Arc::new(App::new(pool, db_config, config)));
        let router = crowdgraph::router::build_router(state.clone());
        TestApp { db, state, router }
    }

    /// A second app over the same database (as after a restart): new pool, new state.
    pub fn over_existing(other: &TestApp) -> TestApp {
        let db = TestDb {
            url: other.db.url.clone(),
            name: String::new(),
        };
        let config = other.state.config.clone();
        let pool = db::build_pool(&other.state.db_config).unwrap();
        let state = AppState(Arc::new(App::new(
            pool,
            other.state.db_config.clone(),
            config,
        )));
        let router = crowdgraph::router::build_router(state.clone());
        TestApp { db, state, router }
    }

    /// Sends `request` through the router.
    pub async fn send(&self, request: Request<Body>) -> TestResponse {
        let response = self.router.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let json = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        TestResponse {
            status,
            headers,
            json,
            text,
        }
    }

    /// POSTs a GraphQL operation, naming `network` in the header when given.
    pub async fn graphql(
        &self,
        network: Option<&str>,
        query: &str,
        variables: Value,
    ) -> TestResponse {
        let mut request = Request::post("/graphql").header("content-type", "application/json");
        if let Some(network) = network {
            request = request.header("network", network);
        }
        let body = json!({ "query": query, "variables": variables }).to_string();
        self.send(request.body(Body::from(body)).unwrap()).await
    }

    /// GETs `uri`.
    pub async fn get(&self, uri: &str) -> TestResponse {
        self.send(Request::get(uri).body(Body::empty()).unwrap())
            .await
    }

    /// Creates a network directly in the database and returns its name.
    pub async fn create_network(&self, name: &str) -> String {
        let mut conn = self.db.conn().await;
        exec(
            &mut conn,
            &format!(
                "INSERT INTO networks (name, api_key, api_secret) VALUES ('{name}', '{name}-key', '{name}-secret')"
            ),
        )
        .await
        .unwrap();
        name.to_owned()
    }
}

/// The `extensions.code` of the first GraphQL error of `response`.
pub fn first_error_code(response: &TestResponse) -> Option<i64> {
    response.json["errors"][0]["extensions"]["code"].as_i64()
}
