//! Computed payment schedules (`docs/money.md`, "Payment schedules"): the terms of a loan,
//! their validation, the installments they make ([`compute_schedule`]) and the split of a
//! borrower's installments among an offering's investments ([`fan_out`]). Pure functions
//! on exact decimals: no I/O, no floats, and the same inputs always give the same output.

mod amortize;
mod dates;
mod fanout;
#[cfg(test)]
mod proptests;
#[cfg(test)]
mod tests;

pub use amortize::compute_schedule;
pub use dates::{accrual_days, due_dates};
pub use fanout::{FanOutError, InvestorSchedule, MAX_PARTS, fan_out};

use chrono::NaiveDate;
use rust_decimal::{Decimal, RoundingStrategy};

/// The longest schedule that can be computed: 1,200 installments (a century of monthly
/// payments).
pub const MAX_PERIODS: u32 = 1200;

/// The highest annual rate accepted, in percent.
pub const MAX_RATE_PERCENT: Decimal = Decimal::from_parts(1000, 0, 0, false, 0);

/// The most decimal places a currency's minor unit may have (amounts are stored with 4).
pub const MAX_MINOR_UNIT: u32 = 4;

/// How often installments fall due.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Frequency {
    /// Every 7 days; 52 periods a year.
    Weekly,
    /// Every month; 12 periods a year.
    Monthly,
    /// Every 3 months; 4 periods a year.
    Quarterly,
    /// Every 6 months; 2 periods a year.
    Semiannual,
    /// Every 12 months; 1 period a year.
    Annual,
}

impl Frequency {
    /// The number of periods in a year, which divides the annual rate into the nominal
    /// periodic rate.
    pub fn periods_per_year(self) -> u32 {
        match self {
            Frequency::Weekly => 52,
            Frequency::Monthly => 12,
            Frequency::Quarterly => 4,
            Frequency::Semiannual => 2,
            Frequency::Annual => 1,
        }
    }
}

/// How the principal is repaid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    /// The same total every period (an annuity); the principal part grows as the interest
    /// part shrinks.
    EqualInstallments,
    /// The same principal part every period; the total shrinks with the interest.
    EqualPrincipal,
}

/// Which balance interest is charged on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Interest {
    /// On the balance still owed at the start of each period.
    DecliningBalance,
    /// On the original principal, every period.
    Flat,
}

/// How the days of a period become a fraction of a year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DayCount {
    /// Actual days in the period over 365 (Actual/365 Fixed).
    Actual365,
    /// Actual days in the period over 360.
    Actual360,
    /// Days counted as if every month had 30, over 360 (the European 30E/360 rule).
    Thirty360,
}

/// The terms of a computed schedule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScheduleTerms {
    /// The amount lent: positive, below 10^16, with at most `minor_unit` decimal places.
    pub principal: Decimal,
    /// The nominal annual interest rate in percent (`6` is 6 % a year), 0 to 1000, with at
    /// most 4 decimal places.
    pub annual_rate_percent: Decimal,
    /// The number of installments, 1 to [`MAX_PERIODS`].
    pub periods: u32,
    /// How often installments fall due.
    pub frequency: Frequency,
    /// The due date of the first installment; the first period ends on it and starts one
    /// period earlier.
    pub first_due_date: NaiveDate,
    /// How the principal is repaid.
    pub method: Method,
    /// Which balance interest is charged on.
    pub interest: Interest,
    /// How a period's days become a fraction of a year.
    pub day_count: DayCount,
    /// The decimal places of the currency's minor unit (2 for EUR, 0 for JPY), 0 to 4.
    pub minor_unit: u32,
}

/// One installment of a schedule (the borrower's, or one investment's part of it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Installment {
    /// Its position in the schedule, from 1.
    pub number: u32,
    /// When it falls due.
    pub due_date: NaiveDate,
    /// The part that repays principal.
    pub principal: Decimal,
    /// The part that pays interest.
    pub interest: Decimal,
    /// `principal + interest`.
    pub total: Decimal,
    /// The principal still owed once it is paid; zero after the last installment.
    pub balance_after: Decimal,
}

/// Why terms make no schedule. [`TermsError::NoPeriods`] is an empty schedule and
/// [`TermsError::TooManyPeriods`] an oversized one; every other variant is invalid terms.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TermsError {
    /// Zero installments.
    #[error("A schedule needs at least one installment.")]
    NoPeriods,
    /// More installments than allowed.
    #[error("A schedule has at most {max} installments.")]
    TooManyPeriods {
        /// The most allowed.
        max: u32,
    },
    /// A principal of zero or less.
    #[error("The principal must be greater than zero.")]
    PrincipalNotPositive,
    /// A principal of 10^16 or more.
    #[error("The principal must be less than 10000000000000000.")]
    PrincipalTooLarge,
    /// A principal with more decimal places than the currency has.
    #[error("The principal has more decimal places than the currency's {places}.")]
    PrincipalTooPrecise {
        /// The currency's decimal places.
        places: u32,
    },
    /// A negative annual rate.
    #[error("The annual interest rate cannot be negative.")]
    RateNegative,
    /// An annual rate above [`MAX_RATE_PERCENT`].
    #[error("The annual interest rate is in percent and at most {max}.")]
    RateTooHigh {
        /// The highest rate accepted, in percent.
        max: Decimal,
    },
    /// An annual rate with more than 4 decimal places.
    #[error("The annual interest rate has at most 4 decimal places.")]
    RateTooPrecise,
    /// A minor unit of more than [`MAX_MINOR_UNIT`] decimal places.
    #[error("A currency with {places} decimal places is not supported (at most {max}).")]
    MinorUnitUnsupported {
        /// The places given.
        places: u32,
        /// The most supported.
        max: u32,
    },
    /// A first due date whose schedule would end after the year 9999.
    #[error("The schedule's due dates must fall between the years 1 and 9999.")]
    DatesOutOfRange,
}

/// Checks terms before any arithmetic; [`compute_schedule`] calls it too.
pub fn validate(terms: &ScheduleTerms) -> Result<(), TermsError> {
    if terms.periods == 0 {
        return Err(TermsError::NoPeriods);
    }
    if terms.periods > MAX_PERIODS {
        return Err(TermsError::TooManyPeriods { max: MAX_PERIODS });
    }
    if terms.minor_unit > MAX_MINOR_UNIT {
        return Err(TermsError::MinorUnitUnsupported {
            places: terms.minor_unit,
            max: MAX_MINOR_UNIT,
        });
    }
    if terms.principal <= Decimal::ZERO {
        return Err(TermsError::PrincipalNotPositive);
    }
    if terms.principal >= Decimal::from(10_000_000_000_000_000_i64) {
        return Err(TermsError::PrincipalTooLarge);
    }
    if terms.principal.normalize().scale() > terms.minor_unit {
        return Err(TermsError::PrincipalTooPrecise {
            places: terms.minor_unit,
        });
    }
    if terms.annual_rate_percent < Decimal::ZERO {
        return Err(TermsError::RateNegative);
    }
    if terms.annual_rate_percent > MAX_RATE_PERCENT {
        return Err(TermsError::RateTooHigh {
            max: MAX_RATE_PERCENT,
        });
    }
    if terms.annual_rate_percent.normalize().scale() > 4 {
        return Err(TermsError::RateTooPrecise);
    }
    dates::due_dates(terms.first_due_date, terms.frequency, terms.periods)?;
    Ok(())
}

/// Rounds money to the currency's minor unit, half away from zero ("commercial"
/// rounding, the rule the euro regulations prescribe for amounts in cents).
pub fn round_money(amount: Decimal, minor_unit: u32) -> Decimal {
    amount.round_dp_with_strategy(minor_unit, RoundingStrategy::MidpointAwayFromZero)
}
