//! The figures of a user's portfolio (`docs/registry.md`, "The portfolio"): per block of
//! shares they hold, what it cost, what its sold children brought in, and the lines of
//! its children sold, offered and still held. Pure arithmetic on exact decimals; a
//! product or sum too large for 28 significant digits is `None` rather than rounded.

use rust_decimal::Decimal;

use crate::domain::stages::CapitalizationStage;

/// What became of a child block made from one of the user's blocks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKind {
    /// Another owner holds it: the user sold it.
    Sold,
    /// The user still owns it and offers it (stage Offered).
    Offered,
    /// The user still owns it (Authorized, Issued or Treasury).
    Held,
}

/// Which list a child belongs to; `None` when it is not listed: a child the user still
/// owns that was itself split, distributed or merged is a holding of its own.
pub fn classify(owned_by_user: bool, stage: i16) -> Option<LineKind> {
    if !owned_by_user {
        return Some(LineKind::Sold);
    }
    match CapitalizationStage::from_code(stage)? {
        CapitalizationStage::Offered => Some(LineKind::Offered),
        s if s.is_live() => Some(LineKind::Held),
        _ => None,
    }
}

/// The stored figures of a child block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Child {
    /// Shares now.
    pub number_of_shares: Decimal,
    /// Price per share now.
    pub price_per_share: Decimal,
    /// Price per share when its owner acquired it.
    pub price_per_share_at_acquisition: Decimal,
    /// Shares when its owner acquired it.
    pub number_of_shares_at_acquisition: Decimal,
    /// Its transaction cost (none counts as zero).
    pub transaction_cost: Decimal,
}

/// The figures of one line of `sales`, `offered` or `held`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Line {
    /// Which list.
    pub kind: LineKind,
    /// What the buyer paid: the child's acquisition price × acquisition shares; zero
    /// when not sold.
    pub sales_proceeds: Option<Decimal>,
    /// What these shares cost the user: the parent's acquisition price × the child's
    /// shares.
    pub investment_cost: Option<Decimal>,
    /// The child's transaction cost.
    pub transaction_cost: Decimal,
    /// For a sale, the child's own cost (its acquisition price × acquisition shares)
    /// less its transaction cost; zero when not sold.
    pub capital_gains: Option<Decimal>,
}

/// The line of `child`, made from a block bought at `parent_price_at_acquisition`.
pub fn line(kind: LineKind, parent_price_at_acquisition: Decimal, child: &Child) -> Line {
    let investment_cost = parent_price_at_acquisition.checked_mul(child.number_of_shares);
    let (sales_proceeds, capital_gains) = match kind {
        LineKind::Sold => {
            let own_cost = child
                .price_per_share_at_acquisition
                .checked_mul(child.number_of_shares_at_acquisition);
            (
                own_cost,
                own_cost.and_then(|c| c.checked_sub(child.transaction_cost)),
            )
        }
        LineKind::Offered | LineKind::Held => (Some(Decimal::ZERO), Some(Decimal::ZERO)),
    };
    Line {
        kind,
        sales_proceeds,
        investment_cost,
        transaction_cost: child.transaction_cost,
        capital_gains,
    }
}

/// The totals of one holding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Totals {
    /// Σ `sales_proceeds` of the sold lines.
    pub sales_proceeds: Option<Decimal>,
    /// The holding's acquisition price × acquisition shares.
    pub investment_cost: Option<Decimal>,
    /// Σ `capital_gains` of the sold lines.
    pub capital_gains_realised: Option<Decimal>,
}

/// The totals of a holding bought at `price_at_acquisition` × `shares_at_acquisition`
/// with these `lines`.
pub fn totals(
    price_at_acquisition: Decimal,
    shares_at_acquisition: Decimal,
    lines: &[Line],
) -> Totals {
    let sum = |pick: fn(&Line) -> Option<Decimal>| {
        lines
            .iter()
            .filter(|l| l.kind == LineKind::Sold)
            .try_fold(Decimal::ZERO, |acc, l| acc.checked_add(pick(l)?))
    };
    Totals {
        sales_proceeds: sum(|l| l.sales_proceeds),
        investment_cost: price_at_acquisition.checked_mul(shares_at_acquisition),
        capital_gains_realised: sum(|l| l.capital_gains),
    }
}

#[cfg(test)]
mod tests {
    use std::str::FromStr;

    use super::*;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    fn child(shares: Decimal, price: Decimal, acq_price: Decimal, cost: Decimal) -> Child {
        Child {
            number_of_shares: shares,
            price_per_share: price,
            price_per_share_at_acquisition: acq_price,
            number_of_shares_at_acquisition: shares,
            transaction_cost: cost,
        }
    }

    #[test]
    fn classify_by_owner_and_stage() {
        let cases = [
            (false, 1, Some(LineKind::Sold)),
            (false, 4, Some(LineKind::Sold)),
            (true, 2, Some(LineKind::Offered)),
            (true, 0, Some(LineKind::Held)),
            (true, 1, Some(LineKind::Held)),
            (true, 3, Some(LineKind::Held)),
            (true, 4, None),
            (true, 5, None),
            (true, 9, None),
        ];
        for (owned, stage, want) in cases {
            assert_eq!(classify(owned, stage), want, "owned {owned}, stage {stage}");
        }
    }

    #[test]
    fn line_figures() {
        // (kind, parent acquisition price, child, proceeds, investment cost, gains)
        let cases = [
            (
                LineKind::Sold,
                d("1.10"),
                child(d("30"), d("2"), d("1.50"), d("2.5")),
                Some(d("45.00")),
                Some(d("33.00")),
                Some(d("42.50")),
            ),
            (
                LineKind::Offered,
                d("1.10"),
                child(d("20"), d("3"), d("1.10"), d("0")),
                Some(d("0")),
                Some(d("22.00")),
                Some(d("0")),
            ),
            (
                LineKind::Held,
                d("0.00000001"),
                child(d("0.5"), d("1"), d("1"), d("1")),
                Some(d("0")),
                Some(d("0.000000005")),
                Some(d("0")),
            ),
            (
                LineKind::Sold,
                Decimal::MAX,
                child(d("2"), d("1"), Decimal::MAX, d("0")),
                None,
                None,
                None,
            ),
        ];
        for (kind, parent, c, proceeds, cost, gains) in cases {
            let l = line(kind, parent, &c);
            assert_eq!(l.sales_proceeds, proceeds, "{kind:?}");
            assert_eq!(l.investment_cost, cost, "{kind:?}");
            assert_eq!(l.capital_gains, gains, "{kind:?}");
            assert_eq!(l.transaction_cost, c.transaction_cost);
        }
    }

    #[test]
    fn totals_count_only_sales() {
        let sold = line(
            LineKind::Sold,
            d("1"),
            &child(d("10"), d("2"), d("2"), d("1")),
        );
        let sold2 = line(
            LineKind::Sold,
            d("1"),
            &child(d("5"), d("3"), d("3"), d("0")),
        );
        let held = line(
            LineKind::Held,
            d("1"),
            &child(d("85"), d("2"), d("1"), d("0")),
        );
        let t = totals(d("1"), d("100"), &[sold, held, sold2]);
        assert_eq!(t.sales_proceeds, Some(d("35")));
        assert_eq!(t.investment_cost, Some(d("100")));
        assert_eq!(t.capital_gains_realised, Some(d("34")));
        let none = totals(d("2"), d("3"), &[held]);
        assert_eq!(none.sales_proceeds, Some(d("0")));
        assert_eq!(none.capital_gains_realised, Some(d("0")));
        assert_eq!(none.investment_cost, Some(d("6")));
        let overflow = line(
            LineKind::Sold,
            d("1"),
            &child(d("2"), d("1"), Decimal::MAX, d("0")),
        );
        assert_eq!(
            totals(d("1"), d("1"), &[sold, overflow]).sales_proceeds,
            None
        );
    }
}
