//! Variables of the share registry routes (`docs/registry.md`, "Reading the registry",
//! names the operation of each route). Their answers carry `capitalization_type`,
//! `life_cycle_stage` and a change's `change_kind` as integer codes, share counts and
//! prices as decimal strings.

use serde_json::{Map, Value, json};

use crate::error::{ApiError, ApiResult};
use crate::rest::convert::EnumKind;
use crate::rest::route::{Input, body_to_input, list_vars};

pub(super) fn capitalization_id_var(input: &Input) -> ApiResult<Value> {
    Ok(json!({ "id": input.path("capitalization_id")? }))
}

pub(super) fn capitalization_changelog_vars(input: &Input) -> ApiResult<Value> {
    let mut vars = list_vars(input)?;
    vars["capitalizationId"] = json!(input.path("capitalization_id")?);
    Ok(vars)
}

const CAPITALIZATION_ENUMS: &[(&str, EnumKind)] = &[
    ("capitalization_type", EnumKind::CapitalizationType),
    ("life_cycle_stage", EnumKind::CapitalizationStage),
];

/// The figures of a capitalization's body: decimal strings, or JSON numbers read from
/// their literal text (never through a float).
const CAPITALIZATION_FIGURES: &[&str] = &[
    "number_of_shares",
    "price_per_share",
    "service_charge",
    "transaction_cost",
];

/// A capitalization's fields from the body (`CapitalizationInput`): ids and figures as
/// the manual writes them, strings (e.g. `"owner_id": "1098"`, `"life_cycle_stage": "1"`).
fn capitalization_input(input: &Input) -> ApiResult<Map<String, Value>> {
    let mut body = input.body.clone();
    for field in CAPITALIZATION_FIGURES {
        if let Some(Value::Number(n)) = body.get(*field) {
            let text = input.numbers.get(*field).cloned().unwrap_or(n.to_string());
            body.insert((*field).to_owned(), Value::String(text));
        }
    }
    body_to_input(&body, CAPITALIZATION_ENUMS, &["organization_id"])
}

pub(super) fn create_capitalization_vars(input: &Input) -> ApiResult<Value> {
    Ok(json!({
        "organizationId": input.path("organization_id")?,
        "input": capitalization_input(input)?,
    }))
}

pub(super) fn update_capitalization_vars(input: &Input) -> ApiResult<Value> {
    Ok(json!({
        "id": input.path("capitalization_id")?,
        "input": capitalization_input(input)?,
    }))
}

/// `capitalization_ids`: a JSON array of ids, or a string holding one (`"[100, 101]"`, as
/// the manual prints it).
pub(super) fn merge_capitalizations_vars(input: &Input) -> ApiResult<Value> {
    let bad = || ApiError::bad_request("capitalization_ids must be an array of ids.");
    let ids = match input.body.get("capitalization_ids") {
        Some(Value::Array(ids)) => ids.clone(),
        Some(Value::String(text)) => match serde_json::from_str(text) {
            Ok(Value::Array(ids)) => ids,
            _ => return Err(bad()),
        },
        _ => return Err(bad()),
    };
    let ids = ids
        .into_iter()
        .map(|id| match id {
            Value::String(s) => Ok(Value::String(s)),
            Value::Number(n) => Ok(Value::String(n.to_string())),
            _ => Err(bad()),
        })
        .collect::<ApiResult<Vec<_>>>()?;
    Ok(json!({ "id": input.path("capitalization_id")?, "otherIds": ids }))
}
