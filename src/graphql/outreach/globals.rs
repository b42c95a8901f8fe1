//! The network's global constants (`GET /public/globals`, `docs/outreach.md`): anyone in
//! the network reads them; admins set them. The limits are `crate::domain::custom`.

use async_graphql::{Context, Json, Object};
use diesel_async::AsyncConnection;
use serde_json::Value;

use crate::domain::custom::{self, CustomError, GlobalsError, merge_globals};
use crate::error::{ApiError, ApiResult, codes};
use crate::graphql::context::ContextExt;
use crate::models::globals;

/// Most keys the globals of one network may hold (as custom fields).
pub const MAX_GLOBALS: usize = custom::MAX_CUSTOM_FIELDS;
/// Largest size of one network's globals, serialized as JSON.
pub const MAX_GLOBALS_BYTES: usize = custom::MAX_GLOBALS_BYTES;

/// Root query fields about the network's globals.
#[derive(Default)]
pub struct GlobalsQuery;

#[Object]
impl GlobalsQuery {
    /// The network's global constants (GET /public/globals): a JSON object of key to
    /// value, set by the network's admins and readable by anyone, logged in or not.
    async fn globals(&self, ctx: &Context<'_>) -> ApiResult<Json<Value>> {
        let network = ctx.request().network()?;
        let mut conn = ctx.conn().await?;
        Ok(Json(globals::read(&mut conn, network.id).await?))
    }
}

/// Admin mutations of the network's globals.
#[derive(Default)]
pub struct GlobalsMutation;

#[Object]
impl GlobalsMutation {
    /// Merges `values` into the network's globals (admins only) and returns all of them:
    /// each key is set to its new value (any JSON), a `null` value removes the key, keys
    /// not named stay. Keys are 1-64 of `[A-Za-z0-9_-]`; at most 100 keys and 64 KiB in
    /// all (code 12001 beyond). Concurrent changes are applied one after the other.
    async fn set_globals(&self, ctx: &Context<'_>, values: Json<Value>) -> ApiResult<Json<Value>> {
        let req = ctx.request();
        let network = req.network()?;
        req.admin()?;
        let changes = values.0;
        let mut conn = ctx.conn().await?;
        let merged = conn
            .transaction(async |conn| -> ApiResult<Value> {
                let current = globals::lock(conn, network.id).await?;
                let merged = merge(&current, &changes)?;
                Ok(globals::write(conn, network.id, &merged).await?)
            })
            .await?;
        Ok(Json(merged))
    }
}

/// The globals after merging `changes` into `current`, or the 400 that says why not.
pub fn merge(current: &Value, changes: &Value) -> ApiResult<Value> {
    merge_globals(current, changes).map_err(|err| match err {
        GlobalsError::Custom(CustomError::NotAnObject) => {
            ApiError::bad_request("`values` must be a JSON object of key to value.")
        }
        GlobalsError::Custom(CustomError::BadName(name)) => ApiError::bad_request(format!(
            "Global key {name:?} is invalid: use 1-64 letters, digits, '_' or '-'."
        )),
        GlobalsError::Custom(CustomError::TooMany(n)) => limit_error(format!(
            "At most {MAX_GLOBALS} globals per network; this change would leave {n}."
        )),
        GlobalsError::TooLarge(size) => limit_error(format!(
            "The globals of a network may take at most {MAX_GLOBALS_BYTES} bytes as JSON; \
             this change would leave {size}."
        )),
    })
}

fn limit_error(developer_message: String) -> ApiError {
    ApiError::new(
        codes::GLOBALS_LIMIT,
        "The platform settings are full.",
        developer_message,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn merge_follows_the_custom_field_rules_and_caps_the_size() {
        assert_eq!(
            merge(&json!({"a": 1, "b": 2}), &json!({"a": null, "c": [1]})).unwrap(),
            json!({"b": 2, "c": [1]})
        );
        let bad = merge(&json!({}), &json!({"bad key": 1})).unwrap_err();
        assert_eq!((bad.code, bad.status), (codes::BAD_REQUEST.number(), 400));
        let not_object = merge(&json!({}), &json!([1])).unwrap_err();
        assert_eq!(not_object.code, codes::BAD_REQUEST.number());
        let big = merge(&json!({}), &json!({"k": "x".repeat(MAX_GLOBALS_BYTES)})).unwrap_err();
        assert_eq!((big.code, big.status), (codes::GLOBALS_LIMIT.number(), 400));
        let many: serde_json::Map<String, Value> = (0..=MAX_GLOBALS)
            .map(|i| (format!("k{i}"), json!(i)))
            .collect();
        let err = merge(&json!({}), &Value::Object(many)).unwrap_err();
        assert_eq!(err.code, codes::GLOBALS_LIMIT.number());
    }
}
