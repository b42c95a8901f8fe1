//! Money: amounts are exact decimals (`NUMERIC` in PostgreSQL, [`Decimal`] here), written
//! as strings on the wire so no float ever touches them.

use rust_decimal::Decimal;

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
}
