//! Running the HTTP server with graceful shutdown.

use std::sync::Arc;
use std::time::Duration;

use anyhow::Context as _;
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

/// Serves `state` on `listener` until `shutdown` resolves, then lets in-flight requests
/// finish for at most the configured grace period.
pub async fn serve(
    state: AppState,
    listener: TcpListener,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    let grace = Duration::from_millis(state.config.shutdown_grace_ms);
    let app = router::build_router(state);
    let (stopping_tx, stopping_rx) = tokio::sync::oneshot::channel::<()>();
    let app = app.into_make_service_with_connect_info::<std::net::SocketAddr>();
    let server = axum::serve(listener, app).with_graceful_shutdown(async move {
        shutdown.await;
        tracing::info!("shutting down: draining in-flight requests");
        let _ = stopping_tx.send(());
    });
    let mut server = std::pin::pin!(server.into_future());
    tokio::select! {
        result = &mut server => return result.context("server failed"),
        _ = stopping_rx => {}
    }
    match tokio::time::timeout(grace, server).await {
        Ok(result) => result.context("server failed"),
        Err(_) => {
            tracing::warn!(
                ?grace,
                "in-flight requests still running after the grace period"
            );
            Ok(())
        }
    }
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
