//! Mail (`docs/mail.md`): the mails the platform sends and the sender that delivers them.
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
pub mod limit;
pub mod link;
pub mod sender;
pub mod transport;

use std::time::Duration;

use anyhow::Context as _;
use clap::Args;
use lettre::message::Mailbox;
use tokio::sync::watch;

use crate::db::DbPool;

pub use content::{
    BlockReason, MailContent, block_notice_mail, invitation_mail, newsletter_alert_mail,
    password_reset_mail, verification_mail,
};
pub use link::{InvalidLink, link_with_params};
pub use sender::{MailSender, PassReport, deliver_due, deliver_pass, retry_delay, spawn_sender};
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
