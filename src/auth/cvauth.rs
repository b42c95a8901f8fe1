//! The `cv-auth` header of the platform's SDKs, byte for byte as `CV_AUTH.md` describes
//! it: parsing, the digest, the masked password and the freshness window. Pure functions;
//! the nonce store and the user lookup live in `auth::viewer`.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use chrono::{DateTime, NaiveDateTime, TimeDelta, Utc};
use sha1::{Digest, Sha1};
use subtle::ConstantTimeEq;

/// The fields of an `AuthToken …` header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CvAuthHeader {
    /// The network's API key.
    pub api_key: String,
    /// `base64(SHA1(nonce + created + api_secret))`.
    pub token_digest: String,
    /// 32 lowercase hex characters, single use.
    pub nonce: String,
    /// `YYYY-MM-DDTHH:MM:SS+00:00`, as sent.
    pub created: String,
    /// The user's email, or `new` (anonymous) or `social` (single sign-on).
    pub username: String,
    /// The password XOR-ed with the API secret, base64.
    pub password: String,
}

/// What a `cv-auth` value is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CvAuthValue {
    /// A full `AuthToken …` header.
    Header(CvAuthHeader),
    /// A token from `GET /authenticate` sent as the whole value.
    Token(String),
}

/// Why a header was refused (each becomes a 401 with its own code).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CvAuthError {
    /// Not of the documented form, or a field is missing.
    Malformed(&'static str),
    /// `Created` is not a valid time of the documented form.
    BadCreated,
    /// `Created` is outside the freshness window.
    Stale,
    /// `TokenDigest` does not match.
    BadDigest,
    /// `Password` is not valid base64 or not UTF-8 once unmasked.
    BadPassword,
}

/// Parses a `cv-auth` header value. Anything that does not start with `AuthToken ` is
/// taken as a token.
pub fn parse(value: &str) -> Result<CvAuthValue, CvAuthError> {
    let value = value.trim();
    let Some(rest) = value.strip_prefix("AuthToken ") else {
        if value.is_empty() || value.contains(char::is_whitespace) {
            return Err(CvAuthError::Malformed(
                "not an AuthToken header nor a token",
            ));
        }
        return Ok(CvAuthValue::Token(value.to_owned()));
    };
    let mut fields: [Option<String>; 6] = Default::default();
    const NAMES: [&str; 6] = [
        "ApiKey",
        "TokenDigest",
        "Nonce",
        "Created",
        "Username",
        "Password",
    ];
    let mut rest = rest.trim_start();
    while !rest.is_empty() {
        let (key, after_key) = rest
            .split_once("=\"")
            .ok_or(CvAuthError::Malformed("expected Key=\"value\" pairs"))?;
        let (val, after_val) = after_key
            .split_once('"')
            .ok_or(CvAuthError::Malformed("unterminated quoted value"))?;
        let slot = NAMES
            .iter()
            .position(|n| *n == key.trim())
            .ok_or(CvAuthError::Malformed("unknown field"))?;
        if fields[slot].replace(val.to_owned()).is_some() {
            return Err(CvAuthError::Malformed("repeated field"));
        }
        rest = after_val.trim_start();
        rest = rest.strip_prefix(',').unwrap_or(rest).trim_start();
    }
    let [api_key, token_digest, nonce, created, username, password] = fields;
    let header = CvAuthHeader {
        api_key: api_key.ok_or(CvAuthError::Malformed("ApiKey missing"))?,
        token_digest: token_digest.ok_or(CvAuthError::Malformed("TokenDigest missing"))?,
        nonce: nonce.ok_or(CvAuthError::Malformed("Nonce missing"))?,
        created: created.ok_or(CvAuthError::Malformed("Created missing"))?,
        username: username.ok_or(CvAuthError::Malformed("Username missing"))?,
        password: password.ok_or(CvAuthError::Malformed("Password missing"))?,
    };
    if header.nonce.is_empty() || header.nonce.len() > 64 {
        return Err(CvAuthError::Malformed("Nonce must be 1-64 characters"));
    }
    Ok(CvAuthValue::Header(header))
}

/// `base64(SHA1(nonce + created + api_secret))`.
pub fn token_digest(nonce: &str, created: &str, api_secret: &str) -> String {
    let mut sha = Sha1::new();
    sha.update(nonce.as_bytes());
    sha.update(created.as_bytes());
    sha.update(api_secret.as_bytes());
    STANDARD.encode(sha.finalize())
}

/// Whether the header's digest matches the secret, compared in constant time.
pub fn digest_matches(header: &CvAuthHeader, api_secret: &str) -> bool {
    let expected = token_digest(&header.nonce, &header.created, api_secret);
    expected
        .as_bytes()
        .ct_eq(header.token_digest.as_bytes())
        .into()
}

/// Masks a password as the SDKs do: UTF-8 bytes XOR the secret's bytes, base64.
pub fn mask_password(password: &str, api_secret: &str) -> String {
    STANDARD.encode(xor_with(password.as_bytes(), api_secret.as_bytes()))
}

/// Recovers the password from the `Password` field.
pub fn unmask_password(masked: &str, api_secret: &str) -> Result<String, CvAuthError> {
    if api_secret.is_empty() {
        return Err(CvAuthError::BadPassword);
    }
    let bytes = STANDARD
        .decode(masked)
        .map_err(|_| CvAuthError::BadPassword)?;
    String::from_utf8(xor_with(&bytes, api_secret.as_bytes())).map_err(|_| CvAuthError::BadPassword)
}

fn xor_with(data: &[u8], key: &[u8]) -> Vec<u8> {
    data.iter()
        .zip(key.iter().cycle())
        .map(|(d, k)| d ^ k)
        .collect()
}

/// Reads `Created` (`YYYY-MM-DDTHH:MM:SS+00:00`; `Z` is accepted too).
pub fn parse_created(created: &str) -> Result<DateTime<Utc>, CvAuthError> {
    let naive = created
        .strip_suffix("+00:00")
        .or_else(|| created.strip_suffix('Z'))
        .ok_or(CvAuthError::BadCreated)?;
    NaiveDateTime::parse_from_str(naive, "%Y-%m-%dT%H:%M:%S")
        .map(|t| t.and_utc())
        .map_err(|_| CvAuthError::BadCreated)
}

/// Checks `Created` against `now` within `window` either way.
pub fn check_fresh(
    created: &str,
    now: DateTime<Utc>,
    window: TimeDelta,
) -> Result<DateTime<Utc>, CvAuthError> {
    let at = parse_created(created)?;
    if (now - at).abs() > window {
        return Err(CvAuthError::Stale);
    }
    Ok(at)
}

/// Builds a full header as the Node.js SDK does (tests and examples use it).
pub fn build_header(
    api_key: &str,
    api_secret: &str,
    nonce: &str,
    created: &str,
    username: &str,
    password: &str,
) -> String {
    format!(
        "AuthToken ApiKey=\"{api_key}\", TokenDigest=\"{}\", Nonce=\"{nonce}\", Created=\"{created}\", Username=\"{username}\", Password=\"{}\"",
        token_digest(nonce, created, api_secret),
        mask_password(password, api_secret),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const NONCE: &str = "312f04f99be9e857bfb2c033eeb1d3e2";
    const CREATED: &str = "2026-11-22T10:00:00+00:00";

    /// The four vectors of CV_AUTH.md: key, secret, username, password, digest, field.
    const VECTORS: [(&str, &str, &str, &str, &str, &str); 4] = [
        (
            "testapikey-001",
            "ap1s3cr3t",
            "test@test.com",
            "testtest",
            "2Lc1AKsA3qvI29lWRsrzVab94ps=",
            "FRVCB0cGAUc=",
        ),
        (
            "demo-key",
            "demo-secret-001",
            "alice@example.com",
            "correct horse",
            "ArVTDL8CJT+xz9jA00u92jHs3SI=",
            "BwofHUgQEUMaCgZeVQ==",
        ),
        (
            "demo-key",
            "demo-secret-001",
            "new",
            "new",
            "ArVTDL8CJT+xz9jA00u92jHs3SI=",
            "CgAa",
        ),
        (
            "demo-key",
            "demo-secret-001",
            "bob@example.com",
            "pässwörd",
            "ArVTDL8CJT+xz9jA00u92jHs3SI=",
            "FKbJHF4EptUAAQ==",
        ),
    ];

    #[test]
    fn the_four_vectors_of_cv_auth_md() {
        for (key, secret, username, password, digest, field) in VECTORS {
            assert_eq!(token_digest(NONCE, CREATED, secret), digest, "{username}");
            assert_eq!(mask_password(password, secret), field, "{username}");
            assert_eq!(
                unmask_password(field, secret).unwrap(),
                password,
                "{username}"
            );
            let header = build_header(key, secret, NONCE, CREATED, username, password);
            let CvAuthValue::Header(parsed) = parse(&header).unwrap() else {
                panic!("not parsed as a header");
            };
            assert_eq!(parsed.api_key, key);
            assert_eq!(parsed.username, username);
            assert!(digest_matches(&parsed, secret));
            assert!(!digest_matches(&parsed, "another-secret"));
        }
    }

    #[test]
    fn the_full_header_of_the_first_vector_parses_exactly() {
        let header = "AuthToken ApiKey=\"testapikey-001\", TokenDigest=\"2Lc1AKsA3qvI29lWRsrzVab94ps=\", Nonce=\"312f04f99be9e857bfb2c033eeb1d3e2\", Created=\"2026-11-22T10:00:00+00:00\", Username=\"test@test.com\", Password=\"FRVCB0cGAUc=\"";
        assert_eq!(
            build_header(
                "testapikey-001",
                "ap1s3cr3t",
                NONCE,
                CREATED,
                "test@test.com",
                "testtest"
            ),
            header
        );
        assert_eq!(
            parse(header).unwrap(),
            CvAuthValue::Header(CvAuthHeader {
                api_key: "testapikey-001".into(),
                token_digest: "2Lc1AKsA3qvI29lWRsrzVab94ps=".into(),
                nonce: NONCE.into(),
                created: CREATED.into(),
                username: "test@test.com".into(),
                password: "FRVCB0cGAUc=".into(),
            })
        );
    }

    #[test]
    fn malformed_headers_are_refused_and_bare_values_are_tokens() {
        let cases = [
            ("AuthToken ApiKey=\"k\"", false),
            ("AuthToken ApiKey=k, Nonce=\"n\"", false),
            ("AuthToken ApiKey=\"k\", ApiKey=\"k\"", false),
            ("AuthToken Foo=\"x\"", false),
            ("AuthToken ApiKey=\"k", false),
            ("", false),
            ("two words", false),
        ];
        for (value, ok) in cases {
            assert_eq!(parse(value).is_ok(), ok, "{value:?}");
        }
        assert_eq!(
            parse("cg_abcDEF123").unwrap(),
            CvAuthValue::Token("cg_abcDEF123".into())
        );
    }

    #[test]
    fn freshness_window_is_inclusive_both_ways() {
        let created = parse_created(CREATED).unwrap();
        let window = TimeDelta::minutes(15);
        let cases = [
            (TimeDelta::zero(), Ok(())),
            (TimeDelta::minutes(15), Ok(())),
            (TimeDelta::minutes(-15), Ok(())),
            (
                TimeDelta::minutes(15) + TimeDelta::seconds(1),
                Err(CvAuthError::Stale),
            ),
            (-TimeDelta::minutes(16), Err(CvAuthError::Stale)),
        ];
        for (offset, want) in cases {
            let got = check_fresh(CREATED, created + offset, window).map(|_| ());
            assert_eq!(got, want, "{offset}");
        }
        assert_eq!(
            check_fresh("2026-11-22 10:00:00", created, window),
            Err(CvAuthError::BadCreated)
        );
        assert!(check_fresh("2026-11-22T10:00:00Z", created, window).is_ok());
    }

    #[test]
    fn garbage_passwords_are_refused() {
        assert_eq!(
            unmask_password("!!!", "secret"),
            Err(CvAuthError::BadPassword)
        );
        // 0xff XOR 's' is not valid UTF-8 on its own.
        let masked = STANDARD.encode([0xff ^ b's']);
        assert_eq!(
            unmask_password(&masked, "secret"),
            Err(CvAuthError::BadPassword)
        );
    }
}
