//! SQL statements per request, counted with diesel's connection instrumentation.
//!
//! Every pooled connection gets [`CountStatements`] as its instrumentation (see
//! `build_pool`). On each query it adds one to the [`StatementCounter`] of the *task* the
//! query runs in (a tokio task-local), if that task has one; queries of tasks without a
//! counter (housekeeping, the mail sender) are not counted anywhere.
//!
//! The GraphQL handler runs each operation inside a counter and logs the total
//! (`statements` field of the `graphql request` debug event); the per-request
//! `DataLoader` spawns its batch tasks inside the counter of the request that created it,
//! so batched loads count towards their request too. A test (or a future Prometheus
//! histogram of statements per request) wraps a request in [`StatementCounter::scope`]
//! and reads [`StatementCounter::get`] afterwards: an outer counter is reused by the
//! handler rather than replaced. The pool's health check on checkout is not counted
//! ([`uncounted`]).

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use diesel::connection::{Instrumentation, InstrumentationEvent};

tokio::task_local! {
    static STATEMENTS: StatementCounter;
    static UNCOUNTED: ();
}

/// Runs `fut` without counting its statements: the pool's health check of a connection
/// on checkout (`crate::db::conn`) is pool maintenance, and whether it runs depends on
/// whether the pool had to open a new connection, not on the request.
pub fn uncounted<F: Future>(fut: F) -> impl Future<Output = F::Output> {
    UNCOUNTED.scope((), fut)
}

/// A shared count of SQL statements and of the time spent waiting for their answers
/// (cheap to clone: clones share the counts).
#[derive(Debug, Clone, Default)]
pub struct StatementCounter(Arc<(AtomicUsize, AtomicU64)>);

impl StatementCounter {
    /// A counter at zero.
    pub fn new() -> Self {
        Self::default()
    }

    /// Statements counted so far.
    pub fn get(&self) -> usize {
        self.0.0.load(Ordering::Relaxed)
    }

    /// Time spent between sending statements and receiving their answers, so far.
    pub fn db_time(&self) -> Duration {
        Duration::from_nanos(self.0.1.load(Ordering::Relaxed))
    }

    /// Runs `fut` with this counter as the current task's counter.
    pub fn scope<F: Future>(self, fut: F) -> impl Future<Output = F::Output> {
        STATEMENTS.scope(self, fut)
    }

    /// The counter of the current task, if it runs inside [`StatementCounter::scope`].
    pub fn current() -> Option<StatementCounter> {
        STATEMENTS.try_with(Clone::clone).ok()
    }

    fn add_one(&self) {
        self.0.0.fetch_add(1, Ordering::Relaxed);
    }

    fn add_time(&self, elapsed: Duration) {
        let nanos = u64::try_from(elapsed.as_nanos()).unwrap_or(u64::MAX);
        self.0.1.fetch_add(nanos, Ordering::Relaxed);
    }
}

/// The instrumentation every pooled connection carries: one count per statement sent
/// (diesel's `StartQuery` event) and the time until its `FinishQuery`, into the current
/// task's [`StatementCounter`]. A connection runs one statement at a time, so one start
/// time per connection is enough.
#[derive(Debug, Clone, Copy, Default)]
pub struct CountStatements {
    started: Option<Instant>,
}

impl Instrumentation for CountStatements {
    fn on_connection_event(&mut self, event: InstrumentationEvent<'_>) {
        if UNCOUNTED.try_with(|_| ()).is_ok() {
            return;
        }
        match event {
            InstrumentationEvent::StartQuery { .. } => {
                self.started = Some(Instant::now());
                let _ = STATEMENTS.try_with(StatementCounter::add_one);
            }
            InstrumentationEvent::FinishQuery { .. } => {
                if let Some(started) = self.started.take() {
                    let _ = STATEMENTS.try_with(|c| c.add_time(started.elapsed()));
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn counts_only_inside_a_scope() {
        let counter = StatementCounter::new();
        assert!(StatementCounter::current().is_none());
        counter
            .clone()
            .scope(async {
                let current = StatementCounter::current().expect("inside the scope");
                current.add_one();
                current.add_one();
            })
            .await;
        assert_eq!(counter.get(), 2);
    }
}
