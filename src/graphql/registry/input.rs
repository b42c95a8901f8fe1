//! The inputs of the share registry's mutations.

use async_graphql::{ID, InputObject};

use crate::domain::registry::{CapitalizationStage, CapitalizationType};

/// A new capitalization, or the fields of one to change (those left out stay as they
/// are). Share counts and prices are decimal strings (e.g. `"1.25"`, never JSON numbers)
/// with up to 8 decimal places; share counts of equity types are whole numbers.
#[derive(Debug, Clone, Default, InputObject)]
pub struct CapitalizationInput {
    /// The user who holds it; left out (at creation): the organization holds it.
    pub owner_id: Option<ID>,
    /// What it holds; EQUITY when left out at creation.
    pub capitalization_type: Option<CapitalizationType>,
    /// Its stage: AUTHORIZED (when left out at creation), ISSUED, OFFERED or TREASURY.
    pub life_cycle_stage: Option<CapitalizationStage>,
    /// Its shares (or loan parts); needed at creation.
    pub number_of_shares: Option<String>,
    /// The price of one share; needed at creation.
    pub price_per_share: Option<String>,
    /// A service charge or fee relating to it.
    pub service_charge: Option<String>,
    /// What acquiring it cost besides its price.
    pub transaction_cost: Option<String>,
}

/// One child of a split; decimal strings, as in `CapitalizationInput`.
#[derive(Debug, Clone, InputObject)]
pub struct SplitPartInput {
    /// Its shares.
    pub number_of_shares: String,
    /// Its price per share.
    pub price_per_share: String,
}
