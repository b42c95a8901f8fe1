//! The share registry served as GraphQL (`docs/registry.md`, "Reading the registry"):
//! capitalizations (blocks of shares or loan parts of an organization), their lineage
//! and their change log.
//!
//! Who sees what (`crate::domain::registry_visibility`): a capitalization is visible to
//! the network's admins, the active members of its organization and its owner. Everyone
//! else gets Not Found, and lists leave it out.

pub mod capitalization;
pub mod changelog;
pub mod input;
pub mod loaders;
pub mod write;
