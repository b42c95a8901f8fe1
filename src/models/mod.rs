//! Data access, one module per entity: row structs and the queries on them, returning
//! `QueryResult`. No rules about who may see what live here (see `crate::domain`).

pub mod application;
pub mod auth_token;
pub mod bulletin;
pub mod globals;
pub mod investment;
pub mod invitation;
pub mod mail;
pub mod network;
pub mod newsletter;
pub mod nonce;
pub mod offering;
pub mod organization;
pub mod stats;
pub mod user;
pub mod user_detail;
pub mod user_list;
pub mod user_secret;
