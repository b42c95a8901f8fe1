//! Where mails go once claimed from the outbox: an SMTP server, the log, or memory.

use std::sync::{Arc, Mutex};

use anyhow::Context as _;
use lettre::message::header::ContentType;
use lettre::message::{Mailbox, MultiPart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use uuid::Uuid;

use super::{MailConfig, SEND_TIMEOUT};
use crate::models::mail::OutboxMail;

/// A mail delivery mechanism.
#[derive(Clone)]
pub enum Transport {
    /// An SMTP server (pooled connections), built from `SMTP_URL`.
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    /// Writes every mail, body included, to the log at info level: the development
    /// default when no `SMTP_URL` is set. Bodies hold single-use secrets, so do not use
    /// it where logs are shared.
    Log,
    /// Keeps mails in memory; for tests and embedding.
    Capture(MailSink),
}

impl std::fmt::Debug for Transport {
    // The SMTP transport holds credentials: show only which variant this is.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Transport::Smtp(_) => f.write_str("Transport::Smtp"),
            Transport::Log => f.write_str("Transport::Log"),
            Transport::Capture(sink) => write!(f, "Transport::Capture({} mails)", sink.len()),
        }
    }
}

/// A mail as handed to a [`Transport::Capture`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CapturedMail {
    /// The outbox id.
    pub id: Uuid,
    /// The network the mail belongs to.
    pub network_id: Uuid,
    /// Sender (`MAIL_FROM`).
    pub from: String,
    /// Recipient address.
    pub to: String,
    /// Subject line.
    pub subject: String,
    /// Plain-text body.
    pub body_text: String,
    /// Outbox kind.
    pub kind: String,
}

/// The shared, growing list of mails a [`Transport::Capture`] received.
#[derive(Debug, Clone, Default)]
pub struct MailSink(Arc<Mutex<Vec<CapturedMail>>>);

impl MailSink {
    /// An empty sink.
    pub fn new() -> Self {
        Self::default()
    }

    /// A copy of every mail received so far, in delivery order.
    pub fn mails(&self) -> Vec<CapturedMail> {
        self.lock().clone()
    }

    /// How many mails were received so far.
    pub fn len(&self) -> usize {
        self.lock().len()
    }

    /// Whether no mail was received yet.
    pub fn is_empty(&self) -> bool {
        self.lock().is_empty()
    }

    fn push(&self, mail: CapturedMail) {
        self.lock().push(mail);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<CapturedMail>> {
        // A panic elsewhere while holding the lock leaves the list itself intact.
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// Why one delivery attempt failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SendFailure {
    /// Retrying cannot help (the mail itself is unusable); give up at once.
    pub permanent: bool,
    /// Short description without secrets, stored as the outbox row's `last_error`.
    pub description: String,
}

impl SendFailure {
    /// A failure worth retrying later.
    pub fn transient(description: impl Into<String>) -> Self {
        Self {
            permanent: false,
            description: description.into(),
        }
    }

    /// A failure no retry can fix.
    pub fn permanent(description: impl Into<String>) -> Self {
        Self {
            permanent: true,
            description: description.into(),
        }
    }
}

impl Transport {
    /// SMTP when `config` has an `SMTP_URL`, the log otherwise. Fails when the URL is
    /// not a usable SMTP URL (the message does not repeat it: it may hold a password).
    /// Must be called within a tokio runtime (the SMTP connection pool runs on it).
    pub fn from_config(config: &MailConfig) -> anyhow::Result<Transport> {
        match config.smtp_url() {
            Some(url) => {
                let smtp = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                    .map_err(|e| anyhow::anyhow!("{e}"))
                    .context(
                        "SMTP_URL is not a usable SMTP URL (expected e.g. \
                         smtp://user:pass@host:587?tls=required or smtps://user:pass@host)",
                    )?
                    .timeout(Some(SEND_TIMEOUT))
                    .build();
                Ok(Transport::Smtp(smtp))
            }
            None => Ok(Transport::Log),
        }
    }

    /// A capturing transport and the sink it fills.
    pub fn capture() -> (Transport, MailSink) {
        let sink = MailSink::new();
        (Transport::Capture(sink.clone()), sink)
    }

    /// Hands one mail to the transport.
    pub async fn send(&self, from: &Mailbox, mail: &OutboxMail) -> Result<(), SendFailure> {
        match self {
            Transport::Smtp(smtp) => {
                let message = build_message(from, mail)?;
                smtp.send(message).await.map(|_| ()).map_err(|e| {
                    tracing::warn!(mail_id = %mail.id, error = %e, "SMTP delivery failed");
                    SendFailure::transient(describe_smtp_error(&e))
                })
            }
            Transport::Log => {
                tracing::info!(
                    mail_id = %mail.id,
                    network_id = %mail.network_id,
                    to = %mail.to_address,
                    subject = %mail.subject,
                    kind = %mail.kind,
                    body = %mail.body_text,
                    "mail (log transport: set SMTP_URL to send it)"
                );
                Ok(())
            }
            Transport::Capture(sink) => {
                // Same checks as SMTP, so tests see the failures SMTP would give.
                build_message(from, mail)?;
                sink.push(CapturedMail {
                    id: mail.id,
                    network_id: mail.network_id,
                    from: from.to_string(),
                    to: mail.to_address.clone(),
                    subject: mail.subject.clone(),
                    body_text: mail.body_text.clone(),
                    kind: mail.kind.clone(),
                });
                Ok(())
            }
        }
    }
}

/// The MIME message for `mail`. Its `Message-ID` is derived from the outbox id, so a
/// retry of a mail whose first attempt did arrive can be recognised as a duplicate.
pub fn build_message(from: &Mailbox, mail: &OutboxMail) -> Result<Message, SendFailure> {
    let to: Mailbox = mail
        .to_address
        .parse()
        .map_err(|_| SendFailure::permanent("invalid recipient address"))?;
    let builder = Message::builder()
        .from(from.clone())
        .to(to)
        .subject(mail.subject.as_str())
        .message_id(Some(format!("<{}@{}>", mail.id, from.email.domain())));
    let built = match &mail.body_html {
        Some(html) => builder.multipart(MultiPart::alternative_plain_html(
            mail.body_text.clone(),
            html.clone(),
        )),
        None => builder
            .header(ContentType::TEXT_PLAIN)
            .body(mail.body_text.clone()),
    };
    built.map_err(|_| SendFailure::permanent("message could not be built"))
}

/// A short, secret-free description of an SMTP failure, for `last_error`. The server's
/// reply text is left out: it may quote addresses or credentials back.
fn describe_smtp_error(err: &lettre::transport::smtp::Error) -> String {
    if let Some(code) = err.status() {
        let class = if err.is_permanent() {
            "permanent"
        } else {
            "transient"
        };
        format!("SMTP server replied {code} ({class} error)")
    } else if err.is_timeout() {
        "SMTP server timed out".to_owned()
    } else if err.is_tls() {
        "TLS handshake with the SMTP server failed".to_owned()
    } else if err.is_response() {
        "unreadable SMTP server response".to_owned()
    } else if err.is_client() {
        "SMTP client error".to_owned()
    } else {
        "could not connect to the SMTP server".to_owned()
    }
}

#[cfg(test)]
mod tests {
    use chrono::Utc;

    use super::*;
    use crate::models::mail::status;

    fn outbox_mail(to: &str) -> OutboxMail {
        OutboxMail {
            id: Uuid::new_v4(),
            network_id: Uuid::new_v4(),
            to_address: to.to_owned(),
            subject: "Hello\r\nBcc: x@example.com".to_owned(),
            body_text: "Body with a link https://app.example.com/v?token=t".to_owned(),
            body_html: None,
            kind: "verify_email".to_owned(),
            status: status::PENDING,
            attempts: 1,
            last_error: None,
            next_attempt_at: Utc::now(),
            created_at: Utc::now(),
            sent_at: None,
        }
    }

    fn from() -> Mailbox {
        "crowdgraph <no-reply@localhost>".parse().unwrap()
    }

    #[test]
    fn message_id_comes_from_the_outbox_id_and_headers_stay_single() {
        let mail = outbox_mail("ann@example.com");
        let message = build_message(&from(), &mail).unwrap();
        let raw = String::from_utf8(message.formatted()).unwrap();
        assert!(
            raw.contains(&format!("Message-ID: <{}@localhost>", mail.id)),
            "{raw}"
        );
        // The subject's line break must not start a header of its own.
        assert!(!raw.contains("\r\nBcc:"), "{raw}");
        assert!(raw.contains("https://app.example.com/v?token=t"), "{raw}");
    }

    #[test]
    fn an_unusable_recipient_is_a_permanent_failure() {
        let err = build_message(&from(), &outbox_mail("not an address")).unwrap_err();
        assert!(err.permanent);
        assert_eq!(err.description, "invalid recipient address");
    }

    #[tokio::test]
    async fn capture_keeps_mails() {
        let (transport, sink) = Transport::capture();
        let mail = outbox_mail("ann@example.com");
        transport.send(&from(), &mail).await.unwrap();
        let got = sink.mails();
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].id, mail.id);
        assert_eq!(got[0].to, "ann@example.com");
        assert_eq!(got[0].from, "crowdgraph <no-reply@localhost>");
        assert!(format!("{transport:?}").contains("1 mails"));
    }

    #[tokio::test]
    async fn smtp_transport_is_built_from_the_url_and_never_shown() {
        let mut config = MailConfig::defaults();
        config.smtp_url = Some("smtps://user:hunter2@smtp.example.com".to_owned());
        let transport = Transport::from_config(&config).unwrap();
        assert_eq!(format!("{transport:?}"), "Transport::Smtp");
        config.smtp_url = Some("http://hunter2@example.com".to_owned());
        let err = format!("{:#}", Transport::from_config(&config).unwrap_err());
        assert!(!err.contains("hunter2"), "{err}");
        config.smtp_url = Some(String::new());
        assert!(matches!(
            Transport::from_config(&config).unwrap(),
            Transport::Log
        ));
    }
}
