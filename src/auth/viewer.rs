//! Who is asking: resolving a request's network and viewer from its credentials.
//!
//! Accepted credentials, in this order (`docs/product.md`, `docs/cv-auth.md`):
//! 1. `Authorization: Bearer <token>` (a token from `login` or `GET /authenticate`);
//! 2. `cv-auth: <token>` (the same token as the whole header value);
//! 3. `cv-auth: AuthToken ApiKey=…, …` (the SDK header: digest, freshness, single-use
//!    nonce, then the masked password, or `new`/`new` for an anonymous visitor);
//! 4. nothing: an anonymous viewer of the named network (if any).
//!
//! The network comes from the REST path, else the `network` header, else the credentials
//! (a token knows its network; an SDK header names its API key). Credentials of one
//! network never act in another: a mismatch is a 401.

use chrono::{TimeDelta, Utc};
use uuid::Uuid;

use crate::auth::AuthDeps;
use crate::auth::cvauth::{self, CvAuthError, CvAuthHeader, CvAuthValue};
use crate::auth::password::verify_password;
use crate::auth::throttle::{self, Gate, KeyKind, Policy};
use crate::db::{self, DbConn};
use crate::domain::account::{MAX_EMAIL, MAX_PASSWORD, login_key};
use crate::domain::token;
use crate::domain::viewer::{Viewer, ViewerUser};
use crate::error::{ApiError, ApiResult, codes};
use crate::models::auth_token;
use crate::models::network::Network;
use crate::models::nonce;
use crate::models::user::User;

/// Per-request facts every resolver and REST route sees.
#[derive(Debug, Clone, Default)]
pub struct RequestCtx {
    /// The network the request is addressed to.
    pub network: Option<Network>,
    /// Who is asking.
    pub viewer: Viewer,
    /// The session token used, when the request carried one (logout revokes it).
    pub token_id: Option<Uuid>,
    /// The client's address (for throttling and the session list).
    pub client_addr: String,
    /// The client's User-Agent.
    pub user_agent: Option<String>,
    /// The request's `x-request-id`, when it is a UUID (the service gives one to every
    /// request that has none); the audit log records it with each change.
    pub request_id: Option<Uuid>,
}

impl RequestCtx {
    /// The request's network, or the 400 that says one must be named.
    pub fn network(&self) -> ApiResult<&Network> {
        self.network.as_ref().ok_or_else(|| {
            ApiError::new(
                codes::NETWORK_REQUIRED,
                "The request could not be processed.",
                "This field needs a network: send its name in the `network` HTTP header.",
            )
        })
    }

    /// The logged-in user, or 401.
    pub fn user(&self) -> ApiResult<&ViewerUser> {
        self.viewer.user().ok_or_else(ApiError::auth_required)
    }

    /// The logged-in admin, or 401/403.
    pub fn admin(&self) -> ApiResult<&ViewerUser> {
        let user = self.user()?;
        if user.is_admin {
            Ok(user)
        } else {
            Err(ApiError::forbidden(
                "Only an admin of this network may do this.",
            ))
        }
    }
}

/// The raw credentials of a request.
#[derive(Debug, Default, Clone)]
pub struct Credentials<'a> {
    /// Network named by the REST path.
    pub path_network: Option<&'a str>,
    /// Value of the `network` header.
    pub network_header: Option<&'a str>,
    /// Token of `Authorization: Bearer …`.
    pub bearer: Option<&'a str>,
    /// Value of the `cv-auth` header.
    pub cv_auth: Option<&'a str>,
    /// The client's address.
    pub client_addr: &'a str,
    /// The client's User-Agent.
    pub user_agent: Option<&'a str>,
}

/// Resolves the network and viewer of a request.
pub async fn resolve(deps: AuthDeps<'_>, creds: &Credentials<'_>) -> ApiResult<RequestCtx> {
    let mut ctx = RequestCtx {
        client_addr: creds.client_addr.to_owned(),
        user_agent: creds.user_agent.map(str::to_owned),
        ..RequestCtx::default()
    };
    let named = creds.path_network.or(creds.network_header);
    let token = match (creds.bearer, creds.cv_auth) {
        (Some(token), _) => Some(token.to_owned()),
        (None, Some(value)) => match cvauth::parse(value).map_err(cv_auth_error)? {
            CvAuthValue::Token(token) => Some(token),
            CvAuthValue::Header(header) => {
                let mut conn = db::conn(deps.pool).await?;
                let network = network_for_header(&mut conn, named, &header.api_key).await?;
                drop(conn);
                ctx.viewer = sdk_viewer(deps, &network, &header, creds.client_addr).await?;
                ctx.network = Some(network);
                return Ok(ctx);
            }
        },
        (None, None) => None,
    };
    let mut conn = db::conn(deps.pool).await?;
    if let Some(token) = token {
        let hash = token::hash(&token);
        let Some((token_id, user, network)) = auth_token::find_live(&mut conn, &hash).await? else {
            return Err(dead_token(&mut conn, &hash).await?);
        };
        if named.is_some_and(|name| name != network.name) {
            return Err(ApiError::unauthorized(
                codes::TOKEN_INVALID,
                "The token belongs to another network than the one this request names.",
            ));
        }
        let user = ensure_not_blocked(&mut conn, user).await?;
        ctx.viewer = viewer_of(&user);
        ctx.token_id = Some(token_id);
        ctx.network = Some(network);
    } else if let Some(name) = named {
        ctx.network = Some(find_named(&mut conn, name).await?);
    }
    Ok(ctx)
}

/// The network a `cv-auth` header addresses: the named one (whose key must match) or,
/// when none is named, the one owning the key.
async fn network_for_header(
    conn: &mut DbConn,
    named: Option<&str>,
    api_key: &str,
) -> ApiResult<Network> {
    let bad_key =
        || ApiError::unauthorized(codes::CV_AUTH_BAD_KEY, "Unknown API key for this network.");
    let network = match named {
        Some(name) => Network::find_by_name(conn, name).await?,
        None => Network::find_by_api_key(conn, api_key).await?,
    }
    .ok_or_else(bad_key)?;
    if network.api_key != api_key {
        return Err(bad_key());
    }
    Ok(network)
}

/// Checks an SDK header (digest, freshness, nonce, password) and returns its viewer.
async fn sdk_viewer(
    deps: AuthDeps<'_>,
    network: &Network,
    header: &CvAuthHeader,
    client_addr: &str,
) -> ApiResult<Viewer> {
    if !cvauth::digest_matches(header, &network.api_secret) {
        return Err(cv_auth_error(CvAuthError::BadDigest));
    }
    let window = TimeDelta::seconds(deps.config.cv_auth_window_secs);
    let created =
        cvauth::check_fresh(&header.created, Utc::now(), window).map_err(cv_auth_error)?;
    let password =
        cvauth::unmask_password(&header.password, &network.api_secret).map_err(cv_auth_error)?;
    let mut conn = db::conn(deps.pool).await?;
    if deps.config.cv_auth_nonce_check {
        // Kept until the header could no longer pass the freshness check.
        let expires_at = created + window;
        if !nonce::claim(&mut conn, network.id, &header.nonce, expires_at).await? {
            return Err(cv_auth_error_replay());
        }
    }
    match (header.username.as_str(), password.as_str()) {
        ("new", "new") => Ok(Viewer::Anonymous),
        ("social", "social") => Err(ApiError::new(
            codes::NOT_ENABLED,
            "Social sign-on is not available on this platform.",
            "Single sign-on (Username=\"social\") is not configured for this network.",
        )),
        (email, password) => {
            drop(conn);
            let user = check_password(deps, network.id, email, password, client_addr).await?;
            Ok(viewer_of(&user))
        }
    }
}

/// Checks an email and password with brute-force protection; returns the user, who is
/// not blocked. Used by `login`, `changePassword` and by SDK headers with a password.
///
/// The attempt is counted for the client address and then the account before anything
/// else (see [`throttle::take_attempt`]); a success gives it back. An email that is empty
/// or longer than an address can be, or a password longer than the password rules allow,
/// is refused with 11021 without a password check, counted for the address only (no
/// account can have such an email).
pub async fn check_password(
    deps: AuthDeps<'_>,
    network_id: Uuid,
    email: &str,
    password: &str,
    client_addr: &str,
) -> ApiResult<User> {
    let account_key = login_key(email);
    let address = Policy::from_config(deps.config, KeyKind::Address);
    let account = Policy::from_config(deps.config, KeyKind::Account);
    let mut conn = db::conn(deps.pool).await?;
    let now = Utc::now();
    let by_address = throttle::take_attempt(
        &mut conn,
        network_id,
        KeyKind::Address,
        client_addr,
        &address,
    )
    .await?;
    if let Gate::Locked { until } = throttle::gate(&by_address, now, &address) {
        return Err(locked(until));
    }
    if let Some(problem) = login_input_problem(&account_key, password) {
        return Err(ApiError::new(
            codes::LOGIN_INPUT_INVALID,
            "The email or password is not valid.",
            problem,
        ));
    }
    let by_account = throttle::take_attempt(
        &mut conn,
        network_id,
        KeyKind::Account,
        &account_key,
        &account,
    )
    .await?;
    match throttle::stricter(
        throttle::gate(&by_address, now, &address),
        throttle::gate(&by_account, now, &account),
    ) {
        Gate::Locked { until } => return Err(locked(until)),
        Gate::Open { delay } if !delay.is_zero() => {
            // No connection is held while waiting.
            drop(conn);
            tokio::time::sleep(delay).await;
            conn = db::conn(deps.pool).await?;
        }
        Gate::Open { .. } => {}
    }
    let user = User::find_by_email(&mut conn, network_id, &account_key).await?;
    let Some(user) = verified(user, password).await? else {
        // The attempt stays counted; the one that reached a limit says so.
        let until = by_account
            .locked_until
            .into_iter()
            .chain(by_address.locked_until);
        return Err(match until.max() {
            Some(until) => locked(until),
            None => bad_credentials(),
        });
    };
    throttle::clear(&mut conn, network_id, KeyKind::Account, &account_key).await?;
    throttle::release(
        &mut conn,
        network_id,
        KeyKind::Address,
        client_addr,
        &address,
    )
    .await?;
    ensure_not_blocked(&mut conn, user).await
}

/// Why login input cannot name an account or be its password, if it cannot.
fn login_input_problem(account_key: &str, password: &str) -> Option<String> {
    if account_key.is_empty() {
        Some("The email is empty.".to_owned())
    } else if account_key.len() > MAX_EMAIL {
        Some(format!(
            "The email is longer than {MAX_EMAIL} bytes, so no account has it."
        ))
    } else if password.chars().count() > MAX_PASSWORD {
        Some(format!(
            "The password is longer than {MAX_PASSWORD} characters, so no account has it."
        ))
    } else {
        None
    }
}

/// The user, when `password` is theirs. An unknown email costs the same argon2 work as a
/// wrong password (no timing oracle).
async fn verified(user: Option<User>, password: &str) -> ApiResult<Option<User>> {
    let hash = user
        .as_ref()
        .and_then(|u| u.password_hash.clone())
        .unwrap_or_else(|| DUMMY_HASH.to_owned());
    let password = password.to_owned();
    let ok = tokio::task::spawn_blocking(move || verify_password(&password, &hash))
        .await
        .map_err(ApiError::internal)?;
    Ok(user.filter(|u| ok && u.password_hash.is_some()))
}

fn bad_credentials() -> ApiError {
    ApiError::new(
        codes::BAD_CREDENTIALS,
        "The email or password is incorrect.",
        "No user with this email and password in this network.",
    )
}

// A valid argon2id hash of a random string, verified against when the email is unknown.
const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$W2Xbqj6xvUAnnvXwx0VaUhxKJA6dQ9bWlVSXm1h5sI8";

fn locked(until: chrono::DateTime<Utc>) -> ApiError {
    ApiError::new(
        codes::LOGIN_LOCKED,
        format!(
            "Too many failed login attempts. Please try again after {} UTC.",
            until.format("%H:%M")
        ),
        format!("Logins for this account or address are locked until {until}."),
    )
}

/// Why a token that is not live was refused: a block revokes every token of its user, so
/// the token of a user blocked now answers with the block's message (11009); any other
/// unknown, expired or revoked token asks to log in again (11008).
async fn dead_token(conn: &mut DbConn, hash: &str) -> ApiResult<ApiError> {
    let owner = auth_token::owner_of(conn, hash).await?;
    let today = Utc::now().date_naive();
    Ok(match owner {
        Some(user) if user.is_blocked_on(today) => blocked(&user),
        _ => ApiError::unauthorized(
            codes::TOKEN_INVALID,
            "The token is unknown, expired or revoked: log in again.",
        ),
    })
}

/// The refusal of a blocked user, with the block's message.
fn blocked(user: &User) -> ApiError {
    let message = user
        .block_user_message
        .clone()
        .unwrap_or_else(|| "Your access to this platform has been suspended.".to_owned());
    ApiError::new(codes::USER_BLOCKED, message, "The user is blocked.")
}

/// Refuses a blocked user with the block's message; lifts a block whose date has passed.
pub async fn ensure_not_blocked(conn: &mut DbConn, user: User) -> ApiResult<User> {
    let today = Utc::now().date_naive();
    if user.is_blocked_on(today) {
        return Err(blocked(&user));
    }
    if user.has_been_blocked {
        User::lift_expired_block(conn, user.network_id, user.id, today).await?;
        return Ok(User::find(conn, user.network_id, user.id)
            .await?
            .unwrap_or(user));
    }
    Ok(user)
}

/// The viewer a user row stands for.
pub fn viewer_of(user: &User) -> Viewer {
    Viewer::User(ViewerUser {
        id: user.id,
        is_admin: user.is_admin,
        is_vip: user.is_vip,
    })
}

async fn find_named(conn: &mut DbConn, name: &str) -> ApiResult<Network> {
    let unknown = || {
        let shown: String = name.chars().take(64).collect();
        ApiError::new(
            codes::NETWORK_UNKNOWN,
            "Not found.",
            format!("There is no network called {shown:?}."),
        )
    };
    if !Network::is_valid_name(name) {
        return Err(unknown());
    }
    Network::find_by_name(conn, name).await?.ok_or_else(unknown)
}

fn cv_auth_error(err: CvAuthError) -> ApiError {
    match err {
        CvAuthError::Malformed(what) => ApiError::unauthorized(
            codes::CV_AUTH_MALFORMED,
            format!("The cv-auth header is malformed: {what}."),
        ),
        CvAuthError::BadCreated => ApiError::unauthorized(
            codes::CV_AUTH_MALFORMED,
            "The cv-auth Created field must look like 2026-11-22T10:00:00+00:00.",
        ),
        CvAuthError::Stale => ApiError::unauthorized(
            codes::CV_AUTH_STALE,
            "The cv-auth Created time is too far from server time: check the client clock \
             and build a fresh header.",
        ),
        CvAuthError::BadDigest => ApiError::unauthorized(
            codes::CV_AUTH_BAD_DIGEST,
            "The cv-auth TokenDigest does not match the network's API secret.",
        ),
        CvAuthError::BadPassword => ApiError::unauthorized(
            codes::CV_AUTH_MALFORMED,
            "The cv-auth Password field is not a password masked with the API secret.",
        ),
    }
}

fn cv_auth_error_replay() -> ApiError {
    ApiError::unauthorized(
        codes::CV_AUTH_REPLAY,
        "This cv-auth nonce was already used: generate a fresh header for every request, \
         or use the token from GET /authenticate.",
    )
}

#[cfg(test)]
mod tests {
    use super::DUMMY_HASH;

    #[test]
    fn the_dummy_hash_is_a_real_argon2id_hash() {
        // If it did not parse, an unknown email would skip the argon2 work (timing oracle).
        assert!(argon2::PasswordHash::new(DUMMY_HASH).is_ok());
        assert!(!crate::auth::password::verify_password(
            "anything", DUMMY_HASH
        ));
    }
}
