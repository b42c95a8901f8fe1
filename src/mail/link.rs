//! Links in mails: a front-end URL given by the client plus the parameters the
//! service adds (a secret, an id).

use std::borrow::Cow;

use crate::error::ApiError;

/// Longest link URL accepted, in bytes (mail clients and browsers cope with far more,
/// but nobody needs more than this).
pub const MAX_LINK_LEN: usize = 2_000;

/// Why a URL cannot be used as the base of a link.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InvalidLink {
    /// Not a URL at all.
    #[error("is not a valid URL")]
    Unparsable,
    /// Relative, or a scheme other than http/https (e.g. `javascript:`, `mailto:`).
    #[error("must be an absolute http or https URL")]
    NotHttp,
    /// Has `user:password@` in it.
    #[error("must not contain a user name or password")]
    HasCredentials,
    /// Longer than [`MAX_LINK_LEN`].
    #[error("is longer than {MAX_LINK_LEN} characters")]
    TooLong,
}

impl InvalidLink {
    /// The 400 error for a client that gave this URL in the argument `field`, e.g.
    /// `err.for_field("verification_url")`.
    pub fn for_field(&self, field: &str) -> ApiError {
        ApiError::bad_request(format!("`{field}` {self}."))
    }
}

impl From<InvalidLink> for ApiError {
    /// The 400 error without naming the argument; prefer [`InvalidLink::for_field`].
    fn from(err: InvalidLink) -> Self {
        ApiError::bad_request(Cow::Owned(format!("The link URL {err}.")))
    }
}

/// `url` with the query parameters `params` added (percent-encoded as
/// `application/x-www-form-urlencoded`). Parameters already in `url` are kept, except
/// those with the same name as one of `params`, which are replaced, so a client cannot
/// smuggle a second `token` in front of ours. A fragment stays at the end, after the
/// query, as URL syntax requires. Only absolute http(s) URLs without credentials are
/// accepted.
pub fn link_with_params(url: &str, params: &[(&str, &str)]) -> Result<String, InvalidLink> {
    let url = url.trim();
    if url.len() > MAX_LINK_LEN {
        return Err(InvalidLink::TooLong);
    }
    let mut parsed = url::Url::parse(url).map_err(|_| InvalidLink::Unparsable)?;
    if !matches!(parsed.scheme(), "http" | "https") || parsed.host().is_none() {
        return Err(InvalidLink::NotHttp);
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err(InvalidLink::HasCredentials);
    }
    if params.is_empty() {
        return Ok(parsed.into());
    }
    let collides = parsed
        .query_pairs()
        .any(|(k, _)| params.iter().any(|(name, _)| k == *name));
    if collides {
        let kept: Vec<(String, String)> = parsed
            .query_pairs()
            .filter(|(k, _)| !params.iter().any(|(name, _)| k == *name))
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        parsed.set_query(None);
        let mut pairs = parsed.query_pairs_mut();
        pairs.extend_pairs(kept);
        pairs.extend_pairs(params);
    } else {
        // Appending leaves the client's query exactly as it was written.
        parsed.query_pairs_mut().extend_pairs(params);
    }
    Ok(parsed.into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::codes;

    #[test]
    fn appends_parameters_to_a_plain_url() {
        let link = link_with_params("https://app.example.com/verify", &[("token", "abc")]);
        assert_eq!(link.unwrap(), "https://app.example.com/verify?token=abc");
    }

    #[test]
    fn keeps_an_existing_query_string() {
        let link = link_with_params(
            "https://app.example.com/verify?lang=en&x=%20y",
            &[("token", "abc"), ("user", "42")],
        );
        assert_eq!(
            link.unwrap(),
            "https://app.example.com/verify?lang=en&x=%20y&token=abc&user=42"
        );
    }

    #[test]
    fn replaces_a_parameter_of_the_same_name() {
        let link = link_with_params(
            "https://app.example.com/verify?token=evil&lang=en",
            &[("token", "abc")],
        );
        assert_eq!(
            link.unwrap(),
            "https://app.example.com/verify?lang=en&token=abc"
        );
    }

    #[test]
    fn puts_the_query_before_the_fragment() {
        let link = link_with_params("https://app.example.com/#/verify", &[("token", "abc")]);
        assert_eq!(link.unwrap(), "https://app.example.com/?token=abc#/verify");
        let link = link_with_params("http://localhost:3000/a?b=c#top", &[("token", "abc")]);
        assert_eq!(link.unwrap(), "http://localhost:3000/a?b=c&token=abc#top");
    }

    #[test]
    fn encodes_values() {
        let link = link_with_params(
            "https://app.example.com/r",
            &[("token", "a+b/c=d&e f"), ("email", "ann@example.com")],
        );
        assert_eq!(
            link.unwrap(),
            "https://app.example.com/r?token=a%2Bb%2Fc%3Dd%26e+f&email=ann%40example.com"
        );
    }

    #[test]
    fn refuses_what_is_not_an_absolute_http_url() {
        let cases = [
            ("/verify", InvalidLink::Unparsable),
            ("app.example.com/verify", InvalidLink::Unparsable),
            ("", InvalidLink::Unparsable),
            ("javascript:alert(1)", InvalidLink::NotHttp),
            ("mailto:ann@example.com", InvalidLink::NotHttp),
            ("ftp://example.com/x", InvalidLink::NotHttp),
            ("file:///etc/passwd", InvalidLink::NotHttp),
            ("data:text/html,hi", InvalidLink::NotHttp),
            ("https://user:pw@example.com/", InvalidLink::HasCredentials),
            (
                "https://bank.example@evil.example/",
                InvalidLink::HasCredentials,
            ),
        ];
        for (url, expected) in cases {
            assert_eq!(
                link_with_params(url, &[("token", "t")]),
                Err(expected),
                "{url:?}"
            );
        }
        let long = format!("https://example.com/{}", "a".repeat(MAX_LINK_LEN));
        assert_eq!(link_with_params(&long, &[]), Err(InvalidLink::TooLong));
    }

    #[test]
    fn invalid_links_map_to_a_400_naming_the_field() {
        let err = link_with_params("javascript:x", &[])
            .unwrap_err()
            .for_field("verification_url");
        assert_eq!((err.code, err.status), (codes::BAD_REQUEST.number(), 400));
        assert_eq!(
            err.developer_message,
            "`verification_url` must be an absolute http or https URL."
        );
        let generic: ApiError = InvalidLink::Unparsable.into();
        assert_eq!(
            (generic.code, generic.status),
            (codes::BAD_REQUEST.number(), 400)
        );
    }
}
