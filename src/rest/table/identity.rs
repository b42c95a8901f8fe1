//! Variables of the Public, Self and Users identity routes.

use serde_json::{Value, json};

use crate::error::ApiResult;
use crate::rest::convert::EnumKind;
use crate::rest::numbers::{integer_fields, money_fields};
use crate::rest::route::{Input, body_to_input};

const USER_ENUMS: &[(&str, EnumKind)] = &[("visibility", EnumKind::Visibility)];

pub(super) fn patch_self_vars(input: &Input) -> ApiResult<Value> {
    let fields = body_to_input(&input.body, USER_ENUMS, &["timezone"])?;
    let mut fields = fields;
    // The reference manual calls the time zone `timezone` in requests and `time_zone` in
    // responses.
    if let Some(tz) = input.body.get("timezone") {
        fields.insert("timeZone".into(), tz.clone());
    }
    Ok(json!({ "input": fields }))
}

pub(super) fn register_vars(input: &Input) -> ApiResult<Value> {
    let mut fields = body_to_input(&input.body, USER_ENUMS, &["timezone"])?;
    if let Some(tz) = input.body.get("timezone") {
        fields.insert("timeZone".into(), tz.clone());
    }
    for required in ["email", "password", "url"] {
        fields
            .entry(required)
            .or_insert_with(|| Value::String(String::new()));
    }
    Ok(json!({ "input": fields }))
}

pub(super) fn block_self_vars(input: &Input) -> ApiResult<Value> {
    Ok(json!({
        "userMessage": input.body_str("user_message")?,
        "description": input.body_str("description")?,
        "expirationDate": input.body_str("expiration_date")?,
    }))
}

pub(super) fn change_password_vars(input: &Input) -> ApiResult<Value> {
    // The reference manual names the current password `password` in the table and
    // `current_password` in the sample body: both are accepted.
    let current = match input.body_str("current_password")? {
        Some(current) => current,
        None => input.body_str_or_empty("password")?,
    };
    Ok(json!({
        "current": current,
        "new": input.body_str_or_empty("new_password")?,
        "confirm": input.body_str_or_empty("new_password_confirm")?,
    }))
}

pub(super) fn user_id_var(input: &Input) -> ApiResult<Value> {
    Ok(json!({ "id": input.path("user_id")? }))
}

pub(super) fn verify_email_vars(input: &Input) -> ApiResult<Value> {
    Ok(json!({
        "userId": input.body_str_or_empty("user_id")?,
        "secret": input.body_str_or_empty("secret")?,
    }))
}

pub(super) fn forgot_password_vars(input: &Input) -> ApiResult<Value> {
    Ok(json!({
        "email": input.body_str_or_empty("email")?,
        "url": input.body_str_or_empty("url")?,
    }))
}

pub(super) fn reset_password_vars(input: &Input) -> ApiResult<Value> {
    Ok(json!({
        "userId": input.body_str_or_empty("user_id")?,
        "secret": input.body_str_or_empty("secret")?,
        "password": input.body_str_or_empty("password")?,
        "passwordConfirm": input.body_str_or_empty("password_confirm")?,
    }))
}

pub(super) fn newsletter_vars(input: &Input) -> ApiResult<Value> {
    Ok(json!({ "email": input.body_str_or_empty("email")? }))
}

pub(super) fn resend_verification_vars(input: &Input) -> ApiResult<Value> {
    Ok(json!({
        "url": input.body_str_or_empty("url")?,
        "email": input.body_str("email")?,
    }))
}

pub(super) fn change_email_vars(input: &Input) -> ApiResult<Value> {
    Ok(json!({
        "newEmail": input.body_str_or_empty("new_email")?,
        "newEmailConfirm": input.body_str_or_empty("new_email_confirm")?,
        "url": input.body_str_or_empty("verify_email_url")?,
    }))
}

pub(super) fn invitation_vars(input: &Input) -> ApiResult<Value> {
    let mut fields = body_to_input(&input.body, &[], &[])?;
    for required in ["email", "url"] {
        fields
            .entry(required)
            .or_insert_with(|| Value::String(String::new()));
    }
    Ok(json!({ "input": fields }))
}

pub(super) fn invitation_id_var(input: &Input) -> ApiResult<Value> {
    Ok(json!({ "id": input.path("invitation_id")? }))
}

pub(super) fn application_vars(input: &Input) -> ApiResult<Value> {
    // Amounts are decimal strings or exactly read numbers (never through a float); the
    // share count and term are whole numbers.
    let mut body = input.body.clone();
    money_fields(
        input,
        &mut body,
        &[
            "funding_goal",
            "investment_amount",
            "interest_rate",
            "price_per_share",
        ],
    )?;
    money_fields(input, &mut body, &["number_of_shares"])?;
    integer_fields(&mut body, &["term"])?;
    let mut fields = body_to_input(
        &body,
        &[("life_cycle_stage", EnumKind::ApplicationStage)],
        &["offering", "organization"],
    )?;
    // The reference manual names the links `offering` and `organization`.
    for (rest, graphql) in [
        ("offering", "offeringId"),
        ("organization", "organizationId"),
    ] {
        if let Some(id) = input.body_str(rest)? {
            fields.insert(graphql.into(), Value::String(id));
        }
    }
    Ok(json!({ "input": fields }))
}
