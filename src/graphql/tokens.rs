//! A cheap scan of a GraphQL document's text, run before it is parsed: the number of
//! lexical tokens, the deepest bracket nesting and whether a NUL character is written in
//! it (raw, or as a `\u0000` / `\u{0}` escape in a string literal).
//!
//! Parsing and validating cost grows with the number of tokens, and the parser recurses
//! once per bracket: bounding both before parsing bounds that work whatever the text.

/// What the scan found. The scan stops at the first token past `max_tokens`, so
/// `tokens` is then `max_tokens + 1`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Scan {
    /// Lexical tokens (punctuators, names, numbers, strings) up to the stop.
    pub tokens: usize,
    /// Deepest nesting of `{`, `[` and `(`.
    pub nesting: usize,
    /// Whether a NUL character is in the text or escaped in a string.
    pub has_nul: bool,
}

/// Scans `source`, stopping after `max_tokens + 1` tokens.
pub fn scan(source: &str, max_tokens: usize) -> Scan {
    let bytes = source.as_bytes();
    let mut scan = Scan {
        has_nul: bytes.contains(&0),
        ..Scan::default()
    };
    let mut depth = 0usize;
    let mut i = 0;
    while i < bytes.len() && scan.tokens <= max_tokens {
        let b = bytes[i];
        i = match b {
            b' ' | b'\t' | b'\n' | b'\r' | b',' => i + 1,
            b'#' => skip_comment(bytes, i),
            b'"' => {
                scan.tokens += 1;
                let (end, nul) = if bytes[i..].starts_with(b"\"\"\"") {
                    (skip_block_string(bytes, i + 3), false)
                } else {
                    skip_string(bytes, i + 1)
                };
                scan.has_nul |= nul;
                end
            }
            b'.' if bytes[i..].starts_with(b"...") => {
                scan.tokens += 1;
                i + 3
            }
            b'{' | b'[' | b'(' => {
                scan.tokens += 1;
                depth += 1;
                scan.nesting = scan.nesting.max(depth);
                i + 1
            }
            b'}' | b']' | b')' => {
                scan.tokens += 1;
                depth = depth.saturating_sub(1);
                i + 1
            }
            _ if is_word(b) => {
                scan.tokens += 1;
                skip_word(bytes, i)
            }
            // Punctuators and anything the parser will refuse: one token each.
            _ => {
                scan.tokens += 1;
                i + char_len(b)
            }
        };
    }
    scan
}

fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'+')
}

// Names and numbers (with signs, exponents and fractions) run together into one token.
fn skip_word(bytes: &[u8], mut i: usize) -> usize {
    while i < bytes.len() && (is_word(bytes[i]) || bytes[i] == b'.') {
        if bytes[i] == b'.' && bytes[i..].starts_with(b"...") {
            break;
        }
        i += 1;
    }
    i
}

fn char_len(first: u8) -> usize {
    match first {
        0xF0..=0xFF => 4,
        0xE0..=0xEF => 3,
        0xC0..=0xDF => 2,
        _ => 1,
    }
}

fn skip_comment(bytes: &[u8], mut i: usize) -> usize {
    while i < bytes.len() && bytes[i] != b'\n' && bytes[i] != b'\r' {
        i += 1;
    }
    i
}

// `"""…"""` with `\"""` as the only escape.
fn skip_block_string(bytes: &[u8], mut i: usize) -> usize {
    while i < bytes.len() {
        if bytes[i..].starts_with(b"\\\"\"\"") {
            i += 4;
        } else if bytes[i..].starts_with(b"\"\"\"") {
            return i + 3;
        } else {
            i += 1;
        }
    }
    i
}

// A one-line string from after its opening quote: its end and whether an escape in it
// stands for NUL. A line break ends an unterminated string (the parser reports it).
fn skip_string(bytes: &[u8], mut i: usize) -> (usize, bool) {
    let mut nul = false;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => return (i + 1, nul),
            b'\n' | b'\r' => return (i, nul),
            b'\\' if bytes.get(i + 1) == Some(&b'u') => {
                let (end, value) = unicode_escape(bytes, i + 2);
                nul |= value == Some(0);
                i = end;
            }
            b'\\' => i += 2,
            _ => i += 1,
        }
    }
    (i, nul)
}

// The value of `XXXX` or `{X…}` at `i` (after `\u`), and where the escape ends.
fn unicode_escape(bytes: &[u8], i: usize) -> (usize, Option<u32>) {
    let (digits, end) = if bytes.get(i) == Some(&b'{') {
        let close = bytes[i..].iter().position(|&b| b == b'}' || b == b'"');
        match close {
            Some(n) if bytes[i + n] == b'}' => (&bytes[i + 1..i + n], i + n + 1),
            _ => return (i, None),
        }
    } else {
        let end = (i + 4).min(bytes.len());
        (&bytes[i..end], end)
    };
    let value = std::str::from_utf8(digits)
        .ok()
        .filter(|d| !d.is_empty() && d.len() <= 8)
        .and_then(|d| u32::from_str_radix(d, 16).ok());
    (end, value)
}

#[cfg(test)]
mod tests {
    use super::scan;

    #[test]
    fn tokens_are_counted_as_the_grammar_splits_them() {
        let cases = [
            ("{ a }", 3),
            ("{ a, b c }", 5),
            ("# comment { a }\n{ a }", 3),
            ("query Q($v: Int = -1.5e3) { a(x: $v) @skip(if: true) }", 26),
            ("{ a(s: \"x { y } \\\" z\") }", 8),
            ("{ a(s: \"\"\"block { \\\"\"\" }\"\"\") }", 8),
            ("{ ...F } fragment F on T { a }", 11),
            ("{ ... on T { a } }", 8),
            ("{ a(x: 1.5) }", 8),
            ("{ é }", 3),
        ];
        for (doc, want) in cases {
            assert_eq!(scan(doc, 1000).tokens, want, "{doc}");
        }
    }

    #[test]
    fn nesting_counts_every_kind_of_bracket() {
        assert_eq!(scan("{ a { b(x: [[1]]) } }", 100).nesting, 5);
        assert_eq!(scan("{ a } { b }", 100).nesting, 1);
    }

    #[test]
    fn the_scan_stops_past_the_limit() {
        let long = "{ a }".repeat(10_000);
        assert_eq!(scan(&long, 10).tokens, 11);
    }

    #[test]
    fn nul_is_found_raw_and_escaped_but_not_in_lookalikes() {
        let cases = [
            ("{ a(s: \"x\u{0}\") }", true),
            ("{ a(s: \"x\\u0000\") }", true),
            ("{ a(s: \"\\u{0}\") }", true),
            ("{ a(s: \"\\u{000}\") }", true),
            ("{ a(s: \"\\\\u0000\") }", false),
            ("{ a(s: \"\\u0001\") }", false),
            ("{ a(s: \"\"\"\\u0000\"\"\") }", false),
            ("# \\u0000\n{ a }", false),
        ];
        for (doc, want) in cases {
            assert_eq!(scan(doc, 1000).has_nul, want, "{doc:?}");
        }
    }
}
