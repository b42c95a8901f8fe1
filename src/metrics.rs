//! Prometheus metrics per operation: requests (by status), latency, SQL statements and
//! time spent in the database per request, errors by code, password checks, open and
//! refused connections. Served
//! at `GET /metrics`.
//!
//! This module is a leaf: the HTTP layer records into it and serves it (`http::metrics`).
//!
//! An operation is `graphql:<operationName>` (or `graphql:anonymous`) for `/graphql` and
//! `rest:<METHOD> <route>` for the shim. Operation names come from clients, so at most
//! [`MAX_OPERATIONS`] distinct ones get their own series; later ones count as `other`.

use std::collections::HashSet;
use std::sync::Mutex;
use std::time::Duration;

use prometheus::{
    Encoder, HistogramOpts, HistogramVec, IntCounter, IntCounterVec, IntGauge, Opts, Registry,
    TextEncoder,
};

/// Passwords checked against a stored hash by this process
/// (`crowdgraph_password_checks_total`): what the login throttle bounds. Process-wide,
/// as argon2 runs are; every instance's `/metrics` shows it.
pub static PASSWORD_CHECKS: std::sync::LazyLock<prometheus::IntCounter> =
    std::sync::LazyLock::new(|| {
        prometheus::IntCounter::new(
            "crowdgraph_password_checks_total",
            "Passwords checked against a stored hash (argon2 runs), by this process",
        )
        .expect("valid metric")
    });

/// Most distinct operation labels.
pub const MAX_OPERATIONS: usize = 200;

/// The operation a response answered, set by the handler that knows it.
#[derive(Debug, Clone)]
pub struct OperationLabel(pub String);

/// The connection metrics, recorded by the accept loop (`server::connections`).
#[derive(Debug, Clone)]
pub struct ConnectionMetrics {
    /// Open HTTP connections (`crowdgraph_connections_open`).
    pub open: IntGauge,
    /// Connections refused past `MAX_CONNECTIONS` (`crowdgraph_connections_refused_total`).
    pub refused: IntCounter,
}

/// The metrics of one service instance.
pub struct Metrics {
    registry: Registry,
    requests: IntCounterVec,
    latency: HistogramVec,
    statements: HistogramVec,
    db_time: HistogramVec,
    errors: IntCounterVec,
    connections: ConnectionMetrics,
    seen: Mutex<HashSet<String>>,
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

impl Metrics {
    /// Registers every metric in a registry of its own.
    pub fn new() -> Self {
        let registry = Registry::new();
        let requests = IntCounterVec::new(
            Opts::new(
                "crowdgraph_requests_total",
                "Requests by operation and HTTP status",
            ),
            &["operation", "status"],
        )
        .expect("valid metric");
        let latency = HistogramVec::new(
            HistogramOpts::new("crowdgraph_request_seconds", "Request latency by operation")
                .buckets(vec![
                    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0,
                ]),
            &["operation"],
        )
        .expect("valid metric");
        let statements = HistogramVec::new(
            HistogramOpts::new("crowdgraph_sql_statements", "SQL statements per request").buckets(
                vec![
                    0.0, 1.0, 2.0, 3.0, 4.0, 6.0, 8.0, 12.0, 16.0, 24.0, 32.0, 64.0,
                ],
            ),
            &["operation"],
        )
        .expect("valid metric");
        let db_time = HistogramVec::new(
            HistogramOpts::new(
                "crowdgraph_db_seconds",
                "Time spent in the database per request",
            )
            .buckets(vec![
                0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0,
            ]),
            &["operation"],
        )
        .expect("valid metric");
        let errors = IntCounterVec::new(
            Opts::new(
                "crowdgraph_errors_total",
                "Failed requests by operation and status",
            ),
            &["operation", "status"],
        )
        .expect("valid metric");
        let connections = ConnectionMetrics {
            open: IntGauge::new("crowdgraph_connections_open", "Open HTTP connections")
                .expect("valid metric"),
            refused: IntCounter::new(
                "crowdgraph_connections_refused_total",
                "Connections answered 503 and closed because MAX_CONNECTIONS were open",
            )
            .expect("valid metric"),
        };
        for metric in [
            Box::new(requests.clone()) as Box<dyn prometheus::core::Collector>,
            Box::new(latency.clone()),
            Box::new(statements.clone()),
            Box::new(db_time.clone()),
            Box::new(errors.clone()),
            Box::new(PASSWORD_CHECKS.clone()),
            Box::new(connections.open.clone()),
            Box::new(connections.refused.clone()),
        ] {
            registry.register(metric).expect("metric names are unique");
        }
        Self {
            registry,
            requests,
            latency,
            statements,
            db_time,
            errors,
            connections,
            seen: Mutex::new(HashSet::new()),
        }
    }

    fn label(&self, operation: &str) -> String {
        let clean: String = operation
            .chars()
            .filter(|c| c.is_ascii_graphic() || *c == ' ')
            .take(100)
            .collect();
        let mut seen = self.seen.lock().unwrap_or_else(|e| e.into_inner());
        if seen.contains(&clean) {
            return clean;
        }
        if seen.len() < MAX_OPERATIONS {
            seen.insert(clean.clone());
            return clean;
        }
        "other".to_owned()
    }

    /// Records one request.
    pub fn observe(
        &self,
        operation: &str,
        status: u16,
        elapsed: Duration,
        statements: usize,
        db_time: Duration,
    ) {
        let op = self.label(operation);
        let status = status.to_string();
        self.requests.with_label_values(&[&op, &status]).inc();
        self.latency
            .with_label_values(&[&op])
            .observe(elapsed.as_secs_f64());
        self.statements
            .with_label_values(&[&op])
            .observe(statements as f64);
        self.db_time
            .with_label_values(&[&op])
            .observe(db_time.as_secs_f64());
        if status.starts_with('4') || status.starts_with('5') {
            self.errors.with_label_values(&[&op, &status]).inc();
        }
    }

    /// Handles on the connection gauge and counter, for the accept loop.
    pub fn connections(&self) -> ConnectionMetrics {
        self.connections.clone()
    }

    /// The Prometheus text exposition of every metric.
    pub fn render(&self) -> String {
        let mut out = Vec::new();
        // Encoding into a Vec cannot fail for well-formed metrics.
        let _ = TextEncoder::new().encode(&self.registry.gather(), &mut out);
        String::from_utf8(out).unwrap_or_default()
    }
}
