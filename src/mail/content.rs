//! What the mails the platform sends say. Each function takes the data one kind of mail
//! needs and returns its subject and plain-text body; names and messages that came from
//! users are flattened (no line breaks or control characters in subjects and one-line
//! fields) and capped in length.

use uuid::Uuid;

use crate::models::mail::{NewMail, kind};

/// How long the secret link of a verification or password-reset mail works (`docs/mail.md`);
/// the mail text states it, the feature issuing the secret enforces it.
pub const SECRET_LINK_VALIDITY_HOURS: u32 = 24;

/// Longest user-supplied name or address put into a mail.
const MAX_NAME_CHARS: usize = 120;
/// Longest user-supplied message put into a mail.
const MAX_MESSAGE_CHARS: usize = 2_000;

/// The subject and body of a mail, before it has a recipient.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailContent {
    /// The outbox `kind`, one of [`crate::models::mail::kind`].
    pub kind: &'static str,
    /// Subject line (one line).
    pub subject: String,
    /// Plain-text body.
    pub text: String,
}

impl MailContent {
    /// The outbox row for sending this content to `to_address` in `network_id`.
    pub fn to<'a>(&'a self, network_id: Uuid, to_address: &'a str) -> NewMail<'a> {
        NewMail {
            network_id,
            to_address,
            subject: &self.subject,
            body_text: &self.text,
            body_html: None,
            kind: self.kind,
        }
    }
}

/// Asks the owner of a new address to confirm it through `link` (which carries the
/// single-use secret).
pub fn verification_mail(network_name: &str, link: &str) -> MailContent {
    let network = one_line(network_name);
    MailContent {
        kind: kind::VERIFY_EMAIL,
        subject: format!("Confirm your email address for {network}"),
        text: format!(
            "Hello,\n\n\
             please confirm that this is your email address for your account on {network} \
             by opening this link:\n\n\
             {link}\n\n\
             The link works once and for {SECRET_LINK_VALIDITY_HOURS} hours. If you did not \
             create an account on {network}, you can ignore this mail.\n"
        ),
    }
}

/// Lets the owner of an account choose a new password through `link` (which carries the
/// single-use secret).
pub fn password_reset_mail(network_name: &str, link: &str) -> MailContent {
    let network = one_line(network_name);
    MailContent {
        kind: kind::RESET_PASSWORD,
        subject: format!("Reset your password for {network}"),
        text: format!(
            "Hello,\n\n\
             someone asked to reset the password of your account on {network}. To choose a \
             new password, open this link:\n\n\
             {link}\n\n\
             The link works once and for {SECRET_LINK_VALIDITY_HOURS} hours. If you did not \
             ask for this, you can ignore this mail: your password stays as it is.\n"
        ),
    }
}

/// Invites someone to join the network on behalf of `inviter_name` (a user's display
/// name or address); `link` leads to the registration page.
pub fn invitation_mail(network_name: &str, inviter_name: &str, link: &str) -> MailContent {
    let network = one_line(network_name);
    let inviter = one_line(inviter_name);
    MailContent {
        kind: kind::INVITATION,
        subject: format!("{inviter} invites you to join {network}"),
        text: format!(
            "Hello,\n\n\
             {inviter} invites you to join {network}. To accept, open this link:\n\n\
             {link}\n\n\
             If you do not know {inviter} or do not want to join, you can ignore this mail.\n"
        ),
    }
}

/// Why a [`block_notice_mail`] is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockReason {
    /// The user asked to delete their account (which blocks it; no data is deleted).
    AccountDeletionRequested,
    /// An admin blocked the user.
    BlockedByAdmin,
}

/// Tells a network admin that a user was blocked or asked to delete their account.
/// `user_message` is the block's message to the user, when there is one.
pub fn block_notice_mail(
    network_name: &str,
    user_email: &str,
    user_id: Uuid,
    reason: BlockReason,
    user_message: Option<&str>,
) -> MailContent {
    let network = one_line(network_name);
    let email = one_line(user_email);
    let (subject, what) = match reason {
        BlockReason::AccountDeletionRequested => (
            format!("{network}: a user asked to delete their account"),
            "asked to delete their account. The account is now blocked; none of its data \
             was deleted, so its history stays available for audit."
                .to_owned(),
        ),
        BlockReason::BlockedByAdmin => (
            format!("{network}: a user was blocked"),
            "was blocked by an admin and can no longer log in.".to_owned(),
        ),
    };
    let mut text = format!(
        "Hello,\n\n\
         the user {email} (id {user_id}) of {network} {what}\n"
    );
    if let Some(message) = user_message.map(multi_line).filter(|m| !m.is_empty()) {
        text.push_str("\nMessage shown to the user:\n\n");
        text.push_str(&message);
        text.push('\n');
    }
    MailContent {
        kind: kind::BLOCK_NOTICE,
        subject,
        text,
    }
}

/// Tells a network admin that `email` asked to receive the newsletter (the service keeps
/// no mailing list: the admin adds the address to theirs).
pub fn newsletter_alert_mail(network_name: &str, email: &str) -> MailContent {
    let network = one_line(network_name);
    let email = one_line(email);
    MailContent {
        kind: kind::NEWSLETTER_SIGNUP,
        subject: format!("{network}: newsletter sign-up"),
        text: format!(
            "Hello,\n\n\
             {email} asked to receive the newsletter of {network}.\n\n\
             The address was not added to any mailing list: please add it to your \
             newsletter system.\n"
        ),
    }
}

/// `s` on one line: control characters (line breaks included) become spaces, runs of
/// whitespace collapse, and the result is capped at [`MAX_NAME_CHARS`].
fn one_line(s: &str) -> String {
    let flat: String = s
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let joined = flat.split_whitespace().collect::<Vec<_>>().join(" ");
    truncate_chars(&joined, MAX_NAME_CHARS)
}

/// `s` with line breaks kept (as `\n`) but other control characters dropped, capped at
/// [`MAX_MESSAGE_CHARS`].
fn multi_line(s: &str) -> String {
    let cleaned: String = s
        .replace("\r\n", "\n")
        .chars()
        .map(|c| if c == '\r' { '\n' } else { c })
        .filter(|c| *c == '\n' || !c.is_control())
        .collect();
    truncate_chars(cleaned.trim(), MAX_MESSAGE_CHARS)
}

fn truncate_chars(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((cut, _)) => format!("{}…", &s[..cut]),
        None => s.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LINK: &str = "https://app.example.com/verify?token=s3cret";

    #[test]
    fn secret_mails_contain_their_link_and_validity() {
        for mail in [
            verification_mail("demo", LINK),
            password_reset_mail("demo", LINK),
        ] {
            assert!(mail.text.contains(LINK), "{}", mail.text);
            assert!(mail.text.contains("24 hours"), "{}", mail.text);
            assert!(mail.subject.contains("demo"));
        }
        assert_eq!(verification_mail("demo", LINK).kind, kind::VERIFY_EMAIL);
        assert_eq!(password_reset_mail("demo", LINK).kind, kind::RESET_PASSWORD);
    }

    #[test]
    fn the_link_stands_on_a_line_of_its_own() {
        let mail = invitation_mail("demo", "Alice", LINK);
        assert!(mail.text.lines().any(|l| l == LINK), "{}", mail.text);
    }

    #[test]
    fn invitation_names_the_inviter_on_one_line() {
        let mail = invitation_mail("demo", "Alice\r\nBcc: victim@example.com", LINK);
        assert_eq!(mail.kind, kind::INVITATION);
        assert_eq!(
            mail.subject,
            "Alice Bcc: victim@example.com invites you to join demo"
        );
        assert!(!mail.subject.contains('\n') && !mail.subject.contains('\r'));
        assert!(mail.text.contains(LINK));
    }

    #[test]
    fn block_notice_tells_admins_who_and_why() {
        let id = Uuid::nil();
        let mail = block_notice_mail(
            "demo",
            "bob@example.com",
            id,
            BlockReason::AccountDeletionRequested,
            Some("Your account is closed.\r\nContact us\u{7} if needed."),
        );
        assert_eq!(mail.kind, kind::BLOCK_NOTICE);
        assert!(mail.subject.contains("delete their account"));
        assert!(mail.text.contains("bob@example.com"));
        assert!(mail.text.contains(&id.to_string()));
        assert!(
            mail.text
                .contains("Your account is closed.\nContact us if needed.")
        );
        let blocked = block_notice_mail(
            "demo",
            "bob@example.com",
            id,
            BlockReason::BlockedByAdmin,
            None,
        );
        assert!(blocked.subject.contains("blocked"));
        assert!(!blocked.text.contains("Message shown"));
    }

    #[test]
    fn newsletter_alert_names_the_address() {
        let mail = newsletter_alert_mail("demo", "john.doe@test.com");
        assert_eq!(mail.kind, kind::NEWSLETTER_SIGNUP);
        assert!(mail.text.contains("john.doe@test.com"));
    }

    #[test]
    fn long_names_are_capped() {
        let mail = invitation_mail("demo", &"x".repeat(500), LINK);
        assert!(mail.subject.chars().count() < 200);
        assert!(mail.subject.contains('…'));
    }

    #[test]
    fn content_becomes_an_outbox_row() {
        let content = newsletter_alert_mail("demo", "a@b.c");
        let id = Uuid::new_v4();
        let row = content.to(id, "admin@example.com");
        assert_eq!(row.network_id, id);
        assert_eq!(row.to_address, "admin@example.com");
        assert_eq!(row.subject, content.subject);
        assert_eq!(row.body_text, content.text);
        assert_eq!(row.kind, kind::NEWSLETTER_SIGNUP);
    }
}
