//! Other users: `user(id)`, the users lists, and the admin's user actions.

use async_graphql::{Context, ID, Object};
use chrono::NaiveDate;

use super::blocks;
use super::fetch::{public_scope, visible_scope};
use super::profile;
use super::user::User;
use crate::error::ApiResult;
use crate::graphql::context::ContextExt;
use crate::graphql::list::{ListArgs, Page};
use crate::models::user::{OnboardingFlag, ProfileChanges};

/// Root fields about users.
#[derive(Default)]
pub struct UsersQuery;

#[Object]
impl UsersQuery {
    /// One user (GET /users/{user_id}): Not Found when the viewer may not see them
    /// (Hidden users, for anyone but themself and admins).
    async fn user(&self, ctx: &Context<'_>, id: ID) -> ApiResult<User> {
        User::fetch(ctx, &id).await
    }

    /// Users the viewer may see (GET /users): admins see all; others see Open and
    /// Anonymous users (and themself). Filters and ordering on names only match Open
    /// users for non-admins, so a filter cannot reveal an Anonymous user's name.
    async fn users(
        &self,
        ctx: &Context<'_>,
        #[graphql(default)] args: ListArgs,
    ) -> ApiResult<Page<User>> {
        User::paginate(ctx, visible_scope(&ctx.request().viewer), &args).await
    }

    /// Public users (GET /public/users): users with visibility Open, for anyone.
    async fn public_users(
        &self,
        ctx: &Context<'_>,
        #[graphql(default)] args: ListArgs,
    ) -> ApiResult<Page<User>> {
        User::paginate(ctx, public_scope(), &args).await
    }
}

/// Admin actions on users of the admin's network. Granting or revoking admin rights is
/// not among them: that is an operator action (`crowdgraph set-admin`).
#[derive(Default)]
pub struct AdminUsersMutation;

#[Object]
impl AdminUsersMutation {
    /// Sets or clears a user's VIP status (admins only).
    async fn set_user_vip(&self, ctx: &Context<'_>, user_id: ID, is_vip: bool) -> ApiResult<User> {
        let changes = ProfileChanges {
            is_vip: Some(is_vip),
            ..Default::default()
        };
        profile::admin_change(ctx, &user_id, &changes).await
    }

    /// Marks a user approved (admins only).
    async fn approve_user(&self, ctx: &Context<'_>, user_id: ID) -> ApiResult<User> {
        profile::admin_set_flag(ctx, &user_id, OnboardingFlag::Approved).await
    }

    /// Blocks a user (admins only): every session of the user ends; with an
    /// `expirationDate` the block lifts itself on that day. Returns the audit record id.
    async fn block_user(
        &self,
        ctx: &Context<'_>,
        user_id: ID,
        user_message: Option<String>,
        description: Option<String>,
        expiration_date: Option<NaiveDate>,
    ) -> ApiResult<ID> {
        let terms = (user_message, description, expiration_date);
        blocks::block_user(ctx, &user_id, terms).await
    }

    /// Lifts a user's block (admins only).
    async fn unblock_user(&self, ctx: &Context<'_>, user_id: ID) -> ApiResult<User> {
        blocks::unblock_user(ctx, &user_id).await
    }
}
