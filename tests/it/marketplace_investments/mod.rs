//! Investments through GraphQL: every investment rule at, below and above its limit
//! (DESIGN §8), self-approval, amount changes, every stage transition for the investor
//! and the offering's team (§7), visibility of Hidden and Anonymous investments and the
//! lists (§6), derived figures (§9), bulletins, and isolation between networks.

mod bulletins;
mod figures;
mod rules;
mod stages;
mod tenancy;
mod visibility;
