//! The plans of the three operations that consume a capitalization: split, merge and
//! distribution. Each returns the rows to create or the reason it is refused; the caller
//! writes them, then marks the parents consumed, in one transaction.

use rust_decimal::{Decimal, RoundingStrategy};
use uuid::Uuid;

use super::{
    Block, CapitalizationStage, Mismatch, NewChild, RegistryError, SCALE, check_not_consumed,
    check_price, check_shares,
};
use crate::domain::stages::{InvestmentStage, OfferingStage};

/// One child of a split as asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SplitPart {
    /// Its shares.
    pub number_of_shares: Decimal,
    /// Its price per share.
    pub price_per_share: Decimal,
}

/// The children of splitting `parent` into `parts`, in the order given. The parent must
/// be Issued; at least two parts, none of zero shares, each a valid count and price,
/// summing exactly to the parent's shares. Each child keeps the parent's owner and is
/// Issued; the parent becomes Distributed.
pub fn plan_split(parent: &Block, parts: &[SplitPart]) -> Result<Vec<NewChild>, RegistryError> {
    check_issued(parent)?;
    if parts.len() < 2 {
        return Err(RegistryError::SplitTooFewChildren(parts.len()));
    }
    let mut children = Vec::with_capacity(parts.len());
    let mut sum = Decimal::ZERO;
    for (i, part) in parts.iter().enumerate() {
        let shares = check_shares(parent.capitalization_type, part.number_of_shares)?;
        if shares.is_zero() {
            return Err(RegistryError::SplitChildEmpty(i));
        }
        let price = check_price(part.price_per_share)?;
        // At most 16 whole digits each and a few hundred parts: the sum cannot overflow
        // a 28-digit decimal.
        sum += shares;
        children.push(NewChild {
            owner_id: parent.owner_id,
            stage: CapitalizationStage::Issued,
            number_of_shares: shares,
            price_per_share: price,
            investment_id: None,
        });
    }
    if sum != parent.number_of_shares {
        return Err(RegistryError::SplitSumMismatch {
            parent: parent.number_of_shares,
            children: sum,
        });
    }
    Ok(children)
}

fn check_issued(block: &Block) -> Result<(), RegistryError> {
    check_not_consumed(block)?;
    if block.stage != CapitalizationStage::Issued {
        return Err(RegistryError::NotIssued {
            id: block.id,
            stage: block.stage,
        });
    }
    Ok(())
}

/// The child of merging `parents` (a row given twice counts once). At least two distinct
/// rows, all Issued, of one owner, organization and type. The child holds their summed
/// shares at their price averaged by shares, `Σ(price × shares) / Σ shares`, rounded to
/// 8 places half to even (a plain average when they hold no shares); every parent
/// becomes Merged.
pub fn plan_merge(parents: &[Block]) -> Result<NewChild, RegistryError> {
    let mut distinct: Vec<&Block> = Vec::with_capacity(parents.len());
    for p in parents {
        if !distinct.iter().any(|d| d.id == p.id) {
            distinct.push(p);
        }
    }
    if distinct.len() < 2 {
        return Err(RegistryError::MergeTooFew(distinct.len()));
    }
    for p in &distinct {
        check_issued(p)?;
    }
    let first = distinct[0];
    for p in &distinct[1..] {
        let mismatch = if p.organization_id != first.organization_id {
            Some(Mismatch::Organization)
        } else if p.owner_id != first.owner_id {
            Some(Mismatch::Owner)
        } else if p.capitalization_type != first.capitalization_type {
            Some(Mismatch::Type)
        } else {
            None
        };
        if let Some(m) = mismatch {
            return Err(RegistryError::MergeMixed(m));
        }
    }
    let mut shares = Decimal::ZERO;
    let mut value = Decimal::ZERO;
    let mut prices = Decimal::ZERO;
    for p in &distinct {
        let product = p
            .price_per_share
            .checked_mul(p.number_of_shares)
            .ok_or(RegistryError::MergeTooLarge)?;
        value = value
            .checked_add(product)
            .ok_or(RegistryError::MergeTooLarge)?;
        shares = shares
            .checked_add(p.number_of_shares)
            .ok_or(RegistryError::MergeTooLarge)?;
        prices = prices
            .checked_add(p.price_per_share)
            .ok_or(RegistryError::MergeTooLarge)?;
    }
    let shares = check_shares(first.capitalization_type, shares)?;
    let average = if shares.is_zero() {
        prices.checked_div(Decimal::from(distinct.len()))
    } else {
        value.checked_div(shares)
    }
    .ok_or(RegistryError::MergeTooLarge)?;
    let price = average.round_dp_with_strategy(SCALE, RoundingStrategy::MidpointNearestEven);
    Ok(NewChild {
        owner_id: first.owner_id,
        stage: CapitalizationStage::Issued,
        number_of_shares: shares,
        price_per_share: check_price(price)?,
        investment_id: None,
    })
}

/// An investment in the offering being distributed, as the distribution sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bid {
    /// The investment.
    pub investment_id: Uuid,
    /// The investor.
    pub investor_id: Uuid,
    /// Its stage: only Settled investments are allotted.
    pub stage: InvestmentStage,
    /// The shares it asked for.
    pub number_of_shares: Option<Decimal>,
}

/// The children of distributing `block`, the capitalization attached to an offering in
/// stage `offering`, among `bids`. The offering must be Settled and the block Offered
/// (and not yet distributed). Every Settled investment gets one Issued child of its
/// `number_of_shares` at the block's price, in investment id order (a bid of zero shares
/// gets none; one without a count is refused); what is left, when more than zero, goes
/// back to the block's owner as a last Issued child. Bids above the block are refused
/// whole. The block becomes Distributed.
pub fn plan_distribution(
    offering: OfferingStage,
    block: Option<&Block>,
    bids: &[Bid],
) -> Result<Vec<NewChild>, RegistryError> {
    if offering != OfferingStage::Settled {
        return Err(RegistryError::DistributionNotSettled(offering));
    }
    let block = block.ok_or(RegistryError::DistributionNoCapitalization)?;
    match block.stage {
        CapitalizationStage::Offered => {}
        CapitalizationStage::Distributed => {
            return Err(RegistryError::AlreadyDistributed(block.id));
        }
        CapitalizationStage::Merged => check_not_consumed(block)?,
        _ => return Err(RegistryError::DistributionNoCapitalization),
    }
    let mut settled: Vec<&Bid> = bids
        .iter()
        .filter(|b| b.stage == InvestmentStage::Settled)
        .collect();
    settled.sort_by_key(|b| b.investment_id);
    let mut children = Vec::with_capacity(settled.len() + 1);
    let mut allotted = Decimal::ZERO;
    for bid in settled {
        let asked = bid
            .number_of_shares
            .ok_or(RegistryError::BidWithoutShares(bid.investment_id))?;
        let shares = check_shares(block.capitalization_type, asked)?;
        allotted = allotted
            .checked_add(shares)
            .ok_or(RegistryError::BidsAboveBlock {
                block: block.number_of_shares,
                bids: Decimal::MAX,
            })?;
        if shares.is_zero() {
            continue;
        }
        children.push(NewChild {
            owner_id: Some(bid.investor_id),
            stage: CapitalizationStage::Issued,
            number_of_shares: shares,
            price_per_share: block.price_per_share,
            investment_id: Some(bid.investment_id),
        });
    }
    if allotted > block.number_of_shares {
        return Err(RegistryError::BidsAboveBlock {
            block: block.number_of_shares,
            bids: allotted,
        });
    }
    let rest = block.number_of_shares - allotted;
    if rest > Decimal::ZERO {
        children.push(NewChild {
            owner_id: block.owner_id,
            stage: CapitalizationStage::Issued,
            number_of_shares: rest.normalize(),
            price_per_share: block.price_per_share,
            investment_id: None,
        });
    }
    Ok(children)
}
