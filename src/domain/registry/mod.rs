//! The share registry's rules (`docs/registry.md`): valid share counts and prices, which
//! stages an update may set, the plans of a split, a merge and a distribution, issued
//! within authorized, attaching a capitalization to an offering, and who may do what.
//! No I/O: the caller reads the rows, applies the plan in one transaction, and the
//! database checks the same invariants again whatever the caller does.

use rust_decimal::Decimal;
use uuid::Uuid;

pub use super::stages::{CapitalizationStage, CapitalizationType};

mod error;
mod plan;
#[cfg(test)]
mod tests;

pub use error::{Mismatch, RegistryError};
pub use plan::{Bid, SplitPart, plan_distribution, plan_merge, plan_split};

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
