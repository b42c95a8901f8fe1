//! Custom fields (`docs/product.md`): a JSON object of name to value per object, at most
//! [`MAX_CUSTOM_FIELDS`] names; and a network's globals, which follow the same rules with
//! a size cap (`docs/outreach.md`).

use serde_json::{Map, Value};

/// Most custom fields one object may hold.
pub const MAX_CUSTOM_FIELDS: usize = 100;

/// Why a custom-field change was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CustomError {
    /// The change is not a JSON object.
    NotAnObject,
    /// A name is empty, too long, or has characters other than letters, digits, `_`, `-`.
    BadName(String),
    /// The merge would leave more than [`MAX_CUSTOM_FIELDS`] fields.
    TooMany(usize),
}

/// Merges `changes` into `current`: each name is set to its new value, a `null` value
/// removes the name. Names must be 1-64 of `[A-Za-z0-9_-]` (they become filter attributes
/// `custom__name` in lists).
pub fn merge(current: &Value, changes: &Value) -> Result<Value, CustomError> {
    let changes = changes.as_object().ok_or(CustomError::NotAnObject)?;
    let mut merged: Map<String, Value> = current.as_object().cloned().unwrap_or_default();
    for (name, value) in changes {
        if !valid_name(name) {
            return Err(CustomError::BadName(name.chars().take(80).collect()));
        }
        if value.is_null() {
            merged.remove(name);
        } else {
            merged.insert(name.clone(), value.clone());
        }
    }
    if merged.len() > MAX_CUSTOM_FIELDS {
        return Err(CustomError::TooMany(merged.len()));
    }
    Ok(Value::Object(merged))
}

/// Whether `name` may name a custom field.
pub fn valid_name(name: &str) -> bool {
    (1..=64).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// Largest size of one network's globals, serialized as JSON: every public request may
/// read them, so they stay small.
pub const MAX_GLOBALS_BYTES: usize = 64 * 1024;

/// Why a change of a network's globals was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GlobalsError {
    /// The change breaks a custom-field rule (globals are custom fields of the network).
    Custom(CustomError),
    /// The merged globals would take this many bytes as JSON, more than
    /// [`MAX_GLOBALS_BYTES`].
    TooLarge(usize),
}

/// The globals after merging `changes` into `current` (as [`merge`]), at most
/// [`MAX_GLOBALS_BYTES`] as JSON.
pub fn merge_globals(current: &Value, changes: &Value) -> Result<Value, GlobalsError> {
    let merged = merge(current, changes).map_err(GlobalsError::Custom)?;
    let size = merged.to_string().len();
    if size > MAX_GLOBALS_BYTES {
        return Err(GlobalsError::TooLarge(size));
    }
    Ok(merged)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn merge_sets_replaces_and_removes() {
        let cases = [
            (json!({}), json!({"a": 1}), Ok(json!({"a": 1}))),
            (
                json!({"a": 1, "b": 2}),
                json!({"a": 3}),
                Ok(json!({"a": 3, "b": 2})),
            ),
            (
                json!({"a": 1, "b": 2}),
                json!({"a": null}),
                Ok(json!({"b": 2})),
            ),
            (
                json!({"a": 1}),
                json!({"zz": {"nested": true}}),
                Ok(json!({"a": 1, "zz": {"nested": true}})),
            ),
            (json!({}), json!([1]), Err(CustomError::NotAnObject)),
            (
                json!({}),
                json!({"bad name": 1}),
                Err(CustomError::BadName("bad name".into())),
            ),
            (
                json!({}),
                json!({"": 1}),
                Err(CustomError::BadName(String::new())),
            ),
        ];
        for (current, changes, want) in cases {
            assert_eq!(merge(&current, &changes), want, "{current} + {changes}");
        }
    }

    #[test]
    fn at_most_one_hundred_fields() {
        let hundred: Map<String, Value> = (0..100).map(|i| (format!("f{i}"), json!(i))).collect();
        let current = Value::Object(hundred);
        // Replacing and removing stay within the limit.
        assert!(merge(&current, &json!({"f1": "x", "f2": null})).is_ok());
        // One more name is refused.
        assert_eq!(
            merge(&current, &json!({"f100": 1})),
            Err(CustomError::TooMany(101))
        );
        // Removing one makes room for one.
        assert!(merge(&current, &json!({"f0": null, "f100": 1})).is_ok());
    }

    #[test]
    fn globals_follow_the_custom_field_rules_and_cap_the_size() {
        assert_eq!(
            merge_globals(&json!({"a": 1, "b": 2}), &json!({"a": null, "c": [1]})),
            Ok(json!({"b": 2, "c": [1]}))
        );
        assert_eq!(
            merge_globals(&json!({}), &json!({"bad key": 1})),
            Err(GlobalsError::Custom(CustomError::BadName("bad key".into())))
        );
        assert_eq!(
            merge_globals(&json!({}), &json!([1])),
            Err(GlobalsError::Custom(CustomError::NotAnObject))
        );
        let big = json!({"k": "x".repeat(MAX_GLOBALS_BYTES)});
        assert_eq!(
            merge_globals(&json!({}), &big),
            Err(GlobalsError::TooLarge(MAX_GLOBALS_BYTES + 8))
        );
        let many: Map<String, Value> = (0..=MAX_CUSTOM_FIELDS)
            .map(|i| (format!("k{i}"), json!(i)))
            .collect();
        assert_eq!(
            merge_globals(&json!({}), &Value::Object(many)),
            Err(GlobalsError::Custom(CustomError::TooMany(101)))
        );
    }
}
