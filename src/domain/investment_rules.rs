//! Investment rules (`docs/marketplace.md`, Investment rules): what a new investment, or
//! a new amount for an Open one, must meet. No I/O: the caller locks the offering row,
//! reads the totals in the same transaction and passes them in, then inserts (or updates)
//! before committing, so the check and the write are atomic (see
//! `crate::models::investment`).
//!
//! Each rule is optional on the offering (`None` = not enforced) and each breach is its
//! own [`RuleBreach`] variant, which the API turns into its own exception code.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::stages::{InvestmentStage, OfferingStage};

/// Investment stages counted into an investor's total against `max_commitment`: Open,
/// Approved and Settled (Open counts too, so pending interest cannot overshoot).
pub const INVESTOR_TOTAL_STAGES: &[InvestmentStage] = &[
    InvestmentStage::Open,
    InvestmentStage::Approved,
    InvestmentStage::Settled,
];

/// Investment stages counted into an offering's total against `max_overfunding_amount`:
/// all but Rejected and Withdrawn.
pub const OFFERING_TOTAL_STAGES: &[InvestmentStage] = &[
    InvestmentStage::Open,
    InvestmentStage::Approved,
    InvestmentStage::Settled,
];

/// Investment stages counted into an offering's figures (amount raised, investment and
/// investor counts): Approved and Settled (`docs/money.md`).
pub const COUNTED_STAGES: &[InvestmentStage] =
    &[InvestmentStage::Approved, InvestmentStage::Settled];

/// The investment rules of one offering, as stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct OfferingRules {
    /// No investment before this day.
    pub open_date: Option<NaiveDate>,
    /// No investment after this day.
    pub close_date: Option<NaiveDate>,
    /// Smallest amount of one investment.
    pub min_commitment: Option<Decimal>,
    /// Largest total of one investor's Open, Approved and Settled investments.
    pub max_commitment: Option<Decimal>,
    /// Largest total of the offering's investments that are neither Rejected nor
    /// Withdrawn.
    pub max_overfunding_amount: Option<Decimal>,
}

/// One investment (or amount change) to check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InvestmentAttempt {
    /// The offering's stage.
    pub stage: OfferingStage,
    /// Whether the investor is a VIP user (Restricted offerings take VIP investments).
    pub investor_is_vip: bool,
    /// Today (UTC).
    pub today: NaiveDate,
    /// The new amount.
    pub amount: Decimal,
    /// The investor's Open + Approved + Settled total in the offering, without the
    /// investment being changed (`docs/marketplace.md` counts Open too).
    pub investor_total: Decimal,
    /// The offering's non-Rejected, non-Withdrawn total, without the investment being
    /// changed.
    pub offering_total: Decimal,
}

/// Why an investment is refused. The order of the variants is the order of the checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleBreach {
    /// The amount is negative.
    NegativeAmount,
    /// The offering is not Published (nor Restricted with a VIP investor).
    NotOpen(OfferingStage),
    /// Today is before `open_date`.
    BeforeOpenDate(NaiveDate),
    /// Today is after `close_date`.
    AfterCloseDate(NaiveDate),
    /// The amount is below `min_commitment`.
    BelowMinCommitment(Decimal),
    /// The investor's total would exceed `max_commitment`; `remaining` is what the
    /// investor may still add (never negative).
    AboveMaxCommitment {
        /// The rule's amount.
        max: Decimal,
        /// What the investor may still add.
        remaining: Decimal,
    },
    /// The offering's total would exceed `max_overfunding_amount`.
    AboveMaxOverfunding {
        /// The rule's amount.
        max: Decimal,
        /// What the offering may still take.
        remaining: Decimal,
    },
}

impl std::fmt::Display for RuleBreach {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use crate::domain::lifecycle::LifecycleStage;
        match self {
            RuleBreach::NegativeAmount => f.write_str("investment_amount must not be negative"),
            RuleBreach::NotOpen(stage) => write!(
                f,
                "the offering is {} ({}): investments need it Published (5), or Restricted (4) \
                 for VIP users",
                stage.name(),
                stage.code()
            ),
            RuleBreach::BeforeOpenDate(day) => {
                write!(f, "the offering takes investments from {day} (open_date)")
            }
            RuleBreach::AfterCloseDate(day) => {
                write!(f, "the offering took investments until {day} (close_date)")
            }
            RuleBreach::BelowMinCommitment(min) => write!(
                f,
                "investment_amount is below the offering's min_commitment of {}",
                min.normalize()
            ),
            RuleBreach::AboveMaxCommitment { max, remaining } => write!(
                f,
                "your Open, Approved and Settled investments in this offering would exceed its \
                 max_commitment of {}; at most {} more is possible",
                max.normalize(),
                remaining.normalize()
            ),
            RuleBreach::AboveMaxOverfunding { max, remaining } => write!(
                f,
                "the offering's investments would exceed its max_overfunding_amount of {}; at \
                 most {} more is possible",
                max.normalize(),
                remaining.normalize()
            ),
        }
    }
}

impl std::error::Error for RuleBreach {}

/// Whether an investment may be made in an offering in `stage`: Published, or Restricted
/// for a VIP investor.
pub fn open_for_investment(stage: OfferingStage, investor_is_vip: bool) -> bool {
    stage == OfferingStage::Published || (stage == OfferingStage::Restricted && investor_is_vip)
}

/// Whether `today` lies within the offering's investment dates (either may be unset).
pub fn within_dates(rules: &OfferingRules, today: NaiveDate) -> bool {
    rules.open_date.is_none_or(|d| today >= d) && rules.close_date.is_none_or(|d| today <= d)
}

/// Checks every rule, in the order of [`RuleBreach`]'s variants; the first breach wins.
pub fn check(rules: &OfferingRules, attempt: &InvestmentAttempt) -> Result<(), RuleBreach> {
    let a = attempt;
    if a.amount.is_sign_negative() && !a.amount.is_zero() {
        return Err(RuleBreach::NegativeAmount);
    }
    if !open_for_investment(a.stage, a.investor_is_vip) {
        return Err(RuleBreach::NotOpen(a.stage));
    }
    if let Some(open) = rules.open_date
        && a.today < open
    {
        return Err(RuleBreach::BeforeOpenDate(open));
    }
    if let Some(close) = rules.close_date
        && a.today > close
    {
        return Err(RuleBreach::AfterCloseDate(close));
    }
    if let Some(min) = rules.min_commitment
        && a.amount < min
    {
        return Err(RuleBreach::BelowMinCommitment(min));
    }
    if let Some(max) = rules.max_commitment
        && a.investor_total + a.amount > max
    {
        return Err(RuleBreach::AboveMaxCommitment {
            max,
            remaining: (max - a.investor_total).max(Decimal::ZERO),
        });
    }
    if let Some(max) = rules.max_overfunding_amount
        && a.offering_total + a.amount > max
    {
        return Err(RuleBreach::AboveMaxOverfunding {
            max,
            remaining: (max - a.offering_total).max(Decimal::ZERO),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stage_sets_count_the_stages_of_the_rules() {
        use crate::domain::lifecycle::INVESTMENT_STAGES_BLOCKING_OFFERING_CANCEL as BLOCKING;
        use InvestmentStage::*;
        // (stage, investor total, offering total, figures, blocks cancel)
        let table = [
            (Open, true, true, false, true),
            (Rejected, false, false, false, false),
            (Approved, true, true, true, true),
            (Withdrawn, false, false, false, false),
            (Settled, true, true, true, true),
        ];
        assert_eq!(table.len(), InvestmentStage::ALL.len());
        for (stage, investor, offering, counted, blocking) in table {
            assert_eq!(
                INVESTOR_TOTAL_STAGES.contains(&stage),
                investor,
                "{stage:?}"
            );
            assert_eq!(
                OFFERING_TOTAL_STAGES.contains(&stage),
                offering,
                "{stage:?}"
            );
            assert_eq!(COUNTED_STAGES.contains(&stage), counted, "{stage:?}");
            assert_eq!(BLOCKING.contains(&stage), blocking, "{stage:?}");
        }
    }

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn attempt(amount: &str) -> InvestmentAttempt {
        InvestmentAttempt {
            stage: OfferingStage::Published,
            investor_is_vip: false,
            today: day("2026-06-15"),
            amount: d(amount),
            investor_total: Decimal::ZERO,
            offering_total: Decimal::ZERO,
        }
    }

    #[test]
    fn no_rules_accept_any_non_negative_amount() {
        let rules = OfferingRules::default();
        assert_eq!(check(&rules, &attempt("0")), Ok(()));
        assert_eq!(check(&rules, &attempt("1000000")), Ok(()));
        assert_eq!(
            check(&rules, &attempt("-1")),
            Err(RuleBreach::NegativeAmount)
        );
    }

    #[test]
    fn today_within_the_investment_dates() {
        let rules = |open: Option<&str>, close: Option<&str>| OfferingRules {
            open_date: open.map(day),
            close_date: close.map(day),
            ..Default::default()
        };
        let cases = [
            (rules(None, None), "2026-06-15", true),
            (rules(Some("2026-06-15"), None), "2026-06-15", true),
            (rules(Some("2026-06-15"), None), "2026-06-14", false),
            (rules(None, Some("2026-06-15")), "2026-06-15", true),
            (rules(None, Some("2026-06-15")), "2026-06-16", false),
            (
                rules(Some("2026-06-01"), Some("2026-06-30")),
                "2026-06-15",
                true,
            ),
            (
                rules(Some("2026-06-01"), Some("2026-06-30")),
                "2026-07-01",
                false,
            ),
        ];
        for (rules, today, want) in cases {
            assert_eq!(within_dates(&rules, day(today)), want, "{rules:?} {today}");
        }
    }

    #[test]
    fn stages_open_for_investment() {
        use OfferingStage::*;
        for stage in OfferingStage::ALL {
            let mut a = attempt("10");
            a.stage = *stage;
            let want = *stage == Published;
            assert_eq!(
                check(&OfferingRules::default(), &a).is_ok(),
                want,
                "{stage:?}"
            );
            a.investor_is_vip = true;
            let want_vip = matches!(stage, Published | Restricted);
            assert_eq!(
                check(&OfferingRules::default(), &a).is_ok(),
                want_vip,
                "VIP {stage:?}"
            );
        }
    }

    /// (rules, amount, investor total, offering total, today, expected).
    type Case = (
        OfferingRules,
        &'static str,
        &'static str,
        &'static str,
        &'static str,
        Result<(), RuleBreach>,
    );

    #[test]
    fn each_rule_at_below_and_above_its_limit() {
        // (rules, amount, investor_total, offering_total, today, expected)
        let open = OfferingRules {
            open_date: Some(day("2026-06-15")),
            ..Default::default()
        };
        let close = OfferingRules {
            close_date: Some(day("2026-06-15")),
            ..Default::default()
        };
        let min = OfferingRules {
            min_commitment: Some(d("100")),
            ..Default::default()
        };
        let max = OfferingRules {
            max_commitment: Some(d("1000")),
            ..Default::default()
        };
        let over = OfferingRules {
            max_overfunding_amount: Some(d("5000")),
            ..Default::default()
        };
        let cases: Vec<Case> = vec![
            (
                open,
                "1",
                "0",
                "0",
                "2026-06-14",
                Err(RuleBreach::BeforeOpenDate(day("2026-06-15"))),
            ),
            (open, "1", "0", "0", "2026-06-15", Ok(())),
            (open, "1", "0", "0", "2026-06-16", Ok(())),
            (close, "1", "0", "0", "2026-06-14", Ok(())),
            (close, "1", "0", "0", "2026-06-15", Ok(())),
            (
                close,
                "1",
                "0",
                "0",
                "2026-06-16",
                Err(RuleBreach::AfterCloseDate(day("2026-06-15"))),
            ),
            (
                min,
                "99.9999",
                "0",
                "0",
                "2026-06-15",
                Err(RuleBreach::BelowMinCommitment(d("100"))),
            ),
            (min, "100", "0", "0", "2026-06-15", Ok(())),
            (min, "100.0001", "0", "0", "2026-06-15", Ok(())),
            (max, "399.9999", "600", "0", "2026-06-15", Ok(())),
            (max, "400", "600", "0", "2026-06-15", Ok(())),
            (
                max,
                "400.0001",
                "600",
                "0",
                "2026-06-15",
                Err(RuleBreach::AboveMaxCommitment {
                    max: d("1000"),
                    remaining: d("400"),
                }),
            ),
            (over, "999", "0", "4000", "2026-06-15", Ok(())),
            (over, "1000", "0", "4000", "2026-06-15", Ok(())),
            (
                over,
                "1001",
                "0",
                "4000",
                "2026-06-15",
                Err(RuleBreach::AboveMaxOverfunding {
                    max: d("5000"),
                    remaining: d("1000"),
                }),
            ),
            (
                over,
                "1",
                "0",
                "6000",
                "2026-06-15",
                Err(RuleBreach::AboveMaxOverfunding {
                    max: d("5000"),
                    remaining: d("0"),
                }),
            ),
        ];
        for (rules, amount, investor, offering, today, want) in cases {
            let mut a = attempt(amount);
            a.investor_total = d(investor);
            a.offering_total = d(offering);
            a.today = day(today);
            assert_eq!(
                check(&rules, &a),
                want,
                "{rules:?} {amount} {investor} {offering} {today}"
            );
        }
    }

    #[test]
    fn breaches_are_reported_in_a_fixed_order() {
        let rules = OfferingRules {
            open_date: Some(day("2027-01-01")),
            min_commitment: Some(d("100")),
            ..Default::default()
        };
        let mut a = attempt("1");
        a.stage = OfferingStage::Closing;
        assert_eq!(
            check(&rules, &a),
            Err(RuleBreach::NotOpen(OfferingStage::Closing))
        );
        a.stage = OfferingStage::Published;
        assert_eq!(
            check(&rules, &a),
            Err(RuleBreach::BeforeOpenDate(day("2027-01-01")))
        );
    }

    #[test]
    fn messages_name_the_rule() {
        let m = RuleBreach::AboveMaxCommitment {
            max: d("1000.00"),
            remaining: d("250"),
        }
        .to_string();
        assert!(
            m.contains("max_commitment of 1000") && m.contains("250 more"),
            "{m}"
        );
        assert!(
            RuleBreach::NotOpen(OfferingStage::Draft)
                .to_string()
                .contains("Draft (0)")
        );
    }
}
