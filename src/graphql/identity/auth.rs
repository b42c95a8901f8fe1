//! Registration, login, logout and password change.

use async_graphql::{Context, InputObject, Object, SimpleObject};
use chrono::{DateTime, Utc};
use diesel_async::AsyncConnection;

use super::input::ProfileInput;
use super::me::apply_profile_plan;
use super::user::User;
use super::{check_password_rules, checked_email, hash_password};
use crate::auth::session;
use crate::auth::viewer::{check_password, viewer_of};
use crate::error::{ApiError, ApiResult, codes};
use crate::graphql::context::ContextExt;
use crate::models::auth_token;
use crate::models::user::{NewUser, User as UserRow};

/// A session: the token to send as `Authorization: Bearer <token>` (or as the whole
/// `cv-auth` header), and its user.
#[derive(SimpleObject)]
pub struct Session {
    /// The token, shown once: only its hash is stored.
    pub token: String,
    /// When the token stops working.
    pub expires_at: DateTime<Utc>,
    /// The logged-in user.
    pub user: User,
}

/// A new user: `POST /users` of seeds/002_338b46960d33f2b9.txt.
#[derive(InputObject)]
pub struct RegisterInput {
    /// Login email (unique in the network, case-insensitively).
    pub email: String,
    /// Password: 8 to 256 characters.
    pub password: String,
    /// Page of the front end that handles email verification: the mailed link points
    /// there with `user_id` and `secret` added.
    pub url: String,
    /// The affiliate code of whoever referred this user.
    pub referral_code: Option<String>,
    /// Any profile field may be given at registration.
    #[graphql(flatten)]
    pub profile: ProfileInput,
}

/// Result of `register`.
#[derive(SimpleObject)]
pub struct RegisterPayload {
    /// The new user (email not verified yet: a verification mail is on its way).
    pub user: User,
}

/// Mutations about sessions and registration.
#[derive(Default)]
pub struct AuthMutation;

#[Object]
impl AuthMutation {
    /// Logs in with email and password; returns a session token. Repeated failures for
    /// an account or from an address are slowed down and then locked for a while (429).
    async fn login(
        &self,
        ctx: &Context<'_>,
        email: String,
        password: String,
    ) -> async_graphql::Result<Session> {
        let deps = ctx.auth()?;
        let req = ctx.request();
        let network = req.network()?;
        let user = check_password(deps, network.id, &email, &password, &req.client_addr).await?;
        let mut conn = ctx.conn().await?;
        let issued = session::issue(&mut conn, deps.config, req, network.id, user.id)
            .await
            .map_err(ApiError::from)?;
        UserRow::touch_login(&mut conn, user.id)
            .await
            .map_err(ApiError::from)?;
        Ok(Session {
            token: issued.token,
            expires_at: issued.expires_at,
            user: User::new(user.clone(), viewer_of(&user)),
        })
    }

    /// Issues a session token for the user this request is already authenticated as
    /// (GET /authenticate: a `cv-auth` header with the user's password, or a token).
    async fn authenticate(&self, ctx: &Context<'_>) -> async_graphql::Result<Session> {
        let deps = ctx.auth()?;
        let req = ctx.request();
        let network = req.network()?;
        let me = req.user()?;
        let mut conn = ctx.conn().await?;
        let row = UserRow::find(&mut conn, network.id, me.id)
            .await
            .map_err(ApiError::from)?
            .ok_or_else(|| ApiError::not_found("user"))?;
        let issued = session::issue(&mut conn, deps.config, req, network.id, me.id)
            .await
            .map_err(ApiError::from)?;
        UserRow::touch_login(&mut conn, me.id)
            .await
            .map_err(ApiError::from)?;
        Ok(Session {
            token: issued.token,
            expires_at: issued.expires_at,
            user: User::new(row, req.viewer),
        })
    }

    /// Ends the current session: its token stops working. Other sessions stay.
    async fn logout(&self, ctx: &Context<'_>) -> async_graphql::Result<bool> {
        let req = ctx.request();
        req.user()?;
        if let Some(token_id) = req.token_id {
            let mut conn = ctx.conn().await?;
            auth_token::revoke(&mut conn, token_id)
                .await
                .map_err(ApiError::from)?;
        }
        Ok(true)
    }

    /// Registers a new user and mails them a verification link (valid 24 hours).
    async fn register(
        &self,
        ctx: &Context<'_>,
        input: RegisterInput,
    ) -> async_graphql::Result<RegisterPayload> {
        let req = ctx.request();
        let network = req.network()?.clone();
        let email = checked_email(&input.email)?;
        check_password_rules(&input.password)?;
        let url = super::account::checked_link(&network, &input.url, "url")?;
        let plan = input.profile.plan(req.viewer.is_admin())?;
        let hash = hash_password(&input.password).await?;
        let referral_code = input
            .referral_code
            .map(|c| c.trim().to_owned())
            .filter(|c| !c.is_empty());
        let mut conn = ctx.conn().await?;
        let row = conn
            .transaction(async |conn| -> ApiResult<UserRow> {
                let id = NewUser {
                    network_id: network.id,
                    email: &email,
                    password_hash: Some(&hash),
                    is_admin: false,
                    is_vip: false,
                    email_verified: false,
                    given_name: None,
                    family_name: None,
                }
                .insert(conn)
                .await
                .map_err(|e| unique_to_conflict(e, &email))?;
                if let Some(code) = &referral_code {
                    UserRow::set_referral(conn, network.id, id, code).await?;
                }
                let row = apply_profile_plan(conn, network.id, id, plan).await?;
                super::me::send_verification(conn, &network, &row, &url).await?;
                Ok(row)
            })
            .await?;
        // The registrant sees their own new account in full.
        let viewer = viewer_of(&row);
        Ok(RegisterPayload {
            user: User::new(row, viewer),
        })
    }

    /// Changes the logged-in user's password; every other session is ended and a new
    /// token is returned for this one.
    async fn change_password(
        &self,
        ctx: &Context<'_>,
        current_password: String,
        new_password: String,
        new_password_confirm: String,
    ) -> async_graphql::Result<Session> {
        let deps = ctx.auth()?;
        let req = ctx.request();
        let network = req.network()?;
        let me = req.user()?;
        if new_password != new_password_confirm {
            return Err(ApiError::new(
                codes::PASSWORDS_DIFFER,
                "Passwords do not match",
                "The new_password and new_password_confirm fields are not equal",
            )
            .into());
        }
        check_password_rules(&new_password)?;
        let mut conn = ctx.conn().await?;
        let row = UserRow::find(&mut conn, network.id, me.id)
            .await
            .map_err(ApiError::from)?
            .ok_or_else(|| ApiError::not_found("user"))?;
        drop(conn);
        // The current password is checked like a login, throttling included.
        check_password(
            deps,
            network.id,
            &row.email,
            &current_password,
            &req.client_addr,
        )
        .await?;
        let hash = hash_password(&new_password).await?;
        let mut conn = ctx.conn().await?;
        let issued = conn
            .transaction(async |conn| -> ApiResult<session::Issued> {
                UserRow::set_password_hash(conn, network.id, me.id, &hash).await?;
                auth_token::revoke_all_for_user(conn, network.id, me.id, None).await?;
                Ok(session::issue(conn, deps.config, req, network.id, me.id).await?)
            })
            .await?;
        Ok(Session {
            token: issued.token,
            expires_at: issued.expires_at,
            user: User::new(row, req.viewer),
        })
    }
}

/// A unique violation on insert of a user means the email is taken.
fn unique_to_conflict(err: diesel::result::Error, email: &str) -> ApiError {
    use diesel::result::{DatabaseErrorKind, Error};
    match err {
        Error::DatabaseError(DatabaseErrorKind::UniqueViolation, _) => ApiError::new(
            codes::EMAIL_TAKEN,
            "An account with this email address already exists.",
            format!("A user with the email {email:?} already exists in this network."),
        ),
        other => other.into(),
    }
}
