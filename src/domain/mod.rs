//! Domain rules as plain functions and types, with no I/O: enumerations and their integer
//! codes, visibility, lifecycles, investment rules, money, the ledger, payment schedules
//! and the share registry.

pub mod account;
pub mod application;
pub mod cap_table;
pub mod custom;
pub mod field_rules;
pub mod idempotency;
pub mod investment_rules;
pub mod invitation;
pub mod ledger;
pub mod lifecycle;
pub mod link;
pub mod list;
pub mod money;
pub mod payout;
pub mod portfolio;
pub mod registry;
pub mod registry_visibility;
pub mod schedule;
pub mod stages;
pub mod text;
pub mod token;
pub mod viewer;
pub mod visibility;
