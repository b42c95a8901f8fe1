//! The installments of a schedule from its terms.

use rust_decimal::Decimal;

use super::dates::{accrual_days, due_dates};
use super::{Installment, Interest, Method, ScheduleTerms, TermsError, round_money, validate};

/// What stays level from one installment to the next.
enum Level {
    /// The total (an annuity); the principal part is what the interest leaves of it.
    Total(Decimal),
    /// The principal part.
    Principal(Decimal),
}

/// The installments the terms make, in due-date order.
///
/// Each period's interest is `base × rate × days / (100 × basis)` rounded to the minor
/// unit, where `base` is the balance owed at the period's start (declining balance) or
/// the principal (flat), and `days`/`basis` come from the day count. The principal part
/// is `principal / periods` rounded (equal principal, and any flat-interest schedule) or
/// the annuity minus the interest (equal installments on a declining balance), never
/// below zero nor above the balance; the last installment repays whatever balance is
/// left, so the principal parts sum exactly to the principal and the balance ends at zero.
pub fn compute_schedule(terms: &ScheduleTerms) -> Result<Vec<Installment>, TermsError> {
    validate(terms)?;
    let dates = due_dates(terms.first_due_date, terms.frequency, terms.periods)?;
    let places = terms.minor_unit;
    let periods = Decimal::from(terms.periods);
    let level = match (terms.method, terms.interest) {
        (Method::EqualInstallments, Interest::DecliningBalance) => Level::Total(round_money(
            annuity(terms.principal, periodic_rate(terms), terms.periods),
            places,
        )),
        // Flat interest does not decline, so equal totals need equal principal parts.
        _ => Level::Principal(round_money(terms.principal / periods, places)),
    };
    let denominator = Decimal::ONE_HUNDRED * Decimal::from(terms.day_count.basis());

    let mut balance = terms.principal;
    let mut installments = Vec::with_capacity(dates.len() - 1);
    for (number, bounds) in (1..).zip(dates.windows(2)) {
        let base = match terms.interest {
            Interest::DecliningBalance => balance,
            Interest::Flat => terms.principal,
        };
        let days = Decimal::from(accrual_days(terms.day_count, bounds[0], bounds[1]));
        let interest = round_money(
            base * terms.annual_rate_percent * days / denominator,
            places,
        );
        let principal = if number == terms.periods {
            balance
        } else {
            match level {
                Level::Total(total) => (total - interest).max(Decimal::ZERO),
                Level::Principal(part) => part,
            }
            .min(balance)
        };
        balance -= principal;
        installments.push(Installment {
            number,
            due_date: bounds[1],
            principal,
            interest,
            total: principal + interest,
            balance_after: balance,
        });
    }
    Ok(installments)
}

/// The nominal periodic rate as a fraction: the annual percentage / 100 / periods a year.
fn periodic_rate(terms: &ScheduleTerms) -> Decimal {
    terms.annual_rate_percent
        / Decimal::ONE_HUNDRED
        / Decimal::from(terms.frequency.periods_per_year())
}

/// The level payment that repays `principal` over `periods` at the periodic rate `rate`:
/// `principal × rate / (1 − (1 + rate)^−periods)`, or `principal / periods` without
/// interest. Unrounded.
fn annuity(principal: Decimal, rate: Decimal, periods: u32) -> Decimal {
    let discount = Decimal::ONE / (Decimal::ONE + rate);
    let denominator = Decimal::ONE - power(discount, periods);
    if rate.is_zero() || denominator.is_zero() {
        return principal / Decimal::from(periods);
    }
    principal * rate / denominator
}

/// `base^exponent` by repeated squaring, for `0 < base <= 1` (so it cannot overflow).
fn power(base: Decimal, mut exponent: u32) -> Decimal {
    let (mut result, mut square) = (Decimal::ONE, base);
    while exponent > 0 {
        if exponent & 1 == 1 {
            result *= square;
        }
        square *= square;
        exponent >>= 1;
    }
    result
}
