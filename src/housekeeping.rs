//! Periodic cleanup of rows that only matter for a while: spent `cv-auth` nonces, old
//! login-failure and mail-request counters, and idempotency keys past their retention. Safe to run on every instance at once (plain deletes).

use std::time::Duration;

use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::db::schema::{idempotency_keys, login_attempts, mail_requests};
use crate::db::{self, DbPool};
use crate::domain::idempotency::RETENTION_HOURS;
use crate::models::nonce;

/// How often the cleanup runs.
pub const INTERVAL: Duration = Duration::from_secs(60);

/// One cleanup pass; returns the number of rows deleted.
pub async fn run_once(pool: &DbPool) -> anyhow::Result<usize> {
    let mut conn = db::conn(pool)
        .await
        .map_err(|e| anyhow::anyhow!("{}", e.developer_message))?;
    let nonces = nonce::delete_expired(&mut conn).await?;
    // A counter whose window and lock are both over counts for nothing any more.
    let now = chrono::Utc::now();
    let stale = diesel::delete(
        login_attempts::table
            .filter(login_attempts::window_started_at.lt(now - chrono::TimeDelta::days(1)))
            .filter(
                login_attempts::locked_until
                    .is_null()
                    .or(login_attempts::locked_until.lt(now)),
            ),
    )
    .execute(&mut conn)
    .await?;
    // Mail windows are an hour by default; a day-old one is over.
    let mail = diesel::delete(
        mail_requests::table
            .filter(mail_requests::window_started_at.lt(now - chrono::TimeDelta::days(1))),
    )
    .execute(&mut conn)
    .await?;
    let keys =
        diesel::delete(idempotency_keys::table.filter(
            idempotency_keys::created_at.lt(now - chrono::TimeDelta::hours(RETENTION_HOURS)),
        ))
        .execute(&mut conn)
        .await?;
    Ok(nonces + stale + mail + keys)
}

/// Runs [`run_once`] every [`INTERVAL`] until `shutdown` turns true.
pub fn spawn(pool: DbPool, mut shutdown: watch::Receiver<bool>) -> JoinHandle<()> {
    tokio::spawn(async move {
        loop {
            match run_once(&pool).await {
                Ok(0) => {}
                Ok(n) => tracing::debug!(rows = n, "housekeeping"),
                Err(e) => tracing::warn!(error = %e, "housekeeping failed"),
            }
            tokio::select! {
                _ = tokio::time::sleep(INTERVAL) => {}
                _ = shutdown.changed() => break,
            }
        }
    })
}
