//! What a resolver knows about the request: its network and its viewer.

use async_graphql::Context;

use async_graphql::dataloader::DataLoader;

use crate::auth::AuthDeps;
pub use crate::auth::viewer::RequestCtx;
use crate::config::ServerConfig;
use crate::db::{self, DbConn, DbPool};
use crate::error::{ApiError, ApiResult};
use crate::graphql::loaders::DbLoader;

/// Helpers every resolver uses to reach the request context and the database.
pub trait ContextExt {
    /// The per-request context (an empty one when the HTTP layer set none).
    fn request(&self) -> &RequestCtx;
    /// The pool and configuration the credential checks need, from the schema's data.
    fn auth(&self) -> ApiResult<AuthDeps<'_>>;
    /// The request's batch loader (present whenever the request names a network).
    fn loader(&self) -> ApiResult<&DataLoader<DbLoader>>;
    /// A pooled connection, or a 503-class error within the pool's wait timeout.
    fn conn(&self) -> impl std::future::Future<Output = ApiResult<DbConn>> + Send;
}

static EMPTY: std::sync::LazyLock<RequestCtx> = std::sync::LazyLock::new(RequestCtx::default);

impl ContextExt for Context<'_> {
    fn request(&self) -> &RequestCtx {
        self.data_opt::<RequestCtx>().unwrap_or(&EMPTY)
    }

    fn auth(&self) -> ApiResult<AuthDeps<'_>> {
        let pool = self
            .data_opt::<DbPool>()
            .ok_or_else(|| ApiError::internal("schema built without a database pool"))?;
        let config = self
            .data_opt::<ServerConfig>()
            .ok_or_else(|| ApiError::internal("schema built without its configuration"))?;
        Ok(AuthDeps { pool, config })
    }

    fn loader(&self) -> ApiResult<&DataLoader<DbLoader>> {
        match self.data_opt::<DataLoader<DbLoader>>() {
            Some(loader) => Ok(loader),
            None => self
                .request()
                .network()
                .and_then(|_| Err(ApiError::internal("request data lacks its batch loader"))),
        }
    }

    async fn conn(&self) -> ApiResult<DbConn> {
        let pool = self
            .data_opt::<DbPool>()
            .ok_or_else(|| ApiError::internal("schema built without a database pool"))?;
        db::conn(pool).await
    }
}
