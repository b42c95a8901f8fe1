//! Table tests against published amortization tables, hand-computed cases for the day
//! counts, flat interest and the residue, and the validation of terms.

use std::str::FromStr;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::*;

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn date(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn terms(principal: &str, rate: &str, periods: u32, frequency: Frequency) -> ScheduleTerms {
    ScheduleTerms {
        principal: d(principal),
        annual_rate_percent: d(rate),
        periods,
        frequency,
        // The 15th: every 30E/360 month is 30 days, so each period's interest is exactly
        // the nominal periodic rate, as in the printed tables.
        first_due_date: date("2026-01-15"),
        method: Method::EqualInstallments,
        interest: Interest::DecliningBalance,
        day_count: DayCount::Thirty360,
        minor_unit: 2,
    }
}

/// (principal, interest, total, balance after) of each installment.
fn rows(schedule: &[Installment]) -> Vec<[Decimal; 4]> {
    schedule
        .iter()
        .map(|i| [i.principal, i.interest, i.total, i.balance_after])
        .collect()
}

fn row(cells: [&str; 4]) -> [Decimal; 4] {
    cells.map(d)
}

// Ross, Westerfield & Jordan, "Fundamentals of Corporate Finance" (McGraw-Hill), chapter
// 6, "Loan Types and Loan Amortization": a $5,000 five-year loan at 9 % repaid by a fixed
// $1,000 of principal a year. Printed table (principal, interest, total payment, ending
// balance) with totals $5,000, $1,350, $6,350.
#[test]
fn published_equal_principal_rwj_5000_at_9_percent() {
    let mut t = terms("5000", "9", 5, Frequency::Annual);
    t.method = Method::EqualPrincipal;
    let s = compute_schedule(&t).unwrap();
    let want = [
        ["1000", "450", "1450", "4000"],
        ["1000", "360", "1360", "3000"],
        ["1000", "270", "1270", "2000"],
        ["1000", "180", "1180", "1000"],
        ["1000", "90", "1090", "0"],
    ];
    assert_eq!(rows(&s), want.map(row));
    assert_eq!(s.iter().map(|i| i.interest).sum::<Decimal>(), d("1350"));
    assert_eq!(s.iter().map(|i| i.total).sum::<Decimal>(), d("6350"));
}

// The same book and section: the same loan repaid by equal annual payments of $1,285.46.
// The printed table carries unrounded balances, ours rounds every part to the cent, so the
// two agree to the cent through year 3 and differ by at most 2 cents after it (printed
// year 4: interest 203.51, principal 1,081.95; year 5: interest 106.14, principal
// 1,179.32, total interest 1,427.31).
#[test]
fn published_equal_installments_rwj_5000_at_9_percent() {
    let s = compute_schedule(&terms("5000", "9", 5, Frequency::Annual)).unwrap();
    let got = rows(&s);
    assert_eq!(got[0], row(["835.46", "450.00", "1285.46", "4164.54"]));
    assert_eq!(got[1], row(["910.65", "374.81", "1285.46", "3253.89"]));
    assert_eq!(got[2], row(["992.61", "292.85", "1285.46", "2261.28"]));
    // By hand from year 3's rounded balance: 2261.28 × 9 % = 203.5152.
    assert_eq!(got[3], row(["1081.94", "203.52", "1285.46", "1179.34"]));
    assert_eq!(got[4], row(["1179.34", "106.14", "1285.48", "0"]));
    let printed = [("203.51", "1081.95"), ("106.14", "1179.32")];
    for (inst, (interest, principal)) in s[3..].iter().zip(printed) {
        assert!((inst.interest - d(interest)).abs() <= d("0.02"));
        assert!((inst.principal - d(principal)).abs() <= d("0.02"));
    }
}

// Wikipedia, "Mortgage calculator", worked example: a $200,000 home loan at a fixed 6.5 %
// a year over 30 years has a monthly payment of $1,264.14. The first two rows follow by
// hand: 200,000 × 6.5 % / 12 = 1,083.33; 199,819.19 × 6.5 % / 12 = 1,082.354.
#[test]
fn published_mortgage_200000_at_6_5_percent_30_years() {
    let s = compute_schedule(&terms("200000", "6.5", 360, Frequency::Monthly)).unwrap();
    assert_eq!(s.len(), 360);
    assert!(s[..359].iter().all(|i| i.total == d("1264.14")));
    assert_eq!(s[0].interest, d("1083.33"));
    assert_eq!(s[0].principal, d("180.81"));
    assert_eq!(s[0].balance_after, d("199819.19"));
    assert_eq!(s[1].interest, d("1082.35"));
    assert_eq!(s[1].balance_after, d("199637.40"));
    // Rounding the payment up from 1,264.13605 overpays 0.00395 a month; grown at the
    // monthly rate over the 359 earlier months that is 0.00395 × 1,100.1 ≈ 4.35, so the
    // last payment is about 1,259.77 (give or take the interest roundings' cents).
    assert!((s[359].total - d("1259.77")).abs() < d("0.5"));
    assert_eq!(s[359].due_date, date("2055-12-15"));
}

// Hand-computed: 1,000 at 10 % over two months from 2025-01-01; the annuity is
// 1000 × r / (1 − (1 + r)^−2) with r = 10 % / 12, 506.2586 → 506.26. January has 31
// days, February 28.
#[test]
fn actual_day_counts_take_the_days_of_each_period() {
    let mut t = terms("1000", "10", 2, Frequency::Monthly);
    t.first_due_date = date("2025-02-01");
    t.day_count = DayCount::Actual365;
    // 1000 × 10 × 31 / 36500 = 8.4931; 502.23 × 10 × 28 / 36500 = 3.8527.
    let want = [
        ["497.77", "8.49", "506.26", "502.23"],
        ["502.23", "3.85", "506.08", "0"],
    ];
    assert_eq!(rows(&compute_schedule(&t).unwrap()), want.map(row));
    t.day_count = DayCount::Actual360;
    // 1000 × 10 × 31 / 36000 = 8.6111; 502.35 × 10 × 28 / 36000 = 3.9072.
    let want = [
        ["497.65", "8.61", "506.26", "502.35"],
        ["502.35", "3.91", "506.26", "0"],
    ];
    assert_eq!(rows(&compute_schedule(&t).unwrap()), want.map(row));
}

// Hand-computed flat loan: 1,200 at 12 % flat over 12 months is 12.00 of interest on the
// original principal every month, 144 in all, and 100 of principal.
#[test]
fn flat_interest_is_on_the_original_principal() {
    for method in [Method::EqualInstallments, Method::EqualPrincipal] {
        let mut t = terms("1200", "12", 12, Frequency::Monthly);
        t.interest = Interest::Flat;
        t.method = method;
        let s = compute_schedule(&t).unwrap();
        assert!(
            s.iter()
                .all(|i| i.interest == d("12") && i.total == d("112"))
        );
        assert_eq!(s[11].balance_after, Decimal::ZERO);
    }
}

#[test]
fn the_residue_goes_to_the_last_installment_in_the_minor_unit() {
    let mut t = terms("100000", "0", 3, Frequency::Quarterly);
    t.minor_unit = 0;
    t.method = Method::EqualPrincipal;
    let s = compute_schedule(&t).unwrap();
    let want = [
        ["33333", "0", "33333", "66667"],
        ["33333", "0", "33333", "33334"],
        ["33334", "0", "33334", "0"],
    ];
    assert_eq!(rows(&s), want.map(row));
    // Half away from zero: 0.05 / 2 = 0.025 → 0.03, and the last part is what is left.
    let mut t = terms("0.05", "0", 2, Frequency::Monthly);
    t.method = Method::EqualPrincipal;
    let principals: Vec<_> = compute_schedule(&t)
        .unwrap()
        .iter()
        .map(|i| i.principal)
        .collect();
    assert_eq!(principals, [d("0.03"), d("0.02")]);
    // A part never exceeds the balance: 0.03 / 5 = 0.006 → 0.01 runs out after three.
    let mut t = terms("0.03", "0", 5, Frequency::Monthly);
    t.method = Method::EqualPrincipal;
    let principals: Vec<_> = compute_schedule(&t)
        .unwrap()
        .iter()
        .map(|i| i.principal)
        .collect();
    assert_eq!(principals, ["0.01", "0.01", "0.01", "0", "0"].map(d));
}

#[test]
fn invalid_terms_say_what_is_wrong() {
    let ok = terms("1000", "5", 12, Frequency::Monthly);
    assert_eq!(validate(&ok), Ok(()));
    type Change = fn(&mut ScheduleTerms);
    let cases: [(Change, TermsError); 11] = [
        (|t| t.periods = 0, TermsError::NoPeriods),
        (
            |t| t.periods = 1201,
            TermsError::TooManyPeriods { max: 1200 },
        ),
        (|t| t.principal = d("0"), TermsError::PrincipalNotPositive),
        (|t| t.principal = d("-5"), TermsError::PrincipalNotPositive),
        (
            |t| t.principal = d("10000000000000000"),
            TermsError::PrincipalTooLarge,
        ),
        (
            |t| t.principal = d("10.005"),
            TermsError::PrincipalTooPrecise { places: 2 },
        ),
        (
            |t| t.annual_rate_percent = d("-0.1"),
            TermsError::RateNegative,
        ),
        (
            |t| t.annual_rate_percent = d("1000.01"),
            TermsError::RateTooHigh {
                max: MAX_RATE_PERCENT,
            },
        ),
        (
            |t| t.annual_rate_percent = d("5.12345"),
            TermsError::RateTooPrecise,
        ),
        (
            |t| t.minor_unit = 5,
            TermsError::MinorUnitUnsupported { places: 5, max: 4 },
        ),
        (
            |t| t.first_due_date = date("9999-12-01"),
            TermsError::DatesOutOfRange,
        ),
    ];
    for (change, want) in cases {
        let mut t = ok.clone();
        change(&mut t);
        assert_eq!(validate(&t), Err(want.clone()));
        assert_eq!(compute_schedule(&t), Err(want));
    }
    // Trailing zeros are not extra precision.
    let mut t = ok.clone();
    t.principal = d("10.5000");
    assert_eq!(validate(&t), Ok(()));
}
