//! The share registry's rules (`docs/registry.md`): valid share counts and prices, which
//! stages an update may set, the plans of a split, a merge and a distribution, issued
//! within authorized, attaching a capitalization to an offering, and who may do what.
//! No I/O: the caller reads the rows, applies the plan in one transaction, and the
//! database checks the same invariants again whatever the caller does.

use rust_decimal::{Decimal, RoundingStrategy};
use uuid::Uuid;

use crate::error::{Code, codes};

pub use super::stages::{CapitalizationStage, CapitalizationType};
use super::stages::{InvestmentStage, OfferingStage};

#[cfg(test)]
mod tests;

/// Decimal places of stored share counts and prices (`NUMERIC(24,8)`).
pub const SCALE: u32 = 8;

/// Whole digits a stored share count or price holds at most (`NUMERIC(24,8)`).
pub const MAX_WHOLE_DIGITS: u32 = 16;

impl CapitalizationStage {
    /// Whether the row's shares count: every stage but Distributed and Merged.
    pub fn is_live(self) -> bool {
        !self.is_consumed()
    }

    /// Distributed or Merged: superseded by other rows, never changed again.
    pub fn is_consumed(self) -> bool {
        matches!(
            self,
            CapitalizationStage::Distributed | CapitalizationStage::Merged
        )
    }

    /// Counted as issued against the authorized shares: Issued, Offered, Treasury.
    pub fn counts_as_issued(self) -> bool {
        matches!(
            self,
            CapitalizationStage::Issued
                | CapitalizationStage::Offered
                | CapitalizationStage::Treasury
        )
    }

    /// Whether a create or an update may set this stage: Distributed and Merged are only
    /// set by a split, merge or distribution.
    pub fn settable_by_update(self) -> bool {
        self.is_live()
    }
}

impl CapitalizationType {
    /// Whether share counts of the type are whole numbers (Equity, Preferred Equity);
    /// Debt loan parts may be fractional.
    pub fn whole_shares(self) -> bool {
        self != CapitalizationType::Debt
    }
}

/// What a merge's capitalizations differ in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mismatch {
    /// Different owners.
    Owner,
    /// Different organizations.
    Organization,
    /// Different types.
    Type,
}

/// Why a registry operation is refused. [`RegistryError::code`] is its exception code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RegistryError {
    /// The share count is negative, too precise or too large, or fractional for a type
    /// of whole shares.
    #[error("{shares} is not a valid number of shares for {kind}: {why}.")]
    SharesInvalid {
        /// The count given.
        shares: Decimal,
        /// The capitalization type's name.
        kind: &'static str,
        /// What is wrong with it.
        why: &'static str,
    },
    /// A Settled investment without a number of shares to allot.
    #[error("Settled investment {0} has no number_of_shares to allot.")]
    BidWithoutShares(Uuid),
    /// The price is negative, too precise or too large.
    #[error("{price} is not a valid price per share: {why}.")]
    PriceInvalid {
        /// The price given.
        price: Decimal,
        /// What is wrong with it.
        why: &'static str,
    },
    /// A merge whose weighted price does not fit an exact decimal.
    #[error("The merged price per share is too large to compute exactly.")]
    MergeTooLarge,
    /// Not a capitalization type code.
    #[error("{0} is not a capitalization type (0 Equity, 1 Preferred Equity, 2 Debt).")]
    UnknownType(i16),
    /// Not a capitalization stage code.
    #[error("{0} is not a capitalization stage (0-5).")]
    UnknownStage(i16),
    /// A create or update asking for Distributed or Merged.
    #[error("{0:?} is set only by a split, merge or distribution.")]
    StageNotSettable(CapitalizationStage),
    /// A split or merge of a row that is not Issued.
    #[error("Capitalization {id} is {stage:?}; only Issued capitalizations are split or merged.")]
    NotIssued {
        /// The row.
        id: Uuid,
        /// Its stage.
        stage: CapitalizationStage,
    },
    /// Split children that do not sum to the parent.
    #[error("The children hold {children} shares but the parent holds {parent}.")]
    SplitSumMismatch {
        /// The parent's shares.
        parent: Decimal,
        /// The sum of the children's.
        children: Decimal,
    },
    /// A split into fewer than two children.
    #[error("A split needs at least two children; {0} given.")]
    SplitTooFewChildren(usize),
    /// A split child of zero shares.
    #[error("Split child {0} (from 0) has no shares.")]
    SplitChildEmpty(usize),
    /// A merge of fewer than two distinct rows.
    #[error("A merge needs at least two distinct capitalizations; {0} given.")]
    MergeTooFew(usize),
    /// Merged rows that differ in owner, organization or type.
    #[error(
        "Merged capitalizations must have the same owner, organization and type ({0:?} differ)."
    )]
    MergeMixed(Mismatch),
    /// A Distributed or Merged row used again or changed.
    #[error("Capitalization {id} is {stage:?}: it never changes and is never used again.")]
    Consumed {
        /// The row.
        id: Uuid,
        /// Its stage.
        stage: CapitalizationStage,
    },
    /// Issued shares above authorized.
    #[error(
        "{issued} shares would be issued, offered or in treasury; {authorized} are authorized."
    )]
    AboveAuthorized {
        /// Authorized shares of the organization and type.
        authorized: Decimal,
        /// Issued, Offered and Treasury shares after the change.
        issued: Decimal,
    },
    /// Distribution of an offering that is not Settled.
    #[error("The offering is {0:?}; only a Settled offering is distributed.")]
    DistributionNotSettled(OfferingStage),
    /// Distribution of an offering without an Offered capitalization.
    #[error("The offering has no Offered capitalization attached.")]
    DistributionNoCapitalization,
    /// The offering's capitalization is already distributed.
    #[error("The offering's capitalization {0} is already distributed.")]
    AlreadyDistributed(Uuid),
    /// Settled investments asking for more than the block.
    #[error("Settled investments ask for {bids} shares; the capitalization holds {block}.")]
    BidsAboveBlock {
        /// The block's shares.
        block: Decimal,
        /// The sum of the bids.
        bids: Decimal,
    },
    /// Attaching a row that is not Offered (or of another organization).
    #[error("Capitalization {0} is not an Offered capitalization of the offering's organization.")]
    AttachNotOffered(Uuid),
    /// Attaching a row already attached to a live offering.
    #[error("Capitalization {0} is already attached to another offering that is not Canceled.")]
    AttachTaken(Uuid),
    /// An offering's num_of_shares above its block.
    #[error("The offering's num_of_shares {offered} exceeds the capitalization's {block}.")]
    AttachAboveBlock {
        /// The block's shares.
        block: Decimal,
        /// The offering's num_of_shares.
        offered: Decimal,
    },
    /// The viewer may not do this.
    #[error("{0}")]
    Forbidden(&'static str),
}

impl RegistryError {
    /// The exception code (with its status) the refusal is answered with.
    pub fn code(&self) -> Code {
        use RegistryError as E;
        match self {
            E::SharesInvalid { .. } | E::BidWithoutShares(_) => codes::SHARES_INVALID,
            E::PriceInvalid { .. } | E::MergeTooLarge => codes::PRICE_INVALID,
            E::UnknownType(_) => codes::CAPITALIZATION_TYPE_UNKNOWN,
            E::UnknownStage(_) => codes::CAPITALIZATION_STAGE_UNKNOWN,
            E::StageNotSettable(_) => codes::CAPITALIZATION_STAGE_NOT_SETTABLE,
            E::NotIssued { .. } => codes::CAPITALIZATION_NOT_ISSUED,
            E::SplitSumMismatch { .. } => codes::SPLIT_SUM_MISMATCH,
            E::SplitTooFewChildren(_) => codes::SPLIT_TOO_FEW_CHILDREN,
            E::SplitChildEmpty(_) => codes::SPLIT_CHILD_EMPTY,
            E::MergeTooFew(_) => codes::MERGE_TOO_FEW,
            E::MergeMixed(_) => codes::MERGE_MIXED,
            E::Consumed { .. } => codes::CAPITALIZATION_CONSUMED,
            E::AboveAuthorized { .. } => codes::ABOVE_AUTHORIZED,
            E::DistributionNotSettled(_) => codes::DISTRIBUTION_NOT_SETTLED,
            E::DistributionNoCapitalization => codes::DISTRIBUTION_NO_CAPITALIZATION,
            E::AlreadyDistributed(_) => codes::ALREADY_DISTRIBUTED,
            E::BidsAboveBlock { .. } => codes::BIDS_ABOVE_BLOCK,
            E::AttachNotOffered(_) => codes::ATTACH_NOT_OFFERED,
            E::AttachTaken(_) => codes::ATTACH_TAKEN,
            E::AttachAboveBlock { .. } => codes::ATTACH_ABOVE_BLOCK,
            E::Forbidden(_) => codes::FORBIDDEN,
        }
    }
}

/// A capitalization as the rules see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// The row's id.
    pub id: Uuid,
    /// Its organization.
    pub organization_id: Uuid,
    /// Its holder (`None`: the organization itself).
    pub owner_id: Option<Uuid>,
    /// What it holds.
    pub capitalization_type: CapitalizationType,
    /// Its stage.
    pub stage: CapitalizationStage,
    /// Its shares.
    pub number_of_shares: Decimal,
    /// Its price per share.
    pub price_per_share: Decimal,
}

/// A row an operation creates. Its organization and type are its parent's; the writer
/// copies the parent's other columns too (author, service charge, transaction cost).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewChild {
    /// Its holder.
    pub owner_id: Option<Uuid>,
    /// Always Issued.
    pub stage: CapitalizationStage,
    /// Its shares.
    pub number_of_shares: Decimal,
    /// Its price per share.
    pub price_per_share: Decimal,
    /// For a distribution: the Settled investment it is allotted for.
    pub investment_id: Option<Uuid>,
}

/// The type with code `code`.
pub fn parse_type(code: i16) -> Result<CapitalizationType, RegistryError> {
    CapitalizationType::from_code(code).ok_or(RegistryError::UnknownType(code))
}

/// The stage with code `code`.
pub fn parse_stage(code: i16) -> Result<CapitalizationStage, RegistryError> {
    CapitalizationStage::from_code(code).ok_or(RegistryError::UnknownStage(code))
}

/// Why `value` does not fit `NUMERIC(24,8)` as a non-negative number, if it does not.
fn storable(value: Decimal) -> Option<&'static str> {
    let value = value.normalize();
    if value.is_sign_negative() && !value.is_zero() {
        Some("it is negative")
    } else if value.scale() > SCALE {
        Some("it has more than 8 decimal places")
    } else if value.trunc() >= Decimal::from(10_u64.pow(MAX_WHOLE_DIGITS)) {
        Some("it has more than 16 whole digits")
    } else {
        None
    }
}

fn type_name(kind: CapitalizationType) -> &'static str {
    match kind {
        CapitalizationType::Equity => "Equity",
        CapitalizationType::PreferredEquity => "Preferred Equity",
        CapitalizationType::Debt => "Debt",
    }
}

/// A share count of type `kind`: never negative, at most 8 decimal places and 16 whole
/// digits, whole for Equity and Preferred Equity. Returns it normalized.
pub fn check_shares(kind: CapitalizationType, shares: Decimal) -> Result<Decimal, RegistryError> {
    let invalid = |why| RegistryError::SharesInvalid {
        shares,
        kind: type_name(kind),
        why,
    };
    if let Some(why) = storable(shares) {
        return Err(invalid(why));
    }
    if kind.whole_shares() && !shares.fract().is_zero() {
        return Err(invalid("shares of this type are whole"));
    }
    Ok(shares.normalize())
}

/// A price per share: never negative, at most 8 decimal places and 16 whole digits.
pub fn check_price(price: Decimal) -> Result<Decimal, RegistryError> {
    match storable(price) {
        Some(why) => Err(RegistryError::PriceInvalid { price, why }),
        None => Ok(price.normalize()),
    }
}

/// A row may change: it is not consumed.
pub fn check_not_consumed(block: &Block) -> Result<(), RegistryError> {
    if block.stage.is_consumed() {
        return Err(RegistryError::Consumed {
            id: block.id,
            stage: block.stage,
        });
    }
    Ok(())
}

/// The stage of a new row: any but Distributed and Merged.
pub fn check_create_stage(stage: CapitalizationStage) -> Result<(), RegistryError> {
    if !stage.settable_by_update() {
        return Err(RegistryError::StageNotSettable(stage));
    }
    Ok(())
}

/// An update of `current` that sets `new_stage` (if any): a consumed row never changes,
/// and Distributed and Merged are never set by an update.
pub fn check_update(
    current: &Block,
    new_stage: Option<CapitalizationStage>,
) -> Result<(), RegistryError> {
    check_not_consumed(current)?;
    match new_stage {
        Some(stage) => check_create_stage(stage),
        None => Ok(()),
    }
}

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

/// The authorized and issued shares of one organization and type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Totals {
    /// Shares of its Authorized rows; `None` when it has none (no limit).
    pub authorized: Option<Decimal>,
    /// Shares of its Issued, Offered and Treasury rows.
    pub issued: Decimal,
}

impl Totals {
    /// The totals of `rows` (stage and shares of each row of one organization and type).
    pub fn of(rows: impl IntoIterator<Item = (CapitalizationStage, Decimal)>) -> Self {
        rows.into_iter()
            .fold(Totals::default(), |mut t, (stage, shares)| {
                if stage == CapitalizationStage::Authorized {
                    t.authorized = Some(t.authorized.unwrap_or_default() + shares);
                } else if stage.counts_as_issued() {
                    t.issued += shares;
                }
                t
            })
    }

    /// Issued within authorized, where an Authorized row exists.
    pub fn check(self) -> Result<(), RegistryError> {
        match self.authorized {
            Some(authorized) if self.issued > authorized => Err(RegistryError::AboveAuthorized {
                authorized,
                issued: self.issued,
            }),
            _ => Ok(()),
        }
    }
}

/// Attaching `block` to an offering of `organization_id` selling `num_of_shares`:
/// the block must be an Offered capitalization of that organization, not attached to
/// another offering that is not Canceled (`attached_elsewhere`), and hold at least the
/// offering's `num_of_shares`.
pub fn check_attach(
    block: &Block,
    organization_id: Uuid,
    num_of_shares: Option<Decimal>,
    attached_elsewhere: bool,
) -> Result<(), RegistryError> {
    check_not_consumed(block)?;
    if block.stage != CapitalizationStage::Offered || block.organization_id != organization_id {
        return Err(RegistryError::AttachNotOffered(block.id));
    }
    if attached_elsewhere {
        return Err(RegistryError::AttachTaken(block.id));
    }
    match num_of_shares {
        Some(offered) if offered > block.number_of_shares => Err(RegistryError::AttachAboveBlock {
            block: block.number_of_shares,
            offered,
        }),
        _ => Ok(()),
    }
}

/// Who is acting on a capitalization, as far as the registry's rules care.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RegistryActor {
    /// An admin of the network.
    pub is_admin: bool,
    /// An active member of the capitalization's organization.
    pub is_member: bool,
    /// The owner of the capitalization (of every one, for a merge).
    pub is_owner: bool,
}

/// What is done to the registry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RegistryAction {
    /// Create a capitalization.
    Create,
    /// Update one.
    Update,
    /// Split one.
    Split,
    /// Merge several.
    Merge,
    /// Distribute an offering's capitalization.
    Distribute,
}

/// Whether `actor` may do `action`: admins everything; the organization's active members
/// create, update, split and merge; an owner splits and merges their own rows (which
/// must be Issued, as every split and merge); only admins distribute.
pub fn check_may(actor: RegistryActor, action: RegistryAction) -> Result<(), RegistryError> {
    let allowed = match action {
        RegistryAction::Create | RegistryAction::Update => actor.is_admin || actor.is_member,
        RegistryAction::Split | RegistryAction::Merge => {
            actor.is_admin || actor.is_member || actor.is_owner
        }
        RegistryAction::Distribute => actor.is_admin,
    };
    if allowed {
        return Ok(());
    }
    Err(RegistryError::Forbidden(match action {
        RegistryAction::Create | RegistryAction::Update => {
            "Only admins and the organization's members may create or change capitalizations."
        }
        RegistryAction::Split | RegistryAction::Merge => {
            "Only the owner, admins and the organization's members may split or merge \
             capitalizations."
        }
        RegistryAction::Distribute => "Only admins may distribute an offering's capitalization.",
    }))
}
