//! `GET /metrics` and the middleware that records every request into [`Metrics`].

use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::http::header::CONTENT_TYPE;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::app::AppState;
use crate::db::metrics::StatementCounter;
use crate::metrics::OperationLabel;

/// `GET /metrics`.
pub async fn get_metrics(State(state): State<AppState>) -> Response {
    (
        [(CONTENT_TYPE, "text/plain; version=0.0.4")],
        state.metrics.render(),
    )
        .into_response()
}

/// Middleware: runs the request inside a statement counter and records it.
pub async fn track(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map(|p| format!("{} {}", request.method(), p.as_str()));
    // An outer counter (a test's) is kept, so it sees the request's statements too.
    let counter = StatementCounter::current().unwrap_or_default();
    let response = counter.clone().scope(next.run(request)).await;
    let operation = match (response.extensions().get::<OperationLabel>(), route) {
        (Some(label), _) => label.0.clone(),
        (None, Some(route)) if route.contains("/v1/") => format!("rest:{route}"),
        (None, Some(route)) => route,
        (None, None) => "unmatched".to_owned(),
    };
    state.metrics.observe(
        &operation,
        response.status().as_u16(),
        started.elapsed(),
        counter.get(),
        counter.db_time(),
    );
    response
}
