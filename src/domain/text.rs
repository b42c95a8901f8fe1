//! Text a client writes into a field: trimmed, blank meaning none, bounded in length,
//! optionally free of control characters; and ISO codes (countries, currencies). No I/O.
//!
//! A change of a nullable field is an `Option<Option<String>>`: `None` leaves the field
//! as it is, `Some(None)` clears it, `Some(Some(text))` sets it. Every refusal is a
//! [`TextError`], whose text is the developer message the API answers with (the GraphQL
//! layer chooses the code).

/// Why a text value is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TextError {
    /// Longer than `max` characters once trimmed.
    #[error("{field} is longer than {max} characters.")]
    TooLong {
        /// The field, as the client named it.
        field: String,
        /// The most characters the field holds.
        max: usize,
    },
    /// Holds a control character other than a line break or a tab.
    #[error("{field} contains control characters.")]
    ControlCharacters {
        /// The field, as the client named it.
        field: String,
    },
    /// Not an ISO code of `len` upper-case letters (2: a country, 3: a currency).
    #[error("{field} must be an ISO code of {len} upper-case letters, e.g. {}.", iso_example(*.len))]
    NotAnIsoCode {
        /// The field, as the client named it.
        field: String,
        /// The code's length.
        len: usize,
    },
}

impl TextError {
    /// The field the refused value was written to.
    pub fn field(&self) -> &str {
        match self {
            TextError::TooLong { field, .. }
            | TextError::ControlCharacters { field }
            | TextError::NotAnIsoCode { field, .. } => field,
        }
    }
}

fn iso_example(len: usize) -> &'static str {
    if len == 2 { "GB" } else { "EUR" }
}

/// `value` trimmed, `None` when blank; more than `max` characters is refused.
pub fn trimmed(field: &str, value: &str, max: usize) -> Result<Option<String>, TextError> {
    let value = value.trim();
    if value.chars().count() > max {
        return Err(TextError::TooLong {
            field: field.to_owned(),
            max,
        });
    }
    Ok((!value.is_empty()).then(|| value.to_owned()))
}

/// An optional text: [`trimmed`] when given.
pub fn optional(
    field: &str,
    value: Option<String>,
    max: usize,
) -> Result<Option<String>, TextError> {
    Ok(value
        .map(|v| trimmed(field, &v, max))
        .transpose()?
        .flatten())
}

/// A change of a nullable text field: a new value is [`trimmed`], and a blank one clears
/// the field.
pub fn change(
    field: &str,
    change: Option<Option<String>>,
    max: usize,
) -> Result<Option<Option<String>>, TextError> {
    change
        .map(|value| value.map_or(Ok(None), |v| trimmed(field, &v, max)))
        .transpose()
}

/// Like [`optional`], also refusing control characters other than line breaks and tabs
/// (text that is mailed and listed as it was written).
pub fn printable(
    field: &str,
    value: Option<String>,
    max: usize,
) -> Result<Option<String>, TextError> {
    let value = optional(field, value, max)?;
    let is_control = |c: char| c.is_control() && !matches!(c, '\n' | '\r' | '\t');
    if value.as_deref().is_some_and(|v| v.chars().any(is_control)) {
        return Err(TextError::ControlCharacters {
            field: field.to_owned(),
        });
    }
    Ok(value)
}

/// Whether `code` is an ISO code of `len` upper-case ASCII letters: 2 for a country (ISO
/// 3166-1 alpha-2, `GB`), 3 for a currency (ISO 4217, `EUR`).
pub fn is_iso_code(code: &str, len: usize) -> bool {
    code.len() == len && code.bytes().all(|b| b.is_ascii_uppercase())
}

/// [`is_iso_code`] for a code written to `field`.
pub fn check_iso_code(field: &str, code: &str, len: usize) -> Result<(), TextError> {
    if !is_iso_code(code, len) {
        return Err(TextError::NotAnIsoCode {
            field: field.to_owned(),
            len,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn too_long(max: usize) -> TextError {
        TextError::TooLong {
            field: "f".to_owned(),
            max,
        }
    }

    #[test]
    fn texts_are_trimmed_blank_is_none_and_length_counts_characters() {
        let cases = [
            ("  a b  ", 10, Ok(Some("a b"))),
            ("", 10, Ok(None)),
            ("   ", 0, Ok(None)),
            ("ééé", 3, Ok(Some("ééé"))),
            (" abc ", 3, Ok(Some("abc"))),
            ("abcd", 3, Err(too_long(3))),
        ];
        for (value, max, want) in cases {
            let want = want.map(|v| v.map(str::to_owned));
            assert_eq!(trimmed("f", value, max), want, "{value:?}");
        }
    }

    #[test]
    fn optional_texts_and_changes() {
        let s = |v: &str| Some(v.to_owned());
        assert_eq!(optional("f", None, 3), Ok(None));
        assert_eq!(optional("f", s(" "), 3), Ok(None));
        assert_eq!(optional("f", s(" ab "), 3), Ok(s("ab")));
        assert_eq!(optional("f", s("abcd"), 3), Err(too_long(3)));
        let cases = [
            (None, Ok(None)),
            (Some(None), Ok(Some(None))),
            (Some(s("  ")), Ok(Some(None))),
            (Some(s(" x ")), Ok(Some(s("x")))),
            (Some(s("abcd")), Err(too_long(3))),
        ];
        for (value, want) in cases {
            assert_eq!(change("f", value.clone(), 3), want, "{value:?}");
        }
    }

    #[test]
    fn printable_texts_refuse_control_characters_but_line_breaks_and_tabs() {
        let s = |v: &str| Some(v.to_owned());
        let control = Err(TextError::ControlCharacters {
            field: "f".to_owned(),
        });
        let cases = [
            (s("a\nb\tc\r"), Ok(s("a\nb\tc"))),
            (s("a\u{7}b"), control.clone()),
            (s("a\u{0}"), control),
            (s("abcdefghijk"), Err(too_long(10))),
            (
                s(" \u{7}"),
                Err(TextError::ControlCharacters { field: "f".into() }),
            ),
            (s("  "), Ok(None)),
            (None, Ok(None)),
        ];
        for (value, want) in cases {
            assert_eq!(printable("f", value.clone(), 10), want, "{value:?}");
        }
    }

    #[test]
    fn iso_codes_are_upper_case_ascii_letters_of_the_length() {
        let cases = [
            ("GB", 2, true),
            ("gb", 2, false),
            ("GBR", 2, false),
            ("G", 2, false),
            ("EUR", 3, true),
            ("E1R", 3, false),
            ("ÄB", 2, false),
        ];
        for (code, len, ok) in cases {
            assert_eq!(is_iso_code(code, len), ok, "{code:?}");
            let err = check_iso_code("country", code, len).err();
            assert_eq!(err.is_none(), ok, "{code:?}");
        }
        let err = check_iso_code("bank_currency", "eur", 3).unwrap_err();
        assert_eq!(err.field(), "bank_currency");
        assert_eq!(
            err.to_string(),
            "bank_currency must be an ISO code of 3 upper-case letters, e.g. EUR."
        );
        assert_eq!(
            check_iso_code("country", "gb", 2).unwrap_err().to_string(),
            "country must be an ISO code of 2 upper-case letters, e.g. GB."
        );
        assert_eq!(
            too_long(4000).to_string(),
            "f is longer than 4000 characters."
        );
    }
}
