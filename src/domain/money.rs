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

/// The gain in value of a capitalization (`docs/registry.md`): its current value
/// `price_per_share x number_of_shares` less its value at acquisition
/// `price_per_share_at_acquisition x number_of_shares_at_acquisition`, exact. `None` when
/// the exact result does not fit a decimal of 28 significant digits (never for values
/// of the stored sizes whose products stay within that), rather than a rounded figure.
pub fn valuation_gain(
    price_per_share: Decimal,
    number_of_shares: Decimal,
    price_at_acquisition: Decimal,
    shares_at_acquisition: Decimal,
) -> Option<Decimal> {
    // Without trailing zeros, the exact product of two decimals has exactly the sum of
    // their scales, and an exact difference the larger scale: a result that needs more
    // digits than a decimal holds comes back rounded to fewer, which the scales show.
    let exact_product = |a: Decimal, b: Decimal| {
        let (a, b) = (a.normalize(), b.normalize());
        let product = a.checked_mul(b)?;
        (product.scale() == a.scale() + b.scale()).then(|| product.normalize())
    };
    let now = exact_product(price_per_share, number_of_shares)?;
    let then = exact_product(price_at_acquisition, shares_at_acquisition)?;
    let gain = now.checked_sub(then)?;
    (gain.scale() == now.scale().max(then.scale())).then_some(gain)
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
    fn valuation_gain_is_exact_or_none() {
        let d = |s: &str| Decimal::from_str(s).unwrap();
        // (price, shares, price at acquisition, shares at acquisition, gain)
        let table = [
            ("1.10", "100", "1.00", "100", Some("10.0000")),
            ("2", "50", "1", "100", Some("0")),
            ("0.5", "100", "1", "100", Some("-50.0")),
            ("0", "0", "0", "0", Some("0")),
            (
                "1.23456789",
                "12345678.12345678",
                "0.00000001",
                "1",
                Some("15241577.7914951863907942"),
            ),
            // Large but exact: trailing zeros of the stored scale do not count.
            (
                "10000000000.00000000",
                "10000000000.00000000",
                "0",
                "0",
                Some("100000000000000000000"),
            ),
            (
                "9999999999999999.99999999",
                "9999999999999999.99999999",
                "0",
                "0",
                None,
            ),
        ];
        for (p, n, pa, na, want) in table {
            let got = valuation_gain(d(p), d(n), d(pa), d(na));
            assert_eq!(got, want.map(d), "{p} x {n} - {pa} x {na}");
        }
    }
}
