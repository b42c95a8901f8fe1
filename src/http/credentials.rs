//! Reading a request's credentials and client address, shared by GraphQL and REST.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, Request, State};
use axum::http::HeaderMap;
use axum::http::header::{AUTHORIZATION, USER_AGENT};
use axum::middleware::Next;
use axum::response::Response;

use crate::app::AppState;
use crate::auth::viewer::{self, Credentials, RequestCtx};
use crate::error::ApiResult;

/// The client's address as the service sees it (the peer, or the first
/// `X-Forwarded-For` entry when `TRUST_FORWARDED_FOR` is on).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientAddr(pub String);

/// Middleware storing [`ClientAddr`] in the request extensions.
pub async fn record_client_addr(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    let forwarded = state
        .config
        .trust_forwarded_for
        .then(|| {
            request
                .headers()
                .get("x-forwarded-for")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.split(',').next())
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        })
        .flatten();
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(addr)| addr.ip().to_string());
    let addr = forwarded.or(peer).unwrap_or_else(|| "unknown".to_owned());
    request.extensions_mut().insert(ClientAddr(addr));
    next.run(request).await
}

/// Resolves the network and viewer of a request from its headers (and, for REST, the
/// network of its path).
pub async fn resolve_request(
    state: &AppState,
    headers: &HeaderMap,
    path_network: Option<&str>,
    client: &ClientAddr,
) -> ApiResult<RequestCtx> {
    let header = |name| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::trim)
    };
    let bearer = header(AUTHORIZATION.as_str()).and_then(|v| {
        v.strip_prefix("Bearer ")
            .or_else(|| v.strip_prefix("bearer "))
            .map(str::trim)
    });
    let creds = Credentials {
        path_network,
        network_header: header("network").filter(|v| !v.is_empty()),
        bearer,
        cv_auth: header("cv-auth").filter(|v| !v.is_empty()),
        client_addr: &client.0,
        user_agent: header(USER_AGENT.as_str()),
    };
    viewer::resolve(state.auth(), &creds).await
}
