//! A network's global constants (`networks.globals`, REST `GET /public/globals`,
//! `docs/outreach.md`): a JSON object of key to value set by the network's admins and
//! readable by anyone in the network.

use diesel::dsl::auto_type;
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use crate::db::schema::networks;

/// The globals of `network_id`.
pub async fn read(
    conn: &mut AsyncPgConnection,
    network_id: Uuid,
) -> QueryResult<serde_json::Value> {
    globals_of(network_id).first(conn).await
}

/// The globals of `network_id`, with the network row locked until the end of the
/// caller's transaction (so concurrent merges never lose a key).
pub async fn lock(
    conn: &mut AsyncPgConnection,
    network_id: Uuid,
) -> QueryResult<serde_json::Value> {
    globals_of(network_id).for_update().first(conn).await
}

/// The globals column of the network `network_id`.
#[auto_type]
fn globals_of(network_id: Uuid) -> _ {
    networks::table.find(network_id).select(networks::globals)
}

/// Replaces the globals of `network_id` with `globals` (a JSON object); returns them.
pub async fn write(
    conn: &mut AsyncPgConnection,
    network_id: Uuid,
    globals: &serde_json::Value,
) -> QueryResult<serde_json::Value> {
    diesel::update(networks::table.find(network_id))
        .set(networks::globals.eq(globals))
        .returning(networks::globals)
        .get_result(conn)
        .await
}
