//! Session tokens as stored: only their hash, with expiry and revocation.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use crate::db::schema::{auth_tokens, networks, users};
use crate::models::network::Network;
use crate::models::user::User;

/// A new token row.
#[derive(Debug, Insertable)]
#[diesel(table_name = auth_tokens)]
pub struct NewAuthToken<'a> {
    /// The token's network.
    pub network_id: Uuid,
    /// Whose token it is.
    pub user_id: Uuid,
    /// SHA-256 of the token (see `auth::token::hash`).
    pub token_hash: &'a str,
    /// When it stops working.
    pub expires_at: DateTime<Utc>,
    /// The client's User-Agent, for the user's session list.
    pub user_agent: Option<&'a str>,
    /// The client's address.
    pub client_addr: Option<&'a str>,
}

impl NewAuthToken<'_> {
    /// Stores the token; returns its id.
    pub async fn insert(&self, conn: &mut AsyncPgConnection) -> QueryResult<Uuid> {
        diesel::insert_into(auth_tokens::table)
            .values(self)
            .returning(auth_tokens::id)
            .get_result(conn)
            .await
    }
}

/// Looks up a live (not expired, not revoked) token by hash, with its user and network,
/// in one query (it runs on every authenticated request).
pub async fn find_live(
    conn: &mut AsyncPgConnection,
    token_hash: &str,
) -> QueryResult<Option<(Uuid, User, Network)>> {
    auth_tokens::table
        .inner_join(
            users::table.on(users::id
                .eq(auth_tokens::user_id)
                .and(users::network_id.eq(auth_tokens::network_id))),
        )
        .inner_join(networks::table.on(networks::id.eq(auth_tokens::network_id)))
        .filter(auth_tokens::token_hash.eq(token_hash))
        .filter(auth_tokens::revoked_at.is_null())
        .filter(auth_tokens::expires_at.gt(diesel::dsl::now))
        .select((auth_tokens::id, User::as_select(), Network::as_select()))
        .first(conn)
        .await
        .optional()
}

/// The user a token was issued to, whatever its state (live, expired or revoked): tells
/// why a token that no longer works stopped working.
pub async fn owner_of(conn: &mut AsyncPgConnection, token_hash: &str) -> QueryResult<Option<User>> {
    auth_tokens::table
        .inner_join(
            users::table.on(users::id
                .eq(auth_tokens::user_id)
                .and(users::network_id.eq(auth_tokens::network_id))),
        )
        .filter(auth_tokens::token_hash.eq(token_hash))
        .select(User::as_select())
        .first(conn)
        .await
        .optional()
}

/// Revokes one token.
pub async fn revoke(conn: &mut AsyncPgConnection, token_id: Uuid) -> QueryResult<usize> {
    diesel::update(
        auth_tokens::table
            .find(token_id)
            .filter(auth_tokens::revoked_at.is_null()),
    )
    .set(auth_tokens::revoked_at.eq(diesel::dsl::now))
    .execute(conn)
    .await
}

/// Revokes every live token of a user, except `keep` when given.
pub async fn revoke_all_for_user(
    conn: &mut AsyncPgConnection,
    network_id: Uuid,
    user_id: Uuid,
    keep: Option<Uuid>,
) -> QueryResult<usize> {
    let mut query = diesel::update(auth_tokens::table)
        .filter(auth_tokens::network_id.eq(network_id))
        .filter(auth_tokens::user_id.eq(user_id))
        .filter(auth_tokens::revoked_at.is_null())
        .into_boxed();
    if let Some(keep) = keep {
        query = query.filter(auth_tokens::id.ne(keep));
    }
    query
        .set(auth_tokens::revoked_at.eq(diesel::dsl::now))
        .execute(conn)
        .await
}
