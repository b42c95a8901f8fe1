//! Forgotten passwords: a reset link is mailed (`forgotPassword`), and its secret sets a
//! new password (`resetPassword`).

use async_graphql::{Context, ID};
use diesel_async::{AsyncConnection, AsyncPgConnection};
use uuid::Uuid;

use super::super::{check_password_rules, hash_password};
use super::{checked_link, documented, lock_user, mail_allowed};
use crate::auth::throttle::{self, KeyKind};
use crate::domain::account::{
    FlowProblem, check_forgot_password, check_reset_password, login_key, same_email,
};
use crate::error::{ApiResult, codes};
use crate::graphql::context::ContextExt;
use crate::graphql::ids::{id_of, parse_id};
use crate::mail::content::password_reset_mail;
use crate::mail::link::link_with_params;
use crate::models::auth_token;
use crate::models::mail;
use crate::models::network::Network;
use crate::models::user::User as UserRow;
use crate::models::user_secret::{self, Purpose, SecretError};

/// What `forgotPassword` answers, whether or not an account has the address.
pub const FORGOT_MESSAGE: &str = "If an account with this email address exists, a link to \
                                  reset its password has been sent to it.";

/// Mails a password-reset link to the user with `email`, if there is one.
pub async fn forgot(ctx: &Context<'_>, email: &str, url: &str) -> ApiResult<String> {
    let network = ctx.request().network()?;
    check_forgot_password(email, url).map_err(|problem| {
        documented(match problem {
            FlowProblem::Missing("email") => codes::FORGOT_MISSING_EMAIL,
            FlowProblem::Missing(_) => codes::FORGOT_MISSING_URL,
            FlowProblem::InvalidEmail | FlowProblem::PasswordsDiffer => codes::FORGOT_EMAIL_INVALID,
        })
    })?;
    let email = email.trim();
    let base = checked_link(network, url, "url")?;
    mail_allowed(ctx, network.id, email).await?;
    let mut conn = ctx.conn().await?;
    conn.transaction(async |conn| mail_reset_link(conn, network, email, &base).await)
        .await?;
    Ok(FORGOT_MESSAGE.to_owned())
}

async fn mail_reset_link(
    conn: &mut AsyncPgConnection,
    network: &Network,
    email: &str,
    base: &str,
) -> ApiResult<()> {
    // An unknown address gets the same answer, and no mail (no enumeration).
    let Some(row) = UserRow::find_by_email(conn, network.id, email).await? else {
        return Ok(());
    };
    let secret = user_secret::issue(
        conn,
        network.id,
        row.id,
        Purpose::ResetPassword,
        Some(&row.email),
    )
    .await?;
    let link = link_with_params(
        base,
        &[("user_id", &row.id.to_string()), ("secret", &secret)],
    )
    .map_err(|e| e.for_field("url"))?;
    let content = password_reset_mail(&network.name, &link);
    mail::enqueue(conn, &content.to(network.id, &row.email)).await?;
    Ok(())
}

/// The parameters of `resetPassword`, as the client sent them.
pub struct Reset<'a> {
    /// The user of the link.
    pub user_id: &'a str,
    /// The link's secret.
    pub secret: &'a str,
    /// The new password.
    pub password: &'a str,
    /// The new password again.
    pub password_confirm: &'a str,
}

/// Sets a new password with the secret of a reset link.
pub async fn reset(ctx: &Context<'_>, asked: Reset<'_>) -> ApiResult<ID> {
    let network = ctx.request().network()?;
    let Reset {
        user_id,
        secret,
        password,
        password_confirm,
    } = asked;
    check_reset_password(user_id, secret, password, password_confirm).map_err(|problem| {
        documented(match problem {
            FlowProblem::Missing("user_id") => codes::RESET_MISSING_USER_ID,
            FlowProblem::Missing("secret") => codes::RESET_MISSING_SECRET,
            FlowProblem::Missing("password") => codes::RESET_MISSING_PASSWORD,
            FlowProblem::Missing(_) => codes::RESET_MISSING_PASSWORD_CONFIRM,
            FlowProblem::PasswordsDiffer | FlowProblem::InvalidEmail => codes::PASSWORDS_DIFFER,
        })
    })?;
    check_password_rules(password)?;
    let id = parse_id(user_id.trim(), "user").map_err(|_| documented(codes::RESET_USER_UNKNOWN))?;
    // Unknown users are refused before the (deliberately slow) hashing.
    UserRow::find(&mut *ctx.conn().await?, network.id, id)
        .await?
        .ok_or_else(|| documented(codes::RESET_USER_UNKNOWN))?;
    let hash = hash_password(password).await?;
    let secret = secret.trim();
    let mut conn = ctx.conn().await?;
    conn.transaction(async |conn| replace_password(conn, network.id, id, secret, &hash).await)
        .await?;
    Ok(id_of(id))
}

/// Uses up the secret, replaces the password, ends every session and lifts the
/// failed-login lock.
async fn replace_password(
    conn: &mut AsyncPgConnection,
    network_id: Uuid,
    id: Uuid,
    secret: &str,
    hash: &str,
) -> ApiResult<()> {
    let row = lock_user(conn, network_id, id)
        .await?
        .ok_or_else(|| documented(codes::RESET_USER_UNKNOWN))?;
    match user_secret::consume(conn, network_id, id, Purpose::ResetPassword, secret).await? {
        Err(SecretError::Invalid) => return Err(documented(codes::RESET_SECRET_INVALID)),
        Err(SecretError::Expired) => return Err(documented(codes::RESET_LINK_EXPIRED)),
        // A link mailed to an address the user no longer has is dead.
        Ok(Some(sent_to)) if !same_email(&sent_to, &row.email) => {
            return Err(documented(codes::RESET_SECRET_INVALID));
        }
        Ok(_) => {}
    }
    UserRow::set_password_hash(conn, network_id, id, hash).await?;
    auth_token::revoke_all_for_user(conn, network_id, id, None).await?;
    throttle::clear(conn, network_id, KeyKind::Account, &login_key(&row.email)).await?;
    Ok(())
}
