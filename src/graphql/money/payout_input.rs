//! Inputs of the payout mutations and their validation (`crate::domain::payout`). Amounts
//! are `Money` strings (never floats); due dates are `YYYY-MM-DD` strings.

use async_graphql::{InputObject, Json, MaybeUndefined};
use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::{currency, new_custom};
use crate::domain::payout::{PayoutError, PayoutType, check_amount, check_return, parse_due_date};
use crate::error::{ApiError, ApiResult, codes};
use crate::graphql::marketplace::input::{plain, text};
use crate::graphql::scalars::Money;
use crate::models::payout::PayoutChanges;

/// A new payout (POST /investments/{id}/payouts, POST /offerings/{id}/payouts). Amounts
/// are at least 0 with at most 4 decimal places.
#[derive(Debug, InputObject)]
pub struct PayoutInput {
    /// The amount expected.
    pub payout_amount: Money,
    /// What the payment is; DIVIDEND when not given.
    pub payout_type: Option<PayoutType>,
    /// ISO 4217 currency; the investment's (or offering's) when not given.
    pub currency: Option<String>,
    /// When payment is due: `YYYY-MM-DD` (a date-time is read as its date).
    pub due_date: Option<String>,
    /// The least amount that settles it.
    pub minimum_payment: Option<Money>,
    /// A fee charged for late payment.
    pub late_fee: Option<Money>,
    /// The part declared unlikely to be collected.
    pub charge_offs: Option<Money>,
    /// The part recovered after a default.
    pub net_recoveries: Option<Money>,
    /// A service charge of this payout.
    pub service_charge: Option<Money>,
    /// Its net annualized return, a rate (may be negative).
    pub net_annualized_return: Option<Money>,
    /// A category of the platform's choosing.
    pub additional_type: Option<String>,
    /// Custom fields: a JSON object of name to value (at most 100).
    pub custom: Option<Json<serde_json::Value>>,
}

/// A change of a payout (PATCH /payouts/{id}). A paid payout keeps its amounts, currency
/// and due date (409); its type, category, return and custom fields may change. `null`
/// clears an optional field.
#[derive(Debug, Default, InputObject)]
pub struct PayoutUpdateInput {
    /// The amount expected.
    pub payout_amount: Option<Money>,
    /// What the payment is.
    pub payout_type: Option<PayoutType>,
    /// ISO 4217 currency.
    pub currency: MaybeUndefined<String>,
    /// When payment is due: `YYYY-MM-DD`.
    pub due_date: MaybeUndefined<String>,
    /// The least amount that settles it.
    pub minimum_payment: MaybeUndefined<Money>,
    /// A fee charged for late payment.
    pub late_fee: MaybeUndefined<Money>,
    /// The part declared unlikely to be collected.
    pub charge_offs: MaybeUndefined<Money>,
    /// The part recovered after a default.
    pub net_recoveries: MaybeUndefined<Money>,
    /// A service charge of this payout.
    pub service_charge: MaybeUndefined<Money>,
    /// Its net annualized return, a rate.
    pub net_annualized_return: MaybeUndefined<Money>,
    /// A category (an empty string clears).
    pub additional_type: MaybeUndefined<String>,
    /// Custom fields to merge: each name is set, a `null` value removes it.
    pub custom: Option<Json<serde_json::Value>>,
}

/// A refusal of the payout rules, with its own code (`docs/errors.md`).
pub fn payout_error(err: PayoutError) -> ApiError {
    let (code, user) = match &err {
        PayoutError::NotTeam => return ApiError::forbidden(err.to_string()),
        PayoutError::UnknownType(_) => (codes::PAYOUT_TYPE_INVALID, "Unknown payout type."),
        PayoutError::BadAmount { .. } => (
            codes::PAYOUT_AMOUNT_INVALID,
            "Payout amounts must be at least 0 with at most 4 decimal places.",
        ),
        PayoutError::BadDate(_) => (codes::DATE_INVALID, "The date is not valid."),
        PayoutError::Paid(_) => (
            codes::PAYOUT_PAID,
            "This payout is paid: its amounts and due date can no longer change.",
        ),
    };
    ApiError::new(code, user, err.to_string())
}

fn amount(field: &'static str, v: Option<Money>) -> ApiResult<Option<Decimal>> {
    v.map(|m| check_amount(field, m.0).map_err(payout_error))
        .transpose()
}

fn amount_change(
    field: &'static str,
    v: MaybeUndefined<Money>,
) -> ApiResult<Option<Option<Decimal>>> {
    match v {
        MaybeUndefined::Undefined => Ok(None),
        MaybeUndefined::Null => Ok(Some(None)),
        MaybeUndefined::Value(m) => Ok(Some(Some(check_amount(field, m.0).map_err(payout_error)?))),
    }
}

fn rate(v: Option<Money>) -> ApiResult<Option<Decimal>> {
    v.map(|m| check_return(m.0).map_err(payout_error))
        .transpose()
}

fn due(v: Option<String>) -> ApiResult<Option<NaiveDate>> {
    v.map(|d| parse_due_date(&d).map_err(payout_error))
        .transpose()
}

/// A validated new payout, without its user and attachment.
#[derive(Debug)]
pub struct NewPayoutPlan {
    /// The fields, with nothing attached yet (the caller sets the network, user,
    /// investment or offering, and the default currency).
    pub changes: PayoutChanges,
    /// The amount.
    pub amount: Decimal,
    /// The custom fields.
    pub custom: serde_json::Value,
}

impl PayoutInput {
    /// Validates the input.
    pub fn plan(self) -> ApiResult<NewPayoutPlan> {
        let payout_amount =
            check_amount("payout_amount", self.payout_amount.0).map_err(payout_error)?;
        let changes = PayoutChanges {
            payout_type: Some(self.payout_type.unwrap_or(PayoutType::Dividend).code()),
            additional_type: Some(plain("additional_type", self.additional_type)?),
            currency: Some(currency(self.currency)?),
            due_date: Some(due(self.due_date)?),
            payout_amount: Some(payout_amount),
            minimum_payment: Some(amount("minimum_payment", self.minimum_payment)?),
            late_fee: Some(amount("late_fee", self.late_fee)?),
            charge_offs: Some(amount("charge_offs", self.charge_offs)?),
            net_recoveries: Some(amount("net_recoveries", self.net_recoveries)?),
            service_charge: Some(amount("service_charge", self.service_charge)?),
            net_annualized_return: Some(rate(self.net_annualized_return)?),
            custom: None,
        };
        Ok(NewPayoutPlan {
            changes,
            amount: payout_amount,
            custom: new_custom(self.custom)?,
        })
    }
}

/// A validated change.
#[derive(Debug, Default)]
pub struct PayoutChangePlan {
    /// The column changes (custom fields are merged by the caller).
    pub changes: PayoutChanges,
    /// Custom fields to merge.
    pub custom: Option<serde_json::Value>,
}

impl PayoutUpdateInput {
    /// Validates the input.
    pub fn plan(self) -> ApiResult<PayoutChangePlan> {
        let due_date = match self.due_date {
            MaybeUndefined::Undefined => None,
            MaybeUndefined::Null => Some(None),
            MaybeUndefined::Value(d) => Some(due(Some(d))?),
        };
        let currency = match self.currency {
            MaybeUndefined::Undefined => None,
            MaybeUndefined::Null => Some(None),
            MaybeUndefined::Value(c) => Some(currency(Some(c))?),
        };
        let net_annualized_return = match self.net_annualized_return {
            MaybeUndefined::Undefined => None,
            MaybeUndefined::Null => Some(None),
            MaybeUndefined::Value(m) => Some(rate(Some(m))?),
        };
        let changes = PayoutChanges {
            payout_type: self.payout_type.map(PayoutType::code),
            additional_type: text("additional_type", self.additional_type)?,
            currency,
            due_date,
            payout_amount: amount("payout_amount", self.payout_amount)?,
            minimum_payment: amount_change("minimum_payment", self.minimum_payment)?,
            late_fee: amount_change("late_fee", self.late_fee)?,
            charge_offs: amount_change("charge_offs", self.charge_offs)?,
            net_recoveries: amount_change("net_recoveries", self.net_recoveries)?,
            service_charge: amount_change("service_charge", self.service_charge)?,
            net_annualized_return,
            custom: None,
        };
        Ok(PayoutChangePlan {
            changes,
            custom: self.custom.map(|j| j.0),
        })
    }
}
