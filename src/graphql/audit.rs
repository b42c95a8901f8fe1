//! The audit log for admins: `auditLog`, one paged list of the request's network's
//! recorded lifecycle and money changes, newest first.

use async_graphql::{Context, ID, Json, Object};
use chrono::{DateTime, Utc};
use diesel_async::AsyncPgConnection;
use uuid::Uuid;

use crate::domain::viewer::Viewer;
use crate::error::{ApiError, ApiResult};
use crate::graphql::context::ContextExt;
use crate::graphql::identity::user::User;
use crate::graphql::ids::id_of;
use crate::graphql::list::{ListArgs, ListPlan, Page, listed, paginate};
use crate::graphql::marketplace::loaders::UserById;
use crate::graphql::marketplace::organization::user_node;
use crate::models::audit::{self as model, AuditRow, AuditScope, audit_attrs};

/// One recorded change: an object created, or one of its stages or statuses changed.
pub struct AuditEntry {
    row: AuditRow,
    viewer: Viewer,
}

#[Object]
impl AuditEntry {
    /// When the change was made (the start of the database transaction that made it, so
    /// the changes of one request share it).
    async fn at(&self) -> DateTime<Utc> {
        self.row.at
    }

    /// The id of the user who made the change; null for a change made by the system
    /// (seeding, operator commands).
    async fn actor_id(&self) -> Option<ID> {
        self.row.actor_id.map(id_of)
    }

    /// The user who made the change; null for a change made by the system.
    async fn actor(&self, ctx: &Context<'_>) -> ApiResult<Option<User>> {
        let Some(id) = self.row.actor_id else {
            return Ok(None);
        };
        let user = ctx.loader()?.load_one(UserById(id)).await?;
        Ok(user.and_then(|u| user_node(self.viewer, u)))
    }

    /// The `x-request-id` of the request that made the change (the service gives one to
    /// every request that sends none); null for a change made outside a request.
    async fn request_id(&self) -> Option<&str> {
        self.row.request_id.as_deref()
    }

    /// The kind of object changed: `offering`, `investment`, `organization` or
    /// `transaction`.
    async fn object_type(&self) -> &str {
        &self.row.object_type
    }

    /// The id of the object changed.
    async fn object_id(&self) -> ID {
        id_of(self.row.object_id)
    }

    /// What happened: `create`, or the attribute that changed (`life_cycle_stage`,
    /// `payment_status`).
    async fn action(&self) -> &str {
        &self.row.action
    }

    /// The attribute's value before the change (a stage or status code, as text); null
    /// for `create`.
    async fn from_value(&self) -> Option<&str> {
        self.row.from_value.as_deref()
    }

    /// The attribute's value after the change (a stage or status code, as text).
    async fn to_value(&self) -> Option<&str> {
        self.row.to_value.as_deref()
    }

    /// What else describes the change, as a JSON object (for a transaction: `amount` as
    /// a decimal string, `currency`, `wallet_id`, `payout_id`, `user_id`); `{}` when
    /// nothing does.
    async fn details(&self) -> Json<&serde_json::Value> {
        Json(&self.row.details)
    }
}

/// Root fields about the audit log.
#[derive(Default)]
pub struct AuditQuery;

#[Object]
impl AuditQuery {
    /// The audit log of the network (admins only): every recorded creation and stage or
    /// status change of offerings, investments, organizations and transactions, with who
    /// made it and in which request. Newest first (by `at`, then by position in the log)
    /// unless ordered otherwise. Attributes for `orderBy` and `filters`: `at` (whole UTC
    /// days), `object_type`, `object_id`, `actor_id`, `request_id`, `action`,
    /// `from_value`, `to_value`. `objectType`, `objectId`, `actorId`, `since` (included)
    /// and `until` (excluded) narrow the list further, to the exact instant for times.
    #[allow(clippy::too_many_arguments)]
    async fn audit_log(
        &self,
        ctx: &Context<'_>,
        #[graphql(default)] args: ListArgs,
        object_type: Option<String>,
        object_id: Option<ID>,
        actor_id: Option<ID>,
        since: Option<DateTime<Utc>>,
        until: Option<DateTime<Utc>>,
    ) -> ApiResult<Page<AuditEntry>> {
        let req = ctx.request();
        req.network()?;
        req.admin()?;
        let scope = AuditScope {
            object_type,
            object_id: filter_id(object_id, "objectId")?,
            actor_id: filter_id(actor_id, "actorId")?,
            since,
            until,
        };
        let viewer = req.viewer;
        let list = async |conn: &mut AsyncPgConnection, network_id, plan: &ListPlan| {
            let (filters, order) = (&plan.filters, plan.order.as_ref());
            let page = model::list(conn, network_id, &scope, filters, order, plan.page);
            listed(page.await)
        };
        let node = |row| AuditEntry { row, viewer };
        paginate(ctx, &args, audit_attrs::ATTRS, list, node).await
    }
}

/// An id argument that narrows a list: one that is not an id is a 400, as the same
/// value in `filters` is.
fn filter_id(id: Option<ID>, name: &str) -> ApiResult<Option<Uuid>> {
    id.map(|id| {
        Uuid::parse_str(&id)
            .map_err(|_| ApiError::bad_request(format!("{name} {:?} is not an id.", id.as_str())))
    })
    .transpose()
}
