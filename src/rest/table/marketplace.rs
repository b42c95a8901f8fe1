//! Variables of the marketplace routes: organizations, offerings, investments and
//! bulletins (docs/marketplace.md names the operation of each route).

use serde_json::{Map, Value, json};

use crate::error::ApiResult;
use crate::rest::convert::EnumKind;
use crate::rest::numbers::{integer_fields, money_fields};
use crate::rest::route::{Input, body_to_input, coerce_booleans, list_vars};

const ORGANIZATION_ENUMS: &[(&str, EnumKind)] = &[
    ("life_cycle_stage", EnumKind::OrganizationStage),
    ("visibility", EnumKind::Visibility),
];

const OFFERING_ENUMS: &[(&str, EnumKind)] = &[("life_cycle_stage", EnumKind::OfferingStage)];

const INVESTMENT_ENUMS: &[(&str, EnumKind)] = &[
    ("life_cycle_stage", EnumKind::InvestmentStage),
    ("visibility", EnumKind::Visibility),
];

/// The `Money` fields of an offering: decimal strings, or JSON numbers read from their
/// literal text.
const OFFERING_MONEY: &[&str] = &[
    "funding_goal",
    "external_commitments",
    "valuation",
    "service_charge",
    "equity_offered",
    "interest_rate",
    "price_per_share",
    "min_commitment",
    "max_commitment",
    "max_overfunding_amount",
];

/// The reference manual's `Boolean (1 or 0)` fields of an offering.
const OFFERING_BOOLEANS: &[&str] = &["is_featured", "is_secondary_offering"];

/// The share count of an offering: an `Integer` in the manual, `Money` in GraphQL; read like
/// money, so `50000`, `"50000"` and (as before) fractional counts such as `"2.5"` are taken.
const OFFERING_SHARES: &[&str] = &["num_of_shares"];

/// The `Money` fields of an investment.
const INVESTMENT_MONEY: &[&str] = &["investment_amount", "interest_rate"];

/// The share count of an investment.
const INVESTMENT_SHARES: &[&str] = &["number_of_shares"];

/// Whole-number fields: a JSON integer or a digit string (`24` or `"24"`).
const INTEGERS: &[&str] = &["term"];

/// `{ key: <path parameter> }`.
fn path_var(input: &Input, param: &str, key: &str) -> ApiResult<Value> {
    Ok(json!({ key: input.path(param)? }))
}

/// The list variables plus one path id.
fn list_of(input: &Input, param: &str, key: &str) -> ApiResult<Value> {
    let mut vars = list_vars(input)?;
    vars[key] = Value::String(input.path(param)?.to_owned());
    Ok(vars)
}

/// An `OrganizationInput` from the body.
fn organization_input(input: &Input) -> ApiResult<Map<String, Value>> {
    let mut body = input.body.clone();
    // The reference manual's address carries an `id`; an organization has at most one
    // address (and one bank account), which a new one replaces whole.
    for nested in ["address", "bank_account"] {
        if let Some(Value::Object(fields)) = body.get_mut(nested) {
            fields.remove("id");
        }
    }
    body_to_input(&body, ORGANIZATION_ENUMS, &[])
}

/// An `OfferingInput` from the body.
fn offering_input(input: &Input) -> ApiResult<Map<String, Value>> {
    let mut body = input.body.clone();
    money_fields(input, &mut body, OFFERING_MONEY)?;
    money_fields(input, &mut body, OFFERING_SHARES)?;
    coerce_booleans(&mut body, OFFERING_BOOLEANS)?;
    integer_fields(&mut body, INTEGERS)?;
    body_to_input(&body, OFFERING_ENUMS, &[])
}

/// An investment's fields from the body (`InvestmentUpdateInput`, or the arguments of
/// `invest` once the amount and stage are taken out).
fn investment_input(input: &Input) -> ApiResult<Map<String, Value>> {
    let mut body = input.body.clone();
    money_fields(input, &mut body, INVESTMENT_MONEY)?;
    money_fields(input, &mut body, INVESTMENT_SHARES)?;
    integer_fields(&mut body, INTEGERS)?;
    body_to_input(&body, INVESTMENT_ENUMS, &[])
}

pub(super) fn organization_id_var(input: &Input) -> ApiResult<Value> {
    path_var(input, "organization_id", "id")
}

pub(super) fn offering_id_var(input: &Input) -> ApiResult<Value> {
    path_var(input, "offering_id", "id")
}

pub(super) fn investment_id_var(input: &Input) -> ApiResult<Value> {
    path_var(input, "investment_id", "id")
}

pub(super) fn user_list_vars(input: &Input) -> ApiResult<Value> {
    list_of(input, "user_id", "userId")
}

pub(super) fn organization_list_vars(input: &Input) -> ApiResult<Value> {
    list_of(input, "organization_id", "organizationId")
}

pub(super) fn offering_list_vars(input: &Input) -> ApiResult<Value> {
    list_of(input, "offering_id", "offeringId")
}

pub(super) fn member_vars(input: &Input) -> ApiResult<Value> {
    Ok(json!({
        "organizationId": input.path("organization_id")?,
        "userId": input.path("user_id")?,
    }))
}

pub(super) fn create_organization_vars(input: &Input) -> ApiResult<Value> {
    // display_name is required: the operation names it when it is missing (13017).
    Ok(json!({ "input": organization_input(input)? }))
}

pub(super) fn update_organization_vars(input: &Input) -> ApiResult<Value> {
    Ok(json!({
        "id": input.path("organization_id")?,
        "input": organization_input(input)?,
    }))
}

pub(super) fn create_offering_vars(input: &Input) -> ApiResult<Value> {
    Ok(json!({
        "organizationId": input.path("organization_id")?,
        "input": offering_input(input)?,
    }))
}

/// PATCH /offerings/{id}: the fields, and a `life_cycle_stage` as a transition
/// (`updateOffering` applies the Back Office rules to admins and the lifecycle of
/// `docs/lifecycles.md` to the team).
pub(super) fn update_offering_vars(input: &Input) -> ApiResult<Value> {
    Ok(json!({
        "id": input.path("offering_id")?,
        "input": offering_input(input)?,
    }))
}

/// POST /offerings/{id}/investments: `investment_amount` and `life_cycle_stage` are
/// arguments of `invest`, the other fields its `details`.
pub(super) fn invest_vars(input: &Input) -> ApiResult<Value> {
    let mut details = investment_input(input)?;
    let amount = details.remove("investmentAmount").unwrap_or(Value::Null);
    let stage = details.remove("lifeCycleStage").unwrap_or(Value::Null);
    Ok(json!({
        "offeringId": input.path("offering_id")?,
        "amount": amount,
        "stage": stage,
        "details": details,
    }))
}

/// PATCH /investments/{id}: the fields, and a `life_cycle_stage` as a transition.
pub(super) fn update_investment_vars(input: &Input) -> ApiResult<Value> {
    Ok(json!({
        "id": input.path("investment_id")?,
        "input": investment_input(input)?,
    }))
}

pub(super) fn bulletin_vars(input: &Input) -> ApiResult<Value> {
    Ok(json!({
        "offeringId": input.path("offering_id")?,
        "title": input.body_str("title")?,
        "body": input.body_str("body")?,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(path: &[(&str, &str)], body: Value) -> Input {
        Input {
            path: path
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
            body: body.as_object().cloned().unwrap_or_default(),
            ..Input::default()
        }
    }

    /// An input whose body is read from `text`, as the server reads it.
    fn input_text(path: &[(&str, &str)], text: &str) -> Input {
        let (body, numbers) = crate::rest::numbers::parse_object(text.as_bytes()).unwrap();
        Input {
            body,
            numbers,
            ..input(path, json!({}))
        }
    }

    #[test]
    fn the_manuals_sample_bodies_become_graphql_variables() {
        let create = input(
            &[("organization_id", "o1")],
            json!({ "funding_goal": "50000", "is_secondary_offering": "1",
                    "primary_offering_id": "1000", "num_of_shares": "50000",
                    "price_per_share": "1", "life_cycle_stage": 6, "term": "24" }),
        );
        assert_eq!(
            create_offering_vars(&create).unwrap(),
            json!({ "organizationId": "o1", "input": {
                "fundingGoal": "50000", "isSecondaryOffering": true,
                "primaryOfferingId": "1000", "numOfShares": "50000", "pricePerShare": "1",
                "lifeCycleStage": "PUBLISHED", "term": 24,
            } })
        );

        let org = input(
            &[],
            json!({ "display_name": "My Organization", "visibility": "1",
                    "address": { "id": 3, "building": "One Market Plaza", "street_address": "Spear Tower" } }),
        );
        assert_eq!(
            create_organization_vars(&org).unwrap(),
            json!({ "input": {
                "displayName": "My Organization", "visibility": "HIDDEN",
                "address": { "building": "One Market Plaza", "streetAddress": "Spear Tower" },
            } })
        );

        let invest = input(
            &[("offering_id", "f1")],
            json!({ "investment_amount": "10000", "life_cycle_stage": 2, "visibility": 2, "term": 12 }),
        );
        assert_eq!(
            invest_vars(&invest).unwrap(),
            json!({ "offeringId": "f1", "amount": "10000", "stage": "APPROVED",
                    "details": { "visibility": "ANONYMOUS", "term": 12 } })
        );
        let bare = input(&[("offering_id", "f1")], json!({}));
        assert_eq!(
            invest_vars(&bare).unwrap(),
            json!({ "offeringId": "f1", "amount": null, "stage": null, "details": {} })
        );
    }

    #[test]
    fn money_numbers_are_read_exactly_and_checked_with_their_name() {
        let ok = input_text(
            &[("offering_id", "f1")],
            r#"{ "investment_amount": 1250.5, "interest_rate": 0.1, "number_of_shares": 10, "term": "12" }"#,
        );
        assert_eq!(
            invest_vars(&ok).unwrap(),
            json!({ "offeringId": "f1", "amount": "1250.5", "stage": null,
                    "details": { "interestRate": "0.1", "numberOfShares": "10", "term": 12 } })
        );
        for (text, field) in [
            (r#"{ "investment_amount": 1e3 }"#, "investment_amount"),
            (r#"{ "interest_rate": 5.12345 }"#, "interest_rate"),
            (r#"{ "number_of_shares": 5.12345 }"#, "number_of_shares"),
            (r#"{ "term": "abc" }"#, "term"),
        ] {
            let err = invest_vars(&input_text(&[("offering_id", "f1")], text)).unwrap_err();
            assert_eq!(err.status, 400);
            assert!(err.developer_message.contains(field), "{text}");
            let err =
                update_investment_vars(&input_text(&[("investment_id", "i1")], text)).unwrap_err();
            assert!(err.developer_message.contains(field));
        }
        let err = update_offering_vars(&input_text(
            &[("offering_id", "f1")],
            r#"{ "max_commitment": 1.00001 }"#,
        ))
        .unwrap_err();
        assert!(err.developer_message.contains("max_commitment"));
    }
}
