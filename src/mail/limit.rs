//! Rate limits of the requests that mail someone (`docs/security.md`): per target address
//! and per client address, in fixed windows counted in PostgreSQL (`mail_requests`), so
//! they hold across instances and restarts. A request over a limit is refused (429, code
//! 11022) before anything is queued. Counting does not depend on whether an account has
//! the address, so the answer reveals nothing about accounts.

use chrono::TimeDelta;
use diesel::sql_types::{Int2, Int4, Interval, Text, Uuid as SqlUuid};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use crate::config::ServerConfig;
use crate::db::cached::CachedSql;
use crate::error::{ApiError, ApiResult, codes};

/// The limits of one window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MailLimits {
    /// Requests mailing one address per window.
    pub per_address: i32,
    /// Requests from one client address per window.
    pub per_client: i32,
    /// Length of a window.
    pub window: TimeDelta,
}

impl MailLimits {
    /// The limits of the configuration.
    pub fn from_config(config: &ServerConfig) -> MailLimits {
        MailLimits {
            per_address: config.mail_limit_per_address,
            per_client: config.mail_limit_per_client,
            window: TimeDelta::minutes(config.mail_limit_window_minutes),
        }
    }
}

/// Counts one request from `client` that would mail `to`, and refuses it when either
/// count is over its limit. Run it on its own connection, before the transaction that
/// queues the mail, so a refusal still counts.
pub async fn take(
    conn: &mut AsyncPgConnection,
    limits: &MailLimits,
    network_id: Uuid,
    to: &str,
    client: &str,
) -> ApiResult<()> {
    if count(conn, network_id, 1, client, limits.window).await? > limits.per_client {
        return Err(limited(limits, "from this client address"));
    }
    let to = to.trim().to_lowercase();
    if count(conn, network_id, 0, &to, limits.window).await? > limits.per_address {
        return Err(limited(limits, "for this email address"));
    }
    Ok(())
}

/// Adds one to a key's count (a new window when the old one is over); returns the count.
async fn count(
    conn: &mut AsyncPgConnection,
    network_id: Uuid,
    kind: i16,
    key: &str,
    window: TimeDelta,
) -> ApiResult<i32> {
    #[derive(diesel::QueryableByName)]
    struct Row {
        #[diesel(sql_type = Int4)]
        requests: i32,
    }
    // Keys are addresses (at most 254 bytes valid) or IP addresses; the column holds 320.
    let key: String = key.chars().take(320).collect();
    let window = diesel::data_types::PgInterval::from_microseconds(
        window.num_microseconds().unwrap_or(i64::MAX),
    );
    // One statement: parallel requests are all counted.
    let row: Row = CachedSql::new(
        "INSERT INTO mail_requests AS r (network_id, key_kind, key, requests, window_started_at)
         VALUES ($1, $2, $3, 1, now())
         ON CONFLICT (network_id, key_kind, key) DO UPDATE SET
           requests = CASE WHEN r.window_started_at < now() - $4 THEN 1 ELSE r.requests + 1 END,
           window_started_at = CASE WHEN r.window_started_at < now() - $4
                                    THEN now() ELSE r.window_started_at END
         RETURNING requests",
    )
    .bind::<SqlUuid, _>(network_id)
    .bind::<Int2, _>(kind)
    .bind::<Text, _>(key)
    .bind::<Interval, _>(window)
    .get_result(conn)
    .await?;
    Ok(row.requests)
}

fn limited(limits: &MailLimits, scope: &str) -> ApiError {
    let (address, client, minutes) = (
        limits.per_address,
        limits.per_client,
        limits.window.num_minutes(),
    );
    ApiError::new(
        codes::MAIL_LIMIT,
        "Too many emails were requested. Please try again later.",
        format!(
            "Too many requests that send mail {scope}: at most {address} per email address \
             and {client} per client address every {minutes} minutes. Nothing was sent."
        ),
    )
}
