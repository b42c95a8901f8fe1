//! Changing the login email (`changeEmail`): the new address must be verified again.

use async_graphql::Context;
use diesel_async::{AsyncConnection, AsyncPgConnection};

use super::super::auth::Session;
use super::super::user::User;
use super::super::{checked_email, email_taken, email_taken_error};
use super::email_verification::send_verification;
use super::{checked_link, lock_user, mail_allowed};
use crate::auth::session::{self, Issued};
use crate::auth::viewer::RequestCtx;
use crate::config::ServerConfig;
use crate::domain::account::same_email;
use crate::error::{ApiError, ApiResult, codes};
use crate::graphql::context::ContextExt;
use crate::models::auth_token;
use crate::models::network::Network;
use crate::models::user::User as UserRow;

/// Changes the logged-in user's email, mails the verification link to the new address,
/// ends every session and opens a new one.
pub async fn change(
    ctx: &Context<'_>,
    new_email: &str,
    new_email_confirm: &str,
    verify_email_url: &str,
) -> ApiResult<Session> {
    let deps = ctx.auth()?;
    let req = ctx.request();
    let network = req.network()?;
    req.user()?;
    if !same_email(new_email, new_email_confirm) {
        return Err(ApiError::new(
            codes::EMAILS_DIFFER,
            "Email addresses do not match",
            "The new_email and new_email_confirm fields are not equal",
        ));
    }
    let email = checked_email(new_email)?;
    let base = checked_link(network, verify_email_url, "verifyEmailUrl")?;
    mail_allowed(ctx, network.id, &email).await?;
    let mut conn = ctx.conn().await?;
    let (row, issued) = conn
        .transaction(async |conn| {
            change_locked(conn, deps.config, req, network, &email, &base).await
        })
        .await?;
    Ok(Session::new(issued, User::new(row, req.viewer)))
}

async fn change_locked(
    conn: &mut AsyncPgConnection,
    config: &ServerConfig,
    req: &RequestCtx,
    network: &Network,
    email: &str,
    base: &str,
) -> ApiResult<(UserRow, Issued)> {
    let me = req.user()?;
    lock_user(conn, network.id, me.id)
        .await?
        .ok_or_else(|| ApiError::not_found("user"))?;
    if let Some(other) = UserRow::find_by_email(conn, network.id, email).await?
        && other.id != me.id
    {
        return Err(email_taken_error(email));
    }
    let row = UserRow::change_email(conn, network.id, me.id, email)
        .await
        .map_err(|e| email_taken(e, email))?;
    send_verification(conn, network, &row, base).await?;
    auth_token::revoke_all_for_user(conn, network.id, me.id, None).await?;
    let issued = session::issue(conn, config, req, network.id, me.id).await?;
    Ok((row, issued))
}
