//! One-time secrets mailed to users (email verification, password reset): stored as a
//! hash, single use, expiring after 24 hours (`docs/mail.md`).

use chrono::{DateTime, TimeDelta, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use crate::db::schema::user_secrets;
use crate::domain::token;

/// What a secret is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// Confirms an email address.
    VerifyEmail = 0,
    /// Allows choosing a new password.
    ResetPassword = 1,
}

/// How long a secret works.
pub const VALIDITY: TimeDelta = TimeDelta::hours(24);

/// Why a secret was not accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecretError {
    /// No such secret for this user and purpose (or already used).
    Invalid,
    /// The secret is older than [`VALIDITY`].
    Expired,
}

#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = user_secrets, check_for_backend(diesel::pg::Pg))]
struct SecretRow {
    id: Uuid,
    email: Option<String>,
    expires_at: DateTime<Utc>,
    used_at: Option<DateTime<Utc>>,
}

/// Creates a secret for the user (earlier unused ones of the same purpose stop working)
/// and returns it in clear, to be put into the mailed link.
pub async fn issue(
    conn: &mut AsyncPgConnection,
    network_id: Uuid,
    user_id: Uuid,
    purpose: Purpose,
    email: Option<&str>,
) -> QueryResult<String> {
    diesel::update(
        user_secrets::table
            .filter(user_secrets::network_id.eq(network_id))
            .filter(user_secrets::user_id.eq(user_id))
            .filter(user_secrets::purpose.eq(purpose as i16))
            .filter(user_secrets::used_at.is_null()),
    )
    .set(user_secrets::used_at.eq(diesel::dsl::now))
    .execute(conn)
    .await?;
    let secret = token::generate();
    diesel::insert_into(user_secrets::table)
        .values((
            user_secrets::network_id.eq(network_id),
            user_secrets::user_id.eq(user_id),
            user_secrets::purpose.eq(purpose as i16),
            user_secrets::secret_hash.eq(token::hash(&secret)),
            user_secrets::email.eq(email),
            user_secrets::expires_at.eq(Utc::now() + VALIDITY),
        ))
        .execute(conn)
        .await?;
    Ok(secret)
}

/// Uses a secret: checks it belongs to the user and purpose, is unused and not expired,
/// and marks it used. Returns the email it was issued for (verification secrets).
pub async fn consume(
    conn: &mut AsyncPgConnection,
    network_id: Uuid,
    user_id: Uuid,
    purpose: Purpose,
    secret: &str,
) -> QueryResult<Result<Option<String>, SecretError>> {
    let row: Option<SecretRow> = user_secrets::table
        .filter(user_secrets::network_id.eq(network_id))
        .filter(user_secrets::user_id.eq(user_id))
        .filter(user_secrets::purpose.eq(purpose as i16))
        .filter(user_secrets::secret_hash.eq(token::hash(secret)))
        .select(SecretRow::as_select())
        .for_update()
        .first(conn)
        .await
        .optional()?;
    let Some(row) = row else {
        return Ok(Err(SecretError::Invalid));
    };
    if row.used_at.is_some() {
        return Ok(Err(SecretError::Invalid));
    }
    if row.expires_at <= Utc::now() {
        return Ok(Err(SecretError::Expired));
    }
    diesel::update(user_secrets::table.find(row.id))
        .set(user_secrets::used_at.eq(diesel::dsl::now))
        .execute(conn)
        .await?;
    Ok(Ok(row.email))
}

/// Whether `secret` was ever issued to the user for `purpose`, used or not, expired or
/// not. Lets a flow tell "this link was already used" apart from a made-up secret
/// without consuming anything.
pub async fn was_issued(
    conn: &mut AsyncPgConnection,
    network_id: Uuid,
    user_id: Uuid,
    purpose: Purpose,
    secret: &str,
) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        user_secrets::table
            .filter(user_secrets::network_id.eq(network_id))
            .filter(user_secrets::user_id.eq(user_id))
            .filter(user_secrets::purpose.eq(purpose as i16))
            .filter(user_secrets::secret_hash.eq(token::hash(secret))),
    ))
    .get_result(conn)
    .await
}
