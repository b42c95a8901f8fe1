//! `Idempotency-Key` on REST writes and GraphQL mutations (`docs/money.md`, "Idempotent
//! writes"). The handler reads the key and fingerprints the request ([`keyed`]), resolves
//! the viewer as always, then runs the request inside [`guard`]: the key is claimed with
//! one autocommitted insert, and after the run the answer is stored or the key released.
//! A repeat is answered from the store (or refused) without running. The rules themselves
//! are `crate::domain::idempotency`.

use std::future::Future;
use std::time::Duration;

use axum::body::Body;
use axum::http::header::CONTENT_TYPE;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::app::AppState;
use crate::auth::viewer::RequestCtx;
use crate::db::{self, DbPool};
use crate::domain::idempotency::{self as rules, Decision, Stored};
use crate::error::{ApiError, ApiResult, codes};
use crate::http::graphql::graphql_error_response;
use crate::models::idempotency::{self as store, KeyRow, KeyScope};

/// The request header carrying the key.
pub const KEY_HEADER: &str = "idempotency-key";

/// The response header marking an answer sent again from the store.
pub const REPLAYED_HEADER: &str = "idempotent-replayed";

/// A request sent with a valid key: the key and the request's fingerprint.
#[derive(Debug, Clone)]
pub struct Keyed {
    key: String,
    fingerprint: [u8; 32],
}

/// The status that decides whether an answer is kept, when it is not the HTTP status (a
/// GraphQL answer is a 200 whose errors carry their own statuses).
#[derive(Debug, Clone, Copy)]
pub struct AnswerStatus(pub u16);

/// How refusals are shaped: the REST envelope or a GraphQL error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transport {
    /// `/v1/{network}/…`.
    Rest,
    /// `POST /graphql`.
    Graphql,
}

impl Transport {
    /// The response for `err` in this transport's shape.
    pub fn error(self, err: &ApiError) -> Response {
        match self {
            Transport::Rest => err.clone().into_response(),
            Transport::Graphql => graphql_error_response(err),
        }
    }
}

/// The key of `headers`: `None` without one, the 400 (14013) for a malformed one.
pub fn key_of(headers: &HeaderMap) -> ApiResult<Option<String>> {
    let Some(value) = headers.get(KEY_HEADER) else {
        return Ok(None);
    };
    let key = value.to_str().map_err(|_| invalid_key())?;
    rules::check_key(key).map_err(|_| invalid_key())?;
    Ok(Some(key.to_owned()))
}

/// A request with `key`, fingerprinted over its method, path, query and body.
pub fn keyed(key: String, method: &str, path: &str, query: &str, body: &[u8]) -> Keyed {
    Keyed {
        fingerprint: rules::fingerprint(method, path, query, body),
        key,
    }
}

fn invalid_key() -> ApiError {
    ApiError::new(
        codes::IDEMPOTENCY_KEY_INVALID,
        "The request could not be processed.",
        rules::KeyError::Malformed.to_string(),
    )
}

/// Runs `run` at most once per key: without a key (or a network to keep it in) it just
/// runs; else the key is claimed first, and a repeat gets the stored answer (with
/// `Idempotent-Replayed: true`), a 422 for a different request or a 409 while the first
/// one runs.
pub async fn guard(
    state: &AppState,
    ctx: &RequestCtx,
    keyed: Option<Keyed>,
    transport: Transport,
    run: impl Future<Output = Response>,
) -> Response {
    let (Some(keyed), Some(network)) = (keyed, ctx.network.as_ref()) else {
        return run.await;
    };
    let scope = KeyScope {
        network_id: network.id,
        viewer_id: ctx.viewer.user_id().unwrap_or(Uuid::nil()),
        key: keyed.key,
    };
    // A bulk write may run up to its own, longer limit: a key is abandoned only past it.
    let timeout = state.config.bulk_request_timeout();
    let claimed_at = match claim(&state.pool, &scope, &keyed.fingerprint, timeout).await {
        Ok(Claim::Ours(at)) => at,
        Ok(Claim::Answered(response)) => return response,
        Err(err) => return transport.error(&err),
    };
    let mut held = Held {
        pool: state.pool.clone(),
        scope,
        claimed_at,
        armed: true,
    };
    let response = run.await;
    held.finish(response).await
}

enum Claim {
    Ours(DateTime<Utc>),
    Answered(Response),
}

async fn claim(
    pool: &DbPool,
    scope: &KeyScope,
    fingerprint: &[u8; 32],
    timeout: Duration,
) -> ApiResult<Claim> {
    let mut conn = db::conn(pool).await?;
    // A row can vanish or be taken over between two statements; a few rounds settle it.
    for _ in 0..3 {
        if let Some(at) = store::claim(&mut conn, scope, fingerprint).await? {
            return Ok(Claim::Ours(at));
        }
        let Some(row) = store::find(&mut conn, scope).await? else {
            continue;
        };
        let live = stored(&row).filter(|_| !abandoned(&row, timeout));
        match rules::decide(live.as_ref(), fingerprint) {
            Decision::Run => {
                if let Some(at) =
                    store::take_over(&mut conn, scope, row.created_at, fingerprint).await?
                {
                    return Ok(Claim::Ours(at));
                }
            }
            Decision::Replay => return Ok(Claim::Answered(replay(row))),
            Decision::OtherRequest => return Err(reused()),
            Decision::InProgress => return Err(in_progress()),
        }
    }
    Err(in_progress())
}

fn stored(row: &KeyRow) -> Option<Stored> {
    let fingerprint: [u8; 32] = row.fingerprint.as_slice().try_into().ok()?;
    Some(match row.status {
        None => Stored::Running { fingerprint },
        Some(_) => Stored::Done { fingerprint },
    })
}

fn abandoned(row: &KeyRow, timeout: Duration) -> bool {
    let running_for = (Utc::now() - row.created_at).to_std().unwrap_or_default();
    row.status.is_none() && rules::is_abandoned(running_for, timeout)
}

fn replay(row: KeyRow) -> Response {
    let status = row
        .status
        .and_then(|s| u16::try_from(s).ok())
        .and_then(|s| StatusCode::from_u16(s).ok())
        .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut response = Response::new(Body::from(row.body.unwrap_or_default()));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    if let Some(value) = row
        .content_type
        .and_then(|c| HeaderValue::from_str(&c).ok())
    {
        headers.insert(CONTENT_TYPE, value);
    }
    headers.insert(REPLAYED_HEADER, HeaderValue::from_static("true"));
    response
}

fn reused() -> ApiError {
    ApiError::new(
        codes::IDEMPOTENCY_KEY_REUSED,
        "This request was already sent with different content.",
        "This Idempotency-Key was used before for a different request (method, path, query \
         or body); use a new key for a new request.",
    )
}

fn in_progress() -> ApiError {
    ApiError::new(
        codes::IDEMPOTENCY_KEY_IN_PROGRESS,
        "This request is still being processed. Please try again shortly.",
        "The first request with this Idempotency-Key is still running; retry it later to \
         get its answer.",
    )
}

/// A claimed key. Dropped unfinished (the request timed out, or panicked), it is released
/// in the background, so that a retry runs.
struct Held {
    pool: DbPool,
    scope: KeyScope,
    claimed_at: DateTime<Utc>,
    armed: bool,
}

impl Held {
    /// Stores `response` if its answer is kept, else releases the key; returns it.
    async fn finish(&mut self, response: Response) -> Response {
        let status = response
            .extensions()
            .get::<AnswerStatus>()
            .map_or(response.status().as_u16(), |s| s.0);
        if !rules::keeps_answer(status) {
            self.armed = false;
            release(&self.pool, &self.scope, self.claimed_at).await;
            return response;
        }
        let (parts, body) = response.into_parts();
        let Ok(bytes) = axum::body::to_bytes(body, usize::MAX).await else {
            return ApiError::internal("reading an answer to keep failed").into_response();
        };
        let content_type = parts
            .headers
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok());
        let code = i16::try_from(parts.status.as_u16()).unwrap_or(500);
        let kept = match db::conn(&self.pool).await {
            Ok(mut conn) => store::complete(
                &mut conn,
                &self.scope,
                self.claimed_at,
                code,
                content_type,
                &bytes,
            )
            .await
            .map_err(|e| e.to_string()),
            Err(err) => Err(err.to_string()),
        };
        // A write that ran but whose answer could not be stored keeps its key running
        // until it counts as abandoned: a quick retry gets 409 rather than a second run.
        self.armed = false;
        if let Err(error) = kept {
            tracing::warn!(%error, "storing an idempotent answer failed");
        }
        Response::from_parts(parts, Body::from(bytes))
    }
}

impl Drop for Held {
    fn drop(&mut self) {
        if !self.armed {
            return;
        }
        let (pool, scope, at) = (self.pool.clone(), self.scope.clone(), self.claimed_at);
        if let Ok(runtime) = tokio::runtime::Handle::try_current() {
            runtime.spawn(async move { release(&pool, &scope, at).await });
        }
    }
}

async fn release(pool: &DbPool, scope: &KeyScope, claimed_at: DateTime<Utc>) {
    let released = match db::conn(pool).await {
        Ok(mut conn) => store::release(&mut conn, scope, claimed_at)
            .await
            .map_err(|e| e.to_string()),
        Err(err) => Err(err.to_string()),
    };
    if let Err(error) = released {
        tracing::warn!(%error, "releasing an idempotency key failed");
    }
}
