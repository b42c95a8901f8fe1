//! Blocking users: the block on the row, its audit records, and blocks that lift
//! themselves.

use chrono::{DateTime, NaiveDate, Utc};
use diesel::dsl;
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use crate::db::schema::users;

use super::{User, by_id};

/// A block to put on a user.
#[derive(Debug, Clone, Default)]
pub struct Block {
    /// Shown to the user when they try to log in.
    pub user_message: Option<String>,
    /// Internal reason.
    pub description: Option<String>,
    /// The block lifts itself on this date.
    pub expiration_date: Option<NaiveDate>,
    /// Who blocked (the user themself or an admin).
    pub blocked_by: Option<Uuid>,
}

/// What [`no_block`] assigns: every column of a block.
type NoBlock = (
    dsl::Eq<users::has_been_blocked, bool>,
    dsl::Eq<users::block_user_message, Option<String>>,
    dsl::Eq<users::block_description, Option<String>>,
    dsl::Eq<users::block_expiration_date, Option<NaiveDate>>,
    dsl::Eq<users::blocked_at, Option<DateTime<Utc>>>,
);

/// The assignments that clear a block, whether it expired or was lifted.
fn no_block() -> NoBlock {
    (
        users::has_been_blocked.eq(false),
        users::block_user_message.eq(None),
        users::block_description.eq(None),
        users::block_expiration_date.eq(None),
        users::blocked_at.eq(None),
    )
}

impl User {
    /// Clears a block whose expiration date has passed (blocks lift themselves).
    pub async fn lift_expired_block(
        conn: &mut AsyncPgConnection,
        network_id: Uuid,
        id: Uuid,
        today: NaiveDate,
    ) -> QueryResult<usize> {
        diesel::update(
            by_id(network_id, id)
                .filter(users::has_been_blocked.eq(true))
                .filter(users::block_expiration_date.le(today)),
        )
        .set(no_block())
        .execute(conn)
        .await
    }

    /// Blocks a user and writes the audit record; returns the record's id.
    pub async fn block(
        conn: &mut AsyncPgConnection,
        network_id: Uuid,
        id: Uuid,
        block: &Block,
    ) -> QueryResult<Uuid> {
        use crate::db::schema::user_access_denied_logs as logs;
        diesel::update(by_id(network_id, id))
            .set((
                users::has_been_blocked.eq(true),
                users::block_user_message.eq(&block.user_message),
                users::block_description.eq(&block.description),
                users::block_expiration_date.eq(block.expiration_date),
                users::blocked_at.eq(diesel::dsl::now),
            ))
            .execute(conn)
            .await?;
        diesel::insert_into(logs::table)
            .values((
                logs::network_id.eq(network_id),
                logs::user_id.eq(id),
                logs::blocked_by_user_id.eq(block.blocked_by),
                logs::user_message.eq(&block.user_message),
                logs::description.eq(&block.description),
                logs::expiration_date.eq(block.expiration_date),
            ))
            .returning(logs::id)
            .get_result(conn)
            .await
    }

    /// Lifts a user's block and closes its audit records.
    pub async fn unblock(
        conn: &mut AsyncPgConnection,
        network_id: Uuid,
        id: Uuid,
        by: Uuid,
    ) -> QueryResult<usize> {
        use crate::db::schema::user_access_denied_logs as logs;
        diesel::update(
            logs::table
                .filter(logs::network_id.eq(network_id))
                .filter(logs::user_id.eq(id))
                .filter(logs::lifted_at.is_null()),
        )
        .set((
            logs::lifted_at.eq(diesel::dsl::now),
            logs::lifted_by_user_id.eq(by),
        ))
        .execute(conn)
        .await?;
        diesel::update(by_id(network_id, id))
            .set(no_block())
            .execute(conn)
            .await
    }
}
