//! Scalars of our own. `Money` replaces async-graphql's `Decimal`, which goes through `f64`.

use async_graphql::{InputValueError, InputValueResult, Scalar, ScalarType, Value};
use rust_decimal::Decimal;

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

/// Parses a plain decimal string: optional sign, digits, optional fraction. No exponent,
/// no thousands separators, no surrounding spaces, at most 4 fraction digits.
pub fn parse_money(s: &str) -> Result<Decimal, String> {
    let digits = s.strip_prefix('-').unwrap_or(s);
    let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
    let well_formed = !int.is_empty()
        && int.bytes().all(|b| b.is_ascii_digit())
        && frac.bytes().all(|b| b.is_ascii_digit())
        && !(digits.contains('.') && frac.is_empty());
    if !well_formed {
        return Err(format!("{s:?} is not a decimal amount such as \"1250.50\""));
    }
    if frac.len() > 4 {
        return Err(format!("{s:?} has more than 4 decimal places"));
    }
    if int.len() > 16 {
        return Err(format!("{s:?} is too large"));
    }
    s.parse::<Decimal>().map_err(|e| format!("{s:?}: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn parse_money_accepts_plain_decimals_only() {
        let ok = [
            ("0", "0"),
            ("1250.50", "1250.50"),
            ("-3.1", "-3.1"),
            ("0.0001", "0.0001"),
        ];
        for (input, want) in ok {
            assert_eq!(
                parse_money(input),
                Ok(Decimal::from_str(want).unwrap()),
                "{input}"
            );
        }
        let bad = [
            "", "1e5", " 1", "1,000", "1.", ".5", "abc", "1.23456", "+1", "NaN", "--1",
        ];
        for input in bad {
            assert!(parse_money(input).is_err(), "{input:?} should be refused");
        }
        assert!(parse_money("12345678901234567").is_err());
    }

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
