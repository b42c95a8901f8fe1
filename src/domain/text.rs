//! Free-text inputs: trimmed, blank meaning none, bounded in length; ISO codes.

/// Longest free-text value accepted for a profile field.
pub const MAX_PROFILE_TEXT: usize = 4000;

/// Why a text input is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextProblem {
    /// Longer than the limit, in characters.
    TooLong(usize),
    /// Has control characters other than line breaks and tabs.
    ControlCharacters,
}

/// `value` trimmed, `None` when blank; longer than `max` characters is refused.
pub fn trimmed(value: &str, max: usize) -> Result<Option<String>, TextProblem> {
    let value = value.trim();
    if value.chars().count() > max {
        return Err(TextProblem::TooLong(max));
    }
    Ok((!value.is_empty()).then(|| value.to_owned()))
}

/// Like [`trimmed`], also refusing control characters other than `\n`, `\r` and `\t`
/// (text that goes into mails and lists).
pub fn plain_text(value: &str, max: usize) -> Result<Option<String>, TextProblem> {
    let value = trimmed(value, max)?;
    if value.as_deref().is_some_and(|v| {
        v.chars()
            .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    }) {
        return Err(TextProblem::ControlCharacters);
    }
    Ok(value)
}

/// Whether `code` is an ISO code of `len` upper-case ASCII letters (`GB`, `EUR`).
pub fn is_iso_code(code: &str, len: usize) -> bool {
    code.len() == len && code.bytes().all(|b| b.is_ascii_uppercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trimming_and_limits() {
        let cases = [
            ("  a b  ", 10, Ok(Some("a b"))),
            ("   ", 10, Ok(None)),
            ("ééé", 3, Ok(Some("ééé"))),
            ("abcd", 3, Err(TextProblem::TooLong(3))),
            (" abc ", 3, Ok(Some("abc"))),
        ];
        for (value, max, want) in cases {
            let want = want.map(|v| v.map(str::to_owned));
            assert_eq!(trimmed(value, max), want, "{value:?}");
        }
    }

    #[test]
    fn plain_text_refuses_control_characters() {
        assert_eq!(plain_text("a\nb\tc\r", 10), Ok(Some("a\nb\tc".to_owned())));
        assert_eq!(
            plain_text("a\u{7}b", 10),
            Err(TextProblem::ControlCharacters)
        );
        assert_eq!(plain_text("abcd", 3), Err(TextProblem::TooLong(3)));
        assert_eq!(plain_text("", 3), Ok(None));
    }

    #[test]
    fn iso_codes() {
        for (code, len, ok) in [
            ("GB", 2, true),
            ("gb", 2, false),
            ("GBR", 2, false),
            ("EUR", 3, true),
            ("E1R", 3, false),
            ("ÄB", 2, false),
        ] {
            assert_eq!(is_iso_code(code, len), ok, "{code:?}");
        }
    }
}
