//! Inputs of the marketplace mutations and their validation into model changes. An
//! omitted field is left as it is; `null` clears a nullable field. Amounts are `Money`
//! strings (never floats).

use async_graphql::{ID, InputObject, Json, MaybeUndefined};
use rust_decimal::Decimal;
use uuid::Uuid;

use crate::domain::field_rules::{check_amount, check_iso_code, check_whole};
use crate::domain::stages::{InvestmentStage, Visibility};
use crate::domain::text;
use crate::error::{ApiError, ApiResult};
use crate::graphql::scalars::Money;
use crate::models::investment::InvestmentChanges;

use super::{field_error, invalid_data};

mod offering;
mod organization;

pub use offering::*;
pub use organization::*;

/// Converts the named fields of an input into the same fields of a change set, each
/// with `convert(field name, value)` (a table of field conversions, in order: the first
/// refused value answers).
macro_rules! convert {
    ($changes:ident, $input:ident, $convert:ident: $($field:ident),+ $(,)?) => {
        $( $changes.$field = $convert(stringify!($field), std::mem::take(&mut $input.$field))?; )+
    };
}

/// Whether any of the named fields of a change set is set.
macro_rules! any_set {
    ($changes:ident: $($field:ident),+ $(,)?) => {
        false $( || $changes.$field.is_some() )+
    };
}

pub(super) use {any_set, convert};

/// Longest free-text value accepted (descriptions included).
pub const MAX_TEXT: usize = 20_000;

/// A trimmed text change; an empty string clears.
pub fn text(field: &str, v: MaybeUndefined<String>) -> ApiResult<Option<Option<String>>> {
    text::change(field, maybe(v), MAX_TEXT).map_err(|e| ApiError::bad_request(e.to_string()))
}

/// An optional trimmed text; an empty string is none.
pub fn plain(field: &str, v: Option<String>) -> ApiResult<Option<String>> {
    text::optional(field, v, MAX_TEXT).map_err(|e| ApiError::bad_request(e.to_string()))
}

/// A nullable change: undefined leaves, `null` clears.
pub(super) fn maybe<T>(v: MaybeUndefined<T>) -> Option<Option<T>> {
    match v {
        MaybeUndefined::Undefined => None,
        MaybeUndefined::Null => Some(None),
        MaybeUndefined::Value(x) => Some(Some(x)),
    }
}

/// A non-negative amount change.
pub(super) fn amount(field: &str, v: MaybeUndefined<Money>) -> ApiResult<Option<Option<Decimal>>> {
    let v = maybe(v).map(|o| o.map(|m| m.0));
    if let Some(Some(d)) = v {
        check_amount(field, d).map_err(field_error)?;
    }
    Ok(v)
}

/// A non-negative whole number change.
pub(super) fn whole(field: &str, v: MaybeUndefined<i32>) -> ApiResult<Option<Option<i32>>> {
    let v = maybe(v);
    if let Some(Some(n)) = v {
        check_whole(field, n).map_err(field_error)?;
    }
    Ok(v)
}

/// An ISO code of `len` upper-case letters.
pub(super) fn iso_code(
    field: &str,
    value: Option<Option<String>>,
    len: usize,
) -> ApiResult<Option<Option<String>>> {
    if let Some(Some(code)) = &value {
        check_iso_code(field, code, len).map_err(field_error)?;
    }
    Ok(value)
}

/// An id change: undefined leaves, `null` clears, else a valid id.
pub(super) fn id_change(field: &str, v: MaybeUndefined<ID>) -> ApiResult<Option<Option<Uuid>>> {
    match maybe(v) {
        None => Ok(None),
        Some(None) => Ok(Some(None)),
        Some(Some(id)) => Uuid::parse_str(&id)
            .map(|u| Some(Some(u)))
            .map_err(|_| invalid_data(format!("{field} {:?} is not a valid id.", id.0))),
    }
}

/// Details of an investment (POST /offerings/{id}/investments, PATCH /investments/{id}).
#[derive(Debug, Default, InputObject)]
pub struct InvestmentInput {
    /// Shares asked for (drives the share distribution of a Settled offering).
    pub number_of_shares: MaybeUndefined<Money>,
    /// Currency, ISO 4217.
    pub currency: MaybeUndefined<String>,
    /// Interest rate asked for.
    pub interest_rate: MaybeUndefined<Money>,
    /// Term asked for.
    pub term: MaybeUndefined<i32>,
    /// Who may see the investment: Open (default), Hidden or Anonymous.
    pub visibility: Option<Visibility>,
    /// Custom fields to merge: each name is set, a `null` value removes it (at most 100).
    pub custom: Option<Json<serde_json::Value>>,
}

/// A change of an existing investment (PATCH /investments/{id}).
#[derive(Debug, Default, InputObject)]
pub struct InvestmentUpdateInput {
    /// A new amount (the investor, while Open; the investment rules apply again).
    pub investment_amount: Option<Money>,
    /// A stage transition under the lifecycle rules.
    pub life_cycle_stage: Option<InvestmentStage>,
    /// Other details.
    #[graphql(flatten)]
    pub details: InvestmentInput,
}

/// A validated investment change.
pub struct InvestmentPlan {
    /// Column changes (amount, stage, custom and stamps are set by the caller).
    pub changes: InvestmentChanges,
    /// Whether any detail is being changed.
    pub any_detail: bool,
    /// Custom fields to merge.
    pub custom: Option<serde_json::Value>,
}

impl InvestmentInput {
    /// Validates the details.
    pub fn plan(self) -> ApiResult<InvestmentPlan> {
        let changes = InvestmentChanges {
            number_of_shares: amount("number_of_shares", self.number_of_shares)?,
            currency: iso_code("currency", text("currency", self.currency)?, 3)?,
            interest_rate: amount("interest_rate", self.interest_rate)?,
            term: whole("term", self.term)?,
            visibility: self.visibility.map(Visibility::code),
            ..InvestmentChanges::default()
        };
        let any_detail = changes.number_of_shares.is_some()
            || changes.currency.is_some()
            || changes.interest_rate.is_some()
            || changes.term.is_some()
            || changes.visibility.is_some()
            || self.custom.is_some();
        Ok(InvestmentPlan {
            changes,
            any_detail,
            custom: self.custom.map(|j| j.0),
        })
    }
}
