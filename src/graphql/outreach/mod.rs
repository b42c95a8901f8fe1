//! Outreach: the network's global constants, invitations sent by users, and
//! applications submitted for the admins' review.

pub mod applications;
pub mod globals;
pub mod invitations;

use uuid::Uuid;

use crate::domain::text::{self, TextError};
use crate::error::{ApiError, ApiResult};

/// Trims an optional text input: blank becomes `None`; longer than `max` characters or
/// holding control characters (other than line breaks and tabs) is a 400 naming `field`.
pub(crate) fn optional_text(
    value: Option<String>,
    field: &str,
    max: usize,
) -> ApiResult<Option<String>> {
    text::printable(field, value, max).map_err(|err| {
        let field = err.field();
        ApiError::bad_request(match &err {
            TextError::TooLong { max, .. } => {
                format!("`{field}` is longer than {max} characters.")
            }
            TextError::ControlCharacters { .. } => {
                format!("`{field}` contains control characters.")
            }
            TextError::NotAnIsoCode { .. } => err.to_string(),
        })
    })
}

/// Parses an optional GraphQL id: an id that is not one cannot exist (Not Found).
pub(crate) fn optional_id(id: Option<&async_graphql::ID>, what: &str) -> ApiResult<Option<Uuid>> {
    id.map(|id| crate::graphql::ids::parse_id(id, what))
        .transpose()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_are_trimmed_and_refusals_quote_the_field() {
        let s = |v: &str| Some(v.to_owned());
        assert_eq!(optional_text(s("  a\nb "), "code", 5), Ok(s("a\nb")));
        assert_eq!(optional_text(s("   "), "code", 5), Ok(None));
        assert_eq!(optional_text(None, "code", 5), Ok(None));
        let message = |v: &str| {
            let err = optional_text(s(v), "code", 5).unwrap_err();
            assert_eq!(err.code, crate::error::codes::BAD_REQUEST.number());
            err.developer_message.into_owned()
        };
        assert_eq!(message("abcdef"), "`code` is longer than 5 characters.");
        assert_eq!(message("a\u{7}"), "`code` contains control characters.");
    }
}
