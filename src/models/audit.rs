//! The audit log (`docs/money.md`, "Audit log"): its rows are written by the database's
//! triggers with every lifecycle and money change; the service only names who makes the
//! changes of a transaction, and reads the log.

use chrono::{DateTime, Utc};
use diesel::pg::Pg;
use diesel::prelude::*;
use diesel::sql_types::{Nullable, Uuid as SqlUuid};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use crate::db::schema::audit_log;
use crate::domain::list::{AttrRef, Direction, Filter, Page};

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

/// One row of the audit log.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = audit_log, check_for_backend(Pg))]
pub struct AuditRow {
    /// Position in the log (the tie-breaker of its order).
    pub id: i64,
    /// When the change was made (its transaction's start).
    pub at: DateTime<Utc>,
    /// Who made it; `None` for the system.
    pub actor_id: Option<Uuid>,
    /// The request that made it.
    pub request_id: Option<String>,
    /// The kind of object changed.
    pub object_type: String,
    /// The object changed.
    pub object_id: Uuid,
    /// `create`, or the column that changed.
    pub action: String,
    /// The value before the change.
    pub from_value: Option<String>,
    /// The value after the change.
    pub to_value: Option<String>,
    /// What else describes the change.
    pub details: serde_json::Value,
}

crate::list_columns! {
    /// Attributes audit log lists may be ordered and filtered by (the log has no custom
    /// fields: callers refuse `custom__…` before listing).
    pub mod audit_attrs for audit_log, id audit_log::id, custom crate::models::invitation::NoCustomFields {
        "at" => audit_log::at: timestamptz,
        "object_type" => audit_log::object_type: text,
        "object_id" => audit_log::object_id: uuid,
        "actor_id" => audit_log::actor_id: uuid,
        "request_id" => audit_log::request_id: text,
        "action" => audit_log::action: text,
        "from_value" => audit_log::from_value: text,
        "to_value" => audit_log::to_value: text,
    }
}

/// Conditions of an audit log list besides its generic filters: exact values and a
/// half-open time range (`since` included, `until` excluded).
#[derive(Debug, Clone, Default)]
pub struct AuditScope {
    /// Only this kind of object.
    pub object_type: Option<String>,
    /// Only this object.
    pub object_id: Option<Uuid>,
    /// Only changes by this user.
    pub actor_id: Option<Uuid>,
    /// Only changes made at or after this time.
    pub since: Option<DateTime<Utc>>,
    /// Only changes made before this time.
    pub until: Option<DateTime<Utc>>,
}

/// One page of a network's audit log and the total count, newest first unless `order`
/// says otherwise (then by position).
pub async fn list(
    conn: &mut AsyncPgConnection,
    network_id: Uuid,
    scope: &AuditScope,
    filters: &[Filter],
    order: Option<&(AttrRef, Direction)>,
    page: Page,
) -> Result<QueryResult<(Vec<AuditRow>, i64)>, String> {
    const NO_CUSTOM: &str = "The audit log has no custom fields.";
    let build = || -> Result<audit_attrs::Query<'static>, String> {
        let mut query = audit_log::table
            .filter(audit_log::network_id.eq(network_id))
            .into_boxed();
        if let Some(object_type) = &scope.object_type {
            query = query.filter(audit_log::object_type.eq(object_type.clone()));
        }
        if let Some(object_id) = scope.object_id {
            query = query.filter(audit_log::object_id.eq(object_id));
        }
        if let Some(actor_id) = scope.actor_id {
            query = query.filter(audit_log::actor_id.eq(actor_id));
        }
        if let Some(since) = scope.since {
            query = query.filter(audit_log::at.ge(since));
        }
        if let Some(until) = scope.until {
            query = query.filter(audit_log::at.lt(until));
        }
        for f in filters {
            if matches!(f.attr, AttrRef::Custom(_)) {
                return Err(NO_CUSTOM.to_owned());
            }
            query = audit_attrs::filter(query, f)?;
        }
        Ok(query)
    };
    if order.is_some_and(|(a, _)| matches!(a, AttrRef::Custom(_))) {
        return Err(NO_CUSTOM.to_owned());
    }
    crate::models::paging::count_and_page!(
        conn,
        audit_log,
        build,
        order by audit_attrs::order,
        page,
        select AuditRow::as_select(),
        newest first by at,
    )
}
