//! Idempotency keys (`docs/money.md`, "Idempotent writes"): claiming a key, reading what
//! it holds, storing the first answer or releasing the key. Every statement stands alone
//! (autocommitted), so a concurrent request with the same key sees its effect at once.
//! A claim is told apart from a later one on the same key by its `created_at`.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use crate::db::schema::idempotency_keys as keys;

/// Where a key lives: its network, the user who sent it (the nil UUID for none) and the
/// key itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyScope {
    /// The request's network.
    pub network_id: Uuid,
    /// The requesting user, or the nil UUID.
    pub viewer_id: Uuid,
    /// The `Idempotency-Key` value.
    pub key: String,
}

/// What a key holds.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = keys)]
pub struct KeyRow {
    /// SHA-256 of the first request.
    pub fingerprint: Vec<u8>,
    /// HTTP status of the first answer; `None` while it is running.
    pub status: Option<i16>,
    /// Content type of the first answer.
    pub content_type: Option<String>,
    /// Body of the first answer.
    pub body: Option<Vec<u8>>,
    /// When the key was claimed.
    pub created_at: DateTime<Utc>,
}

macro_rules! scoped {
    ($scope:expr) => {
        keys::table
            .filter(keys::network_id.eq($scope.network_id))
            .filter(keys::viewer_id.eq($scope.viewer_id))
            .filter(keys::key.eq($scope.key.as_str()))
    };
}

/// Claims the key for a running request of `fingerprint`: its `created_at` when the key
/// was free, `None` when it already holds something (the primary key decides, in one
/// statement).
pub async fn claim(
    conn: &mut AsyncPgConnection,
    scope: &KeyScope,
    fingerprint: &[u8; 32],
) -> QueryResult<Option<DateTime<Utc>>> {
    diesel::insert_into(keys::table)
        .values((
            keys::network_id.eq(scope.network_id),
            keys::viewer_id.eq(scope.viewer_id),
            keys::key.eq(scope.key.as_str()),
            keys::fingerprint.eq(&fingerprint[..]),
        ))
        .on_conflict_do_nothing()
        .returning(keys::created_at)
        .get_result(conn)
        .await
        .optional()
}

/// What the key holds, if anything.
pub async fn find(conn: &mut AsyncPgConnection, scope: &KeyScope) -> QueryResult<Option<KeyRow>> {
    scoped!(scope)
        .select(KeyRow::as_select())
        .first(conn)
        .await
        .optional()
}

/// Takes over an abandoned claim (still running, claimed at `seen`) for a new request of
/// `fingerprint`: its new `created_at`, or `None` when another request took it first or
/// it was finished or released meanwhile.
pub async fn take_over(
    conn: &mut AsyncPgConnection,
    scope: &KeyScope,
    seen: DateTime<Utc>,
    fingerprint: &[u8; 32],
) -> QueryResult<Option<DateTime<Utc>>> {
    diesel::update(
        scoped!(scope)
            .filter(keys::status.is_null())
            .filter(keys::created_at.eq(seen)),
    )
    .set((
        keys::fingerprint.eq(&fingerprint[..]),
        keys::created_at.eq(diesel::dsl::now),
    ))
    .returning(keys::created_at)
    .get_result(conn)
    .await
    .optional()
}

/// Stores the answer of the claim made at `claimed_at`; `false` when that claim is no
/// longer there (taken over as abandoned).
pub async fn complete(
    conn: &mut AsyncPgConnection,
    scope: &KeyScope,
    claimed_at: DateTime<Utc>,
    status: i16,
    content_type: Option<&str>,
    body: &[u8],
) -> QueryResult<bool> {
    let updated = diesel::update(
        scoped!(scope)
            .filter(keys::status.is_null())
            .filter(keys::created_at.eq(claimed_at)),
    )
    .set((
        keys::status.eq(status),
        keys::content_type.eq(content_type),
        keys::body.eq(body),
        keys::completed_at.eq(diesel::dsl::now),
    ))
    .execute(conn)
    .await?;
    Ok(updated == 1)
}

/// Releases the claim made at `claimed_at` (its answer is not kept), so that a retry
/// with the same key runs.
pub async fn release(
    conn: &mut AsyncPgConnection,
    scope: &KeyScope,
    claimed_at: DateTime<Utc>,
) -> QueryResult<usize> {
    diesel::delete(
        scoped!(scope)
            .filter(keys::status.is_null())
            .filter(keys::created_at.eq(claimed_at)),
    )
    .execute(conn)
    .await
}
