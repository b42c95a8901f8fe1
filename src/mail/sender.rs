//! The sender: passes over the outbox (claim, send, record) and the background task
//! that runs them.

use std::time::{Duration, Instant};

use anyhow::Context as _;
use futures_util::FutureExt as _;
use tokio::sync::watch;
use tokio::task::JoinHandle;

use super::{
    BATCH_SIZE, CLAIM_LEASE, MailConfig, RECORD_RESERVE, RETRY_BASE, RETRY_MAX, SEND_TIMEOUT,
    SendFailure, Transport,
};
use crate::db::DbPool;
use crate::models::mail::{self as outbox, OutboxMail};

/// How long to wait before the next attempt after `attempts` failed ones:
/// [`RETRY_BASE`] doubled for each attempt after the first, at most [`RETRY_MAX`].
pub fn retry_delay(attempts: i32) -> Duration {
    let doublings = u32::try_from(attempts.saturating_sub(1))
        .unwrap_or(0)
        .min(16);
    RETRY_BASE.saturating_mul(1 << doublings).min(RETRY_MAX)
}

/// What one pass of the sender did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PassReport {
    /// Mails claimed.
    pub claimed: usize,
    /// Mails sent and marked as sent.
    pub sent: usize,
    /// Mails whose attempt failed (to be retried or given up).
    pub failed: usize,
    /// Mails given back unattempted because the claim's lease was running out.
    pub released: usize,
}

/// One pass of the sender: claims up to [`BATCH_SIZE`] due mails, sends them and
/// records each outcome. Returns how many mails were sent. Safe to run concurrently,
/// from this and other processes.
pub async fn deliver_due(
    pool: &DbPool,
    transport: &Transport,
    config: &MailConfig,
) -> anyhow::Result<usize> {
    Ok(deliver_pass(pool, transport, config).await?.sent)
}

/// Like [`deliver_due`], with the whole [`PassReport`].
pub async fn deliver_pass(
    pool: &DbPool,
    transport: &Transport,
    config: &MailConfig,
) -> anyhow::Result<PassReport> {
    let from = config.from_mailbox()?;
    let max_attempts = i32::try_from(config.mail_max_attempts).unwrap_or(i32::MAX);
    // Taken before the claim, so the local deadline is never later than the lease end
    // the database computes.
    let claim_started = Instant::now();
    let claimed = {
        let mut conn = pool
            .get()
            .await
            .context("mail sender: no database connection")?;
        outbox::claim_due(&mut conn, BATCH_SIZE, CLAIM_LEASE)
            .await
            .context("mail sender: claiming due mails")?
    };
    let deadline = claim_started + CLAIM_LEASE;
    let mut report = PassReport {
        claimed: claimed.len(),
        ..PassReport::default()
    };
    for mail in &claimed {
        if Instant::now() + SEND_TIMEOUT + RECORD_RESERVE > deadline {
            // Sending now could outlast the lease and race another sender.
            release(pool, mail).await;
            report.released += 1;
            continue;
        }
        let outcome = tokio::time::timeout(SEND_TIMEOUT, transport.send(&from, mail))
            .await
            .unwrap_or_else(|_| Err(SendFailure::transient("sending timed out")));
        match outcome {
            Ok(()) => {
                if mark_sent(pool, mail).await {
                    report.sent += 1;
                }
            }
            Err(failure) => {
                record_failure(pool, mail, &failure, max_attempts).await;
                report.failed += 1;
            }
        }
    }
    Ok(report)
}

/// Marks `mail` sent, retrying a little: a mail left unmarked is sent again once its
/// lease runs out.
async fn mark_sent(pool: &DbPool, mail: &OutboxMail) -> bool {
    let mut last_error = String::new();
    for attempt in 0..3u32 {
        if attempt > 0 {
            tokio::time::sleep(Duration::from_millis(250 << attempt)).await;
        }
        let result = match pool.get().await {
            Ok(mut conn) => outbox::mark_sent(&mut conn, mail.id)
                .await
                .map_err(|e| e.to_string()),
            Err(e) => Err(e.to_string()),
        };
        match result {
            Ok(marked) => {
                tracing::info!(mail_id = %mail.id, kind = %mail.kind, attempts = mail.attempts, "mail sent");
                return marked;
            }
            Err(e) => last_error = e,
        }
    }
    tracing::error!(
        mail_id = %mail.id,
        error = %last_error,
        "mail was sent but could not be marked as sent; it will be sent again"
    );
    false
}

async fn record_failure(pool: &DbPool, mail: &OutboxMail, failure: &SendFailure, max: i32) {
    let give_up = failure.permanent || mail.attempts >= max;
    let retry_in = (!give_up).then(|| retry_delay(mail.attempts));
    let result = match pool.get().await {
        Ok(mut conn) => outbox::record_failure(
            &mut conn,
            mail.id,
            mail.attempts,
            &failure.description,
            retry_in,
        )
        .await
        .map_err(|e| e.to_string()),
        Err(e) => Err(e.to_string()),
    };
    match (result, retry_in) {
        (Ok(_), Some(delay)) => tracing::warn!(
            mail_id = %mail.id,
            attempts = mail.attempts,
            error = %failure.description,
            retry_in_s = delay.as_secs(),
            "mail not sent; will retry"
        ),
        (Ok(_), None) => tracing::error!(
            mail_id = %mail.id,
            attempts = mail.attempts,
            error = %failure.description,
            "mail not sent; giving up"
        ),
        // The attempt stays counted and the mail becomes due again when the lease ends.
        (Err(e), _) => tracing::error!(
            mail_id = %mail.id,
            error = %e,
            "could not record a failed mail attempt"
        ),
    }
}

async fn release(pool: &DbPool, mail: &OutboxMail) {
    let result = match pool.get().await {
        Ok(mut conn) => outbox::release(&mut conn, mail.id, mail.attempts)
            .await
            .map_err(|e| e.to_string()),
        Err(e) => Err(e.to_string()),
    };
    if let Err(e) = result {
        // Harmless: the mail becomes due again when the lease ends.
        tracing::warn!(mail_id = %mail.id, error = %e, "could not release a claimed mail");
    }
}

/// Runs [`deliver_pass`] every `MAIL_POLL_INTERVAL_MS` (at once again after a full
/// batch) until `shutdown` turns true or its sender is dropped; a pass under way is
/// finished first. Errors and panics of a pass are logged and the loop goes on. Must be
/// called within a tokio runtime.
pub fn spawn_sender(
    pool: DbPool,
    transport: Transport,
    config: MailConfig,
    mut shutdown: watch::Receiver<bool>,
) -> JoinHandle<()> {
    tokio::spawn(async move {
        let interval = config.poll_interval();
        loop {
            if *shutdown.borrow() {
                break;
            }
            let pass = std::panic::AssertUnwindSafe(deliver_pass(&pool, &transport, &config))
                .catch_unwind()
                .await;
            let batch_was_full = match pass {
                Ok(Ok(report)) => report.claimed >= BATCH_SIZE as usize,
                Ok(Err(e)) => {
                    tracing::warn!(error = format!("{e:#}"), "mail sender pass failed");
                    false
                }
                Err(_) => {
                    tracing::error!("mail sender pass panicked");
                    false
                }
            };
            if batch_was_full {
                continue;
            }
            tokio::select! {
                _ = tokio::time::sleep(interval) => {}
                changed = shutdown.changed() => {
                    if changed.is_err() {
                        break;
                    }
                }
            }
        }
        tracing::info!("mail sender stopped");
    })
}

/// A running mail sender; stop it with [`MailSender::shutdown`] (dropping it stops the
/// sender too, after its current pass).
#[derive(Debug)]
pub struct MailSender {
    pub(super) stop: watch::Sender<bool>,
    pub(super) task: JoinHandle<()>,
}

impl MailSender {
    /// Asks the sender to stop and waits for its current pass to finish, at most
    /// `grace`; past it the pass is aborted (its claimed mails are retried once their
    /// lease ends).
    pub async fn shutdown(self, grace: Duration) {
        let _ = self.stop.send(true);
        let abort = self.task.abort_handle();
        if tokio::time::timeout(grace, self.task).await.is_err() {
            tracing::warn!(?grace, "mail sender still busy after the grace period");
            abort.abort();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_delay_doubles_up_to_the_cap() {
        let secs: Vec<u64> = (1..=9).map(|a| retry_delay(a).as_secs()).collect();
        assert_eq!(secs, [30, 60, 120, 240, 480, 960, 1920, 3600, 3600]);
        assert_eq!(retry_delay(0), RETRY_BASE);
        assert_eq!(retry_delay(i32::MAX), RETRY_MAX);
    }

    #[test]
    fn the_whole_lease_fits_a_full_batch_check() {
        // At least one mail can always be attempted within a fresh lease.
        assert!(SEND_TIMEOUT + RECORD_RESERVE < CLAIM_LEASE);
    }
}
