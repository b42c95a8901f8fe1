//! Numbers in REST bodies (`docs/rest.md`, `docs/money.md`): the fields the reference
//! manual types `Integer` take a JSON integer or a digit string; money takes a decimal
//! string, or a JSON number read from its literal text as sent, never through a float.
//! Anything else is a 400 naming the field.

use std::collections::HashMap;

use serde_json::value::RawValue;
use serde_json::{Map, Value};

use super::route::Input;
use crate::domain::money::parse_money;
use crate::error::{ApiError, ApiResult};

/// Parses a JSON body that must be an object, with the literal text of each of its
/// top-level numbers by key (`serde_json`'s `Number` would hold `0.1` as a float).
pub fn parse_object(bytes: &[u8]) -> ApiResult<(Map<String, Value>, HashMap<String, String>)> {
    let body = match serde_json::from_slice::<Value>(bytes) {
        Ok(Value::Object(map)) => map,
        Ok(_) => return Err(ApiError::bad_request("The JSON body must be an object.")),
        Err(e) => {
            return Err(ApiError::bad_request(format!(
                "The body is not valid JSON: {e}."
            )));
        }
    };
    // The same text again, each value kept as written. A repeated key keeps its last
    // value here as in `body`, so both agree on which value counts.
    let raw: HashMap<String, &RawValue> = serde_json::from_slice(bytes)
        .map_err(|e| ApiError::bad_request(format!("The body is not valid JSON: {e}.")))?;
    let numbers = raw
        .into_iter()
        .filter(|(key, _)| matches!(body.get(key), Some(Value::Number(_))))
        .map(|(key, value)| (key, value.get().trim().to_owned()))
        .collect();
    Ok((body, numbers))
}

/// Reads the money `fields` of a body as decimal strings: a string as sent, a JSON number
/// by its literal text (`1250.5` is `"1250.5"`). Either must be a plain decimal
/// ([`parse_money`]: no exponent, at most 4 decimals); otherwise a 400 names the field.
pub fn money_fields(
    input: &Input,
    body: &mut Map<String, Value>,
    fields: &[&str],
) -> ApiResult<()> {
    for field in fields {
        let Some(value) = body.get_mut(*field) else {
            continue;
        };
        let text = match &*value {
            Value::Null => continue,
            Value::String(s) => s.clone(),
            // Only a number read from the request's own text has a literal; one built
            // otherwise is refused rather than printed from a float.
            Value::Number(_) => input.numbers.get(*field).cloned().ok_or_else(|| {
                ApiError::bad_request(format!(
                    "{field} could not be read exactly: send it as a string such as \"1250.50\"."
                ))
            })?,
            other => {
                return Err(ApiError::bad_request(format!(
                    "{field} must be a decimal amount such as \"1250.50\" or 1250.50, not {other}."
                )));
            }
        };
        parse_money(&text).map_err(|e| ApiError::bad_request(format!("{field}: {e}.")))?;
        *value = Value::String(text);
    }
    Ok(())
}

/// The whole number a field holds: a JSON integer or a digit string (`24` or `"24"`);
/// `None` for anything else (`24.5`, `"24.5"`, `"abc"`, `true`).
fn whole(value: &Value) -> Option<i64> {
    match value {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn not_whole(field: &str, value: &Value) -> ApiError {
    ApiError::bad_request(format!(
        "{field} must be a whole number such as 24 or \"24\", not {value}."
    ))
}

/// Whole-number `fields` (`term`) become JSON integers; anything else, or a number
/// beyond a 32-bit integer, is a 400 naming the field.
pub fn integer_fields(body: &mut Map<String, Value>, fields: &[&str]) -> ApiResult<()> {
    for field in fields {
        let Some(value) = body.get_mut(*field) else {
            continue;
        };
        if value.is_null() {
            continue;
        }
        let n = whole(value)
            .and_then(|n| i32::try_from(n).ok())
            .ok_or_else(|| not_whole(field, value))?;
        *value = Value::from(n);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn read(text: &str) -> (Input, Map<String, Value>) {
        let (body, numbers) = parse_object(text.as_bytes()).unwrap();
        let input = Input {
            body: body.clone(),
            numbers,
            ..Input::default()
        };
        (input, body)
    }

    #[test]
    fn money_numbers_keep_their_literal_text() {
        let (input, mut body) = read(
            r#"{ "a": 1250.5, "b": 0.1, "c": 12345678901234.5678, "d": "7.25", "e": null, "f": -3, "g": 10 }"#,
        );
        money_fields(&input, &mut body, &["a", "b", "c", "d", "e", "f", "absent"]).unwrap();
        assert_eq!(
            Value::Object(body),
            json!({ "a": "1250.5", "b": "0.1", "c": "12345678901234.5678", "d": "7.25",
                    "e": null, "f": "-3", "g": 10 })
        );
    }

    #[test]
    fn money_follows_the_rules_of_the_string_form() {
        for (text, field) in [
            (r#"{ "amount": 1e3 }"#, "amount"),
            (r#"{ "amount": 1.23456 }"#, "amount"),
            (r#"{ "amount": 1E+2 }"#, "amount"),
            (r#"{ "amount": 12345678901234567.5 }"#, "amount"),
            (r#"{ "amount": "1e3" }"#, "amount"),
            (r#"{ "amount": "1.23456" }"#, "amount"),
            (r#"{ "amount": true }"#, "amount"),
            (r#"{ "amount": [1] }"#, "amount"),
        ] {
            let (input, mut body) = read(text);
            let err = money_fields(&input, &mut body, &["amount"]).unwrap_err();
            assert_eq!(err.status, 400, "{text}");
            assert!(
                err.developer_message.contains(field),
                "{text}: {}",
                err.developer_message
            );
        }
        // A number not read from a request's text has no literal: refused, not guessed.
        let mut body = json!({ "amount": 0.1 }).as_object().cloned().unwrap();
        let err = money_fields(&Input::default(), &mut body, &["amount"]).unwrap_err();
        assert!(err.developer_message.contains("amount"));
    }

    #[test]
    fn integers_take_a_number_or_a_digit_string() {
        let mut body = json!({ "term": "24", "n": 10, "s": "7", "z": null });
        let map = body.as_object_mut().unwrap();
        integer_fields(map, &["term", "z", "absent"]).unwrap();
        assert_eq!(body, json!({ "term": 24, "n": 10, "s": "7", "z": null }));
        for bad in [
            json!("5.5"),
            json!(5.5),
            json!("abc"),
            json!(true),
            json!(4_000_000_000_i64),
        ] {
            let mut body = json!({ "term": bad.clone() });
            let map = body.as_object_mut().unwrap();
            let err = integer_fields(map, &["term"]).unwrap_err();
            assert!(err.developer_message.contains("term"), "{bad}");
        }
    }

    #[test]
    fn a_repeated_key_counts_once_the_same_way() {
        let (input, mut body) = read(r#"{ "amount": 1.5, "amount": 2.25 }"#);
        money_fields(&input, &mut body, &["amount"]).unwrap();
        assert_eq!(body["amount"], "2.25");
        let (input, mut body) = read(r#"{ "amount": 1.5, "amount": "3" }"#);
        assert!(input.numbers.is_empty());
        money_fields(&input, &mut body, &["amount"]).unwrap();
        assert_eq!(body["amount"], "3");
    }
}
