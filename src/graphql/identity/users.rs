//! Other users: `user(id)`, the users lists, affiliates, and the admin's user actions.

use async_graphql::{Context, ID, Object};
use chrono::{NaiveDate, Utc};
use diesel_async::AsyncConnection;
use uuid::Uuid;

use super::user::User;
use crate::auth::viewer::RequestCtx;
use crate::domain::stages::Visibility;
use crate::domain::visibility::{UserField, user_visible, user_visible_visibilities};
use crate::error::{ApiError, ApiResult};
use crate::graphql::context::ContextExt;
use crate::graphql::ids::parse_id;
use crate::graphql::list::{ListArgs, ListPlan, Page};
use crate::models::auth_token;
use crate::models::user::{Block, OnboardingFlag, User as UserRow};
use crate::models::user_list::{self, UserScope, admin_attrs, public_attrs};

/// Root fields about users.
#[derive(Default)]
pub struct UsersQuery;

#[Object]
impl UsersQuery {
    /// One user (GET /users/{user_id}): Not Found when the viewer may not see them
    /// (Hidden users, for anyone but themself and admins).
    async fn user(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<User> {
        let req = ctx.request();
        let network = req.network()?;
        let id = parse_id(&id, "user")?;
        let mut conn = ctx.conn().await?;
        let row = UserRow::find(&mut conn, network.id, id)
            .await
            .map_err(ApiError::from)?
            .filter(|u| visible(req, u))
            .ok_or_else(|| ApiError::not_found("user"))?;
        Ok(User::new(row, req.viewer))
    }

    /// Users the viewer may see (GET /users): admins see all; others see Open and
    /// Anonymous users (and themself). Filters and ordering on names only match Open
    /// users for non-admins, so a filter cannot reveal an Anonymous user's name.
    async fn users(
        &self,
        ctx: &Context<'_>,
        #[graphql(default)] args: ListArgs,
    ) -> async_graphql::Result<Page<User>> {
        let req = ctx.request();
        let visibilities = user_visible_visibilities(&req.viewer)
            .iter()
            .map(|v| v.code())
            .collect();
        let scope = UserScope {
            visibilities: Some(visibilities),
            include_self: req.viewer.user_id(),
            referred_by: None,
            admin: req.viewer.is_admin(),
        };
        list_users(ctx, scope, &args).await
    }

    /// Public users (GET /public/users): users with visibility Open, for anyone.
    async fn public_users(
        &self,
        ctx: &Context<'_>,
        #[graphql(default)] args: ListArgs,
    ) -> async_graphql::Result<Page<User>> {
        let scope = UserScope {
            visibilities: Some(vec![Visibility::Open.code()]),
            include_self: None,
            referred_by: None,
            admin: false,
        };
        list_users(ctx, scope, &args).await
    }
}

fn visible(req: &RequestCtx, user: &UserRow) -> bool {
    let visibility = Visibility::from_code(user.visibility).unwrap_or(Visibility::Hidden);
    user_visible(&req.viewer, user.id, visibility)
}

/// Runs a users list for the request's viewer.
pub async fn list_users(
    ctx: &Context<'_>,
    mut scope: UserScope,
    args: &ListArgs,
) -> async_graphql::Result<Page<User>> {
    let req = ctx.request();
    let network = req.network()?;
    let attrs = if scope.admin {
        admin_attrs::ATTRS
    } else {
        public_attrs::ATTRS
    };
    let ListPlan {
        page,
        filters,
        order,
    } = args.plan(attrs)?;
    if !scope.admin && touches_names(&filters, order.as_ref()) {
        scope.visibilities = Some(vec![Visibility::Open.code()]);
    }
    let mut conn = ctx.conn().await?;
    let (rows, count) = user_list::list(
        &mut conn,
        network.id,
        &scope,
        &filters,
        order.as_ref(),
        page,
    )
    .await
    .map_err(ApiError::bad_request)?
    .map_err(ApiError::from)?;
    Ok(Page {
        offset: page.offset,
        limit: page.limit,
        count,
        list: rows.into_iter().map(|r| User::new(r, req.viewer)).collect(),
    })
}

fn touches_names(
    filters: &[crate::domain::list::Filter],
    order: Option<&(crate::domain::list::AttrRef, crate::domain::list::Direction)>,
) -> bool {
    use crate::domain::list::AttrRef;
    let is_name = |a: &AttrRef| match a {
        AttrRef::Column(attr) => UserField::from_name(attr.name).is_some_and(UserField::is_name),
        AttrRef::Custom(_) => false,
    };
    filters.iter().any(|f| is_name(&f.attr)) || order.is_some_and(|(a, _)| is_name(a))
}

/// Admin actions on users of the admin's network. Granting or revoking admin rights is
/// not among them: that is an operator action (`crowdgraph set-admin`).
#[derive(Default)]
pub struct AdminUsersMutation;

#[Object]
impl AdminUsersMutation {
    /// Sets or clears a user's VIP status (admins only).
    async fn set_user_vip(
        &self,
        ctx: &Context<'_>,
        user_id: ID,
        is_vip: bool,
    ) -> async_graphql::Result<User> {
        let (req, network_id, id) = admin_target(ctx, &user_id)?;
        let mut conn = ctx.conn().await?;
        let changes = crate::models::user::ProfileChanges {
            is_vip: Some(is_vip),
            ..Default::default()
        };
        existing(&mut conn, network_id, id).await?;
        let row = UserRow::apply_profile(&mut conn, network_id, id, &changes)
            .await
            .map_err(ApiError::from)?;
        Ok(User::new(row, req.viewer))
    }

    /// Marks a user approved (admins only).
    async fn approve_user(&self, ctx: &Context<'_>, user_id: ID) -> async_graphql::Result<User> {
        let (req, network_id, id) = admin_target(ctx, &user_id)?;
        let mut conn = ctx.conn().await?;
        existing(&mut conn, network_id, id).await?;
        let row = UserRow::set_onboarding_flag(&mut conn, network_id, id, OnboardingFlag::Approved)
            .await
            .map_err(ApiError::from)?;
        Ok(User::new(row, req.viewer))
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
    ) -> async_graphql::Result<ID> {
        let (req, network_id, id) = admin_target(ctx, &user_id)?;
        if req.viewer.user_id() == Some(id) {
            return Err(ApiError::bad_request("An admin cannot block themself.").into());
        }
        if expiration_date.is_some_and(|d| d <= Utc::now().date_naive()) {
            return Err(ApiError::bad_request("expiration_date must be in the future.").into());
        }
        let block = Block {
            user_message: user_message.map(|m| m.chars().take(2000).collect()),
            description: description.map(|d| d.chars().take(2000).collect()),
            expiration_date,
            blocked_by: req.viewer.user_id(),
        };
        let mut conn = ctx.conn().await?;
        let log_id = conn
            .transaction(async |conn| -> ApiResult<Uuid> {
                existing(conn, network_id, id).await?;
                let log_id = UserRow::block(conn, network_id, id, &block).await?;
                auth_token::revoke_all_for_user(conn, network_id, id, None).await?;
                Ok(log_id)
            })
            .await?;
        Ok(ID(log_id.to_string()))
    }

    /// Lifts a user's block (admins only).
    async fn unblock_user(&self, ctx: &Context<'_>, user_id: ID) -> async_graphql::Result<User> {
        let (req, network_id, id) = admin_target(ctx, &user_id)?;
        let admin = req.viewer.user_id().unwrap_or(id);
        let mut conn = ctx.conn().await?;
        let row = conn
            .transaction(async |conn| -> ApiResult<UserRow> {
                existing(conn, network_id, id).await?;
                UserRow::unblock(conn, network_id, id, admin).await?;
                existing(conn, network_id, id).await
            })
            .await?;
        Ok(User::new(row, req.viewer))
    }
}

fn admin_target<'a>(ctx: &'a Context<'_>, user_id: &ID) -> ApiResult<(&'a RequestCtx, Uuid, Uuid)> {
    let req = ctx.request();
    let network = req.network()?;
    req.admin()?;
    Ok((req, network.id, parse_id(user_id, "user")?))
}

async fn existing(
    conn: &mut diesel_async::AsyncPgConnection,
    network_id: Uuid,
    id: Uuid,
) -> ApiResult<UserRow> {
    UserRow::find(conn, network_id, id)
        .await?
        .ok_or_else(|| ApiError::not_found("user"))
}
