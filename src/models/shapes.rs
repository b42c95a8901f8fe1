//! Shapes embedded in several rows: a postal address and a bank account's details, the
//! same columns whether a user or an organization owns them. Each is one type, used by
//! the rows, the writes and the GraphQL types and inputs (flattened there, so the API
//! keeps its field names); the per-table column lists are the macros below.

use async_graphql::{InputObject, SimpleObject};
use diesel::Queryable;

/// A postal address.
#[derive(Debug, Clone, Default, PartialEq, Eq, Queryable, SimpleObject, InputObject)]
#[graphql(name = "PostalAddress", input_name = "PostalAddressInput")]
pub struct PostalAddress {
    /// Building name or number (address line 1).
    pub building: Option<String>,
    /// Flat or suite.
    pub sub_building: Option<String>,
    /// Street (address line 2).
    pub street_address: Option<String>,
    /// District.
    pub address_locality: Option<String>,
    /// City.
    pub city: Option<String>,
    /// Region or state.
    pub region: Option<String>,
    /// Postal code.
    pub postal_code: Option<String>,
    /// ISO 3166-1 alpha-2 country code.
    pub country: Option<String>,
}

/// The details of a bank account.
#[derive(Debug, Clone, Default, PartialEq, Eq, Queryable, SimpleObject, InputObject)]
#[graphql(name = "BankDetails", input_name = "BankDetailsInput")]
pub struct BankDetails {
    /// Bank name.
    pub bank_name: Option<String>,
    /// Account number or IBAN.
    pub bank_account_number: Option<String>,
    /// Routing number or sort code.
    pub bank_routing_number: Option<String>,
    /// SWIFT/BIC code.
    pub bank_swift_code: Option<String>,
    /// The bank's address.
    pub bank_address: Option<String>,
    /// The bank's country, ISO 3166-1 alpha-2.
    pub bank_country: Option<String>,
    /// Account currency, ISO 4217 (e.g. `EUR`).
    pub bank_currency: Option<String>,
}

impl PostalAddress {
    /// Whether no part is given.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

impl BankDetails {
    /// Whether no part is given.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

/// The address columns of `$table`, in [`PostalAddress`] order: with `select` the select
/// expression, with `type` its type, with `set` the assignments of every column from
/// `$value` (a missing part is NULL), with `changes` only the assignments of the parts
/// `$value` gives.
macro_rules! postal_address_columns {
    (select $t:ident) => {
        (
            $t::building,
            $t::sub_building,
            $t::street_address,
            $t::address_locality,
            $t::city,
            $t::region,
            $t::postal_code,
            $t::country,
        )
    };
    (set $t:ident, $v:expr) => {
        (
            $t::building.eq($v.building.clone()),
            $t::sub_building.eq($v.sub_building.clone()),
            $t::street_address.eq($v.street_address.clone()),
            $t::address_locality.eq($v.address_locality.clone()),
            $t::city.eq($v.city.clone()),
            $t::region.eq($v.region.clone()),
            $t::postal_code.eq($v.postal_code.clone()),
            $t::country.eq($v.country.clone()),
        )
    };
    (changes $t:ident, $v:expr) => {
        (
            $v.building.clone().map(|x| $t::building.eq(x)),
            $v.sub_building.clone().map(|x| $t::sub_building.eq(x)),
            $v.street_address.clone().map(|x| $t::street_address.eq(x)),
            $v.address_locality
                .clone()
                .map(|x| $t::address_locality.eq(x)),
            $v.city.clone().map(|x| $t::city.eq(x)),
            $v.region.clone().map(|x| $t::region.eq(x)),
            $v.postal_code.clone().map(|x| $t::postal_code.eq(x)),
            $v.country.clone().map(|x| $t::country.eq(x)),
        )
    };
}
pub(crate) use postal_address_columns;

/// The bank account columns of `$table`, in [`BankDetails`] order; the arms are those of
/// [`postal_address_columns`].
macro_rules! bank_details_columns {
    (select $t:ident) => {
        (
            $t::bank_name,
            $t::bank_account_number,
            $t::bank_routing_number,
            $t::bank_swift_code,
            $t::bank_address,
            $t::bank_country,
            $t::bank_currency,
        )
    };
    (set $t:ident, $v:expr) => {
        (
            $t::bank_name.eq($v.bank_name.clone()),
            $t::bank_account_number.eq($v.bank_account_number.clone()),
            $t::bank_routing_number.eq($v.bank_routing_number.clone()),
            $t::bank_swift_code.eq($v.bank_swift_code.clone()),
            $t::bank_address.eq($v.bank_address.clone()),
            $t::bank_country.eq($v.bank_country.clone()),
            $t::bank_currency.eq($v.bank_currency.clone()),
        )
    };
    (changes $t:ident, $v:expr) => {
        (
            $v.bank_name.clone().map(|x| $t::bank_name.eq(x)),
            $v.bank_account_number
                .clone()
                .map(|x| $t::bank_account_number.eq(x)),
            $v.bank_routing_number
                .clone()
                .map(|x| $t::bank_routing_number.eq(x)),
            $v.bank_swift_code
                .clone()
                .map(|x| $t::bank_swift_code.eq(x)),
            $v.bank_address.clone().map(|x| $t::bank_address.eq(x)),
            $v.bank_country.clone().map(|x| $t::bank_country.eq(x)),
            $v.bank_currency.clone().map(|x| $t::bank_currency.eq(x)),
        )
    };
}
pub(crate) use bank_details_columns;
