//! Single-use `cv-auth` nonces, shared by every server instance through PostgreSQL.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use crate::db::schema::cv_auth_nonces;

/// Records `nonce` for the network; `false` when it was already used (a replay). The
/// primary key makes the check and the insert one atomic statement.
pub async fn claim(
    conn: &mut AsyncPgConnection,
    network_id: Uuid,
    nonce: &str,
    expires_at: DateTime<Utc>,
) -> QueryResult<bool> {
    let inserted = diesel::insert_into(cv_auth_nonces::table)
        .values((
            cv_auth_nonces::network_id.eq(network_id),
            cv_auth_nonces::nonce.eq(nonce),
            cv_auth_nonces::expires_at.eq(expires_at),
        ))
        .on_conflict_do_nothing()
        .execute(conn)
        .await?;
    Ok(inserted == 1)
}

/// Deletes nonces past their expiry (they can no longer pass the freshness check anyway).
pub async fn delete_expired(conn: &mut AsyncPgConnection) -> QueryResult<usize> {
    diesel::delete(cv_auth_nonces::table.filter(cv_auth_nonces::expires_at.lt(diesel::dsl::now)))
        .execute(conn)
        .await
}
