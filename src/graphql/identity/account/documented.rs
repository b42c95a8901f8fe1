//! Account flows built on mailed secrets and addresses: email verification (and its
//! resend), forgotten and reset passwords, changing the login email, newsletter sign-up;
//! and the check every client-supplied link URL passes before it goes into a mail.
//!
//! The documented exceptions of seeds/002_338b46960d33f2b9.txt (10001–10022) are raised
//! with their exact numbers, statuses and messages ([`DOCUMENTED`]): the REST shim
//! passes them through unchanged.

use async_graphql::{Context, ID, Object};
use diesel::OptionalExtension;
use diesel_async::{AsyncConnection, AsyncPgConnection};
use uuid::Uuid;

use super::auth::Session;
use super::me::send_verification;
use super::user::User;
use super::{check_password_rules, checked_email, hash_password};
use crate::auth::session;
use crate::auth::throttle::{self, KeyKind};
use crate::domain::account::valid_email;
use crate::error::{ApiError, ApiResult, Code, codes};
use crate::graphql::context::ContextExt;
use crate::graphql::ids::parse_id;
use crate::mail::content::{newsletter_alert_mail, password_reset_mail};
use crate::mail::link::link_with_params;
use crate::models::auth_token;
use crate::models::mail;
use crate::models::network::Network;
use crate::models::newsletter;
use crate::models::user::User as UserRow;
use crate::models::user_secret::{self, Purpose, SecretError};

/// The documented exceptions of the Public routes of seeds/002_338b46960d33f2b9.txt:
/// `(code with its HTTP status, user message, developer message)`, verbatim (10003 keeps the
/// `\'` of the reference). 10013–10016 are not documented anywhere and are not used.
pub const DOCUMENTED: &[(Code, &str, &str)] = &[
    (
        codes::PASSWORDS_DIFFER,
        "Passwords do not match",
        "The password and password_confirm fields are not equal",
    ),
    (
        codes::RESET_USER_UNKNOWN,
        "Email address not recognized. Please check that you have entered the correct email \
         address without any typos",
        "No User with this email address was found",
    ),
    (
        codes::RESET_SECRET_INVALID,
        "Failed to reset password",
        "Invalid secret parameter. Please check that you are correctly parsing the secret \
         string from the link sent in the User\\'s email.",
    ),
    (
        codes::RESET_LINK_EXPIRED,
        "Your password reset link has expired - please request a new verification email and \
         click the link within 24 hours",
        "The User's password reset link has expired after 24 hours. Please allow the User to \
         request a new link in order to reset their password.",
    ),
    (
        codes::RESET_MISSING_USER_ID,
        "Failed to reset password",
        "Parameter missing: user_id",
    ),
    (
        codes::RESET_MISSING_SECRET,
        "Failed to reset password",
        "Parameter missing: secret",
    ),
    (
        codes::RESET_MISSING_PASSWORD,
        "Failed to reset password",
        "Parameter missing: password",
    ),
    (
        codes::RESET_MISSING_PASSWORD_CONFIRM,
        "Failed to reset password",
        "Parameter missing: password_confirm",
    ),
    (
        codes::FORGOT_MISSING_EMAIL,
        "Failed to send forgot password link",
        "Parameter missing: email",
    ),
    (
        codes::FORGOT_MISSING_URL,
        "Failed to send forgot password link",
        "Parameter missing: url",
    ),
    (
        codes::FORGOT_EMAIL_UNKNOWN,
        EMAIL_NOT_RECOGNIZED,
        "No User with this email address was found",
    ),
    (
        codes::FORGOT_EMAIL_INVALID,
        INVALID_EMAIL_USER,
        INVALID_EMAIL_DEVELOPER,
    ),
    (
        codes::RESEND_MISSING_EMAIL,
        "Failed to re-send verification email",
        "Parameter missing: email",
    ),
    (
        codes::RESEND_MISSING_URL,
        "Failed to re-send verification email",
        "Parameter missing: url",
    ),
    (
        codes::VERIFY_USER_UNKNOWN,
        EMAIL_NOT_RECOGNIZED,
        "No User with this email address was found",
    ),
    (
        codes::RESEND_EMAIL_INVALID,
        INVALID_EMAIL_USER,
        INVALID_EMAIL_DEVELOPER,
    ),
    (
        codes::EMAIL_ALREADY_VERIFIED,
        "You have already verified your email address",
        "The User already has email_verified set to true",
    ),
    (
        codes::NEWSLETTER_EMAIL_INVALID,
        INVALID_EMAIL_USER,
        INVALID_EMAIL_DEVELOPER,
    ),
];

const EMAIL_NOT_RECOGNIZED: &str = "Email address not recognized - please check that you have \
                                    entered the correct email address without any typos";
const INVALID_EMAIL_USER: &str = "Invalid email address - please check that you have entered \
                                  the correct email address without any typos";
const INVALID_EMAIL_DEVELOPER: &str = "The User entered an invalid email address";

/// The documented exception `code` (one of [`DOCUMENTED`]) as an [`ApiError`].
pub fn documented(code: Code) -> ApiError {
    match DOCUMENTED.iter().find(|(c, ..)| *c == code) {
        Some(&(code, user, developer)) => ApiError::new(code, user, developer),
        None => ApiError::internal(format!("exception {} is not documented", code.number())),
    }
}

/// The network setting that restricts where mailed links may point.
pub const LINK_ORIGINS_SETTING: &str = "link_origins";

/// A client-supplied front-end URL, checked before it becomes the base of a mailed link:
/// an absolute http(s) URL without credentials (see
/// [`link_with_params`](crate::mail::link::link_with_params)) and, when the network's
/// `settings` have `"link_origins": ["https://app.example.com", …]`, with one of those
/// origins (scheme, host and port). `field` names the argument in the 400. Returns the
/// normalised URL.
pub fn checked_link(network: &Network, url: &str, field: &str) -> ApiResult<String> {
    let base = link_with_params(url, &[]).map_err(|e| e.for_field(field))?;
    check_link_origin(&network.settings, &base, field)?;
    Ok(base)
}

/// The origin rule of [`checked_link`] on its own: `url` (already a valid absolute URL)
/// against the `link_origins` of `settings`. Without the setting (or with `null`) any
/// origin passes; a list admits exactly its entries' origins (entries that are not
/// absolute URLs match nothing, so an empty or malformed list admits no link at all).
pub fn check_link_origin(settings: &serde_json::Value, url: &str, field: &str) -> ApiResult<()> {
    let allowed = match settings.get(LINK_ORIGINS_SETTING) {
        None | Some(serde_json::Value::Null) => return Ok(()),
        Some(value) => value,
    };
    let allowed: Vec<String> = allowed
        .as_array()
        .map(|entries| {
            entries
                .iter()
                .filter_map(|entry| entry.as_str())
                .filter_map(|entry| url::Url::parse(entry.trim()).ok())
                .map(|entry| entry.origin())
                .filter(|origin| origin.is_tuple())
                .map(|origin| origin.ascii_serialization())
                .collect()
        })
        .unwrap_or_default();
    let origin = url::Url::parse(url)
        .map(|u| u.origin().ascii_serialization())
        .map_err(|_| ApiError::bad_request(format!("`{field}` is not a valid URL.")))?;
    if allowed.contains(&origin) {
        return Ok(());
    }
    let listed = if allowed.is_empty() {
        "none".to_owned()
    } else {
        allowed.join(", ")
    };
    Err(ApiError::new(
        codes::LINK_ORIGIN_REFUSED,
        "The request could not be processed.",
        format!(
            "`{field}` has the origin {origin}, which this network does not allow for links \
             in its mails; allowed origins (setting `{LINK_ORIGINS_SETTING}`): {listed}."
        ),
    ))
}

/// The confirmation `newsletterSignUp` answers (the same for a first and a repeated
/// sign-up, so it reveals nothing about earlier ones).
pub fn newsletter_message(email: &str) -> String {
    format!("The email address {email} requested to sign up to the newsletter list.")
}

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
    async fn verify_email(
        &self,
        ctx: &Context<'_>,
        user_id: ID,
        secret: String,
    ) -> async_graphql::Result<ID> {
        let network = ctx.request().network()?;
        for (name, value) in [("user_id", user_id.as_str()), ("secret", secret.as_str())] {
            if value.trim().is_empty() {
                return Err(ApiError::new(
                    codes::BAD_REQUEST,
                    "Failed to verify email address",
                    format!("Parameter missing: {name}"),
                )
                .into());
            }
        }
        let id =
            parse_id(user_id.trim(), "user").map_err(|_| documented(codes::VERIFY_USER_UNKNOWN))?;
        let secret = secret.trim();
        let mut conn = ctx.conn().await?;
        conn.transaction(async |conn| -> ApiResult<()> {
            let row = lock_user(conn, network.id, id)
                .await?
                .ok_or_else(|| documented(codes::VERIFY_USER_UNKNOWN))?;
            if row.email_verified {
                // Only someone holding one of the user's links learns that it is verified.
                let known =
                    user_secret::was_issued(conn, network.id, id, Purpose::VerifyEmail, secret)
                        .await?;
                return Err(if known {
                    documented(codes::EMAIL_ALREADY_VERIFIED)
                } else {
                    verify_secret_invalid("The secret is not valid for this User.")
                });
            }
            match user_secret::consume(conn, network.id, id, Purpose::VerifyEmail, secret).await? {
                Err(SecretError::Invalid) => Err(verify_secret_invalid(
                    "The secret is not valid for this User, was already used, or a newer \
                     verification mail was sent since.",
                )),
                Err(SecretError::Expired) => Err(ApiError::new(
                    codes::VERIFY_LINK_EXPIRED,
                    "Your email verification link has expired - please request a new \
                     verification email and click the link within 24 hours",
                    "The User's email verification link has expired after 24 hours. Please \
                     allow the User to request a new one (resendVerificationEmail).",
                )),
                Ok(Some(sent_to)) if same_email(&sent_to, &row.email) => {
                    UserRow::mark_email_verified(conn, network.id, id).await?;
                    Ok(())
                }
                Ok(_) => Err(verify_secret_invalid(
                    "The link was sent to an earlier email address of this User.",
                )),
            }
        })
        .await?;
        Ok(ID(id.to_string()))
    }

    /// Sends a new verification mail (POST /self/resendVerificationEmail) linking to
    /// `url` with `user_id` and a new `secret`; earlier links stop working. A logged-in
    /// user gets it at their current address (`email`, if given, must be that address).
    /// Without a login, `email` names the account (as the reference's 10017/10019/10020
    /// describe); this reveals whether the address is registered, like forgotPassword.
    /// Returns the user's id. Fails with 10017, 10018 (missing), 10020 (invalid email),
    /// 10019 (unknown email), 10021 (already verified).
    async fn resend_verification_email(
        &self,
        ctx: &Context<'_>,
        url: String,
        email: Option<String>,
    ) -> async_graphql::Result<ID> {
        let req = ctx.request();
        let network = req.network()?;
        let viewer = req.viewer.user_id();
        let email = email.map(|e| e.trim().to_owned()).filter(|e| !e.is_empty());
        if viewer.is_none() && email.is_none() {
            return Err(documented(codes::RESEND_MISSING_EMAIL).into());
        }
        if url.trim().is_empty() {
            return Err(documented(codes::RESEND_MISSING_URL).into());
        }
        if email.as_deref().is_some_and(|e| !valid_email(e)) {
            return Err(documented(codes::RESEND_EMAIL_INVALID).into());
        }
        let base = checked_link(network, &url, "url")?;
        let mut conn = ctx.conn().await?;
        let id = conn
            .transaction(async |conn| -> ApiResult<Uuid> {
                let id = match (viewer, &email) {
                    (Some(me), _) => me,
                    (None, Some(email)) => {
                        UserRow::find_by_email(conn, network.id, email)
                            .await?
                            .ok_or_else(|| documented(codes::VERIFY_USER_UNKNOWN))?
                            .id
                    }
                    (None, None) => return Err(documented(codes::RESEND_MISSING_EMAIL)),
                };
                let row = lock_user(conn, network.id, id)
                    .await?
                    .ok_or_else(|| ApiError::not_found("user"))?;
                if let Some(email) = &email
                    && !same_email(email, &row.email)
                {
                    return Err(ApiError::forbidden(
                        "`email` is not the logged-in User's address: the mail goes to the \
                         current address only (use changeEmail to change it).",
                    ));
                }
                if row.email_verified {
                    return Err(documented(codes::EMAIL_ALREADY_VERIFIED));
                }
                send_verification(conn, network, &row, &base).await?;
                Ok(row.id)
            })
            .await?;
        Ok(ID(id.to_string()))
    }

    /// Mails a password-reset link (POST /public/forgotPassword; no login needed) to the
    /// user with this email: `url` with `user_id` and a `secret` that works once, for 24
    /// hours; earlier reset links stop working. Returns the user's id. As documented, an
    /// unknown email is a 404 (10011), which reveals whether an address is registered.
    /// Fails with 10009, 10010 (missing), 10012 (invalid email), 10011 (unknown email).
    async fn forgot_password(
        &self,
        ctx: &Context<'_>,
        email: String,
        url: String,
    ) -> async_graphql::Result<ID> {
        let network = ctx.request().network()?;
        let email = email.trim();
        if email.is_empty() {
            return Err(documented(codes::FORGOT_MISSING_EMAIL).into());
        }
        if url.trim().is_empty() {
            return Err(documented(codes::FORGOT_MISSING_URL).into());
        }
        if !valid_email(email) {
            return Err(documented(codes::FORGOT_EMAIL_INVALID).into());
        }
        let base = checked_link(network, &url, "url")?;
        let mut conn = ctx.conn().await?;
        let id = conn
            .transaction(async |conn| -> ApiResult<Uuid> {
                let row = UserRow::find_by_email(conn, network.id, email)
                    .await?
                    .ok_or_else(|| documented(codes::FORGOT_EMAIL_UNKNOWN))?;
                let secret = user_secret::issue(
                    conn,
                    network.id,
                    row.id,
                    Purpose::ResetPassword,
                    Some(&row.email),
                )
                .await?;
                let link = link_with_params(
                    &base,
                    &[("user_id", &row.id.to_string()), ("secret", &secret)],
                )
                .map_err(|e| e.for_field("url"))?;
                let content = password_reset_mail(&network.name, &link);
                mail::enqueue(conn, &content.to(network.id, &row.email)).await?;
                Ok(row.id)
            })
            .await?;
        Ok(ID(id.to_string()))
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
    ) -> async_graphql::Result<ID> {
        let network = ctx.request().network()?;
        if user_id.trim().is_empty() {
            return Err(documented(codes::RESET_MISSING_USER_ID).into());
        }
        if secret.trim().is_empty() {
            return Err(documented(codes::RESET_MISSING_SECRET).into());
        }
        if password.is_empty() {
            return Err(documented(codes::RESET_MISSING_PASSWORD).into());
        }
        if password_confirm.is_empty() {
            return Err(documented(codes::RESET_MISSING_PASSWORD_CONFIRM).into());
        }
        if password != password_confirm {
            return Err(documented(codes::PASSWORDS_DIFFER).into());
        }
        check_password_rules(&password)?;
        let id =
            parse_id(user_id.trim(), "user").map_err(|_| documented(codes::RESET_USER_UNKNOWN))?;
        let secret = secret.trim();
        // Unknown users are refused before the (deliberately slow) hashing.
        let mut conn = ctx.conn().await?;
        UserRow::find(&mut conn, network.id, id)
            .await
            .map_err(ApiError::from)?
            .ok_or_else(|| documented(codes::RESET_USER_UNKNOWN))?;
        drop(conn);
        let hash = hash_password(&password).await?;
        let mut conn = ctx.conn().await?;
        conn.transaction(async |conn| -> ApiResult<()> {
            let row = lock_user(conn, network.id, id)
                .await?
                .ok_or_else(|| documented(codes::RESET_USER_UNKNOWN))?;
            match user_secret::consume(conn, network.id, id, Purpose::ResetPassword, secret).await?
            {
                Err(SecretError::Invalid) => return Err(documented(codes::RESET_SECRET_INVALID)),
                Err(SecretError::Expired) => return Err(documented(codes::RESET_LINK_EXPIRED)),
                // A link mailed to an address the user no longer has is dead.
                Ok(Some(sent_to)) if !same_email(&sent_to, &row.email) => {
                    return Err(documented(codes::RESET_SECRET_INVALID));
                }
                Ok(_) => {}
            }
            UserRow::set_password_hash(conn, network.id, id, &hash).await?;
            auth_token::revoke_all_for_user(conn, network.id, id, None).await?;
            throttle::clear(conn, network.id, KeyKind::Account, &account_key(&row.email)).await?;
            Ok(())
        })
        .await?;
        Ok(ID(id.to_string()))
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
    ) -> async_graphql::Result<Session> {
        let deps = ctx.auth()?;
        let req = ctx.request();
        let network = req.network()?;
        let me = req.user()?;
        if !same_email(&new_email, &new_email_confirm) {
            return Err(ApiError::new(
                codes::EMAILS_DIFFER,
                "Email addresses do not match",
                "The new_email and new_email_confirm fields are not equal",
            )
            .into());
        }
        let email = checked_email(&new_email)?;
        let base = checked_link(network, &verify_email_url, "verifyEmailUrl")?;
        let mut conn = ctx.conn().await?;
        let (row, issued) = conn
            .transaction(async |conn| -> ApiResult<(UserRow, session::Issued)> {
                lock_user(conn, network.id, me.id)
                    .await?
                    .ok_or_else(|| ApiError::not_found("user"))?;
                if let Some(other) = UserRow::find_by_email(conn, network.id, &email).await?
                    && other.id != me.id
                {
                    return Err(email_taken(&email));
                }
                let row = UserRow::change_email(conn, network.id, me.id, &email)
                    .await
                    .map_err(|e| match e {
                        diesel::result::Error::DatabaseError(
                            diesel::result::DatabaseErrorKind::UniqueViolation,
                            _,
                        ) => email_taken(&email),
                        other => other.into(),
                    })?;
                send_verification(conn, network, &row, &base).await?;
                auth_token::revoke_all_for_user(conn, network.id, me.id, None).await?;
                let issued = session::issue(conn, deps.config, req, network.id, me.id).await?;
                Ok((row, issued))
            })
            .await?;
        Ok(Session {
            token: issued.token,
            expires_at: issued.expires_at,
            user: User::new(row, req.viewer),
        })
    }

    /// Asks the network's admins to add this address to their newsletter (POST
    /// /public/newsletterSignUp; no login needed): the sign-up is stored once per
    /// address and, the first time only, each admin is alerted by mail. No mailing list
    /// is kept here. Returns a message confirming the address. Fails with 10022
    /// (invalid email).
    async fn newsletter_sign_up(
        &self,
        ctx: &Context<'_>,
        email: String,
    ) -> async_graphql::Result<String> {
        let network = ctx.request().network()?;
        let email = email.trim();
        if !valid_email(email) {
            return Err(documented(codes::NEWSLETTER_EMAIL_INVALID).into());
        }
        let mut conn = ctx.conn().await?;
        conn.transaction(async |conn| -> ApiResult<()> {
            let user_id = UserRow::find_by_email(conn, network.id, email)
                .await?
                .map(|u| u.id);
            if newsletter::sign_up(conn, network.id, email, user_id).await? {
                let content = newsletter_alert_mail(&network.name, email);
                for admin in UserRow::admin_emails(conn, network.id).await? {
                    mail::enqueue(conn, &content.to(network.id, &admin)).await?;
                }
            }
            Ok(())
        })
        .await?;
        Ok(newsletter_message(email))
    }
}

/// The user's row locked for the rest of the transaction, if it exists in the network.
async fn lock_user(
    conn: &mut AsyncPgConnection,
    network_id: Uuid,
    id: Uuid,
) -> ApiResult<Option<UserRow>> {
    Ok(UserRow::lock(conn, network_id, id).await.optional()?)
}

/// Whether two addresses are the same login (case-insensitively, as the unique index).
fn same_email(a: &str, b: &str) -> bool {
    a.trim().to_lowercase() == b.trim().to_lowercase()
}

/// The failed-login counter key of an account (as `auth::viewer::check_password`).
fn account_key(email: &str) -> String {
    email.trim().to_lowercase()
}

fn verify_secret_invalid(developer_message: &'static str) -> ApiError {
    ApiError::new(
        codes::VERIFY_SECRET_INVALID,
        "Failed to verify email address - please use the link of the most recent \
         verification email",
        developer_message,
    )
}

fn email_taken(email: &str) -> ApiError {
    ApiError::new(
        codes::EMAIL_TAKEN,
        "An account with this email address already exists.",
        format!("A user with the email {email:?} already exists in this network."),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn every_documented_code_has_one_entry() {
        let mut seen: Vec<u32> = DOCUMENTED.iter().map(|(c, ..)| c.number()).collect();
        seen.sort_unstable();
        let expected: Vec<u32> = (10001..=10022)
            .filter(|c| !(10013..=10016).contains(c))
            .collect();
        assert_eq!(seen, expected);
        let err = documented(codes::EMAIL_ALREADY_VERIFIED);
        assert_eq!(err.status, 409);
        assert_eq!(
            err.user_message,
            "You have already verified your email address"
        );
    }

    #[test]
    fn without_the_setting_any_origin_passes() {
        for settings in [json!({}), json!({ "link_origins": null })] {
            assert!(check_link_origin(&settings, "https://evil.example/x", "url").is_ok());
        }
    }

    #[test]
    fn link_origins_admit_exactly_their_origins() {
        let settings =
            json!({ "link_origins": ["https://App.example.com/", "http://localhost:3000"] });
        for ok in [
            "https://app.example.com/verify?x=1",
            "https://app.example.com:443/",
            "http://localhost:3000/a#b",
        ] {
            assert!(check_link_origin(&settings, ok, "url").is_ok(), "{ok}");
        }
        for refused in [
            "http://app.example.com/verify",
            "https://app.example.com:8443/",
            "https://app.example.com.evil.example/",
            "https://evil.example/?https://app.example.com",
            "http://localhost:3001/",
        ] {
            let err = check_link_origin(&settings, refused, "verifyEmailUrl").unwrap_err();
            assert_eq!(
                (err.code, err.status),
                (codes::LINK_ORIGIN_REFUSED.number(), 400)
            );
            assert!(
                err.developer_message.starts_with("`verifyEmailUrl`"),
                "{err}"
            );
        }
    }

    #[test]
    fn an_empty_or_malformed_list_admits_nothing() {
        for settings in [
            json!({ "link_origins": [] }),
            json!({ "link_origins": "https://app.example.com" }),
            json!({ "link_origins": ["app.example.com", 7] }),
        ] {
            assert!(check_link_origin(&settings, "https://app.example.com/", "url").is_err());
        }
    }
}
