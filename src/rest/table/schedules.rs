//! Variables of the two `generatePaymentSchedule` routes (docs/money.md, "Generating a
//! schedule through the API"). The body holds exactly one of `payouts`, the reference
//! manual's list of payouts (each read like the body of POST …/payouts), and `schedule`,
//! the terms of a computed schedule in snake_case. Amounts inside either are decimal
//! strings: only the body's top-level numbers keep their literal text.

use std::collections::HashMap;

use serde_json::{Map, Value, json};

use super::payouts::payout_input;
use crate::domain::payout::type_of_code;
use crate::error::{ApiError, ApiResult, codes};
use crate::graphql::money::payout_input::payout_error;
use crate::rest::convert::EnumKind;
use crate::rest::numbers::money_fields;
use crate::rest::route::{Input, body_to_input};

/// The `Money` fields of the terms.
const TERMS_MONEY: &[&str] = &["principal", "annual_rate"];

/// The terms' fields whose values are GraphQL enum names, sent in any case.
const TERMS_NAMES: &[&str] = &["frequency", "method", "interest", "day_count"];

pub(super) fn investment_schedule_vars(input: &Input) -> ApiResult<Value> {
    let mut vars = schedule_vars(input)?;
    vars["investmentId"] = json!(input.path("investment_id")?);
    Ok(vars)
}

pub(super) fn offering_schedule_vars(input: &Input) -> ApiResult<Value> {
    let mut vars = schedule_vars(input)?;
    vars["offeringId"] = json!(input.path("offering_id")?);
    Ok(vars)
}

/// `payouts` or `schedule` from the body; which of them is given (one exactly) is the
/// mutation's to check.
fn schedule_vars(input: &Input) -> ApiResult<Value> {
    let mut vars = Map::new();
    match input.body.get("payouts") {
        None | Some(Value::Null) => {}
        Some(Value::Array(items)) => {
            let items = items
                .iter()
                .enumerate()
                .map(|(i, item)| listed(item).map_err(|e| at_item(e, i)))
                .collect::<ApiResult<Vec<_>>>()?;
            vars.insert("payouts".into(), Value::Array(items));
        }
        Some(_) => return Err(ApiError::bad_request("payouts must be a list of payouts.")),
    }
    match input.body.get("schedule") {
        None | Some(Value::Null) => {}
        Some(Value::Object(terms)) => {
            vars.insert("schedule".into(), Value::Object(schedule(terms)?));
        }
        Some(_) => {
            return Err(ApiError::bad_request(
                "schedule must be an object of the schedule's terms.",
            ));
        }
    }
    Ok(Value::Object(vars))
}

/// A body of its own, without path, query or literal numbers.
fn nested(body: Map<String, Value>) -> Input {
    Input {
        path: HashMap::new(),
        query: Vec::new(),
        body,
        numbers: HashMap::new(),
    }
}

fn listed(item: &Value) -> ApiResult<Value> {
    let Value::Object(body) = item else {
        return Err(ApiError::bad_request("Each payout must be an object."));
    };
    payout_input(&nested(body.clone())).map(Value::Object)
}

fn at_item(mut e: ApiError, i: usize) -> ApiError {
    e.developer_message = format!("payouts[{i}]: {}", e.developer_message).into();
    e
}

fn schedule(terms: &Map<String, Value>) -> ApiResult<Map<String, Value>> {
    let mut body = terms.clone();
    if let Some(value) = body.get("payout_type").filter(|v| !v.is_null()) {
        type_of_code(value).map_err(payout_error)?;
    }
    money_fields(&nested(Map::new()), &mut body, TERMS_MONEY).map_err(|e| {
        ApiError::new(
            codes::SCHEDULE_TERMS_INVALID,
            "The schedule's terms are not valid.",
            e.developer_message,
        )
    })?;
    for field in TERMS_NAMES {
        if let Some(Value::String(name)) = body.get_mut(*field) {
            let upper = name.trim().to_ascii_uppercase();
            // `30_360` is the usual name of the day count; GraphQL spells it out.
            *name = if upper == "30_360" {
                "THIRTY_360".to_owned()
            } else {
                upper
            };
        }
    }
    body_to_input(&body, &[("payout_type", EnumKind::PayoutType)], &[])
}
