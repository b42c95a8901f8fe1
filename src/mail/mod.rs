//! Mail (DESIGN §13): the mails the platform sends and the sender that delivers them.
//!
//! Features put mails into the outbox ([`crate::models::mail::enqueue`]) inside their own
//! transaction, using the texts of [`content`] and links built by
//! [`link::link_with_params`]. A background sender ([`spawn_sender`], started by
//! [`start_from_env`]) then delivers due mails in passes ([`deliver_due`]): claim a
//! batch in one short statement, send each mail with no transaction open, record the
//! outcome. A failed mail is retried with exponential backoff and given up after
//! `MAIL_MAX_ATTEMPTS` attempts.
//!
//! Delivery is at least once: concurrent senders never claim the same mail, but an
//! SMTP exchange that fails after the server accepted the mail, or a sender that dies
//! between sending and recording, leads to a second copy (with the same `Message-ID`).

pub mod content;
pub mod link;
pub mod transport;

use std::time::{Duration, Instant};

use anyhow::Context as _;
use clap::Args;
use futures_util::FutureExt as _;
use lettre::message::Mailbox;
use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::db::DbPool;
use crate::models::mail::{self as outbox, OutboxMail};

pub use content::{
    BlockReason, MailContent, block_notice_mail, invitation_mail, newsletter_alert_mail,
    password_reset_mail, verification_mail,
};
pub use link::{InvalidLink, link_with_params};
pub use transport::{CapturedMail, MailSink, SendFailure, Transport};

/// Most mails claimed by one pass of the sender.
pub const BATCH_SIZE: i64 = 20;
/// Longest time one mail may take to hand to the transport.
pub const SEND_TIMEOUT: Duration = Duration::from_secs(30);
/// How long a claim keeps other senders off a mail. A pass only starts sending a mail
/// while enough of the lease is left to finish it and record the outcome.
pub const CLAIM_LEASE: Duration = Duration::from_secs(5 * 60);
/// Time kept in reserve within the lease for recording an outcome (pool wait and
/// statement timeout, with retries).
const RECORD_RESERVE: Duration = Duration::from_secs(30);
/// Delay before the first retry; each further retry waits twice as long.
pub const RETRY_BASE: Duration = Duration::from_secs(30);
/// Longest delay between two attempts.
pub const RETRY_MAX: Duration = Duration::from_secs(60 * 60);

/// Mail settings (`crowdgraph serve`).
#[derive(Clone, Args)]
pub struct MailConfig {
    /// SMTP server to send mails through, as `smtp://user:pass@host:587?tls=required`
    /// (STARTTLS), `smtps://user:pass@host` (TLS) or `smtp://host:25` (plain). Unset:
    /// mails are written to the log.
    #[arg(long, env = "SMTP_URL", hide_env_values = true)]
    pub smtp_url: Option<String>,

    /// Sender of every mail, as `Name <address>` or `address`.
    #[arg(
        long,
        env = "MAIL_FROM",
        default_value = "crowdgraph <no-reply@localhost>"
    )]
    pub mail_from: String,

    /// How often the sender looks for due mails, in milliseconds.
    #[arg(long, env = "MAIL_POLL_INTERVAL_MS", default_value_t = 2_000,
          value_parser = clap::value_parser!(u64).range(10..))]
    pub mail_poll_interval_ms: u64,

    /// Delivery attempts of one mail before it is given up.
    #[arg(long, env = "MAIL_MAX_ATTEMPTS", default_value_t = 8,
          value_parser = clap::value_parser!(u32).range(1..=1_000))]
    pub mail_max_attempts: u32,
}

impl std::fmt::Debug for MailConfig {
    // SMTP_URL may carry a password.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MailConfig")
            .field("smtp_url", &self.smtp_url_redacted())
            .field("mail_from", &self.mail_from)
            .field("mail_poll_interval_ms", &self.mail_poll_interval_ms)
            .field("mail_max_attempts", &self.mail_max_attempts)
            .finish()
    }
}

impl MailConfig {
    /// The defaults of every flag: no SMTP (the log), default sender.
    pub fn defaults() -> Self {
        Self {
            smtp_url: None,
            mail_from: "crowdgraph <no-reply@localhost>".to_owned(),
            mail_poll_interval_ms: 2_000,
            mail_max_attempts: 8,
        }
    }

    /// `SMTP_URL`, unless unset or blank.
    pub fn smtp_url(&self) -> Option<&str> {
        self.smtp_url
            .as_deref()
            .map(str::trim)
            .filter(|u| !u.is_empty())
    }

    /// `SMTP_URL` with any password hidden, for log lines.
    pub fn smtp_url_redacted(&self) -> Option<String> {
        self.smtp_url().map(|raw| match url::Url::parse(raw) {
            Ok(url) => crate::db::redact(&url),
            Err(_) => "<not a URL>".to_owned(),
        })
    }

    /// Whether `SMTP_URL` has a password and may send it unencrypted (plain `smtp://`
    /// without `tls=required`).
    pub fn password_in_clear(&self) -> bool {
        let Some(Ok(url)) = self.smtp_url().map(url::Url::parse) else {
            return false;
        };
        let tls_required = url
            .query_pairs()
            .any(|(k, v)| k == "tls" && v == "required");
        url.password().is_some() && url.scheme() == "smtp" && !tls_required
    }

    /// `MAIL_FROM` as a mailbox.
    pub fn from_mailbox(&self) -> anyhow::Result<Mailbox> {
        self.mail_from
            .parse()
            .with_context(|| format!("MAIL_FROM {:?} is not a mail address", self.mail_from))
    }

    /// The poll interval as a [`Duration`].
    pub fn poll_interval(&self) -> Duration {
        Duration::from_millis(self.mail_poll_interval_ms)
    }
}

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
    stop: watch::Sender<bool>,
    task: JoinHandle<()>,
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

// ---------------------------------------------------------------------------------------
// Wiring for `crowdgraph serve` (called from src/cli.rs).
// ---------------------------------------------------------------------------------------

/// Starts the background mail sender of `serve`: SMTP when `SMTP_URL` is set, the log
/// otherwise. Fails (before anything runs) on an unusable `SMTP_URL` or `MAIL_FROM`.
/// Must be called within a tokio runtime; keep the returned handle and call
/// [`MailSender::shutdown`] when the server stops.
pub fn start_from_env(pool: DbPool, config: MailConfig) -> anyhow::Result<MailSender> {
    let from = config.from_mailbox()?;
    let transport = Transport::from_config(&config)?;
    match config.smtp_url_redacted() {
        Some(url) => tracing::info!(smtp = %url, %from, "mail: sending through SMTP"),
        None => tracing::info!(%from, "mail: no SMTP_URL set, mails are written to the log"),
    }
    if config.password_in_clear() {
        tracing::warn!(
            "mail: SMTP_URL has a password but does not require TLS; use smtps:// or \
             ?tls=required unless the server is on this host"
        );
    }
    let (stop, shutdown) = watch::channel(false);
    let task = spawn_sender(pool, transport, config, shutdown);
    Ok(MailSender { stop, task })
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::*;

    #[derive(Debug, Parser)]
    struct Cli {
        #[command(flatten)]
        mail: MailConfig,
    }

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

    #[test]
    fn defaults_match_the_flags() {
        let cli = Cli::try_parse_from(["x"]).unwrap();
        let defaults = MailConfig::defaults();
        assert_eq!(cli.mail.mail_from, defaults.mail_from);
        assert_eq!(
            cli.mail.mail_poll_interval_ms,
            defaults.mail_poll_interval_ms
        );
        assert_eq!(cli.mail.mail_max_attempts, defaults.mail_max_attempts);
        assert!(defaults.from_mailbox().is_ok());
    }

    #[test]
    fn zero_attempts_are_refused() {
        assert!(Cli::try_parse_from(["x", "--mail-max-attempts", "0"]).is_err());
    }

    #[test]
    fn debug_output_hides_the_smtp_password() {
        let mut config = MailConfig::defaults();
        config.smtp_url = Some("smtp://user:hunter2@mail.example.com:587".to_owned());
        let shown = format!("{config:?}");
        assert!(!shown.contains("hunter2"), "{shown}");
        assert!(shown.contains("mail.example.com"), "{shown}");
    }

    #[test]
    fn a_password_without_tls_is_noticed() {
        let mut config = MailConfig::defaults();
        for (url, in_clear) in [
            ("smtp://user:pw@mail.example.com:587", true),
            (
                "smtp://user:pw@mail.example.com:587?tls=opportunistic",
                true,
            ),
            ("smtp://user:pw@mail.example.com:587?tls=required", false),
            ("smtps://user:pw@mail.example.com", false),
            ("smtp://127.0.0.1:25", false),
        ] {
            config.smtp_url = Some(url.to_owned());
            assert_eq!(config.password_in_clear(), in_clear, "{url}");
        }
    }

    #[test]
    fn a_bad_sender_address_is_an_error() {
        let mut config = MailConfig::defaults();
        config.mail_from = "nobody".to_owned();
        assert!(config.from_mailbox().is_err());
    }
}
