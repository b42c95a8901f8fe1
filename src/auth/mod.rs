//! Authentication: passwords, session tokens, the `cv-auth` header, and resolving who is
//! asking (the viewer) from a request's credentials.

pub mod cvauth;
pub mod password;
pub mod session;
pub mod throttle;
pub mod viewer;

use crate::config::ServerConfig;
use crate::db::DbPool;

/// What the credential checks need: the pool and the configuration (lent by the caller,
/// so this layer never depends on the application that composes it).
#[derive(Clone, Copy)]
pub struct AuthDeps<'a> {
    /// The database pool.
    pub pool: &'a DbPool,
    /// Freshness window, nonce check and login throttling settings.
    pub config: &'a ServerConfig,
}
