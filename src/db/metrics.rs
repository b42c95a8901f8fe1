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
use std::sync::atomic::{AtomicUsize, Ordering};

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

/// A shared count of SQL statements (cheap to clone: clones share the count).
#[derive(Debug, Clone, Default)]
pub struct StatementCounter(Arc<AtomicUsize>);

impl StatementCounter {
    /// A counter at zero.
    pub fn new() -> Self {
        Self::default()
    }

    /// Statements counted so far.
    pub fn get(&self) -> usize {
        self.0.load(Ordering::Relaxed)
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
        self.0.fetch_add(1, Ordering::Relaxed);
    }
}

/// The instrumentation every pooled connection carries: one count per statement sent
/// (diesel's `StartQuery` event), into the current task's [`StatementCounter`].
#[derive(Debug, Clone, Copy, Default)]
pub struct CountStatements;

impl Instrumentation for CountStatements {
    fn on_connection_event(&mut self, event: InstrumentationEvent<'_>) {
        if let InstrumentationEvent::StartQuery { .. } = event
            && UNCOUNTED.try_with(|_| ()).is_err()
        {
            let _ = STATEMENTS.try_with(StatementCounter::add_one);
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
