//! Variables of the wallet and transaction routes (docs/money.md names the operation of
//! each route).

use serde_json::{Map, Value, json};

use crate::error::ApiResult;
use crate::rest::convert::EnumKind;
use crate::rest::numbers::{integer_fields, money_fields};
use crate::rest::route::{Input, body_to_input};

const TRANSACTION_ENUMS: &[(&str, EnumKind)] = &[("payment_status", EnumKind::PaymentStatus)];

/// The `Money` fields of a transaction: decimal strings, or JSON numbers read from their
/// literal text.
const TRANSACTION_MONEY: &[&str] = &["transaction_amount", "original_transaction_amount"];

/// The manual's `Integer` fields of a transaction: a JSON integer or a digit string.
const TRANSACTION_INTEGERS: &[&str] = &["payment_service"];

/// A transaction's fields from the body (`TransactionInput`, `TransactionUpdateInput`).
fn transaction_input(input: &Input) -> ApiResult<Map<String, Value>> {
    let mut body = input.body.clone();
    money_fields(input, &mut body, TRANSACTION_MONEY)?;
    integer_fields(&mut body, TRANSACTION_INTEGERS)?;
    body_to_input(&body, TRANSACTION_ENUMS, &[])
}

pub(super) fn create_wallet_vars(input: &Input) -> ApiResult<Value> {
    Ok(json!({ "currency": input.body_str("currency")? }))
}

pub(super) fn wallet_id_var(input: &Input) -> ApiResult<Value> {
    Ok(json!({ "id": input.path("wallet_id")? }))
}

pub(super) fn transaction_id_var(input: &Input) -> ApiResult<Value> {
    Ok(json!({ "id": input.path("transaction_id")? }))
}

pub(super) fn create_transaction_vars(input: &Input) -> ApiResult<Value> {
    Ok(json!({
        "walletId": input.path("wallet_id")?,
        "input": transaction_input(input)?,
    }))
}

pub(super) fn update_transaction_vars(input: &Input) -> ApiResult<Value> {
    Ok(json!({
        "id": input.path("transaction_id")?,
        "input": transaction_input(input)?,
    }))
}
