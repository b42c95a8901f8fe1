//! The mail outbox (`docs/mail.md`): mails are written here inside the transaction of the
//! change that causes them, and delivered later by the sender in [`crate::mail`].
//!
//! Delivery never holds a database transaction open during SMTP I/O. A sender *claims*
//! due mails in one short statement ([`claim_due`]): the rows are locked with
//! `FOR UPDATE SKIP LOCKED`, their `attempts` is bumped and `next_attempt_at` is moved a
//! lease into the future, so no other sender sees them as due until the lease runs out.
//! The claimed `attempts` value then serves as a fencing token: [`record_failure`] and
//! [`release`] only touch a row whose `attempts` still equals it.

use std::time::Duration;

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Double, Integer, Text, Uuid as SqlUuid};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use crate::db::schema::mail_outbox;

/// Values of `mail_outbox.status`.
pub mod status {
    /// Waiting to be sent (possibly after failed attempts).
    pub const PENDING: i16 = 0;
    /// Delivered to the transport; `sent_at` is set.
    pub const SENT: i16 = 1;
    /// Given up on; `last_error` says why.
    pub const FAILED: i16 = 2;
}

/// Values of `mail_outbox.kind` for the mails the platform sends.
pub mod kind {
    /// Email address verification.
    pub const VERIFY_EMAIL: &str = "verify_email";
    /// Password reset.
    pub const RESET_PASSWORD: &str = "reset_password";
    /// Invitation to join a network.
    pub const INVITATION: &str = "invitation";
    /// Notice to the admins that a user was blocked or deleted their account.
    pub const BLOCK_NOTICE: &str = "block_notice";
    /// Alert to the admins that someone wants the newsletter.
    pub const NEWSLETTER_SIGNUP: &str = "newsletter_signup";
}

/// A mail to put into the outbox; every other column takes its default (pending, due
/// now).
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = mail_outbox)]
pub struct NewMail<'a> {
    /// The network the mail belongs to.
    pub network_id: Uuid,
    /// Recipient address; must match the table's format check (`x@y`, at most 254
    /// characters), so validate it before enqueueing.
    pub to_address: &'a str,
    /// Subject line.
    pub subject: &'a str,
    /// Plain-text body.
    pub body_text: &'a str,
    /// Optional HTML alternative of the body.
    pub body_html: Option<&'a str>,
    /// What the mail is, one of [`kind`] (lowercase, digits and `_`).
    pub kind: &'a str,
}

/// A row of the outbox.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, QueryableByName, Selectable, Identifiable)]
#[diesel(table_name = mail_outbox, check_for_backend(diesel::pg::Pg))]
pub struct OutboxMail {
    /// Primary key; also the mail's `Message-ID` local part.
    pub id: Uuid,
    /// The network the mail belongs to.
    pub network_id: Uuid,
    /// Recipient address.
    pub to_address: String,
    /// Subject line.
    pub subject: String,
    /// Plain-text body (may contain single-use secrets).
    pub body_text: String,
    /// Optional HTML alternative of the body.
    pub body_html: Option<String>,
    /// What the mail is, see [`kind`].
    pub kind: String,
    /// One of [`status`].
    pub status: i16,
    /// Delivery attempts started so far (claims count as attempts).
    pub attempts: i32,
    /// Short description of the last failure, if any.
    pub last_error: Option<String>,
    /// When the mail is due next (while claimed: when the claim's lease ends).
    pub next_attempt_at: DateTime<Utc>,
    /// When the mail was enqueued.
    pub created_at: DateTime<Utc>,
    /// When the mail was sent; set exactly when `status` is [`status::SENT`].
    pub sent_at: Option<DateTime<Utc>>,
}

diesel::define_sql_function! {
    /// SQL `clock_timestamp()`: the wall-clock time, unlike `now()` which is fixed for a
    /// transaction.
    fn clock_timestamp() -> diesel::sql_types::Timestamptz;
}

/// Puts `mail` into the outbox and returns its id. Run it inside the transaction of the
/// change that causes the mail, so the mail exists exactly when that change committed.
pub async fn enqueue(conn: &mut AsyncPgConnection, mail: &NewMail<'_>) -> QueryResult<Uuid> {
    diesel::insert_into(mail_outbox::table)
        // The wall clock orders mails enqueued within one transaction (see `list_for`).
        .values((mail, mail_outbox::created_at.eq(clock_timestamp())))
        .returning(mail_outbox::id)
        .get_result(conn)
        .await
}

/// Claims up to `limit` due pending mails (oldest due first) for one delivery attempt,
/// in a single statement: each claimed row gets `attempts + 1` and `next_attempt_at =
/// now() + lease`. Rows locked by a concurrent claim are skipped, so concurrent senders
/// never claim the same mail; a claim whose sender dies makes the mail due again once
/// the lease ends. The returned rows carry the bumped values.
pub async fn claim_due(
    conn: &mut AsyncPgConnection,
    limit: i64,
    lease: Duration,
) -> QueryResult<Vec<OutboxMail>> {
    // A CTE with LIMIT is never flattened into the UPDATE, so the row locks are taken
    // exactly once, by the SELECT.
    let mut claimed: Vec<OutboxMail> = diesel::sql_query(
        "WITH due AS (
             SELECT id FROM mail_outbox
             WHERE status = 0 AND next_attempt_at <= now()
             ORDER BY next_attempt_at
             LIMIT $1
             FOR UPDATE SKIP LOCKED)
         UPDATE mail_outbox m
         SET attempts = m.attempts + 1,
             next_attempt_at = now() + make_interval(secs => $2)
         FROM due
         WHERE m.id = due.id
         RETURNING m.*",
    )
    .bind::<BigInt, _>(limit)
    .bind::<Double, _>(lease.as_secs_f64())
    .load(conn)
    .await?;
    // RETURNING has no ORDER BY; send the oldest mail first.
    claimed.sort_by_key(|m| (m.created_at, m.id));
    Ok(claimed)
}

/// Marks a claimed mail as sent. Returns whether a pending row was updated (false when
/// it was already marked, e.g. by a sender whose lease had run out).
pub async fn mark_sent(conn: &mut AsyncPgConnection, id: Uuid) -> QueryResult<bool> {
    let updated = diesel::update(
        mail_outbox::table
            .filter(mail_outbox::id.eq(id))
            .filter(mail_outbox::status.eq(status::PENDING)),
    )
    .set((
        mail_outbox::status.eq(status::SENT),
        mail_outbox::sent_at.eq(diesel::dsl::now),
    ))
    .execute(conn)
    .await?;
    Ok(updated == 1)
}

/// Records a failed attempt of a mail claimed with `attempts == claimed_attempts`: with
/// `retry_in`, the mail stays pending and is due again after that delay; without, it is
/// given up ([`status::FAILED`]). `error` is stored as `last_error` and must be short
/// and free of secrets. Returns false when the claim was no longer current (another
/// sender claimed the mail after this claim's lease ran out), in which case nothing
/// changes.
pub async fn record_failure(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    claimed_attempts: i32,
    error: &str,
    retry_in: Option<Duration>,
) -> QueryResult<bool> {
    let updated = diesel::sql_query(
        "UPDATE mail_outbox
         SET last_error = $3,
             status = CASE WHEN $4 IS NULL THEN 2 ELSE 0 END,
             next_attempt_at = CASE WHEN $4 IS NULL THEN next_attempt_at
                                    ELSE now() + make_interval(secs => $4) END
         WHERE id = $1 AND status = 0 AND attempts = $2",
    )
    .bind::<SqlUuid, _>(id)
    .bind::<Integer, _>(claimed_attempts)
    .bind::<Text, _>(error)
    .bind::<diesel::sql_types::Nullable<Double>, _>(retry_in.map(|d| d.as_secs_f64()))
    .execute(conn)
    .await?;
    Ok(updated == 1)
}

/// Gives back a claimed mail that was not attempted after all: it is due again at once
/// and the claim does not count as an attempt. A no-op when the claim is no longer
/// current.
pub async fn release(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    claimed_attempts: i32,
) -> QueryResult<bool> {
    let updated = diesel::update(
        mail_outbox::table
            .filter(mail_outbox::id.eq(id))
            .filter(mail_outbox::status.eq(status::PENDING))
            .filter(mail_outbox::attempts.eq(claimed_attempts)),
    )
    .set((
        mail_outbox::attempts.eq(mail_outbox::attempts - 1),
        mail_outbox::next_attempt_at.eq(diesel::dsl::now),
    ))
    .execute(conn)
    .await?;
    Ok(updated == 1)
}

/// The mails of `network_id` to `to_address` (compared case-insensitively), newest
/// first. Meant for tests and support tools that need to read a mail, e.g. the secret in
/// a verification link.
pub async fn list_for(
    conn: &mut AsyncPgConnection,
    network_id: Uuid,
    to_address: &str,
) -> QueryResult<Vec<OutboxMail>> {
    mail_outbox::table
        .filter(mail_outbox::network_id.eq(network_id))
        .filter(lower(mail_outbox::to_address).eq(to_address.to_lowercase()))
        .order((mail_outbox::created_at.desc(), mail_outbox::id.desc()))
        .select(OutboxMail::as_select())
        .load(conn)
        .await
}

/// The mail with id `id`, if any.
pub async fn find(conn: &mut AsyncPgConnection, id: Uuid) -> QueryResult<Option<OutboxMail>> {
    mail_outbox::table
        .find(id)
        .select(OutboxMail::as_select())
        .first(conn)
        .await
        .optional()
}

diesel::define_sql_function! {
    /// SQL `lower(text)`.
    fn lower(x: diesel::sql_types::Text) -> diesel::sql_types::Text;
}
