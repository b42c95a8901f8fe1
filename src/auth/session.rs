//! Issuing session tokens.

use chrono::{DateTime, TimeDelta, Utc};
use diesel_async::AsyncPgConnection;
use uuid::Uuid;

use crate::auth::viewer::RequestCtx;
use crate::config::ServerConfig;
use crate::domain::token;
use crate::models::auth_token::NewAuthToken;

/// A token just issued: shown to the client once.
#[derive(Debug, Clone)]
pub struct Issued {
    /// The token in clear.
    pub token: String,
    /// Its row id.
    pub id: Uuid,
    /// When it stops working.
    pub expires_at: DateTime<Utc>,
}

/// Creates a token for `user_id` of `network_id`, valid for the configured lifetime.
pub async fn issue(
    conn: &mut AsyncPgConnection,
    config: &ServerConfig,
    ctx: &RequestCtx,
    network_id: Uuid,
    user_id: Uuid,
) -> diesel::QueryResult<Issued> {
    let token = token::generate();
    let expires_at = Utc::now() + TimeDelta::minutes(config.token_ttl_minutes);
    let user_agent: Option<String> = ctx
        .user_agent
        .as_ref()
        .map(|ua| ua.chars().take(400).collect());
    let id = NewAuthToken {
        network_id,
        user_id,
        token_hash: &token::hash(&token),
        expires_at,
        user_agent: user_agent.as_deref(),
        client_addr: Some(&ctx.client_addr),
    }
    .insert(conn)
    .await?;
    Ok(Issued {
        token,
        id,
        expires_at,
    })
}
