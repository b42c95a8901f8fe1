//! Liveness and readiness probes.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::json;

use crate::app::AppState;
use crate::db::{self, NotReady};

/// `GET /healthz`: the process is alive (no dependency is checked).
pub async fn get_healthz() -> Json<serde_json::Value> {
    Json(json!({ "status": "ok" }))
}

/// `GET /readyz`: 200 when the database answers and every migration is applied, else 503
/// with the failed check (and never the underlying error text).
pub async fn get_readyz(State(state): State<AppState>) -> Response {
    match db::readiness(&state.pool, state.db_config.pool_wait_timeout()).await {
        Ok(()) => Json(json!({ "status": "ready" })).into_response(),
        Err(NotReady::DatabaseUnreachable) => (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(json!({ "status": "unavailable", "reason": "database_unreachable" })),
        )
            .into_response(),
        Err(NotReady::MigrationsPending(pending)) => (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(json!({
                "status": "unavailable",
                "reason": "migrations_pending",
                "pending": pending,
            })),
        )
            .into_response(),
    }
}
