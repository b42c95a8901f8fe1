//! The application state shared by every request.

use std::ops::Deref;
use std::sync::Arc;

use crate::auth::AuthDeps;
use crate::config::{DbConfig, ServerConfig};
use crate::db::DbPool;
use crate::graphql::gate::Gate;
use crate::graphql::{self, CrowdSchema};
use crate::metrics::Metrics;

/// Everything a request handler may need, built once at startup.
pub struct App {
    /// The database pool.
    pub pool: DbPool,
    /// Database settings (timeouts are reused by health checks).
    pub db_config: DbConfig,
    /// HTTP and GraphQL settings.
    pub config: ServerConfig,
    /// The GraphQL schema, built once.
    pub schema: CrowdSchema,
    /// What every GraphQL request goes through (limits, persisted queries).
    pub gate: Gate,
    /// Prometheus metrics of this instance.
    pub metrics: Metrics,
}

impl App {
    /// Builds the application around an existing pool.
    pub fn new(pool: DbPool, db_config: DbConfig, config: ServerConfig) -> Self {
        let schema = graphql::build_schema(&config, Some(pool.clone()));
        let gate = Gate::new(&config, &schema);
        Self {
            pool,
            db_config,
            config,
            schema,
            gate,
            metrics: Metrics::new(),
        }
    }

    /// The pool and configuration, lent to the credential checks.
    pub fn auth(&self) -> AuthDeps<'_> {
        AuthDeps {
            pool: &self.pool,
            config: &self.config,
        }
    }
}

/// Cheaply clonable handle on [`App`], used as axum state.
#[derive(Clone)]
pub struct AppState(pub Arc<App>);

impl Deref for AppState {
    type Target = App;

    fn deref(&self) -> &App {
        &self.0
    }
}
