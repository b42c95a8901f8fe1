//! What a resolver knows about the request: its network and its viewer.

use async_graphql::Context;

use crate::db::{self, DbConn, DbPool};
use crate::error::{ApiError, ApiResult, codes};
use crate::models::network::Network;

/// Per-request facts, put into the GraphQL request data by the HTTP layer.
#[derive(Debug, Clone, Default)]
pub struct RequestCtx {
    /// The network the request named (header `network`, REST path, or token).
    pub network: Option<Network>,
}

impl RequestCtx {
    /// The request's network, or the 400 that says one must be named.
    pub fn network(&self) -> ApiResult<&Network> {
        self.network.as_ref().ok_or_else(|| {
            ApiError::new(
                codes::NETWORK_REQUIRED,
                400,
                "The request could not be processed.",
                "This field needs a network: send its name in the `network` HTTP header.",
            )
        })
    }
}

/// Helpers every resolver uses to reach the request context and the database.
pub trait ContextExt {
    /// The per-request context (an empty one when the HTTP layer set none).
    fn request(&self) -> &RequestCtx;
    /// A pooled connection, or a 503-class error within the pool's wait timeout.
    fn conn(&self) -> impl std::future::Future<Output = ApiResult<DbConn>> + Send;
}

static EMPTY: std::sync::LazyLock<RequestCtx> = std::sync::LazyLock::new(RequestCtx::default);

impl ContextExt for Context<'_> {
    fn request(&self) -> &RequestCtx {
        self.data_opt::<RequestCtx>().unwrap_or(&EMPTY)
    }

    async fn conn(&self) -> ApiResult<DbConn> {
        let pool = self
            .data_opt::<DbPool>()
            .ok_or_else(|| ApiError::internal("schema built without a database pool"))?;
        db::conn(pool).await
    }
}
