//! HTTP handlers, named `verb_noun`, and the request-level limits.

pub mod credentials;
pub mod graphiql;
pub mod graphql;
pub mod health;
pub mod idempotency;
pub mod limits;
pub mod metrics;
