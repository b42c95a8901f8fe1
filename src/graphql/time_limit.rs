//! The time limit of the request being served. The HTTP layer enforces it; a resolver
//! that writes in bulk raises it for its own request once its input is checked.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

tokio::task_local! {
    static TIME_LIMIT: TimeLimit;
}

/// The time limit of the request being served: `REQUEST_TIMEOUT_MS` from its start, which
/// a bulk write raises to `BULK_REQUEST_TIMEOUT_MS` once its input is checked and its size
/// is known ([`TimeLimit::allow_bulk`]). The client never chooses it.
#[derive(Clone)]
pub struct TimeLimit(Arc<Limit>);

struct Limit {
    start: Instant,
    bulk: Duration,
    current_ms: AtomicU64,
}

impl TimeLimit {
    /// A limit of `plain` from now, which may be raised to `bulk`.
    pub fn new(plain: Duration, bulk: Duration) -> Self {
        Self(Arc::new(Limit {
            start: Instant::now(),
            bulk,
            current_ms: AtomicU64::new(u64::try_from(plain.as_millis()).unwrap_or(u64::MAX)),
        }))
    }

    /// The limit now.
    pub fn current(&self) -> Duration {
        Duration::from_millis(self.0.current_ms.load(Ordering::Relaxed))
    }

    /// When the request's time is up, as the limit stands now.
    pub fn deadline(&self) -> Instant {
        self.0.start + self.current()
    }

    /// Runs `future` (the request) under this limit.
    pub async fn scope<F: Future>(self, future: F) -> F::Output {
        TIME_LIMIT.scope(self, future).await
    }

    /// Lets the request being served run up to the bulk time limit. Outside a request
    /// (a command, a test calling the schema directly) there is no limit to raise.
    pub fn allow_bulk() {
        let _ = TIME_LIMIT.try_with(|limit| {
            let bulk = u64::try_from(limit.0.bulk.as_millis()).unwrap_or(u64::MAX);
            limit.0.current_ms.fetch_max(bulk, Ordering::Relaxed);
        });
    }
}
