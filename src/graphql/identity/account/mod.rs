//! Account flows built on mailed secrets and addresses, one module per action: email
//! verification (and its resend), forgotten and reset passwords, changing the login
//! email, newsletter sign-up; and the check every client-supplied link URL passes before
//! it goes into a mail (`links`). The rules they apply are `crate::domain::account`
//! (`docs/identity.md`); the documented exceptions they raise, `documented`.

pub mod change_email;
pub mod documented;
pub mod email_verification;
pub mod links;
pub mod newsletter;
pub mod password_reset;

use async_graphql::{Context, ID, Object};
use diesel::OptionalExtension;
use diesel_async::AsyncPgConnection;
use uuid::Uuid;

use super::auth::Session;
use crate::error::ApiResult;
use crate::graphql::context::ContextExt;
use crate::mail::limit::{self, MailLimits};
use crate::models::user::User as UserRow;

pub use documented::{DOCUMENTED, documented};
pub use links::checked_link;
pub use newsletter::newsletter_message;

/// Mutations of the account flows that work with mailed secrets.
#[derive(Default)]
pub struct AccountMutation;

#[Object]
impl AccountMutation {
    /// Verifies the user's email address with the `user_id` and `secret` of the mailed
    /// link (POST /public/verifyEmail; no login needed). The secret works once, for 24
    /// hours, and only while the user's email is still the address it was sent to.
    /// Returns the user's id. Fails with 10019 (unknown user), 10021 (already verified),
    /// 11018 (wrong, used or superseded secret), 11019 (expired link).
    async fn verify_email(&self, ctx: &Context<'_>, user_id: ID, secret: String) -> ApiResult<ID> {
        email_verification::verify(ctx, &user_id, &secret).await
    }

    /// Sends a new verification mail (POST /self/resendVerificationEmail) linking to
    /// `url` with `user_id` and a new `secret`; earlier links stop working. A logged-in
    /// user gets it at their current address (`email`, if given, must be that address)
    /// and the answer is their id; 10021 if it is already verified. Without a login,
    /// `email` names the account and the answer is always null, whether the address is
    /// registered, verified or not: only an unverified account gets a mail. Rate limited
    /// per address and per client (11022). Fails with 10017, 10018 (missing), 10020
    /// (invalid email), 10021 (logged in, already verified).
    async fn resend_verification_email(
        &self,
        ctx: &Context<'_>,
        url: String,
        email: Option<String>,
    ) -> ApiResult<Option<ID>> {
        email_verification::resend(ctx, &url, email).await
    }

    /// Mails a password-reset link (POST /public/forgotPassword; no login needed) to the
    /// user with this email, if there is one: `url` with `user_id` and a `secret` that
    /// works once, for 24 hours; earlier reset links stop working. The answer is the same
    /// confirmation whether or not the address is registered, so it reveals nothing about
    /// accounts. Rate limited per address and per client (11022). Fails with 10009,
    /// 10010 (missing), 10012 (invalid email).
    async fn forgot_password(
        &self,
        ctx: &Context<'_>,
        email: String,
        url: String,
    ) -> ApiResult<String> {
        password_reset::forgot(ctx, &email, &url).await
    }

    /// Sets a new password with the `user_id` and `secret` of a password-reset link
    /// (POST /public/resetPassword; no login needed). In one transaction: the secret is
    /// used up, the password replaced, every session of the user ended and the account's
    /// failed-login lock lifted. Returns the user's id. Fails with 10005–10008
    /// (missing), 10001 (passwords differ), 11014 (password rules), 10002 (unknown
    /// user), 10003 (wrong or used secret), 10004 (expired link).
    async fn reset_password(
        &self,
        ctx: &Context<'_>,
        user_id: ID,
        secret: String,
        password: String,
        password_confirm: String,
    ) -> ApiResult<ID> {
        let asked = password_reset::Reset {
            user_id: &user_id,
            secret: &secret,
            password: &password,
            password_confirm: &password_confirm,
        };
        password_reset::reset(ctx, asked).await
    }

    /// Changes the logged-in user's login email (POST /self/changeEmail): the new
    /// address is unverified until the user follows the verification link mailed to it
    /// (`verifyEmailUrl` with `user_id` and `secret`); links sent to the old address
    /// stop working. Every session of the user ends and a new token is returned for this
    /// one. Fails with 11017 (emails differ), 11016 (invalid email), 11013 (taken).
    async fn change_email(
        &self,
        ctx: &Context<'_>,
        new_email: String,
        new_email_confirm: String,
        verify_email_url: String,
    ) -> ApiResult<Session> {
        change_email::change(ctx, &new_email, &new_email_confirm, &verify_email_url).await
    }

    /// Asks the network's admins to add this address to their newsletter (POST
    /// /public/newsletterSignUp; no login needed): the sign-up is stored once per
    /// address and, the first time only, each admin is alerted by mail. No mailing list
    /// is kept here. Returns a message confirming the address. Fails with 10022
    /// (invalid email).
    async fn newsletter_sign_up(&self, ctx: &Context<'_>, email: String) -> ApiResult<String> {
        newsletter::sign_up(ctx, &email).await
    }
}

/// Counts a request that would mail `to` against the mail limits of the configuration
/// (per address and per client), on its own connection: 429 (11022) over a limit.
pub async fn mail_allowed(ctx: &Context<'_>, network_id: Uuid, to: &str) -> ApiResult<()> {
    let limits = MailLimits::from_config(ctx.auth()?.config);
    let client = &ctx.request().client_addr;
    limit::take(&mut *ctx.conn().await?, &limits, network_id, to, client).await
}

/// The user's row locked for the rest of the transaction, if it exists in the network.
async fn lock_user(
    conn: &mut AsyncPgConnection,
    network_id: Uuid,
    id: Uuid,
) -> ApiResult<Option<UserRow>> {
    Ok(UserRow::lock(conn, network_id, id).await.optional()?)
}
