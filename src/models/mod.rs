//! Data access, one module per entity: row structs and the queries on them, returning
//! `QueryResult`. No rules about who may see what live here (see `crate::domain`).

pub mod network;
pub mod stats;
pub mod user;
