//! The split of a borrower's installments among an offering's investments.

use rust_decimal::Decimal;
use uuid::Uuid;

use super::{Installment, MAX_MINOR_UNIT};

/// The decimal places investment amounts may have (as stored).
const AMOUNT_PLACES: u32 = 4;

/// The most parts one split may make (installments × investments): each becomes a payout
/// written in the same transaction as all the others.
pub const MAX_PARTS: usize = 1_000_000;

/// One investment's parts of a schedule: its installments, numbered and dated like the
/// borrower's, with `balance_after` counting down the investment's share of principal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvestorSchedule {
    /// The investment.
    pub investment_id: Uuid,
    /// Its part of every installment, in the schedule's order.
    pub installments: Vec<Installment>,
}

/// Why a schedule cannot be split among investments. No investments at all is the
/// offering without Settled investments (15007); the others are the caller's mistakes.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FanOutError {
    /// No investments to split among.
    #[error("There are no investments to split the schedule among.")]
    NoInvestments,
    /// The same investment twice.
    #[error("Investment {0} is listed twice.")]
    DuplicateInvestment(Uuid),
    /// An amount of zero or less, of 10^16 or more, or with more than 4 decimal places.
    #[error("Investment {0} has an amount that cannot weigh a share of the schedule.")]
    AmountInvalid(Uuid),
    /// A minor unit of more than 4 decimal places.
    #[error("A currency with {0} decimal places is not supported.")]
    MinorUnitUnsupported(u32),
    /// More than [`MAX_PARTS`] installments × investments.
    #[error("{installments} installments for {investments} investments make more than {max} payouts.", max = MAX_PARTS)]
    TooManyParts {
        /// Installments of the schedule.
        installments: usize,
        /// Investments to split them among.
        investments: usize,
    },
    /// An installment part that is negative or finer than the minor unit.
    #[error("Installment {0} has a part that is negative or finer than the currency's unit.")]
    PartInvalid(u32),
}

/// Splits each installment's principal and interest among `investments` (id and amount)
/// pro rata by amount, to the minor unit, by largest remainder: every investment gets the
/// floor of its exact share, and the units left over go one each to the largest exact
/// remainders, ties to the larger amount, then to the smaller id. An investment's total
/// is its principal plus its interest, so the investments' parts of every installment
/// (principal, interest and total) sum exactly to it. The split depends only on the
/// amounts and ids, not on their order; the result lists the investments in the order
/// given. A very small investment may get zero parts.
pub fn fan_out(
    installments: &[Installment],
    investments: &[(Uuid, Decimal)],
    minor_unit: u32,
) -> Result<Vec<InvestorSchedule>, FanOutError> {
    if minor_unit > MAX_MINOR_UNIT {
        return Err(FanOutError::MinorUnitUnsupported(minor_unit));
    }
    if investments.is_empty() {
        return Err(FanOutError::NoInvestments);
    }
    if installments.len().saturating_mul(investments.len()) > MAX_PARTS {
        return Err(FanOutError::TooManyParts {
            installments: installments.len(),
            investments: investments.len(),
        });
    }
    let weights = investments
        .iter()
        .map(|&(id, amount)| weight(amount).ok_or(FanOutError::AmountInvalid(id)))
        .collect::<Result<Vec<u128>, _>>()?;
    // Each weight is below 10^20, so the sum stays far below the bound `mul_div` needs
    // for any number of investments that fits in memory.
    let total: u128 = weights.iter().sum();

    // Ties are broken by larger amount, then smaller id: a fixed order, settled once.
    let mut tie_order: Vec<usize> = (0..investments.len()).collect();
    tie_order.sort_by(|&a, &b| {
        weights[b]
            .cmp(&weights[a])
            .then(investments[a].0.cmp(&investments[b].0))
    });
    let mut ids: Vec<Uuid> = investments.iter().map(|&(id, _)| id).collect();
    ids.sort_unstable();
    if let Some(pair) = ids.windows(2).find(|p| p[0] == p[1]) {
        return Err(FanOutError::DuplicateInvestment(pair[0]));
    }

    let mut out: Vec<InvestorSchedule> = investments
        .iter()
        .map(|&(investment_id, _)| InvestorSchedule {
            investment_id,
            installments: Vec::with_capacity(installments.len()),
        })
        .collect();
    let mut order = tie_order.clone();
    for inst in installments {
        let principal =
            units(inst.principal, minor_unit).ok_or(FanOutError::PartInvalid(inst.number))?;
        let interest =
            units(inst.interest, minor_unit).ok_or(FanOutError::PartInvalid(inst.number))?;
        let principals = allocate(principal, &weights, total, &tie_order, &mut order);
        let interests = allocate(interest, &weights, total, &tie_order, &mut order);
        for (j, schedule) in out.iter_mut().enumerate() {
            let principal = money(principals[j], minor_unit);
            let interest = money(interests[j], minor_unit);
            schedule.installments.push(Installment {
                number: inst.number,
                due_date: inst.due_date,
                principal,
                interest,
                total: principal + interest,
                balance_after: Decimal::ZERO,
            });
        }
    }
    for schedule in &mut out {
        let mut balance: Decimal = schedule.installments.iter().map(|i| i.principal).sum();
        for inst in &mut schedule.installments {
            balance -= inst.principal;
            inst.balance_after = balance;
        }
    }
    Ok(out)
}

/// An amount as an integer count of 10^-4, if it is positive, below 10^16 and has at
/// most 4 decimal places.
fn weight(amount: Decimal) -> Option<u128> {
    let valid = amount > Decimal::ZERO
        && amount < Decimal::from(10_000_000_000_000_000_i64)
        && amount.normalize().scale() <= AMOUNT_PLACES;
    valid.then(|| units(amount, AMOUNT_PLACES)).flatten()
}

/// A non-negative amount as an integer count of the unit 10^-places, if it is one.
fn units(amount: Decimal, places: u32) -> Option<u128> {
    let scaled = (amount.checked_mul(Decimal::from(10_u64.pow(places)))?).normalize();
    (scaled.scale() == 0 && !scaled.is_sign_negative())
        .then(|| u128::try_from(scaled.mantissa()).ok())
        .flatten()
}

fn money(units: u128, places: u32) -> Decimal {
    // Parts never exceed the installment's part, which came from a Decimal.
    Decimal::from_i128_with_scale(units as i128, places)
}

/// `amount` units split by `weights` (summing to `total`) by largest remainder; `order`
/// is scratch space, `tie_order` the fixed tie-break order.
fn allocate(
    amount: u128,
    weights: &[u128],
    total: u128,
    tie_order: &[usize],
    order: &mut [usize],
) -> Vec<u128> {
    let (mut parts, remainders): (Vec<u128>, Vec<u128>) =
        weights.iter().map(|&w| mul_div(amount, w, total)).unzip();
    let left = amount - parts.iter().sum::<u128>();
    order.copy_from_slice(tie_order);
    // Stable: equal remainders keep the tie order.
    order.sort_by(|&a, &b| remainders[b].cmp(&remainders[a]));
    for &j in order.iter().take(left as usize) {
        parts[j] += 1;
    }
    parts
}

/// `(floor(a·w / total), a·w mod total)` exactly, for `w <= total < 2^127`, without
/// overflowing even when `a·w` does not fit in 128 bits.
fn mul_div(a: u128, w: u128, total: u128) -> (u128, u128) {
    if let Some(product) = a.checked_mul(w) {
        return (product / total, product % total);
    }
    // Long multiplication over the bits of `w`, keeping the running product as
    // `q·total + r` with `r < total`.
    let (aq, ar) = (a / total, a % total);
    let (mut q, mut r) = (0_u128, 0_u128);
    for bit in (0..128 - w.leading_zeros()).rev() {
        q *= 2;
        r *= 2;
        if r >= total {
            r -= total;
            q += 1;
        }
        if (w >> bit) & 1 == 1 {
            q += aq;
            r += ar;
            if r >= total {
                r -= total;
                q += 1;
            }
        }
    }
    (q, r)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mul_div_is_exact_beyond_128_bits() {
        let e20 = 10_u128.pow(20);
        assert_eq!(
            mul_div(e20, e20 + 1, 3 * e20),
            (33_333_333_333_333_333_333, 2 * e20)
        );
        assert_eq!(mul_div(1 << 100, 1 << 100, 1 << 101), (1 << 99, 0));
        assert_eq!(mul_div(7, 2, 3), (4, 2));
    }
}
