//! The list query syntax of the platform reference manual ("Filtering and Sorting",
//! "Pagination"; summed up in `docs/rest.md`), read into the GraphQL `ListArgs`:
//! `filter[attr][operator]=between&filter[attr][lower_value]=1&filter[attr][upper_value]=9`,
//! `filter[attr][operator]=in&filter[attr][value]=a,b`, `orderby=attr&sort=desc`,
//! `limit=20&page=40` (`page` is an offset).

use std::collections::BTreeMap;

use serde_json::{Value, json};

use crate::error::{ApiError, ApiResult};

#[derive(Default)]
struct FilterParts {
    operator: Option<String>,
    value: Option<String>,
    lower: Option<String>,
    upper: Option<String>,
}

/// Splits `filter[attr][part]` into `(attr, part)`.
fn filter_key(key: &str) -> Option<(&str, &str)> {
    let rest = key.strip_prefix("filter[")?;
    let (attr, rest) = rest.split_once("][")?;
    let part = rest.strip_suffix(']')?;
    Some((attr, part))
}

fn number(name: &str, raw: &str) -> ApiResult<i64> {
    raw.trim()
        .parse()
        .map_err(|_| ApiError::bad_request(format!("{name} must be a whole number, not {raw:?}.")))
}

/// Reads the list parameters of a query string into `ListArgs` JSON.
pub fn list_args(pairs: &[(String, String)]) -> ApiResult<Value> {
    let mut args = serde_json::Map::new();
    let mut filters: BTreeMap<String, FilterParts> = BTreeMap::new();
    for (key, value) in pairs {
        match key.as_str() {
            "limit" => {
                args.insert("limit".into(), json!(number("limit", value)?));
            }
            "page" | "offset" => {
                args.insert("offset".into(), json!(number("page", value)?));
            }
            "orderby" => {
                args.insert("orderBy".into(), json!(value));
            }
            "sort" => {
                let sort = match value.to_ascii_lowercase().as_str() {
                    "asc" => "ASC",
                    "desc" => "DESC",
                    _ => {
                        return Err(ApiError::bad_request(format!(
                            "sort must be asc or desc, not {value:?}."
                        )));
                    }
                };
                args.insert("sort".into(), json!(sort));
            }
            _ => {
                let Some((attr, part)) = filter_key(key) else {
                    if key.starts_with("filter") {
                        return Err(ApiError::bad_request(format!(
                            "{key:?} is not of the form filter[attribute][operator|value|lower_value|upper_value]."
                        )));
                    }
                    continue;
                };
                let entry = filters.entry(attr.to_owned()).or_default();
                let slot = match part {
                    "operator" => &mut entry.operator,
                    "value" => &mut entry.value,
                    "lower_value" => &mut entry.lower,
                    "upper_value" => &mut entry.upper,
                    other => {
                        return Err(ApiError::bad_request(format!(
                            "Unknown filter part {other:?} for {attr:?}: use operator, value, \
                             lower_value or upper_value."
                        )));
                    }
                };
                *slot = Some(value.clone());
            }
        }
    }
    let mut list = Vec::new();
    for (attr, parts) in filters {
        let operator = parts.operator.as_deref().unwrap_or("=");
        let (op, values) = match operator {
            "=" | "eq" => ("EQ", vec![required(&attr, "value", parts.value)?]),
            ">" | "gt" => ("GT", vec![required(&attr, "value", parts.value)?]),
            "<" | "lt" => ("LT", vec![required(&attr, "value", parts.value)?]),
            "in" => {
                let raw = required(&attr, "value", parts.value)?;
                ("IN", raw.split(',').map(|v| v.trim().to_owned()).collect())
            }
            "between" => (
                "BETWEEN",
                vec![
                    required(&attr, "lower_value", parts.lower)?,
                    required(&attr, "upper_value", parts.upper)?,
                ],
            ),
            other => {
                return Err(ApiError::bad_request(format!(
                    "Unknown filter operator {other:?} for {attr:?}; use =, in, >, < or between."
                )));
            }
        };
        list.push(json!({ "attribute": attr, "operator": op, "values": values }));
    }
    if !list.is_empty() {
        args.insert("filters".into(), Value::Array(list));
    }
    Ok(Value::Object(args))
}

fn required(attr: &str, part: &str, value: Option<String>) -> ApiResult<String> {
    value.ok_or_else(|| ApiError::bad_request(format!("filter[{attr}][{part}] is missing.")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(q: &str) -> Vec<(String, String)> {
        url::form_urlencoded::parse(q.as_bytes())
            .into_owned()
            .collect()
    }

    #[test]
    fn the_documented_syntax_is_read() {
        let q = "filter%5Bfunding_goal%5D%5Boperator%5D=between&filter[funding_goal][lower_value]=100\
                 &filter[funding_goal][upper_value]=900&filter[life_cycle_stage][operator]=in\
                 &filter[life_cycle_stage][value]=5,7,8&filter[is_featured][value]=1\
                 &orderby=name&sort=DESC&limit=20&page=40&unrelated=x";
        assert_eq!(
            list_args(&pairs(q)).unwrap(),
            json!({
                "limit": 20, "offset": 40, "orderBy": "name", "sort": "DESC",
                "filters": [
                    { "attribute": "funding_goal", "operator": "BETWEEN", "values": ["100", "900"] },
                    { "attribute": "is_featured", "operator": "EQ", "values": ["1"] },
                    { "attribute": "life_cycle_stage", "operator": "IN", "values": ["5", "7", "8"] },
                ],
            })
        );
    }

    #[test]
    fn malformed_list_parameters_are_refused_with_their_name() {
        let cases = [
            ("limit=ten", "limit"),
            ("page=-x", "page"),
            ("sort=up", "sort"),
            ("filter[a][operator]=like&filter[a][value]=x", "like"),
            (
                "filter[a][operator]=between&filter[a][lower_value]=1",
                "upper_value",
            ),
            ("filter[a][what]=1", "what"),
            ("filter[a]=1", "filter[a]"),
            ("filter[a][operator]=in", "value"),
        ];
        for (q, word) in cases {
            let err = list_args(&pairs(q)).unwrap_err();
            assert_eq!(err.status, 400, "{q}");
            assert!(
                err.developer_message.contains(word),
                "{q}: {}",
                err.developer_message
            );
        }
    }
}
