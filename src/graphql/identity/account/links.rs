//! The check every client-supplied front-end URL passes before it becomes the base of a
//! mailed link (`docs/mail.md`).

use crate::domain::link::{LINK_ORIGINS_SETTING, OriginError, check_link_origin};
use crate::error::{ApiError, ApiResult, codes};
use crate::mail::link::link_with_params;
use crate::models::network::Network;

/// A client-supplied front-end URL, checked before it becomes the base of a mailed link:
/// an absolute http(s) URL without credentials (see
/// [`link_with_params`](crate::mail::link::link_with_params)) and, when the network's
/// `settings` have `"link_origins": ["https://app.example.com", …]`, with one of those
/// origins (scheme, host and port). `field` names the argument in the 400. Returns the
/// normalised URL.
pub fn checked_link(network: &Network, url: &str, field: &str) -> ApiResult<String> {
    let base = link_with_params(url, &[]).map_err(|e| e.for_field(field))?;
    check_link_origin(&network.settings, &base).map_err(|e| origin_error(e, field))?;
    Ok(base)
}

fn origin_error(err: OriginError, field: &str) -> ApiError {
    let (origin, allowed) = match err {
        OriginError::InvalidUrl => {
            return ApiError::bad_request(format!("`{field}` is not a valid URL."));
        }
        OriginError::Refused { origin, allowed } => (origin, allowed),
    };
    let listed = if allowed.is_empty() {
        "none".to_owned()
    } else {
        allowed.join(", ")
    };
    ApiError::new(
        codes::LINK_ORIGIN_REFUSED,
        "The request could not be processed.",
        format!(
            "`{field}` has the origin {origin}, which this network does not allow for links \
             in its mails; allowed origins (setting `{LINK_ORIGINS_SETTING}`): {listed}."
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refusal_names_the_field_and_the_allowed_origins() {
        let refused = OriginError::Refused {
            origin: "https://evil.example".into(),
            allowed: vec![],
        };
        let err = origin_error(refused, "verifyEmailUrl");
        assert_eq!(
            (err.code, err.status),
            (codes::LINK_ORIGIN_REFUSED.number(), 400)
        );
        assert!(
            err.developer_message.starts_with("`verifyEmailUrl`"),
            "{err}"
        );
        assert!(err.developer_message.ends_with(": none."), "{err}");
        let invalid = origin_error(OriginError::InvalidUrl, "url");
        assert_eq!(invalid.code, codes::BAD_REQUEST.number());
    }
}
