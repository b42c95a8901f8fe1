//! Inputs of `generatePaymentSchedule` (`docs/money.md`, "Payment schedules"): the terms
//! of a computed schedule as GraphQL enums and strings, their conversion to the pure
//! generator's terms, and the refusals of a schedule with their codes.

use async_graphql::{Enum, InputObject};
use rust_decimal::Decimal;

use crate::domain::payout::{PayoutType, parse_due_date};
use crate::domain::schedule::{
    DayCount, FanOutError, Frequency, Interest, MAX_PERIODS, Method, ScheduleTerms, TermsError,
};
use crate::error::{ApiError, ApiResult, codes};
use crate::graphql::marketplace::input::plain;
use crate::graphql::scalars::Money;

use super::payout_input::payout_error;

/// The most payouts one explicit schedule may list (a century of monthly payments).
pub const MAX_LISTED: usize = MAX_PERIODS as usize;

/// How often the installments of a computed schedule fall due.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
pub enum ScheduleFrequency {
    /// Every 7 days.
    Weekly,
    /// Every month.
    Monthly,
    /// Every 3 months.
    Quarterly,
    /// Every 6 months.
    Semiannual,
    /// Every 12 months.
    Annual,
}

/// How a computed schedule repays the principal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
pub enum ScheduleMethod {
    /// The same total every period (an annuity).
    EqualInstallments,
    /// The same principal part every period; the total shrinks with the interest.
    EqualPrincipal,
}

/// Which balance a computed schedule charges interest on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
pub enum ScheduleInterest {
    /// On the balance still owed at the start of each period.
    DecliningBalance,
    /// On the original principal, every period.
    Flat,
}

/// How the days of a period become a fraction of a year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
pub enum ScheduleDayCount {
    /// Actual days over 365.
    #[graphql(name = "ACTUAL_365")]
    Actual365,
    /// Actual days over 360.
    #[graphql(name = "ACTUAL_360")]
    Actual360,
    /// Every month counted as 30 days, over 360 (30E/360).
    #[graphql(name = "THIRTY_360")]
    Thirty360,
}

/// The terms of a computed schedule: each installment becomes one payout whose amount is
/// the installment's total (principal plus interest), rounded to the currency's minor
/// unit, with the rounding residue in the last installment.
#[derive(Debug, InputObject)]
pub struct ScheduleInput {
    /// The amount lent; the investment's amount (for an offering: the sum of its Settled
    /// investments) when not given.
    pub principal: Option<Money>,
    /// The nominal annual interest rate in percent (`"6.5"` is 6.5 % a year), 0 to 1000.
    pub annual_rate: Money,
    /// The number of installments, 1 to 1200.
    pub periods: i32,
    /// How often installments fall due.
    pub frequency: ScheduleFrequency,
    /// The due date of the first installment, `YYYY-MM-DD`.
    pub first_due_date: String,
    /// How the principal is repaid; EQUAL_INSTALLMENTS when not given.
    pub method: Option<ScheduleMethod>,
    /// Which balance interest is charged on; DECLINING_BALANCE when not given.
    pub interest: Option<ScheduleInterest>,
    /// How days are counted; THIRTY_360 when not given.
    pub day_count: Option<ScheduleDayCount>,
    /// ISO 4217 currency, whose minor unit the amounts are rounded to; the investment's
    /// (or offering's) when not given.
    pub currency: Option<String>,
    /// The type of the payouts; LOAN_REPAYMENT when not given.
    pub payout_type: Option<PayoutType>,
    /// A category of the platform's choosing for the payouts.
    pub additional_type: Option<String>,
}

/// Validated terms, waiting for the principal and currency their target may supply.
#[derive(Debug)]
pub struct SchedulePlan {
    /// The principal, if given.
    pub principal: Option<Decimal>,
    /// The currency, if given.
    pub currency: Option<String>,
    /// The terms with a placeholder principal and minor unit.
    pub terms: ScheduleTerms,
    /// The payout type code.
    pub payout_type: i16,
    /// The category.
    pub additional_type: Option<String>,
}

impl ScheduleInput {
    /// Checks what can be checked without the target.
    pub fn plan(self) -> ApiResult<SchedulePlan> {
        let periods = match u32::try_from(self.periods) {
            Ok(0) | Err(_) => return Err(terms_error(TermsError::NoPeriods)),
            Ok(n) => n,
        };
        let first_due_date = parse_due_date(&self.first_due_date).map_err(payout_error)?;
        let currency = super::currency(self.currency)?;
        let terms = ScheduleTerms {
            principal: Decimal::ONE,
            annual_rate_percent: self.annual_rate.0,
            periods,
            frequency: match self.frequency {
                ScheduleFrequency::Weekly => Frequency::Weekly,
                ScheduleFrequency::Monthly => Frequency::Monthly,
                ScheduleFrequency::Quarterly => Frequency::Quarterly,
                ScheduleFrequency::Semiannual => Frequency::Semiannual,
                ScheduleFrequency::Annual => Frequency::Annual,
            },
            first_due_date,
            method: match self.method.unwrap_or(ScheduleMethod::EqualInstallments) {
                ScheduleMethod::EqualInstallments => Method::EqualInstallments,
                ScheduleMethod::EqualPrincipal => Method::EqualPrincipal,
            },
            interest: match self.interest.unwrap_or(ScheduleInterest::DecliningBalance) {
                ScheduleInterest::DecliningBalance => Interest::DecliningBalance,
                ScheduleInterest::Flat => Interest::Flat,
            },
            day_count: match self.day_count.unwrap_or(ScheduleDayCount::Thirty360) {
                ScheduleDayCount::Actual365 => DayCount::Actual365,
                ScheduleDayCount::Actual360 => DayCount::Actual360,
                ScheduleDayCount::Thirty360 => DayCount::Thirty360,
            },
            minor_unit: 0,
        };
        // Everything but the principal and minor unit can be refused now, before the
        // database is asked for the target.
        crate::domain::schedule::validate(&terms).map_err(terms_error)?;
        Ok(SchedulePlan {
            principal: self.principal.map(|m| m.0),
            currency,
            terms,
            payout_type: self.payout_type.unwrap_or(PayoutType::LoanRepayment).code(),
            additional_type: plain("additional_type", self.additional_type)?,
        })
    }
}

impl SchedulePlan {
    /// The complete terms, with the principal (the given one, else `default_principal`)
    /// and the minor unit of the currency (the given one, else `default_currency`).
    pub fn terms(
        &self,
        default_principal: Decimal,
        default_currency: Option<&str>,
    ) -> ApiResult<(ScheduleTerms, String)> {
        let currency = self
            .currency
            .as_deref()
            .or(default_currency)
            .ok_or_else(|| {
                ApiError::new(
                    codes::SCHEDULE_TERMS_INVALID,
                    "The schedule needs a currency.",
                    "Give the schedule's currency: neither it nor its investment or offering has one.",
                )
            })?;
        let minor_unit = iso_currency::Currency::from_code(currency)
            .and_then(|c| c.exponent())
            .map_or(2, u32::from);
        let terms = ScheduleTerms {
            principal: self.principal.unwrap_or(default_principal),
            minor_unit,
            ..self.terms.clone()
        };
        crate::domain::schedule::validate(&terms).map_err(terms_error)?;
        Ok((terms, currency.to_owned()))
    }
}

/// A refusal of a schedule's terms: no installments is an empty schedule (15004), too
/// many an oversized one (15005), anything else invalid terms (15006).
pub fn terms_error(err: TermsError) -> ApiError {
    let (code, user) = match &err {
        TermsError::NoPeriods => (codes::SCHEDULE_EMPTY, "The schedule has no installments."),
        TermsError::TooManyPeriods { .. } => (
            codes::SCHEDULE_TOO_LARGE,
            "The schedule has too many installments.",
        ),
        _ => (
            codes::SCHEDULE_TERMS_INVALID,
            "The schedule's terms are not valid.",
        ),
    };
    ApiError::new(code, user, err.to_string())
}

/// A refusal of the split among investments: none to split among is 15007.
pub fn fan_out_error(err: FanOutError) -> ApiError {
    match err {
        FanOutError::NoInvestments => not_settled_offering(),
        too_many @ FanOutError::TooManyParts { .. } => ApiError::new(
            codes::SCHEDULE_TOO_LARGE,
            "The schedule has too many payouts.",
            too_many.to_string(),
        ),
        other => ApiError::new(
            codes::SCHEDULE_TERMS_INVALID,
            "The schedule cannot be split among the offering's investments.",
            other.to_string(),
        ),
    }
}

/// An offering without Settled investments to split a schedule among.
pub fn not_settled_offering() -> ApiError {
    ApiError::new(
        codes::NOT_SETTLED,
        "The offering has no Settled investments.",
        "A computed schedule for an offering is split among its Settled investments, and it has none.",
    )
}

/// An investment that is not Settled.
pub fn not_settled_investment() -> ApiError {
    ApiError::new(
        codes::NOT_SETTLED,
        "The investment is not Settled.",
        "A payment schedule is made for a Settled investment only.",
    )
}
