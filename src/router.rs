//! The route table of the service, and the layers every request goes through.

use std::any::Any;

use axum::Router;
use axum::http::{HeaderName, HeaderValue, Method};
use axum::middleware::from_fn_with_state;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::TraceLayer;

use crate::app::AppState;
use crate::error::ApiError;
use crate::http::{credentials, graphiql, graphql, health, idempotency, limits, metrics};

/// Builds the router: every route of the service is listed here.
pub fn build_router(state: AppState) -> Router {
    let cors = cors_layer(&state.config.cors_origins());
    Router::new()
        .route(
            "/graphql",
            get(graphql::get_graphql).post(graphql::post_graphql),
        )
        .route("/graphiql", get(graphiql::get_graphiql))
        .route("/graphiql/assets/{name}", get(graphiql::get_graphiql_asset))
        .route("/healthz", get(health::get_healthz))
        .route("/readyz", get(health::get_readyz))
        .route("/metrics", get(metrics::get_metrics))
        .merge(crate::rest::router())
        .fallback(limits::route_not_found)
        .method_not_allowed_fallback(limits::method_not_allowed)
        .layer(from_fn_with_state(state.clone(), limits::limit_time))
        .layer(from_fn_with_state(
            state.clone(),
            credentials::record_client_addr,
        ))
        .layer(from_fn_with_state(state.clone(), metrics::track))
        .layer(cors)
        .layer(CatchPanicLayer::custom(panic_response))
        .layer(TraceLayer::new_for_http().make_span_with(limits::request_span))
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
        .with_state(state)
}

fn cors_layer(origins: &[String]) -> CorsLayer {
    // `serve` refused anything but exact origins at startup (config::check); a wildcard
    // would make `AllowOrigin::list` panic, so one that slipped through is left out.
    let origins: Vec<HeaderValue> = origins
        .iter()
        .filter(|o| !o.contains('*'))
        .filter_map(|o| HeaderValue::from_str(o).ok())
        .collect();
    CorsLayer::new()
        .allow_origin(AllowOrigin::list(origins))
        .allow_methods([
            Method::GET,
            Method::POST,
            Method::PUT,
            Method::PATCH,
            Method::DELETE,
        ])
        .allow_headers([
            axum::http::header::AUTHORIZATION,
            axum::http::header::CONTENT_TYPE,
            HeaderName::from_static("network"),
            HeaderName::from_static("cv-auth"),
            HeaderName::from_static("x-requested-with"),
            HeaderName::from_static("x-request-id"),
            HeaderName::from_static(idempotency::KEY_HEADER),
        ])
        .expose_headers([
            HeaderName::from_static("x-request-id"),
            HeaderName::from_static(idempotency::REPLAYED_HEADER),
        ])
        .max_age(std::time::Duration::from_secs(600))
}

// A panic is a bug: it is logged and the client gets the generic 500 of `ApiError`.
fn panic_response(panic: Box<dyn Any + Send + 'static>) -> Response {
    let detail = panic
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| panic.downcast_ref::<&str>().copied())
        .unwrap_or("panic");
    ApiError::internal(format!("handler panicked: {detail}")).into_response()
}
