//! The percentages of a cap table (`docs/registry.md`, "Cap table"): each holder's share
//! of a type's issued shares, to [`PLACES`] decimal places by the largest remainder
//! method, so that a type's percentages add up to exactly 100.

use rust_decimal::Decimal;

/// Decimal places of a percentage.
pub const PLACES: u32 = 4;

/// The percentage of each of `shares` in their sum, in the same order. Each is the exact
/// share rounded down to [`PLACES`] places; the units of the last place still missing to
/// make 100 go one each to the largest rounded-off remainders (the earlier holder first
/// on a tie). All zero when the sum is zero. Share counts have at most 8 decimal places.
pub fn percentages(shares: &[Decimal]) -> Vec<Decimal> {
    let scaled: Vec<i128> = shares
        .iter()
        .map(|s| {
            let mut s = *s;
            s.rescale(8);
            s.mantissa()
        })
        .collect();
    let total: i128 = scaled.iter().sum();
    if total <= 0 {
        return vec![Decimal::ZERO; shares.len()];
    }
    let whole = 100 * 10i128.pow(PLACES);
    let mut units: Vec<i128> = scaled.iter().map(|s| s * whole / total).collect();
    let missing = whole - units.iter().sum::<i128>();
    let mut order: Vec<usize> = (0..shares.len()).collect();
    // Stable: equal remainders keep the holders' order.
    order.sort_by_key(|&i| std::cmp::Reverse(scaled[i] * whole % total));
    for &i in order.iter().take(missing as usize) {
        units[i] += 1;
    }
    units
        .into_iter()
        .map(|u| Decimal::from_i128_with_scale(u, PLACES))
        .collect()
}

#[cfg(test)]
mod tests {
    use std::str::FromStr;

    use super::*;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn percentages_add_up_to_exactly_100() {
        let cases: &[(&[&str], &[&str])] = &[
            (&["1", "1", "1"], &["33.3334", "33.3333", "33.3333"]),
            (&["50", "30", "20"], &["50", "30", "20"]),
            (&["2", "1"], &["66.6667", "33.3333"]),
            (&["0.00000001", "99999999"], &["0", "100"]),
            (&["1", "0"], &["100", "0"]),
            (&["0", "0"], &["0", "0"]),
            (&["7"], &["100"]),
            (
                &["1", "1", "1", "1", "1", "1", "1"],
                &[
                    "14.2858", "14.2857", "14.2857", "14.2857", "14.2857", "14.2857", "14.2857",
                ],
            ),
        ];
        for (shares, want) in cases {
            let shares: Vec<Decimal> = shares.iter().map(|s| d(s)).collect();
            let got = percentages(&shares);
            let want: Vec<Decimal> = want.iter().map(|s| d(s)).collect();
            assert_eq!(got, want, "{shares:?}");
            if shares.iter().any(|s| !s.is_zero()) {
                assert_eq!(got.iter().sum::<Decimal>(), d("100"), "{shares:?}");
            }
        }
        assert!(percentages(&[]).is_empty());
    }
}
