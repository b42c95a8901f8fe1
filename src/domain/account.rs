//! Account rules: what an acceptable email address and password are.

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

#[cfg(test)]
mod tests {
    use super::*;

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
