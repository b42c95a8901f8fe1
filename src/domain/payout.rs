//! The rules of payouts (`docs/money.md`, "Payouts"): who may create and change one, what
//! a paid payout may still change, and the checks of its type, amounts and due date. No
//! I/O: the caller reads the payout, its paid flag and the viewer's roles.

use chrono::{DateTime, NaiveDate};
use rust_decimal::Decimal;

pub use super::stages::PayoutType;

/// Most decimal places of a payout's amounts (the columns are `NUMERIC(20,4)`).
pub const AMOUNT_PLACES: u32 = 4;

/// Largest magnitude of a net annualized return (a rate, `NUMERIC(9,4)`).
const MAX_RETURN: i64 = 100_000;

/// Who writes a payout, as far as the payout rules care.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PayoutActor {
    /// An admin of the network.
    pub is_admin: bool,
    /// An active member of the organization of the payout's offering.
    pub is_team: bool,
}

/// Why a payout may not be written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PayoutError {
    /// Neither an admin nor the offering's team.
    #[error("Only admins and the offering's organization members may create or change payouts.")]
    NotTeam,
    /// A payout type code other than 0, 1 or 2.
    #[error("{0} is not a payout type: use 0 (Dividend), 1 (Capital Gain) or 2 (Loan Repayment).")]
    UnknownType(String),
    /// A negative amount, or one with too many decimal places.
    #[error("{field} must be a decimal of at least 0 with at most 4 decimal places, not {value}.")]
    BadAmount {
        /// The field.
        field: &'static str,
        /// What was sent.
        value: String,
    },
    /// A due date that is not a date.
    #[error(
        "{0:?} is not a date: send YYYY-MM-DD (a date-time such as 2016-07-20T09:38:55+0000 is read as its date)."
    )]
    BadDate(String),
    /// A change of the amounts or due date of a paid payout.
    #[error(
        "The payout is paid: its {0} can no longer change (descriptive fields and custom fields can)."
    )]
    Paid(&'static str),
}

/// Whether `actor` may create or change payouts of an offering (or of its investments).
pub fn may_write(actor: PayoutActor) -> Result<(), PayoutError> {
    if actor.is_admin || actor.is_team {
        Ok(())
    } else {
        Err(PayoutError::NotTeam)
    }
}

/// The payout type of a REST integer code (a number or a digit string).
pub fn type_of_code(value: &serde_json::Value) -> Result<PayoutType, PayoutError> {
    let code = match value {
        serde_json::Value::Number(n) => n.as_i64(),
        serde_json::Value::String(s) => s.trim().parse::<i64>().ok(),
        _ => None,
    };
    code.and_then(|c| i16::try_from(c).ok())
        .and_then(PayoutType::from_code)
        .ok_or_else(|| PayoutError::UnknownType(value.to_string()))
}

/// Checks one of the money fields of a payout: at least zero, at most 4 decimal places.
pub fn check_amount(field: &'static str, amount: Decimal) -> Result<Decimal, PayoutError> {
    if amount.is_sign_negative() && !amount.is_zero() || amount.scale() > AMOUNT_PLACES {
        return Err(PayoutError::BadAmount {
            field,
            value: amount.to_string(),
        });
    }
    Ok(amount)
}

/// Checks a net annualized return: a rate that may be negative, at most 4 decimal places,
/// below 100,000 in magnitude.
pub fn check_return(rate: Decimal) -> Result<Decimal, PayoutError> {
    if rate.scale() > AMOUNT_PLACES || rate.abs() >= Decimal::from(MAX_RETURN) {
        return Err(PayoutError::BadAmount {
            field: "net_annualized_return",
            value: rate.to_string(),
        });
    }
    Ok(rate)
}

/// Reads a due date: `YYYY-MM-DD`, or a date-time (RFC 3339, or the manual's
/// `2016-07-20T09:38:55+0000`) read as the date it names.
pub fn parse_due_date(text: &str) -> Result<NaiveDate, PayoutError> {
    let t = text.trim();
    if let Ok(day) = NaiveDate::parse_from_str(t, "%Y-%m-%d") {
        return Ok(day);
    }
    DateTime::parse_from_rfc3339(t)
        .or_else(|_| DateTime::parse_from_str(t, "%Y-%m-%dT%H:%M:%S%z"))
        .map(|at| at.date_naive())
        .map_err(|_| PayoutError::BadDate(text.to_owned()))
}

/// What a change of a payout touches, for [`check_change`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PayoutChangeKind {
    /// `payout_amount` changes.
    pub amount: bool,
    /// Another money field changes (minimum payment, late fee, charge-offs, net
    /// recoveries, service charge) or the currency.
    pub other_money: bool,
    /// `due_date` changes.
    pub due_date: bool,
}

/// Whether a change may be written to a payout that is `paid`: a paid payout keeps its
/// amounts, currency and due date; its type, category, return and custom fields may
/// still change.
pub fn check_change(paid: bool, change: PayoutChangeKind) -> Result<(), PayoutError> {
    if !paid {
        return Ok(());
    }
    if change.amount || change.other_money {
        return Err(PayoutError::Paid("amounts"));
    }
    if change.due_date {
        return Err(PayoutError::Paid("due date"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::str::FromStr;

    use super::*;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn only_admins_and_the_team_write_payouts() {
        let table = [
            (false, false, false),
            (true, false, true),
            (false, true, true),
            (true, true, true),
        ];
        for (is_admin, is_team, allowed) in table {
            let actor = PayoutActor { is_admin, is_team };
            assert_eq!(may_write(actor).is_ok(), allowed, "{actor:?}");
        }
    }

    #[test]
    fn payout_types_are_codes_0_to_2() {
        use serde_json::json;
        let table = [
            (json!(0), Some(PayoutType::Dividend)),
            (json!("1"), Some(PayoutType::CapitalGain)),
            (json!(2), Some(PayoutType::LoanRepayment)),
            (json!(3), None),
            (json!(-1), None),
            (json!("dividend"), None),
            (json!(1.5), None),
            (json!(null), None),
        ];
        for (value, want) in table {
            assert_eq!(type_of_code(&value).ok(), want, "{value}");
        }
    }

    #[test]
    fn amounts_are_non_negative_with_at_most_4_places() {
        let table = [
            ("0", true),
            ("-0", true),
            ("1000", true),
            ("0.0001", true),
            ("12.34560", false),
            ("-0.01", false),
            ("-5", false),
        ];
        for (amount, ok) in table {
            assert_eq!(
                check_amount("payout_amount", d(amount)).is_ok(),
                ok,
                "{amount}"
            );
        }
    }

    #[test]
    fn a_return_may_be_negative_but_bounded() {
        for (rate, ok) in [
            ("-3.5", true),
            ("12.25", true),
            ("99999.9999", true),
            ("100000", false),
            ("1.23456", false),
        ] {
            assert_eq!(check_return(d(rate)).is_ok(), ok, "{rate}");
        }
    }

    #[test]
    fn due_dates_are_days_or_date_times() {
        let day = NaiveDate::from_ymd_opt(2016, 7, 20).unwrap();
        for text in [
            "2016-07-20",
            " 2016-07-20 ",
            "2016-07-20T09:38:55+0000",
            "2016-07-20T09:38:55Z",
            "2016-07-20T23:00:00+02:00",
        ] {
            assert_eq!(parse_due_date(text), Ok(day), "{text}");
        }
        for text in ["", "20/07/2016", "2016-02-30", "tomorrow", "2016-7-20x"] {
            assert!(parse_due_date(text).is_err(), "{text}");
        }
    }

    #[test]
    fn a_paid_payout_keeps_its_amounts_and_due_date() {
        let none = PayoutChangeKind::default();
        let amount = PayoutChangeKind {
            amount: true,
            ..none
        };
        let fee = PayoutChangeKind {
            other_money: true,
            ..none
        };
        let due = PayoutChangeKind {
            due_date: true,
            ..none
        };
        let table = [
            (false, amount, true),
            (false, fee, true),
            (false, due, true),
            (true, none, true),
            (true, amount, false),
            (true, fee, false),
            (true, due, false),
        ];
        for (paid, change, ok) in table {
            assert_eq!(check_change(paid, change).is_ok(), ok, "{paid} {change:?}");
        }
    }
}
