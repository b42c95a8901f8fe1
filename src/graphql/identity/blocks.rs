//! Blocking users: the user themself (`blockMe`, `deleteMe`) or an admin
//! (`blockUser`, `unblockUser`). A block ends every session of the user and is recorded
//! in an audit log (`docs/identity.md`).

use async_graphql::{Context, ID};
use chrono::{NaiveDate, Utc};
use diesel_async::{AsyncConnection, AsyncPgConnection};
use uuid::Uuid;

use super::fetch::user_row;
use super::user::User;
use crate::auth::viewer::RequestCtx;
use crate::domain::account::{BlockProblem, BlockTerms, block_terms};
use crate::error::{ApiError, ApiResult};
use crate::graphql::context::ContextExt;
use crate::graphql::ids::{id_of, parse_id};
use crate::mail::content::{BlockReason, block_notice_mail};
use crate::models::auth_token;
use crate::models::mail;
use crate::models::network::Network;
use crate::models::user::{Block, User as UserRow};

/// What a client asks a block to be: its texts and the day it lifts itself.
pub type BlockAsked = (Option<String>, Option<String>, Option<NaiveDate>);

/// Blocks the logged-in user; returns the audit record's id.
pub async fn block_me(ctx: &Context<'_>, asked: BlockAsked) -> ApiResult<ID> {
    let req = ctx.request();
    let network = req.network()?;
    let me = req.user()?;
    let block = checked_block(asked, Some(me.id))?;
    // The logged-in user exists: no need to look them up again.
    block_in_transaction(ctx, network.id, me.id, &block, false).await
}

/// Blocks the user `user_id` for the logged-in admin; returns the audit record's id.
pub async fn block_user(ctx: &Context<'_>, user_id: &ID, asked: BlockAsked) -> ApiResult<ID> {
    let (req, network_id, id) = admin_target(ctx, user_id)?;
    if req.viewer.user_id() == Some(id) {
        return Err(block_problem(BlockProblem::SelfBlock));
    }
    let block = checked_block(asked, req.viewer.user_id())?;
    block_in_transaction(ctx, network_id, id, &block, true).await
}

/// Lifts the block of `user_id` for the logged-in admin.
pub async fn unblock_user(ctx: &Context<'_>, user_id: &ID) -> ApiResult<User> {
    let (req, network_id, id) = admin_target(ctx, user_id)?;
    let admin = req.viewer.user_id().unwrap_or(id);
    let mut conn = ctx.conn().await?;
    let row = conn
        .transaction(async |conn| -> ApiResult<UserRow> {
            user_row(conn, network_id, id).await?;
            UserRow::unblock(conn, network_id, id, admin).await?;
            user_row(conn, network_id, id).await
        })
        .await?;
    Ok(User::new(row, req.viewer))
}

/// Closes the logged-in user's account at their request: the user is blocked, flagged
/// as asking for deletion, logged out everywhere, and the admins are alerted by mail.
/// No data is deleted (audit trail). Returns the user's id.
pub async fn delete_me(ctx: &Context<'_>) -> ApiResult<ID> {
    let req = ctx.request();
    let network = req.network()?;
    let me = req.user()?;
    let mut conn = ctx.conn().await?;
    conn.transaction(async |conn| -> ApiResult<()> {
        let row = UserRow::lock(conn, network.id, me.id).await?;
        let block = Block {
            user_message: Some("This account was closed at your request.".to_owned()),
            description: Some("Account deletion requested by the user.".to_owned()),
            expiration_date: None,
            blocked_by: Some(me.id),
        };
        UserRow::block(conn, network.id, me.id, &block).await?;
        UserRow::mark_deletion_requested(conn, network.id, me.id).await?;
        auth_token::revoke_all_for_user(conn, network.id, me.id, None).await?;
        alert_admins_of_deletion(conn, network, &row, &block).await
    })
    .await?;
    Ok(id_of(me.id))
}

async fn alert_admins_of_deletion(
    conn: &mut AsyncPgConnection,
    network: &Network,
    row: &UserRow,
    block: &Block,
) -> ApiResult<()> {
    for admin in UserRow::admin_emails(conn, network.id).await? {
        let content = block_notice_mail(
            &network.name,
            &row.email,
            row.id,
            BlockReason::AccountDeletionRequested,
            block.user_message.as_deref(),
        );
        mail::enqueue(conn, &content.to(network.id, &admin)).await?;
    }
    Ok(())
}

/// The request's context, network id and the parsed `user_id`, once the viewer is known
/// to be an admin of the network.
pub fn admin_target<'a>(
    ctx: &'a Context<'_>,
    user_id: &ID,
) -> ApiResult<(&'a RequestCtx, Uuid, Uuid)> {
    let req = ctx.request();
    let network = req.network()?;
    req.admin()?;
    Ok((req, network.id, parse_id(user_id, "user")?))
}

fn checked_block(
    (user_message, description, expiration_date): BlockAsked,
    blocked_by: Option<Uuid>,
) -> ApiResult<Block> {
    let today = Utc::now().date_naive();
    let BlockTerms {
        user_message,
        description,
        expiration_date,
    } = block_terms(user_message, description, expiration_date, today).map_err(block_problem)?;
    Ok(Block {
        user_message,
        description,
        expiration_date,
        blocked_by,
    })
}

/// Blocks the user `id` and ends their sessions, in one transaction; with `must_exist`
/// an unknown user is Not Found. Returns the audit record's id.
async fn block_in_transaction(
    ctx: &Context<'_>,
    network_id: Uuid,
    id: Uuid,
    block: &Block,
    must_exist: bool,
) -> ApiResult<ID> {
    let mut conn = ctx.conn().await?;
    let log_id = conn
        .transaction(async |conn| -> ApiResult<Uuid> {
            if must_exist {
                user_row(conn, network_id, id).await?;
            }
            let log_id = UserRow::block(conn, network_id, id, block).await?;
            auth_token::revoke_all_for_user(conn, network_id, id, None).await?;
            Ok(log_id)
        })
        .await?;
    Ok(id_of(log_id))
}

fn block_problem(problem: BlockProblem) -> ApiError {
    ApiError::bad_request(match problem {
        BlockProblem::SelfBlock => "An admin cannot block themself.",
        BlockProblem::ExpiryNotInFuture => "expiration_date must be in the future.",
    })
}
