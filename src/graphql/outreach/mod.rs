//! Outreach: the network's global constants, invitations sent by users, and
//! applications submitted for the admins' review.

pub mod applications;
pub mod globals;
pub mod invitations;

use uuid::Uuid;

use crate::error::{ApiError, ApiResult};

/// Trims an optional text input: blank becomes `None`; longer than `max` characters is a
/// 400 naming `field`.
pub(crate) fn optional_text(
    value: Option<String>,
    field: &str,
    max: usize,
) -> ApiResult<Option<String>> {
    let Some(value) = value else {
        return Ok(None);
    };
    let value = value.trim();
    if value.is_empty() {
        return Ok(None);
    }
    if value.chars().count() > max {
        return Err(ApiError::bad_request(format!(
            "`{field}` is longer than {max} characters."
        )));
    }
    if value
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
    {
        return Err(ApiError::bad_request(format!(
            "`{field}` contains control characters."
        )));
    }
    Ok(Some(value.to_owned()))
}

/// Parses an optional GraphQL id: an id that is not one cannot exist (Not Found).
pub(crate) fn optional_id(id: Option<&async_graphql::ID>, what: &str) -> ApiResult<Option<Uuid>> {
    id.map(|id| crate::graphql::ids::parse_id(id, what))
        .transpose()
}
