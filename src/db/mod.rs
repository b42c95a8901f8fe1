//! Database access: the connection pool, embedded migrations and the generated schema.

pub mod cached;
pub mod list;
pub mod metrics;
pub mod schema;

use std::time::Duration;

use anyhow::Context as _;
use deadpool::managed::{Hook, HookError};
use diesel::prelude::*;
use diesel_async::async_connection_wrapper::AsyncConnectionWrapper;
use diesel_async::pooled_connection::deadpool::{Object, Pool};
use diesel_async::pooled_connection::{
    AsyncDieselConnectionManager, ManagerConfig, PoolError, RecyclingMethod,
};
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};
use futures_util::FutureExt as _;
use futures_util::future::BoxFuture;

use crate::config::DbConfig;
use crate::error::{ApiError, ApiResult};

/// Every migration of `migrations/`, compiled into the binary.
pub const MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations");

/// The pool of PostgreSQL connections.
pub type DbPool = Pool<AsyncPgConnection>;

/// A connection checked out of the pool.
pub type DbConn = Object<AsyncPgConnection>;

/// Builds the pool. Connections are made lazily; each new one gets the configured
/// `statement_timeout`, and a checkout waits at most `pool_wait_timeout` (which also bounds
/// connecting), so a dead database turns into a 503 instead of a hang.
pub fn build_pool(config: &DbConfig) -> anyhow::Result<DbPool> {
    let statement_timeout_ms = config.statement_timeout_ms;
    let mut manager_config = ManagerConfig::default();
    // A connection whose server end is gone (a killed backend, a restart) is dropped on
    // checkout (diesel-async's `is_broken`); a round trip to prove it alive is only spent
    // on connections idle for a while (`verify_if_idle`).
    manager_config.recycling_method = RecyclingMethod::Fast;
    manager_config.custom_setup =
        Box::new(move |url| establish_with_timeout(url, statement_timeout_ms).boxed());
    let manager = AsyncDieselConnectionManager::<AsyncPgConnection>::new_with_config(
        &config.database_url,
        manager_config,
    );
    let wait = config.pool_wait_timeout();
    Pool::builder(manager)
        .max_size(config.pool_size)
        .wait_timeout(Some(wait))
        .create_timeout(Some(wait))
        .recycle_timeout(Some(wait))
        .pre_recycle(Hook::async_fn(move |conn, metrics| {
            Box::pin(verify_if_idle(conn, metrics.last_used(), wait))
        }))
        .runtime(deadpool_runtime())
        .build()
        .context("building the database pool")
}

/// Connections checked out within this long are trusted; older ones run `SELECT 1` first
/// (the same trade as HikariCP's 500 ms "alive bypass window").
pub const VERIFY_IF_IDLE_FOR: Duration = Duration::from_millis(500);

/// Proves a connection alive before it is handed out, if it has not been used for
/// [`VERIFY_IF_IDLE_FOR`]: after a database restart the dead connection is replaced instead
/// of failing the request that got it. Busy connections skip the round trip, which was
/// one per checkout, several per nested query (bench/RESULTS.md).
///
/// The round trip gets at most `limit` (the pool wait): a server that accepts but never
/// answers must not hold the checkout (deadpool puts no timeout on its hooks). A failure
/// or a timeout discards the connection, and the checkout goes on with the next one or a
/// new one.
async fn verify_if_idle(
    conn: &mut AsyncPgConnection,
    idle: Duration,
    limit: Duration,
) -> Result<(), HookError<PoolError>> {
    if idle < VERIFY_IF_IDLE_FOR {
        return Ok(());
    }
    let check = cached::CachedSql::new("SELECT 1").execute(conn);
    match tokio::time::timeout(limit, check).await {
        Ok(Ok(_)) => Ok(()),
        Ok(Err(e)) => Err(HookError::Message(
            format!("connection check failed: {e}").into(),
        )),
        Err(_) => Err(HookError::Message(
            format!("connection check got no answer within {limit:?}").into(),
        )),
    }
}

fn deadpool_runtime() -> deadpool::Runtime {
    // Timeouts need a runtime to measure them with.
    deadpool::Runtime::Tokio1
}

fn establish_with_timeout(
    url: &str,
    statement_timeout_ms: u64,
) -> BoxFuture<'_, diesel::ConnectionResult<AsyncPgConnection>> {
    async move {
        let mut conn = AsyncPgConnection::establish(url).await?;
        diesel::sql_query(format!("SET statement_timeout = {statement_timeout_ms}"))
            .execute(&mut conn)
            .await
            .map_err(|e| diesel::ConnectionError::BadConnection(e.to_string()))?;
        // Statements per request (see `metrics`): counted only inside a request's scope.
        conn.set_instrumentation(metrics::CountStatements::default());
        Ok(conn)
    }
    .boxed()
}

/// Checks a connection out of the pool, mapping exhaustion or a dead server to a 503.
///
/// The whole checkout is bounded by the pool wait: deadpool bounds the wait for a free
/// slot, the connecting and each pooled connection's check separately, so several dead
/// pooled connections in a row (a database that stopped answering) would add up.
pub async fn conn(pool: &DbPool) -> ApiResult<DbConn> {
    let checkout = metrics::uncounted(pool.get());
    match pool.timeouts().wait {
        Some(wait) => match tokio::time::timeout(wait, checkout).await {
            Ok(got) => got.map_err(ApiError::from),
            Err(_) => Err(ApiError::unavailable(format!(
                "no working database connection within {wait:?}"
            ))),
        },
        None => checkout.await.map_err(ApiError::from),
    }
}

/// Creates the database named in `database_url` if it does not exist yet, by connecting
/// to the server's `postgres` maintenance database.
pub async fn ensure_database(database_url: &str) -> anyhow::Result<()> {
    let mut url = url::Url::parse(database_url).context("DATABASE_URL is not a valid URL")?;
    let name = url.path().trim_start_matches('/').to_owned();
    anyhow::ensure!(!name.is_empty(), "DATABASE_URL names no database");
    url.set_path("/postgres");
    let mut admin = AsyncPgConnection::establish(url.as_str())
        .await
        .with_context(|| format!("connecting to PostgreSQL at {}", redact(&url)))?;
    let exists: bool = diesel::select(diesel::dsl::exists(
        pg_database::table.filter(pg_database::datname.eq(&name)),
    ))
    .get_result(&mut admin)
    .await?;
    if !exists {
        // Identifiers cannot be bound as parameters; the name is quoted instead.
        let quoted = format!("\"{}\"", name.replace('"', "\"\""));
        match diesel::sql_query(format!("CREATE DATABASE {quoted}"))
            .execute(&mut admin)
            .await
        {
            Ok(_) => tracing::info!(database = %name, "created database"),
            // Another process created it in the meantime.
            Err(diesel::result::Error::DatabaseError(
                diesel::result::DatabaseErrorKind::UniqueViolation,
                _,
            )) => {}
            Err(e) if e.to_string().contains("already exists") => {}
            Err(e) => return Err(e).context("creating the database"),
        }
    }
    Ok(())
}

diesel::table! {
    /// The server's catalogue of databases (only the column we read).
    pg_database (datname) {
        datname -> Text,
    }
}

/// The URL with any password replaced, for log lines.
pub fn redact(url: &url::Url) -> String {
    let mut url = url.clone();
    if url.password().is_some() {
        let _ = url.set_password(Some("***"));
    }
    url.to_string()
}

/// Applies every pending migration. Runs on a blocking thread because diesel's migration
/// harness is synchronous; returns the versions applied.
pub async fn run_migrations(database_url: &str) -> anyhow::Result<Vec<String>> {
    let url = database_url.to_owned();
    tokio::task::spawn_blocking(move || -> anyhow::Result<Vec<String>> {
        let mut conn =
            <AsyncConnectionWrapper<AsyncPgConnection> as diesel::Connection>::establish(&url)
                .context("connecting to run migrations")?;
        let applied = conn
            .run_pending_migrations(MIGRATIONS)
            .map_err(|e| anyhow::anyhow!("running migrations: {e}"))?;
        Ok(applied.iter().map(|v| v.to_string()).collect())
    })
    .await
    .context("migration task panicked")?
}

/// Versions of all embedded migrations, in order.
pub fn embedded_versions() -> Vec<String> {
    use diesel::migration::MigrationSource;
    let source: &dyn MigrationSource<diesel::pg::Pg> = &MIGRATIONS;
    let mut versions: Vec<String> = source
        .migrations()
        .map(|all| all.iter().map(|m| m.name().version().to_string()).collect())
        .unwrap_or_default();
    versions.sort();
    versions
}

diesel::table! {
    /// diesel's record of applied migrations.
    __diesel_schema_migrations (version) {
        version -> VarChar,
    }
}

/// Why the service is not ready.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotReady {
    /// The database did not answer in time.
    DatabaseUnreachable,
    /// These embedded migrations are not applied yet.
    MigrationsPending(Vec<String>),
}

/// Readiness: the database answers within `timeout` and every embedded migration is
/// applied. The cause is logged; the result names only the failed check.
pub async fn readiness(pool: &DbPool, timeout: Duration) -> Result<(), NotReady> {
    let check = async {
        let mut conn = pool.get().await.map_err(|e| {
            tracing::warn!(error = %e, "readiness: no database connection");
            NotReady::DatabaseUnreachable
        })?;
        let applied: Vec<String> = __diesel_schema_migrations::table
            .select(__diesel_schema_migrations::version)
            .load(&mut conn)
            .await
            .map_err(|e| {
                tracing::warn!(error = %e, "readiness: cannot read applied migrations");
                NotReady::DatabaseUnreachable
            })?;
        let missing: Vec<String> = embedded_versions()
            .into_iter()
            .filter(|v| !applied.contains(v))
            .collect();
        if missing.is_empty() {
            Ok(())
        } else {
            Err(NotReady::MigrationsPending(missing))
        }
    };
    tokio::time::timeout(timeout, check)
        .await
        .unwrap_or(Err(NotReady::DatabaseUnreachable))
}
