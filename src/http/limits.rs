//! Request-level protections shared by all routes: time limit, unknown routes and methods,
//! request ids in log spans.

use std::time::Instant;

use axum::extract::{Request, State};
use axum::http::header::ALLOW;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::app::AppState;
use crate::error::{ApiError, codes};
use crate::graphql::time_limit::TimeLimit;
use crate::http::graphql::graphql_error_response;

/// Fails a request that runs longer than its time limit ([`TimeLimit`]) with a 503 (code
/// 19009), shaped as a GraphQL error on `/graphql` and as the REST envelope elsewhere.
pub async fn limit_time(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let is_graphql = request.uri().path() == "/graphql";
    let limit = TimeLimit::new(
        state.config.request_timeout(),
        state.config.bulk_request_timeout(),
    );
    let run = limit.clone().scope(next.run(request));
    tokio::pin!(run);
    loop {
        tokio::select! {
            response = &mut run => return response,
            // The limit may have been raised while sleeping: wait again for the new one.
            () = tokio::time::sleep_until(limit.deadline().into()) => {
                if Instant::now() >= limit.deadline() {
                    break;
                }
            }
        }
    }
    let err = ApiError::new(
        codes::REQUEST_TIMEOUT,
        "The service took too long to answer. Please try again.",
        format!(
            "The request exceeded the time limit of {} ms.",
            limit.current().as_millis()
        ),
    );
    if is_graphql {
        graphql_error_response(&err)
    } else {
        err.into_response()
    }
}

/// Any path no route matches: 404 in the REST envelope.
pub async fn route_not_found(request: Request) -> Response {
    ApiError::new(
        codes::NOT_FOUND,
        "Not found.",
        format!(
            "No route for {} {}.",
            request.method(),
            request.uri().path()
        ),
    )
    .into_response()
}

/// A known path called with a method it does not take: 405, keeping axum's `Allow` header.
pub async fn method_not_allowed(request: Request) -> Response {
    let err = ApiError::new(
        codes::METHOD_NOT_ALLOWED,
        "The request could not be processed.",
        format!(
            "{} is not allowed on {}.",
            request.method(),
            request.uri().path()
        ),
    );
    let mut response = err.into_response();
    if let Some(allow) = request.headers().get(ALLOW) {
        response.headers_mut().insert(ALLOW, allow.clone());
    }
    response
}

/// The tracing span of a request, carrying its `x-request-id`.
pub fn request_span(request: &Request) -> tracing::Span {
    let request_id = request
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("-");
    tracing::info_span!(
        "request",
        request_id = %request_id,
        method = %request.method(),
        path = %request.uri().path(),
    )
}
