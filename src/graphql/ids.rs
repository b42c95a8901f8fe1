//! Object ids on the wire: every id is a uuid written as a GraphQL `ID`.

use async_graphql::ID;
use uuid::Uuid;

use crate::error::{ApiError, ApiResult};

/// Parses an id a client sent. An id that is not a uuid cannot name an object, so it is
/// Not Found (`what` names the kind in the message); callers with a documented answer for
/// an unknown object map the error to it.
pub fn parse_id(id: &str, what: &str) -> ApiResult<Uuid> {
    Uuid::parse_str(id).map_err(|_| ApiError::not_found(what))
}

/// A uuid as a GraphQL id.
pub fn id_of(id: Uuid) -> ID {
    ID(id.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_uuids_parse_and_round_trip() {
        let id = Uuid::new_v4();
        assert_eq!(parse_id(&id_of(id), "offering"), Ok(id));
        for bad in ["", "nope", "123", &format!(" {id}")] {
            let err = parse_id(bad, "offering").unwrap_err();
            assert_eq!((err.code, err.status), (19003, 404), "{bad:?}");
        }
    }
}
