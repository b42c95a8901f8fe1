//! Renaming between the REST wire format and GraphQL: snake_case keys and integer enum
//! codes on the REST side, camelCase keys and enum names on the GraphQL side.

use async_graphql::Value as ConstValue;
use async_graphql::resolver_utils::EnumType;
use serde_json::{Map, Value};

use crate::domain::application::ApplicationStage;
use crate::domain::stages::{
    CapitalizationChangeKind, CapitalizationStage, CapitalizationType, InvestmentStage,
    OfferingStage, OrganizationStage, PaymentStatus, PayoutType, Visibility,
};

/// `lifeCycleStage` → `life_cycle_stage`, `phone1` → `phone_1`.
pub fn camel_to_snake(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    let mut prev_letter = false;
    for c in name.chars() {
        if c.is_ascii_uppercase() {
            out.push('_');
            out.push(c.to_ascii_lowercase());
        } else if c.is_ascii_digit() && prev_letter {
            out.push('_');
            out.push(c);
        } else {
            out.push(c);
        }
        prev_letter = c.is_ascii_alphabetic();
    }
    out
}

/// `life_cycle_stage` → `lifeCycleStage`, `phone_1` → `phone1`.
pub fn snake_to_camel(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut upper = false;
    for c in name.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.push(c.to_ascii_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

fn code_of<E: EnumType + Copy>(name: &str, code: impl Fn(E) -> i16) -> Option<i16> {
    E::items()
        .iter()
        .find(|i| i.name == name)
        .map(|i| code(i.value))
}

fn name_of<E: EnumType + Copy>(code: i16, to_code: impl Fn(E) -> i16) -> Option<&'static str> {
    E::items()
        .iter()
        .find(|i| to_code(i.value) == code)
        .map(|i| i.name)
}

/// The enum kinds that travel as integer codes in REST.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EnumKind {
    /// Offering life-cycle stage.
    OfferingStage,
    /// Organization life-cycle stage.
    OrganizationStage,
    /// Investment life-cycle stage.
    InvestmentStage,
    /// User, Organization or Investment visibility.
    Visibility,
    /// Application life-cycle stage.
    ApplicationStage,
    /// Transaction payment status.
    PaymentStatus,
    /// Payout type.
    PayoutType,
    /// Capitalization life-cycle stage.
    CapitalizationStage,
    /// Capitalization type.
    CapitalizationType,
    /// The kind of a capitalization's change.
    CapitalizationChangeKind,
}

impl EnumKind {
    /// The REST code of a GraphQL enum name.
    pub fn code(self, name: &str) -> Option<i16> {
        match self {
            EnumKind::OfferingStage => code_of::<OfferingStage>(name, OfferingStage::code),
            EnumKind::OrganizationStage => {
                code_of::<OrganizationStage>(name, OrganizationStage::code)
            }
            EnumKind::InvestmentStage => code_of::<InvestmentStage>(name, InvestmentStage::code),
            EnumKind::Visibility => code_of::<Visibility>(name, Visibility::code),
            EnumKind::ApplicationStage => code_of::<ApplicationStage>(name, ApplicationStage::code),
            EnumKind::PaymentStatus => code_of::<PaymentStatus>(name, PaymentStatus::code),
            EnumKind::PayoutType => code_of::<PayoutType>(name, PayoutType::code),
            EnumKind::CapitalizationStage => {
                code_of::<CapitalizationStage>(name, CapitalizationStage::code)
            }
            EnumKind::CapitalizationType => {
                code_of::<CapitalizationType>(name, CapitalizationType::code)
            }
            EnumKind::CapitalizationChangeKind => {
                code_of::<CapitalizationChangeKind>(name, CapitalizationChangeKind::code)
            }
        }
    }

    /// The GraphQL enum name of a REST code (offering stage 6, Live, reads as Published).
    pub fn name(self, code: i16) -> Option<&'static str> {
        match self {
            EnumKind::OfferingStage => {
                let code = OfferingStage::from_input_code(code)?.code();
                name_of::<OfferingStage>(code, OfferingStage::code)
            }
            EnumKind::OrganizationStage => {
                name_of::<OrganizationStage>(code, OrganizationStage::code)
            }
            EnumKind::InvestmentStage => name_of::<InvestmentStage>(code, InvestmentStage::code),
            EnumKind::Visibility => name_of::<Visibility>(code, Visibility::code),
            EnumKind::ApplicationStage => name_of::<ApplicationStage>(code, ApplicationStage::code),
            EnumKind::PaymentStatus => name_of::<PaymentStatus>(code, PaymentStatus::code),
            EnumKind::PayoutType => name_of::<PayoutType>(code, PayoutType::code),
            EnumKind::CapitalizationStage => {
                name_of::<CapitalizationStage>(code, CapitalizationStage::code)
            }
            EnumKind::CapitalizationType => {
                name_of::<CapitalizationType>(code, CapitalizationType::code)
            }
            EnumKind::CapitalizationChangeKind => {
                name_of::<CapitalizationChangeKind>(code, CapitalizationChangeKind::code)
            }
        }
    }
}

/// Which enum a field of an object holds, by the object's `__typename`.
fn enum_of(typename: Option<&str>, field: &str) -> Option<EnumKind> {
    match (typename, field) {
        (_, "visibility") => Some(EnumKind::Visibility),
        (Some("Offering"), "lifeCycleStage") => Some(EnumKind::OfferingStage),
        (Some("Organization"), "lifeCycleStage") => Some(EnumKind::OrganizationStage),
        (Some("Investment"), "lifeCycleStage") => Some(EnumKind::InvestmentStage),
        (Some("Application"), "lifeCycleStage") => Some(EnumKind::ApplicationStage),
        (Some("Transaction"), "paymentStatus") => Some(EnumKind::PaymentStatus),
        (Some("Payout"), "payoutType") => Some(EnumKind::PayoutType),
        (Some("Capitalization"), "lifeCycleStage") => Some(EnumKind::CapitalizationStage),
        (Some("Capitalization"), "capitalizationType") => Some(EnumKind::CapitalizationType),
        (Some("CapitalizationChange"), "changeKind") => Some(EnumKind::CapitalizationChangeKind),
        _ => None,
    }
}

/// Turns a GraphQL result into the REST shape: snake_case keys, enum names as integer
/// codes (objects say which enum by their `__typename`, which is then dropped).
///
/// It reads async-graphql's own value, so an answer is turned into JSON once, renamed on
/// the way, rather than converted to JSON and then copied again to rename it.
pub fn to_rest(value: ConstValue) -> Value {
    match value {
        ConstValue::Object(map) => {
            let typename = match map.get("__typename") {
                Some(ConstValue::String(name)) => Some(name.clone()),
                _ => None,
            };
            let mut out = Map::new();
            for (key, v) in map {
                if key.as_str() == "__typename" {
                    continue;
                }
                let v = match (enum_of(typename.as_deref(), key.as_str()), v) {
                    (Some(kind), ConstValue::Enum(name)) => enum_code(kind, name.as_str()),
                    (Some(kind), ConstValue::String(name)) => enum_code(kind, &name),
                    (_, v) => to_rest(v),
                };
                out.insert(camel_to_snake(key.as_str()), v);
            }
            Value::Object(out)
        }
        ConstValue::List(items) => Value::Array(items.into_iter().map(to_rest).collect()),
        ConstValue::Enum(name) => Value::String(name.as_str().to_owned()),
        ConstValue::Null => Value::Null,
        ConstValue::Number(n) => Value::Number(n),
        ConstValue::String(s) => Value::String(s),
        ConstValue::Boolean(b) => Value::Bool(b),
        other => other.into_json().unwrap_or(Value::Null),
    }
}

/// The integer code of an enum name, or the name itself if it is not one of the kind's.
fn enum_code(kind: EnumKind, name: &str) -> Value {
    kind.code(name)
        .map(Value::from)
        .unwrap_or_else(|| Value::String(name.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn names_convert_both_ways() {
        let cases = [
            ("lifeCycleStage", "life_cycle_stage"),
            ("phone1", "phone_1"),
            ("id", "id"),
            ("sumSettledInvestments", "sum_settled_investments"),
            ("custom", "custom"),
        ];
        for (camel, snake) in cases {
            assert_eq!(camel_to_snake(camel), snake);
            assert_eq!(snake_to_camel(snake), camel);
        }
    }

    #[test]
    fn enum_codes_are_the_documented_rest_codes() {
        assert_eq!(EnumKind::OfferingStage.code("PUBLISHED"), Some(5));
        assert_eq!(EnumKind::OfferingStage.code("SETTLED"), Some(8));
        assert_eq!(EnumKind::InvestmentStage.code("SETTLED"), Some(4));
        assert_eq!(EnumKind::OrganizationStage.code("CANCELLED"), Some(7));
        assert_eq!(EnumKind::Visibility.code("ANONYMOUS"), Some(2));
        assert_eq!(
            EnumKind::OfferingStage.name(6),
            Some("PUBLISHED"),
            "Live alias"
        );
        assert_eq!(EnumKind::OfferingStage.name(10), None);
        assert_eq!(EnumKind::InvestmentStage.name(3), Some("WITHDRAWN"));
    }

    #[test]
    fn results_become_snake_case_with_codes_by_typename() {
        let graphql = json!({
            "__typename": "Offering", "lifeCycleStage": "SETTLED", "amountRaised": "10.5",
            "investments": [{ "__typename": "Investment", "lifeCycleStage": "SETTLED", "visibility": "HIDDEN" }],
            "organization": { "__typename": "Organization", "lifeCycleStage": "CANCELLED" },
            "user": { "phone1": null, "visibility": "OPEN" },
        });
        assert_eq!(
            to_rest(ConstValue::from_json(graphql).unwrap()),
            json!({
                "life_cycle_stage": 8, "amount_raised": "10.5",
                "investments": [{ "life_cycle_stage": 4, "visibility": 1 }],
                "organization": { "life_cycle_stage": 7 },
                "user": { "phone_1": null, "visibility": 0 },
            })
        );
    }
}
