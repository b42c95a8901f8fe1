//! The audit log (`docs/money.md`, "Audit log"): its rows are written by the database's
//! triggers with every lifecycle and money change; the service only names who makes the
//! changes of a transaction, and reads the log.

use diesel::sql_types::{Nullable, Uuid as SqlUuid};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

/// Who makes the changes of the current database transaction, and in which request: the
/// audit rows its triggers write carry them. Transaction-local, so a pooled connection
/// never takes them to another request; call it first in every write transaction.
pub async fn name_actor(
    conn: &mut AsyncPgConnection,
    actor_id: Option<Uuid>,
    request_id: Option<Uuid>,
) -> diesel::QueryResult<()> {
    diesel::sql_query(
        "SELECT set_config('crowdgraph.actor_id', COALESCE($1::text, ''), true), \
                set_config('crowdgraph.request_id', COALESCE($2::text, ''), true)",
    )
    .bind::<Nullable<SqlUuid>, _>(actor_id)
    .bind::<Nullable<SqlUuid>, _>(request_id)
    .execute(conn)
    .await
    .map(drop)
}
