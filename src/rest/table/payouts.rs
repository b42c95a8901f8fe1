//! Variables of the payout routes (docs/money.md, "Payouts", names the operation of each
//! route). The body's `payout_type` is an integer code and its amounts decimal strings
//! (or JSON numbers read from their literal text); either wrong is refused with the
//! payout's own code before anything runs.

use serde_json::{Map, Value, json};

use crate::domain::payout::type_of_code;
use crate::error::{ApiError, ApiResult, codes};
use crate::graphql::money::payout_input::payout_error;
use crate::rest::convert::EnumKind;
use crate::rest::numbers::money_fields;
use crate::rest::route::{Input, body_to_input, list_vars};

const PAYOUT_ENUMS: &[(&str, EnumKind)] = &[("payout_type", EnumKind::PayoutType)];

/// The `Money` fields of a payout.
const PAYOUT_MONEY: &[&str] = &[
    "payout_amount",
    "minimum_payment",
    "late_fee",
    "charge_offs",
    "net_recoveries",
    "service_charge",
    "net_annualized_return",
];

/// Body fields the path decides: what the payout is attached to (the manual's sample
/// body repeats `investment_id`).
const PATH_FIELDS: &[&str] = &["investment_id", "offering_id"];

/// A payout's fields from the body (`PayoutInput`, `PayoutUpdateInput`).
pub(super) fn payout_input(input: &Input) -> ApiResult<Map<String, Value>> {
    let mut body = input.body.clone();
    if let Some(value) = body.get("payout_type").filter(|v| !v.is_null()) {
        type_of_code(value).map_err(payout_error)?;
    }
    money_fields(input, &mut body, PAYOUT_MONEY).map_err(|e| {
        ApiError::new(
            codes::PAYOUT_AMOUNT_INVALID,
            "Payout amounts must be at least 0 with at most 4 decimal places.",
            e.developer_message,
        )
    })?;
    body_to_input(&body, PAYOUT_ENUMS, PATH_FIELDS)
}

pub(super) fn payout_id_var(input: &Input) -> ApiResult<Value> {
    Ok(json!({ "id": input.path("payout_id")? }))
}

pub(super) fn investment_payouts_vars(input: &Input) -> ApiResult<Value> {
    let mut vars = list_vars(input)?;
    vars["investmentId"] = json!(input.path("investment_id")?);
    Ok(vars)
}

pub(super) fn payout_transactions_vars(input: &Input) -> ApiResult<Value> {
    let mut vars = list_vars(input)?;
    vars["payoutId"] = json!(input.path("payout_id")?);
    Ok(vars)
}

pub(super) fn create_investment_payout_vars(input: &Input) -> ApiResult<Value> {
    Ok(json!({
        "investmentId": input.path("investment_id")?,
        "input": payout_input(input)?,
    }))
}

pub(super) fn create_offering_payout_vars(input: &Input) -> ApiResult<Value> {
    Ok(json!({
        "offeringId": input.path("offering_id")?,
        "input": payout_input(input)?,
    }))
}

pub(super) fn update_payout_vars(input: &Input) -> ApiResult<Value> {
    Ok(json!({
        "id": input.path("payout_id")?,
        "input": payout_input(input)?,
    }))
}
