//! Scalars of our own. `Money` replaces async-graphql's `Decimal`, which goes through `f64`.

use async_graphql::{InputValueError, InputValueResult, Scalar, ScalarType, Value};
use rust_decimal::Decimal;

use crate::domain::money::parse_money;

/// An amount of money or a share quantity: a decimal number written as a JSON string
/// (e.g. `"1250.50"`). JSON numbers are refused so no float ever touches money.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Money(pub Decimal);

#[Scalar(name = "Money")]
impl ScalarType for Money {
    fn parse(value: Value) -> InputValueResult<Self> {
        match value {
            Value::String(s) => parse_money(&s).map(Money).map_err(InputValueError::custom),
            Value::Number(_) => Err(InputValueError::custom(
                "Money must be a string such as \"1250.50\", not a JSON number",
            )),
            other => Err(InputValueError::expected_type(other)),
        }
    }

    fn to_value(&self) -> Value {
        Value::String(self.0.normalize().to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn json_numbers_are_refused_for_money() {
        let err = <Money as ScalarType>::parse(Value::from(10)).unwrap_err();
        assert!(
            err.into_server_error(Default::default())
                .message
                .contains("not a JSON number")
        );
        let ok = <Money as ScalarType>::parse(Value::from("10.25")).unwrap();
        assert_eq!(ok.0, Decimal::from_str("10.25").unwrap());
    }

    #[test]
    fn money_is_written_as_a_normalized_string() {
        let v = Money(Decimal::from_str("1500.5000").unwrap()).to_value();
        assert_eq!(v, Value::String("1500.5".into()));
    }
}
