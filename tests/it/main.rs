//! Integration tests: one binary, one module per area. Each test gets its own database
//! cloned from a template migrated once per run (see `common`).

mod common;

mod account;
mod audit_log;
mod audit_log_query;
mod cap_table;
mod collection_limits;
mod configuration;
mod connections;
mod database_faults;
mod graphiql;
mod graphql_documents;
mod graphql_endpoint;
mod health;
mod idempotency;
mod identity;
mod ledger_guards;
mod mail;
mod marketplace_concurrency;
mod marketplace_investments;
mod marketplace_offerings;
mod marketplace_organizations;
mod marketplace_pages;
mod marketplace_statements;
mod money;
mod outreach;
mod payouts;
mod portfolio;
mod protections;
mod query_plans;
mod registry;
mod registry_guards;
mod rest_documented_exceptions;
mod rest_documented_keys;
mod rest_documented_keys_marketplace;
mod rest_identity;
mod rest_marketplace;
mod rest_payment_integrations;
mod schema_files;
mod seed;
mod statement_cache;
mod wallet_rows;
