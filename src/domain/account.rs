//! Account rules: what an acceptable email address and password are, which parameters the
//! mailed-secret flows need, and how blocks are bounded (`docs/identity.md`).

use chrono::NaiveDate;

/// Longest email address (RFC 5321 path limit).
pub const MAX_EMAIL: usize = 254;
/// Shortest password.
pub const MIN_PASSWORD: usize = 8;
/// Longest password: bounds the hashing work an attacker can ask for.
pub const MAX_PASSWORD: usize = 256;

/// Whether `email` looks like a deliverable address: one `@`, a non-empty local part,
/// a domain with a dot and no empty label, no spaces or control characters.
pub fn valid_email(email: &str) -> bool {
    if email.len() > MAX_EMAIL || email.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return false;
    }
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && domain.split('.').all(|label| !label.is_empty())
        && !local.starts_with('.')
        && !local.ends_with('.')
}

/// What is wrong with a password, if anything.
pub fn password_problem(password: &str) -> Option<String> {
    let n = password.chars().count();
    if n < MIN_PASSWORD {
        Some(format!(
            "The password needs at least {MIN_PASSWORD} characters."
        ))
    } else if n > MAX_PASSWORD {
        Some(format!(
            "The password may have at most {MAX_PASSWORD} characters."
        ))
    } else if password.trim().is_empty() {
        Some("The password cannot be only spaces.".to_owned())
    } else {
        None
    }
}

/// Longest block message or description kept; longer ones are cut.
pub const MAX_BLOCK_TEXT: usize = 2000;

/// Whether two addresses are the same login (case-insensitively, as the unique index).
pub fn same_email(a: &str, b: &str) -> bool {
    a.trim().to_lowercase() == b.trim().to_lowercase()
}

/// The failed-login counter key of an account: its email, trimmed and lower-cased.
pub fn login_key(email: &str) -> String {
    email.trim().to_lowercase()
}

/// Why the parameters of an account flow are refused, before anything is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FlowProblem {
    /// The named parameter is missing or blank.
    Missing(&'static str),
    /// The password and its confirmation differ.
    PasswordsDiffer,
    /// The email address is not valid.
    InvalidEmail,
}

/// The name of the first blank parameter of `params`, in their order.
pub fn first_missing(params: &[(&'static str, &str)]) -> Option<&'static str> {
    params
        .iter()
        .find(|(_, value)| value.trim().is_empty())
        .map(|(name, _)| *name)
}

fn require(params: &[(&'static str, &str)]) -> Result<(), FlowProblem> {
    first_missing(params).map_or(Ok(()), |name| Err(FlowProblem::Missing(name)))
}

/// forgotPassword: `email` and `url` given, and the email valid.
pub fn check_forgot_password(email: &str, url: &str) -> Result<(), FlowProblem> {
    require(&[("email", email), ("url", url)])?;
    if valid_email(email.trim()) {
        Ok(())
    } else {
        Err(FlowProblem::InvalidEmail)
    }
}

/// resendVerificationEmail: without a login `email` names the account, so it is needed;
/// `url` always is; a given email must be valid. `email` is already trimmed.
pub fn check_resend_verification(
    logged_in: bool,
    email: Option<&str>,
    url: &str,
) -> Result<(), FlowProblem> {
    if !logged_in && email.is_none() {
        return Err(FlowProblem::Missing("email"));
    }
    require(&[("url", url)])?;
    match email {
        Some(email) if !valid_email(email) => Err(FlowProblem::InvalidEmail),
        _ => Ok(()),
    }
}

/// resetPassword: every parameter given (the passwords untrimmed: spaces count) and the
/// confirmation equal to the password. The password rules are checked afterwards.
pub fn check_reset_password(
    user_id: &str,
    secret: &str,
    password: &str,
    password_confirm: &str,
) -> Result<(), FlowProblem> {
    require(&[("user_id", user_id), ("secret", secret)])?;
    if password.is_empty() {
        return Err(FlowProblem::Missing("password"));
    }
    if password_confirm.is_empty() {
        return Err(FlowProblem::Missing("password_confirm"));
    }
    if password != password_confirm {
        return Err(FlowProblem::PasswordsDiffer);
    }
    Ok(())
}

/// Why a block is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockProblem {
    /// An admin tried to block themself.
    SelfBlock,
    /// The expiration date is today or earlier.
    ExpiryNotInFuture,
}

/// The texts and end of a block, bounded: messages cut to [`MAX_BLOCK_TEXT`] characters,
/// an expiration date strictly after `today`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BlockTerms {
    /// Shown to the user when they try to log in.
    pub user_message: Option<String>,
    /// Internal reason.
    pub description: Option<String>,
    /// The block lifts itself on this date.
    pub expiration_date: Option<NaiveDate>,
}

/// Checks and bounds a block asked for on `today`.
pub fn block_terms(
    user_message: Option<String>,
    description: Option<String>,
    expiration_date: Option<NaiveDate>,
    today: NaiveDate,
) -> Result<BlockTerms, BlockProblem> {
    if expiration_date.is_some_and(|d| d <= today) {
        return Err(BlockProblem::ExpiryNotInFuture);
    }
    let clip = |text: String| text.chars().take(MAX_BLOCK_TEXT).collect();
    Ok(BlockTerms {
        user_message: user_message.map(clip),
        description: description.map(clip),
        expiration_date,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_email_ignores_case_and_spaces() {
        for (a, b, same) in [
            ("A@b.com", "a@B.com", true),
            (" a@b.com ", "a@b.com", true),
            ("a@b.com", "a@c.com", false),
        ] {
            assert_eq!(same_email(a, b), same, "{a:?} {b:?}");
        }
        assert_eq!(login_key(" Ann@Test.com "), "ann@test.com");
    }

    #[test]
    fn flow_parameters() {
        use FlowProblem::*;
        assert_eq!(
            first_missing(&[("a", "x"), ("b", " "), ("c", "")]),
            Some("b")
        );
        assert_eq!(first_missing(&[("a", "x")]), None);
        let forgot = [
            ("", "u", Err(Missing("email"))),
            ("a@b.co", " ", Err(Missing("url"))),
            ("nope", "u", Err(InvalidEmail)),
            (" a@b.co ", "u", Ok(())),
        ];
        for (email, url, want) in forgot {
            assert_eq!(check_forgot_password(email, url), want, "{email:?} {url:?}");
        }
        let resend = [
            (false, None, "u", Err(Missing("email"))),
            (true, None, "", Err(Missing("url"))),
            (false, Some("bad"), "u", Err(InvalidEmail)),
            (true, None, "u", Ok(())),
            (false, Some("a@b.co"), "u", Ok(())),
        ];
        for (logged_in, email, url, want) in resend {
            assert_eq!(check_resend_verification(logged_in, email, url), want);
        }
        let reset = [
            (" ", "s", "p", "p", Err(Missing("user_id"))),
            ("u", "", "p", "p", Err(Missing("secret"))),
            ("u", "s", "", "p", Err(Missing("password"))),
            ("u", "s", "p", "", Err(Missing("password_confirm"))),
            ("u", "s", "p", "q", Err(PasswordsDiffer)),
            ("u", "s", "  ", "  ", Ok(())),
        ];
        for (user_id, secret, password, confirm, want) in reset {
            assert_eq!(
                check_reset_password(user_id, secret, password, confirm),
                want
            );
        }
    }

    #[test]
    fn blocks_end_in_the_future_and_keep_short_texts() {
        let today = NaiveDate::from_ymd_opt(2026, 1, 10).unwrap();
        let tomorrow = today.succ_opt();
        for (expiry, ok) in [(None, true), (tomorrow, true), (Some(today), false)] {
            assert_eq!(block_terms(None, None, expiry, today).is_ok(), ok);
        }
        let terms = block_terms(Some("m".repeat(2500)), Some("d".into()), None, today).unwrap();
        assert_eq!(terms.user_message.unwrap().chars().count(), MAX_BLOCK_TEXT);
        assert_eq!(terms.description.as_deref(), Some("d"));
    }

    #[test]
    fn email_addresses() {
        let cases = [
            ("john.doe@test.com", true),
            ("a@b.co", true),
            ("x+tag@sub.example.org", true),
            ("", false),
            ("no-at.example.com", false),
            ("two@@example.com", false),
            ("a@b@c.com", false),
            ("a@localhost", false),
            ("a@example..com", false),
            ("sp ace@example.com", false),
            ("@example.com", false),
            (".a@example.com", false),
        ];
        for (email, ok) in cases {
            assert_eq!(valid_email(email), ok, "{email:?}");
        }
        assert!(!valid_email(&format!("{}@example.com", "a".repeat(250))));
    }

    #[test]
    fn passwords() {
        assert!(password_problem("Password123!").is_none());
        assert!(
            password_problem("pässwörd").is_none(),
            "8 characters, 10 bytes"
        );
        assert!(password_problem("short").is_some());
        assert!(password_problem("        ").is_some());
        assert!(password_problem(&"x".repeat(257)).is_some());
        assert!(password_problem(&"x".repeat(256)).is_none());
    }
}
