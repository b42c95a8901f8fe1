//! Email verification: the mailed link's secret proves the address (`verifyEmail`), and
//! a new link can be asked for (`resendVerificationEmail`).

use async_graphql::{Context, ID};
use diesel_async::{AsyncConnection, AsyncPgConnection};
use uuid::Uuid;

use super::super::fetch::user_row;
use super::{checked_link, documented, lock_user, mail_allowed};
use crate::domain::account::{FlowProblem, check_resend_verification, first_missing, same_email};
use crate::error::{ApiError, ApiResult, codes};
use crate::graphql::context::ContextExt;
use crate::graphql::ids::{id_of, parse_id};
use crate::mail::content::verification_mail;
use crate::mail::link::link_with_params;
use crate::models::mail;
use crate::models::network::Network;
use crate::models::user::User as UserRow;
use crate::models::user_secret::{self, Purpose, SecretError};

/// Marks the email of `user_id` verified when `secret` is the one of its latest link.
pub async fn verify(ctx: &Context<'_>, user_id: &str, secret: &str) -> ApiResult<ID> {
    let network = ctx.request().network()?;
    if let Some(name) = first_missing(&[("user_id", user_id), ("secret", secret)]) {
        return Err(ApiError::new(
            codes::BAD_REQUEST,
            "Failed to verify email address",
            format!("Parameter missing: {name}"),
        ));
    }
    let id =
        parse_id(user_id.trim(), "user").map_err(|_| documented(codes::VERIFY_USER_UNKNOWN))?;
    let secret = secret.trim();
    let mut conn = ctx.conn().await?;
    conn.transaction(async |conn| verify_locked(conn, network.id, id, secret).await)
        .await?;
    Ok(id_of(id))
}

async fn verify_locked(
    conn: &mut AsyncPgConnection,
    network_id: Uuid,
    id: Uuid,
    secret: &str,
) -> ApiResult<()> {
    let row = lock_user(conn, network_id, id)
        .await?
        .ok_or_else(|| documented(codes::VERIFY_USER_UNKNOWN))?;
    if row.email_verified {
        // Only someone holding one of the user's links learns that it is verified.
        let known =
            user_secret::was_issued(conn, network_id, id, Purpose::VerifyEmail, secret).await?;
        return Err(if known {
            documented(codes::EMAIL_ALREADY_VERIFIED)
        } else {
            secret_invalid("The secret is not valid for this User.")
        });
    }
    match user_secret::consume(conn, network_id, id, Purpose::VerifyEmail, secret).await? {
        Err(SecretError::Invalid) => Err(secret_invalid(
            "The secret is not valid for this User, was already used, or a newer \
             verification mail was sent since.",
        )),
        Err(SecretError::Expired) => Err(link_expired()),
        Ok(Some(sent_to)) if same_email(&sent_to, &row.email) => {
            UserRow::mark_email_verified(conn, network_id, id).await?;
            Ok(())
        }
        Ok(_) => Err(secret_invalid(
            "The link was sent to an earlier email address of this User.",
        )),
    }
}

/// Mails a new verification link to the logged-in user (answering their id), or without
/// a login to the unverified user `email` names (answering null in every case).
pub async fn resend(ctx: &Context<'_>, url: &str, email: Option<String>) -> ApiResult<Option<ID>> {
    let req = ctx.request();
    let network = req.network()?;
    let viewer = req.viewer.user_id();
    let email = email.map(|e| e.trim().to_owned()).filter(|e| !e.is_empty());
    check_resend_verification(viewer.is_some(), email.as_deref(), url).map_err(|problem| {
        documented(match problem {
            FlowProblem::Missing("url") => codes::RESEND_MISSING_URL,
            FlowProblem::InvalidEmail => codes::RESEND_EMAIL_INVALID,
            // The only other parameter a resend needs is `email`.
            FlowProblem::Missing(_) | FlowProblem::PasswordsDiffer => codes::RESEND_MISSING_EMAIL,
        })
    })?;
    let base = checked_link(network, url, "url")?;
    match (viewer, email) {
        (Some(me), email) => {
            let own = user_row(&mut *ctx.conn().await?, network.id, me).await?;
            mail_allowed(ctx, network.id, &own.email).await?;
            let mut conn = ctx.conn().await?;
            conn.transaction(async |conn| {
                resend_locked(conn, network, me, email.as_deref(), &base).await
            })
            .await?;
            Ok(Some(id_of(me)))
        }
        (None, Some(email)) => {
            mail_allowed(ctx, network.id, &email).await?;
            let mut conn = ctx.conn().await?;
            conn.transaction(async |conn| resend_anonymous(conn, network, &email, &base).await)
                .await?;
            Ok(None)
        }
        (None, None) => Err(documented(codes::RESEND_MISSING_EMAIL)),
    }
}

/// Mails the link when an unverified account has `email`; does nothing otherwise, so the
/// anonymous caller cannot tell the cases apart.
async fn resend_anonymous(
    conn: &mut AsyncPgConnection,
    network: &Network,
    email: &str,
    base: &str,
) -> ApiResult<()> {
    let Some(found) = UserRow::find_by_email(conn, network.id, email).await? else {
        return Ok(());
    };
    match lock_user(conn, network.id, found.id).await? {
        Some(row) if !row.email_verified => send_verification(conn, network, &row, base).await,
        _ => Ok(()),
    }
}

async fn resend_locked(
    conn: &mut AsyncPgConnection,
    network: &Network,
    id: Uuid,
    email: Option<&str>,
    base: &str,
) -> ApiResult<Uuid> {
    let row = lock_user(conn, network.id, id)
        .await?
        .ok_or_else(|| ApiError::not_found("user"))?;
    if email.is_some_and(|email| !same_email(email, &row.email)) {
        return Err(ApiError::forbidden(
            "`email` is not the logged-in User's address: the mail goes to the \
             current address only (use changeEmail to change it).",
        ));
    }
    if row.email_verified {
        return Err(documented(codes::EMAIL_ALREADY_VERIFIED));
    }
    send_verification(conn, network, &row, base).await?;
    Ok(row.id)
}

/// Issues a verification secret for the user's current email and queues the mail with
/// the link `url?user_id=…&secret=…`, inside the caller's transaction.
pub async fn send_verification(
    conn: &mut AsyncPgConnection,
    network: &Network,
    user: &UserRow,
    url: &str,
) -> ApiResult<()> {
    let secret = user_secret::issue(
        conn,
        network.id,
        user.id,
        Purpose::VerifyEmail,
        Some(&user.email),
    )
    .await?;
    let link = link_with_params(
        url,
        &[("user_id", &user.id.to_string()), ("secret", &secret)],
    )
    .map_err(|e| e.for_field("url"))?;
    let content = verification_mail(&network.name, &link);
    mail::enqueue(conn, &content.to(network.id, &user.email)).await?;
    Ok(())
}

fn secret_invalid(developer_message: &'static str) -> ApiError {
    ApiError::new(
        codes::VERIFY_SECRET_INVALID,
        "Failed to verify email address - please use the link of the most recent \
         verification email",
        developer_message,
    )
}

fn link_expired() -> ApiError {
    ApiError::new(
        codes::VERIFY_LINK_EXPIRED,
        "Your email verification link has expired - please request a new \
         verification email and click the link within 24 hours",
        "The User's email verification link has expired after 24 hours. Please \
         allow the User to request a new one (resendVerificationEmail).",
    )
}
