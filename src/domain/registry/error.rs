//! Why a registry operation is refused, and the exception code of each refusal.

use rust_decimal::Decimal;
use uuid::Uuid;

use super::CapitalizationStage;
use crate::domain::stages::OfferingStage;
use crate::error::{Code, codes};

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
