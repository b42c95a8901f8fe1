//! Our own accept loop on hyper (instead of `axum::serve`), for what `axum::serve` cannot
//! bound: a header read timeout, an idle timeout, a cap on open connections and a
//! shutdown that closes at once every connection with no request in flight.
//!
//! Each connection is one task holding a permit of the `MAX_CONNECTIONS` semaphore. Past
//! the cap a new connection is answered a minimal 503 (code 19021, `Retry-After: 1`)
//! without reading its request, and closed.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::pin::pin;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{OwnedSemaphorePermit, Semaphore, watch};
use tokio::task::JoinSet;
use tower::ServiceExt as _;

use super::activity::{Activity, Tracked, Watched};
use crate::config::ServerConfig;
use crate::error::{ApiError, codes};
use crate::metrics::ConnectionMetrics;

/// How long a connection closed with no request in flight may still flush what it
/// wrote (a response just finished) before it is dropped.
const FLUSH_ON_CLOSE: Duration = Duration::from_millis(100);

/// Refused connections answered at the same time; past it they are closed unanswered,
/// so a flood cannot hold file descriptors through the refusals themselves.
const REFUSALS_AT_ONCE: usize = 64;

/// How long answering one refused connection may take.
const REFUSAL_TIME: Duration = Duration::from_secs(1);

/// Pause after an accept error that is not about one connection (EMFILE, ENFILE,
/// ENOMEM): the condition usually lasts, retrying at once would spin.
const ACCEPT_BACKOFF: Duration = Duration::from_millis(100);

/// The connection settings of [`ServerConfig`].
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// `HTTP_HEADER_READ_TIMEOUT_MS`.
    pub header_read_timeout: Duration,
    /// `HTTP_IDLE_TIMEOUT_MS`.
    pub idle_timeout: Duration,
    /// `MAX_CONNECTIONS`.
    pub max_connections: usize,
    /// `SHUTDOWN_GRACE_MS`.
    pub grace: Duration,
}

impl Limits {
    /// The limits set in `config`.
    pub fn of(config: &ServerConfig) -> Self {
        Self {
            header_read_timeout: Duration::from_millis(config.http_header_read_timeout_ms),
            idle_timeout: Duration::from_millis(config.http_idle_timeout_ms),
            max_connections: config.max_connections,
            grace: Duration::from_millis(config.shutdown_grace_ms),
        }
    }
}

/// Accepts connections on `listener` and serves `router` on them until `shutdown`
/// resolves; then stops accepting, closes every connection with no request in flight and
/// returns when the last in-flight request is answered, or after the grace period.
pub async fn run(
    listener: TcpListener,
    router: Router,
    metrics: ConnectionMetrics,
    limits: Limits,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) {
    let permits = Arc::new(Semaphore::new(limits.max_connections));
    let refusals = Arc::new(Semaphore::new(REFUSALS_AT_ONCE));
    let (stop_tx, stop_rx) = watch::channel(false);
    let mut tasks = JoinSet::new();
    let mut shutdown = pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            _ = &mut shutdown => break,
            Some(joined) = tasks.join_next(), if !tasks.is_empty() => {
                if let Err(e) = joined
                    && e.is_panic()
                {
                    tracing::error!(error = %e, "connection task panicked");
                }
                continue;
            }
            accepted = listener.accept() => match accepted {
                Ok(pair) => pair,
                Err(e) => {
                    accept_failed(e).await;
                    continue;
                }
            },
        };
        match permits.clone().try_acquire_owned() {
            Ok(permit) => {
                let open = OpenConnection::new(permit, &metrics);
                let task = serve_one(stream, peer, router.clone(), limits, stop_rx.clone());
                tasks.spawn(async move {
                    let _open = open;
                    task.await;
                });
            }
            Err(_) => refuse(stream, &refusals, &metrics),
        }
    }
    drop(listener);
    let _ = stop_tx.send(true);
    tracing::info!(
        connections = tasks.len(),
        "shutting down: closing idle connections, draining in-flight requests"
    );
    let drained = async { while tasks.join_next().await.is_some() {} };
    if tokio::time::timeout(limits.grace, drained).await.is_err() {
        tracing::warn!(
            grace = ?limits.grace,
            connections = tasks.len(),
            "in-flight requests still running after the grace period"
        );
        tasks.abort_all();
    }
}

/// One open connection: its `MAX_CONNECTIONS` permit and its place in the gauge, both
/// given back when the connection task ends.
struct OpenConnection {
    _permit: OwnedSemaphorePermit,
    gauge: prometheus::IntGauge,
}

impl OpenConnection {
    fn new(permit: OwnedSemaphorePermit, metrics: &ConnectionMetrics) -> Self {
        let gauge = metrics.open.clone();
        gauge.inc();
        Self {
            _permit: permit,
            gauge,
        }
    }
}

impl Drop for OpenConnection {
    fn drop(&mut self) {
        self.gauge.dec();
    }
}

/// Serves HTTP/1.1 on one connection until the client or hyper closes it, the idle
/// timeout passes, or the server stops.
async fn serve_one(
    stream: TcpStream,
    peer: SocketAddr,
    router: Router,
    limits: Limits,
    mut stop: watch::Receiver<bool>,
) {
    // Small JSON answers: sending them at once matters more than filling packets.
    let _ = stream.set_nodelay(true);
    let activity = Arc::new(Activity::new());
    let io = TokioIo::new(Watched::new(stream, activity.clone()));
    let service = service_fn({
        let activity = activity.clone();
        move |mut request: hyper::Request<Incoming>| {
            let in_flight = activity.request_started();
            // Read by `credentials::record_client_addr`, as with axum's own server.
            request.extensions_mut().insert(ConnectInfo(peer));
            let router = router.clone();
            async move {
                let response = router.oneshot(request.map(Body::new)).await?;
                Ok::<_, Infallible>(response.map(|body| Tracked::new(body, in_flight)))
            }
        }
    });
    let mut builder = http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_read_timeout);
    let mut conn = pin!(builder.serve_connection(io, service));
    loop {
        let idle_at = tokio::time::Instant::from_std(activity.idle_deadline(limits.idle_timeout));
        tokio::select! {
            result = conn.as_mut() => {
                if let Err(e) = result {
                    tracing::debug!(%peer, error = %e, "connection ended with an error");
                }
                return;
            }
            _ = stop.wait_for(|stopping| *stopping) => break,
            _ = tokio::time::sleep_until(idle_at) => {
                if activity.idle_for(limits.idle_timeout) {
                    break;
                }
            }
        }
    }
    // hyper closes an idle or silent connection itself and finishes an in-flight request
    // before closing; one that is sending its headers it would wait for, so it is
    // dropped as soon as no request is in flight.
    conn.as_mut().graceful_shutdown();
    let answered = async {
        activity.all_answered().await;
        tokio::time::sleep(FLUSH_ON_CLOSE).await;
    };
    tokio::select! {
        _ = conn.as_mut() => {}
        _ = answered => {}
    }
}

/// Answers a connection past `MAX_CONNECTIONS` with 503 and closes it, in a task of its
/// own bounded in time and number.
fn refuse(stream: TcpStream, refusals: &Arc<Semaphore>, metrics: &ConnectionMetrics) {
    metrics.refused.inc();
    let Ok(permit) = refusals.clone().try_acquire_owned() else {
        return;
    };
    tokio::spawn(async move {
        let _permit = permit;
        let _ = tokio::time::timeout(REFUSAL_TIME, answer_busy(stream)).await;
    });
}

async fn answer_busy(mut stream: TcpStream) -> std::io::Result<()> {
    stream.write_all(busy_response().as_bytes()).await?;
    stream.shutdown().await?;
    // Closing with the client's request unread would make the kernel answer it with a
    // reset, which can discard the 503 before the client reads it.
    let mut sink = [0u8; 4096];
    while stream.read(&mut sink).await? > 0 {}
    Ok(())
}

/// The whole answer to a refused connection: 503, `Retry-After: 1` and the JSON failure
/// envelope of code 19021.
pub fn busy_response() -> String {
    let error = ApiError::new(
        codes::TOO_MANY_CONNECTIONS,
        "The service is busy. Please try again in a moment.",
        "The server has MAX_CONNECTIONS connections open; retry after Retry-After seconds.",
    );
    let body = error.envelope_json();
    format!(
        "HTTP/1.1 503 Service Unavailable\r\ncontent-type: application/json\r\n\
         content-length: {}\r\nretry-after: 1\r\nconnection: close\r\n\r\n{body}",
        body.len()
    )
}

async fn accept_failed(error: std::io::Error) {
    use std::io::ErrorKind;
    // These concern the one connection that failed; the next accept is unaffected.
    if matches!(
        error.kind(),
        ErrorKind::ConnectionAborted | ErrorKind::ConnectionReset | ErrorKind::ConnectionRefused
    ) {
        return;
    }
    tracing::warn!(%error, "accepting a connection failed; retrying shortly");
    tokio::time::sleep(ACCEPT_BACKOFF).await;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_busy_answer_is_a_complete_503_with_the_failure_envelope() {
        let answer = busy_response();
        let (head, body) = answer.split_once("\r\n\r\n").unwrap();
        assert!(head.starts_with("HTTP/1.1 503 "), "{head}");
        assert!(head.contains("\r\nretry-after: 1"), "{head}");
        assert!(head.contains(&format!("content-length: {}", body.len())));
        let json: serde_json::Value = serde_json::from_str(body).unwrap();
        assert_eq!(json["outcome"], "failure");
        assert_eq!(json["status"], 503);
        assert_eq!(json["data"]["code"], 19021);
    }
}
