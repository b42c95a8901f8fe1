//! Running the HTTP server with graceful shutdown.

mod activity;
pub mod connections;

use std::sync::Arc;

use tokio::net::TcpListener;

use crate::app::{App, AppState};
use crate::config::{DbConfig, ServerConfig};
use crate::{db, router};

/// Prepares the database (create, migrate) and builds the application.
pub async fn prepare(db_config: &DbConfig, config: &ServerConfig) -> anyhow::Result<AppState> {
    db::ensure_database(&db_config.database_url).await?;
    let applied = db::run_migrations(&db_config.database_url).await?;
    if !applied.is_empty() {
        tracing::info!(count = applied.len(), "applied migrations");
    }
    let pool = db::build_pool(db_config)?;
    Ok(AppState(Arc::new(App::new(
        pool,
        db_config.clone(),
        config.clone(),
    ))))
}

/// Serves `state` on `listener` until `shutdown` resolves; then closes the connections
/// with no request in flight and lets in-flight requests finish for at most the
/// configured grace period (see [`connections`]).
pub async fn serve(
    state: AppState,
    listener: TcpListener,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    let limits = connections::Limits::of(&state.config);
    let metrics = state.metrics.connections();
    let app = router::build_router(state);
    connections::run(listener, app, metrics, limits, shutdown).await;
    Ok(())
}

/// Resolves on Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
}
