//! One REST route: its method and path, the GraphQL document it runs, how the request
//! becomes variables and how the result becomes the documented `data`.

use std::collections::HashMap;

use async_graphql::Value as ConstValue;
use axum::http::Method;
use serde_json::{Map, Value, json};

use super::convert::{EnumKind, snake_to_camel, to_rest};
use super::document::Document;
use super::query;
use crate::error::{ApiError, ApiResult};

/// What a route receives, already parsed.
#[derive(Debug, Default)]
pub struct Input {
    /// Path parameters (`{offering_id}` → `offering_id`), the network excluded.
    pub path: HashMap<String, String>,
    /// Query-string pairs, in order.
    pub query: Vec<(String, String)>,
    /// The JSON body (an object; empty when none was sent).
    pub body: Map<String, Value>,
    /// The literal text of each top-level JSON number of the body, by key: money is read
    /// from it, never through a float ([`super::numbers`]).
    pub numbers: HashMap<String, String>,
}

impl Input {
    /// A path parameter (always present: the router matched it).
    pub fn path(&self, name: &str) -> ApiResult<&str> {
        self.path
            .get(name)
            .map(String::as_str)
            .ok_or_else(|| ApiError::bad_request(format!("Path parameter {name} is missing.")))
    }

    /// A body field as a string, if present and not null.
    pub fn body_str(&self, name: &str) -> ApiResult<Option<String>> {
        match self.body.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(Value::Number(n)) => Ok(Some(n.to_string())),
            Some(_) => Err(ApiError::bad_request(format!("{name} must be a string."))),
        }
    }

    /// A body field as a string, or `""` when absent (documented "Parameter missing"
    /// exceptions are raised by the operation, which treats `""` as missing).
    pub fn body_str_or_empty(&self, name: &str) -> ApiResult<String> {
        Ok(self.body_str(name)?.unwrap_or_default())
    }
}

/// Builds the variables of a route from its input.
pub type VarsFn = fn(&Input) -> ApiResult<Value>;

/// How the GraphQL result becomes the route's `data`.
#[derive(Debug, Clone, Copy)]
pub enum Output {
    /// The root field's value, renamed (`{offset, limit, count, list}` for pages).
    Field(&'static str),
    /// `{ key: <root field's value> }`, e.g. `{"user": …}`.
    Wrap(&'static str, &'static str),
    /// `{ key: <value at this dotted path> }`, e.g. the id of what was created.
    Pick(&'static str, &'static str),
    /// `{"token": …, "network": …}` of GET /authenticate.
    Token(&'static str),
    /// `{"user_id": …, "token": …}` of a mutation returning a new session.
    Session(&'static str),
    /// `{ first: <id of the list's first object>, all: [<each object's id>] }`, for a
    /// mutation returning a list of what it created (`{"payout_id": …, "payout_ids": […]}`).
    Ids(&'static str, &'static str, &'static str),
    /// `{ key: <this path parameter> }`, for answers that name what the request named
    /// (`{"org_member_id deleted": user_id}`).
    Param(&'static str, &'static str),
    /// `[]`, whatever the operation returned (`POST /organizations/{id}/members/{user_id}`).
    EmptyList,
    /// `{ key: null }`: the documented key of an answer that must not identify anyone
    /// (`{"user_id": null}` of POST /public/forgotPassword).
    Withheld(&'static str),
}

impl Output {
    /// Applies the mapping to the GraphQL `data` object; `path` holds the request's path
    /// parameters.
    pub fn apply(
        self,
        mut data: ConstValue,
        network: &str,
        path: &HashMap<String, String>,
    ) -> Value {
        // Moves the value at a dotted path out of `data` (each path is read once).
        let mut at = |path: &str| {
            let mut value = &mut data;
            for key in path.split('.') {
                match value {
                    ConstValue::Object(map) => match map.get_mut(key) {
                        Some(v) => value = v,
                        None => return Value::Null,
                    },
                    _ => return Value::Null,
                }
            }
            to_rest(std::mem::take(value))
        };
        match self {
            Output::Field(field) => at(field),
            Output::Wrap(field, key) => json!({ key: at(field) }),
            Output::Pick(path, key) => json!({ key: at(path) }),
            Output::Token(field) => json!({
                "token": at(&format!("{field}.token")),
                "network": network,
            }),
            Output::Session(field) => json!({
                "user_id": at(&format!("{field}.user.id")),
                "token": at(&format!("{field}.token")),
            }),
            Output::Ids(field, first, all) => {
                let ids: Vec<Value> = match at(field) {
                    Value::Array(items) => items
                        .into_iter()
                        .map(|mut item| item.get_mut("id").map(Value::take).unwrap_or_default())
                        .collect(),
                    _ => Vec::new(),
                };
                json!({ first: ids.first().cloned().unwrap_or_default(), all: ids })
            }
            Output::Param(name, key) => json!({ key: path.get(name) }),
            Output::EmptyList => json!([]),
            Output::Withheld(key) => json!({ key: Value::Null }),
        }
    }
}

/// A documented route.
pub struct Route {
    /// HTTP method.
    pub method: Method,
    /// Path after `/v1/{network}`, with `{param}` segments as in the reference manual.
    pub path: &'static str,
    /// One line for the OpenAPI document.
    pub summary: &'static str,
    /// The GraphQL document run for it, fragments included; `None` for routes of
    /// integrations that are not enabled (they answer 501).
    pub document: Option<Document>,
    /// Request → variables.
    pub vars: VarsFn,
    /// Result → `data`.
    pub output: Output,
}

/// No variables.
pub fn no_vars(_: &Input) -> ApiResult<Value> {
    Ok(json!({}))
}

/// The list query syntax of the reference manual as `{"args": ListArgs}`.
pub fn list_vars(input: &Input) -> ApiResult<Value> {
    Ok(json!({ "args": query::list_args(&input.query)? }))
}

/// Copies body fields into a GraphQL input object: keys to camelCase, integer codes of
/// the named enum fields to enum names, everything else as sent (GraphQL checks types and
/// names the field when one is wrong). `skip` lists fields handled elsewhere.
pub fn body_to_input(
    body: &Map<String, Value>,
    enums: &[(&str, EnumKind)],
    skip: &[&str],
) -> ApiResult<Map<String, Value>> {
    let mut out = Map::new();
    for (key, value) in body {
        if skip.contains(&key.as_str()) {
            continue;
        }
        let value = match enums.iter().find(|(name, _)| name == key) {
            Some((_, kind)) => enum_value(key, *kind, value)?,
            None => value.clone(),
        };
        out.insert(snake_to_camel(key), snake_keys_to_camel(value));
    }
    Ok(out)
}

/// Reads the reference manual's `Boolean (1 or 0)` fields: `true`/`false`, `1`/`0`,
/// `"1"`/`"0"` and `"true"`/`"false"` become JSON booleans; anything else is a 400 naming
/// the field.
pub fn coerce_booleans(body: &mut Map<String, Value>, fields: &[&str]) -> ApiResult<()> {
    for field in fields {
        let Some(value) = body.get_mut(*field) else {
            continue;
        };
        let flag = match &*value {
            Value::Null | Value::Bool(_) => continue,
            Value::Number(n) => match n.as_i64() {
                Some(1) => Some(true),
                Some(0) => Some(false),
                _ => None,
            },
            Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
                "1" | "true" => Some(true),
                "0" | "false" => Some(false),
                _ => None,
            },
            _ => None,
        };
        match flag {
            Some(flag) => *value = Value::Bool(flag),
            None => {
                return Err(ApiError::bad_request(format!(
                    "{field} must be 1 or 0 (or true or false), not {value}."
                )));
            }
        }
    }
    Ok(())
}

fn enum_value(key: &str, kind: EnumKind, value: &Value) -> ApiResult<Value> {
    let code = match value {
        Value::Null => return Ok(Value::Null),
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse::<i64>().ok(),
        _ => None,
    };
    code.and_then(|c| i16::try_from(c).ok())
        .and_then(|c| kind.name(c))
        .map(|name| Value::String(name.to_owned()))
        .ok_or_else(|| ApiError::bad_request(format!("{key} has no value {value}.")))
}

// Nested objects (addresses, bank accounts) are written in snake_case too.
fn snake_keys_to_camel(value: Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| (snake_to_camel(&k), snake_keys_to_camel(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(snake_keys_to_camel).collect()),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_fields_become_graphql_input() {
        let body = json!({
            "given_name": "Ann", "visibility": 2, "phone_1": "123",
            "address": { "street_address": "1 Road", "country": "GB" },
            "url": "https://x.example",
        });
        let out = body_to_input(
            body.as_object().unwrap(),
            &[("visibility", EnumKind::Visibility)],
            &["url"],
        )
        .unwrap();
        assert_eq!(
            Value::Object(out),
            json!({
                "givenName": "Ann", "visibility": "ANONYMOUS", "phone1": "123",
                "address": { "streetAddress": "1 Road", "country": "GB" },
            })
        );
        let bad = json!({ "visibility": 7 });
        let err = body_to_input(
            bad.as_object().unwrap(),
            &[("visibility", EnumKind::Visibility)],
            &[],
        )
        .unwrap_err();
        assert!(err.developer_message.contains("visibility"));
    }

    #[test]
    fn booleans_are_read_as_the_sdks_send_them() {
        let mut body = json!({ "a": "1", "b": 0, "c": "true", "d": false, "e": null });
        let map = body.as_object_mut().unwrap();
        coerce_booleans(map, &["a", "b", "c", "d", "e", "absent"]).unwrap();
        assert_eq!(
            body,
            json!({ "a": true, "b": false, "c": true, "d": false, "e": null })
        );
        let mut bad = json!({ "is_featured": "yes" });
        let map = bad.as_object_mut().unwrap();
        let err = coerce_booleans(map, &["is_featured"]).unwrap_err();
        assert!(err.developer_message.contains("is_featured"));
    }

    #[test]
    fn outputs_take_the_documented_shape() {
        let data = ConstValue::from_json(json!({
            "me": { "__typename": "User", "givenName": "A", "visibility": "HIDDEN" },
            "register": { "user": { "id": "u1" } },
            "authenticate": { "token": "cg_x" },
        }))
        .unwrap();
        let path = HashMap::new();
        assert_eq!(
            Output::Wrap("me", "user").apply(data.clone(), "demo", &path),
            json!({ "user": { "given_name": "A", "visibility": 1 } })
        );
        assert_eq!(
            Output::Pick("register.user.id", "user_id").apply(data.clone(), "demo", &path),
            json!({ "user_id": "u1" })
        );
        assert_eq!(
            Output::Token("authenticate").apply(data.clone(), "demo", &path),
            json!({ "token": "cg_x", "network": "demo" })
        );
        let path = HashMap::from([("user_id".to_owned(), "u2".to_owned())]);
        assert_eq!(
            Output::Param("user_id", "org_member_id deleted").apply(data.clone(), "demo", &path),
            json!({ "org_member_id deleted": "u2" })
        );
        assert_eq!(Output::EmptyList.apply(data, "demo", &path), json!([]));
    }
}
