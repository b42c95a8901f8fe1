//! Identity: registration, login and sessions, the viewer's own account, other users.
//!
//! Root resolvers (`auth`, `me`, `users`, `account`) only delegate: reading users is
//! [`User::fetch`](user::User) and friends (`fetch.rs`), writing them `profile.rs` and
//! `blocks.rs`, the mailed-secret flows `account/`. The rules they apply live in
//! `crate::domain::account` (`docs/identity.md`).

pub mod account;
pub mod auth;
pub mod blocks;
pub mod fetch;
pub mod input;
pub mod limits;
pub mod me;
pub mod profile;
pub mod user;
pub mod users;

use crate::domain::account::{password_problem, valid_email};
use crate::error::{ApiError, ApiResult, codes};

/// A clean email, or the 400 for an invalid one.
pub fn checked_email(email: &str) -> ApiResult<String> {
    let email = email.trim();
    if valid_email(email) {
        Ok(email.to_owned())
    } else {
        Err(ApiError::new(
            codes::INVALID_EMAIL,
            "Invalid email address - please check that you have entered the correct email \
             address without any typos",
            "The User entered an invalid email address",
        ))
    }
}

/// The 400 for a password that breaks the rules, if it does.
pub fn check_password_rules(password: &str) -> ApiResult<()> {
    match password_problem(password) {
        None => Ok(()),
        Some(problem) => Err(ApiError::new(
            codes::WEAK_PASSWORD,
            problem.clone(),
            problem,
        )),
    }
}

/// Hashes a password on a blocking thread (argon2 is deliberately slow).
pub async fn hash_password(password: &str) -> ApiResult<String> {
    let password = password.to_owned();
    tokio::task::spawn_blocking(move || crate::auth::password::hash_password(&password))
        .await
        .map_err(ApiError::internal)?
}

/// A unique violation on writing a user's email means the address is taken (409).
pub fn email_taken(err: diesel::result::Error, email: &str) -> ApiError {
    use diesel::result::{DatabaseErrorKind, Error};
    match err {
        Error::DatabaseError(DatabaseErrorKind::UniqueViolation, _) => email_taken_error(email),
        other => other.into(),
    }
}

/// The 409 for an email another user of the network already has.
pub fn email_taken_error(email: &str) -> ApiError {
    ApiError::new(
        codes::EMAIL_TAKEN,
        "An account with this email address already exists.",
        format!("A user with the email {email:?} already exists in this network."),
    )
}
