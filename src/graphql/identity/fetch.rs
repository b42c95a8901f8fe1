//! Reading users for the viewer: one user by id, the viewer themself, and lists. The
//! visibility rules are `crate::domain::visibility` (`docs/visibility.md`).

use async_graphql::Context;
use diesel_async::AsyncPgConnection;
use uuid::Uuid;

use super::user::User;
use crate::domain::list::AttrRef;
use crate::domain::stages::Visibility;
use crate::domain::viewer::Viewer;
use crate::domain::visibility::{UserField, user_visible, user_visible_visibilities};
use crate::error::{ApiError, ApiResult};
use crate::graphql::context::ContextExt;
use crate::graphql::ids::parse_id;
use crate::graphql::list::{ListArgs, ListPlan, Page, listed, paginate};
use crate::models::user::User as UserRow;
use crate::models::user_list::{self, UserScope, admin_attrs, public_attrs};

impl User {
    /// The user `id` as the viewer may see them: Not Found when it is not a user id, no
    /// such user exists in the network, or the viewer may not see them.
    pub async fn fetch(ctx: &Context<'_>, id: &str) -> ApiResult<User> {
        let req = ctx.request();
        let network = req.network()?;
        let id = parse_id(id, "user")?;
        let mut conn = ctx.conn().await?;
        let row = UserRow::find(&mut conn, network.id, id)
            .await?
            .filter(|row| visible(&req.viewer, row))
            .ok_or_else(|| ApiError::not_found("user"))?;
        Ok(User::new(row, req.viewer))
    }

    /// The logged-in user, with every field.
    pub async fn fetch_me(ctx: &Context<'_>) -> ApiResult<User> {
        let req = ctx.request();
        let network = req.network()?;
        let me = req.user()?;
        let mut conn = ctx.conn().await?;
        let row = user_row(&mut conn, network.id, me.id).await?;
        Ok(User::new(row, req.viewer))
    }

    /// One page of the users in `scope`. For non-admins, a filter or ordering on a name
    /// narrows the list to Open users, so it cannot reveal an Anonymous user's name.
    pub async fn paginate(
        ctx: &Context<'_>,
        mut scope: UserScope,
        args: &ListArgs,
    ) -> ApiResult<Page<User>> {
        let attrs = if scope.admin {
            admin_attrs::ATTRS
        } else {
            public_attrs::ATTRS
        };
        let list = async |conn: &mut AsyncPgConnection, network_id, plan: &ListPlan| {
            if !scope.admin && touches_names(plan) {
                scope.visibilities = Some(vec![Visibility::Open.code()]);
            }
            let (filters, order) = (&plan.filters, plan.order.as_ref());
            listed(user_list::list(conn, network_id, &scope, filters, order, plan.page).await)
        };
        let viewer = ctx.request().viewer;
        paginate(ctx, args, attrs, list, |row| User::new(row, viewer)).await
    }
}

/// The users a viewer may list: every one for admins; Open and Anonymous ones (and
/// themself) for others.
pub fn visible_scope(viewer: &Viewer) -> UserScope {
    let visibilities = user_visible_visibilities(viewer)
        .iter()
        .map(|v| v.code())
        .collect();
    UserScope {
        visibilities: Some(visibilities),
        include_self: viewer.user_id(),
        referred_by: None,
        admin: viewer.is_admin(),
    }
}

/// The users anyone may list: those with visibility Open.
pub fn public_scope() -> UserScope {
    UserScope {
        visibilities: Some(vec![Visibility::Open.code()]),
        include_self: None,
        referred_by: None,
        admin: false,
    }
}

/// The users `affiliate` referred, as the affiliate themself or an admin lists them.
pub fn referred_scope(viewer: &Viewer, affiliate: Uuid) -> UserScope {
    UserScope {
        visibilities: None,
        include_self: None,
        referred_by: Some(affiliate),
        admin: viewer.is_admin(),
    }
}

/// The user `id` of the network, or Not Found.
pub async fn user_row(
    conn: &mut AsyncPgConnection,
    network_id: Uuid,
    id: Uuid,
) -> ApiResult<UserRow> {
    UserRow::find(conn, network_id, id)
        .await?
        .ok_or_else(|| ApiError::not_found("user"))
}

fn visible(viewer: &Viewer, user: &UserRow) -> bool {
    let visibility = Visibility::from_code(user.visibility).unwrap_or(Visibility::Hidden);
    user_visible(viewer, user.id, visibility)
}

fn touches_names(plan: &ListPlan) -> bool {
    let is_name = |a: &AttrRef| match a {
        AttrRef::Column(attr) => UserField::from_name(attr.name).is_some_and(UserField::is_name),
        AttrRef::Custom(_) => false,
    };
    plan.filters.iter().any(|f| is_name(&f.attr))
        || plan.order.as_ref().is_some_and(|(a, _)| is_name(a))
}
