//! crowdgraph: the back end of online investment marketplaces, served as one GraphQL API
//! plus a REST shim for the documented `/v1/{network}/…` routes.
//!
//! Layout, from the bottom up:
//! - [`domain`]: rules as plain functions (no I/O);
//! - [`db`] and [`models`]: PostgreSQL access, one module per entity;
//! - [`graphql`]: the schema, split by domain;
//! - [`http`] and [`router`]: the HTTP surface; [`server`] runs it;
//! - [`cli`]: the `crowdgraph` command.

pub mod app;
pub mod auth;
pub mod bench_seed;
pub mod cli;
pub mod config;
pub mod db;
pub mod domain;
pub mod error;
pub mod graphql;
pub mod housekeeping;
pub mod http;
pub mod mail;
pub mod metrics;
pub mod models;
pub mod rest;
pub mod router;
pub mod seed;
pub mod server;
