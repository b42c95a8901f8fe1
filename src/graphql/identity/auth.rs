//! Registration, login, logout and password change.

use async_graphql::{Context, InputObject, Object, SimpleObject};
use chrono::{DateTime, Utc};
use diesel_async::{AsyncConnection, AsyncPgConnection};

use super::account::email_verification::send_verification;
use super::account::{checked_link, mail_allowed};
use super::fetch::user_row;
use super::input::ProfileInput;
use super::limits::DetailLimits;
use super::profile::apply_profile_plan;
use super::user::User;
use super::{check_password_rules, checked_email, email_taken, hash_password};
use crate::auth::session::{self, Issued};
use crate::auth::viewer::{RequestCtx, check_password, viewer_of};
use crate::config::ServerConfig;
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

impl Session {
    /// The session of an issued token.
    pub fn new(issued: Issued, user: User) -> Self {
        Self {
            token: issued.token,
            expires_at: issued.expires_at,
            user,
        }
    }

    /// Issues a token for `row` and records the login.
    async fn open(
        conn: &mut AsyncPgConnection,
        config: &ServerConfig,
        req: &RequestCtx,
        row: UserRow,
        user: impl FnOnce(UserRow) -> User,
    ) -> ApiResult<Session> {
        let issued = session::issue(conn, config, req, row.network_id, row.id).await?;
        UserRow::touch_login(conn, row.id).await?;
        Ok(Session::new(issued, user(row)))
    }

    /// Logs in with email and password (throttled like every password check).
    pub async fn login(ctx: &Context<'_>, email: &str, password: &str) -> ApiResult<Session> {
        let deps = ctx.auth()?;
        let req = ctx.request();
        let network = req.network()?;
        let user = check_password(deps, network.id, email, password, &req.client_addr).await?;
        let mut conn = ctx.conn().await?;
        let viewer = viewer_of(&user);
        Session::open(&mut conn, deps.config, req, user, |row| {
            User::new(row, viewer)
        })
        .await
    }

    /// A new session for the user the request is already authenticated as.
    pub async fn renew(ctx: &Context<'_>) -> ApiResult<Session> {
        let deps = ctx.auth()?;
        let req = ctx.request();
        let network = req.network()?;
        let me = req.user()?;
        let mut conn = ctx.conn().await?;
        let row = user_row(&mut conn, network.id, me.id).await?;
        Session::open(&mut conn, deps.config, req, row, |row| {
            User::new(row, req.viewer)
        })
        .await
    }
}

/// A new user: `POST /users` of the REST routes.
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
    ) -> ApiResult<Session> {
        Session::login(ctx, &email, &password).await
    }

    /// Issues a session token for the user this request is already authenticated as
    /// (GET /authenticate: a `cv-auth` header with the user's password, or a token).
    async fn authenticate(&self, ctx: &Context<'_>) -> ApiResult<Session> {
        Session::renew(ctx).await
    }

    /// Ends the current session: its token stops working. Other sessions stay.
    async fn logout(&self, ctx: &Context<'_>) -> ApiResult<bool> {
        let req = ctx.request();
        req.user()?;
        if let Some(token_id) = req.token_id {
            auth_token::revoke(&mut *ctx.conn().await?, token_id).await?;
        }
        Ok(true)
    }

    /// Registers a new user and mails them a verification link (valid 24 hours).
    async fn register(
        &self,
        ctx: &Context<'_>,
        input: RegisterInput,
    ) -> ApiResult<RegisterPayload> {
        RegisterPayload::register(ctx, input).await
    }

    /// Changes the logged-in user's password; every other session is ended and a new
    /// token is returned for this one.
    async fn change_password(
        &self,
        ctx: &Context<'_>,
        current_password: String,
        new_password: String,
        new_password_confirm: String,
    ) -> ApiResult<Session> {
        change_password(ctx, &current_password, &new_password, &new_password_confirm).await
    }
}

impl RegisterPayload {
    /// Checks `input`, creates the user with their profile and mails the verification
    /// link, all in one transaction.
    async fn register(ctx: &Context<'_>, input: RegisterInput) -> ApiResult<RegisterPayload> {
        let req = ctx.request();
        let network = req.network()?.clone();
        let email = checked_email(&input.email)?;
        check_password_rules(&input.password)?;
        let url = checked_link(&network, &input.url, "url")?;
        let limits = DetailLimits::from_config(ctx.auth()?.config);
        let plan = input.profile.plan(req.viewer.is_admin(), limits)?;
        mail_allowed(ctx, network.id, &email).await?;
        let hash = hash_password(&input.password).await?;
        let referral_code = input
            .referral_code
            .map(|c| c.trim().to_owned())
            .filter(|c| !c.is_empty());
        let new = NewUser {
            network_id: network.id,
            email: &email,
            password_hash: Some(&hash),
            is_admin: false,
            is_vip: false,
            email_verified: false,
            given_name: None,
            family_name: None,
        };
        let mut conn = ctx.conn().await?;
        let row = conn
            .transaction(async |conn| -> ApiResult<UserRow> {
                let id = new.insert(conn).await.map_err(|e| email_taken(e, &email))?;
                if let Some(code) = &referral_code {
                    UserRow::set_referral(conn, network.id, id, code).await?;
                }
                let row = apply_profile_plan(conn, network.id, id, plan).await?;
                send_verification(conn, &network, &row, &url).await?;
                Ok(row)
            })
            .await?;
        // The registrant sees their own new account in full.
        let viewer = viewer_of(&row);
        Ok(RegisterPayload {
            user: User::new(row, viewer),
        })
    }
}

/// Replaces the logged-in user's password after checking the current one like a login
/// (throttling included); ends every session and opens a new one.
async fn change_password(
    ctx: &Context<'_>,
    current: &str,
    new: &str,
    confirm: &str,
) -> ApiResult<Session> {
    let deps = ctx.auth()?;
    let req = ctx.request();
    let network = req.network()?;
    let me = req.user()?;
    if new != confirm {
        return Err(ApiError::new(
            codes::PASSWORDS_DIFFER,
            "Passwords do not match",
            "The new_password and new_password_confirm fields are not equal",
        ));
    }
    check_password_rules(new)?;
    let row = user_row(&mut *ctx.conn().await?, network.id, me.id).await?;
    check_password(deps, network.id, &row.email, current, &req.client_addr).await?;
    let hash = hash_password(new).await?;
    let mut conn = ctx.conn().await?;
    let issued = conn
        .transaction(async |conn| -> ApiResult<Issued> {
            UserRow::set_password_hash(conn, network.id, me.id, &hash).await?;
            auth_token::revoke_all_for_user(conn, network.id, me.id, None).await?;
            Ok(session::issue(conn, deps.config, req, network.id, me.id).await?)
        })
        .await?;
    Ok(Session::new(issued, User::new(row, req.viewer)))
}
