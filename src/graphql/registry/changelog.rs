//! The entries of a capitalization's change log.

use async_graphql::{Context, ID, Json, Object};
use chrono::{DateTime, Utc};
use diesel_async::AsyncPgConnection;
use uuid::Uuid;

use crate::domain::stages::CapitalizationChangeKind;
use crate::domain::viewer::Viewer;
use crate::error::ApiResult;
use crate::graphql::context::ContextExt;
use crate::graphql::identity::user::User;
use crate::graphql::ids::id_of;
use crate::graphql::list::{ListArgs, ListPlan, Page, listed, paginate};
use crate::graphql::marketplace::loaders::UserById;
use crate::graphql::marketplace::organization::{user_name, user_node};
use crate::models::capitalization::{ChangelogEntry, changelog, changelog_attrs};

/// One change of a capitalization: who made it, when, what kind of change it was, and the
/// capitalization before and after, as objects of its attributes in snake_case.
pub struct CapitalizationChange {
    row: ChangelogEntry,
    viewer: Viewer,
}

#[Object]
impl CapitalizationChange {
    /// Unique identifier of the entry.
    async fn id(&self) -> ID {
        id_of(self.row.id)
    }

    /// The capitalization changed.
    async fn capitalization_id(&self) -> ID {
        id_of(self.row.capitalization_id)
    }

    /// The id of the user who made the change (null when the platform made it).
    async fn user_id(&self) -> Option<ID> {
        self.row.user_id.map(id_of)
    }

    /// That user's full name (null when the viewer may not see it).
    async fn user_name(&self, ctx: &Context<'_>) -> ApiResult<Option<String>> {
        let Some(id) = self.row.user_id else {
            return Ok(None);
        };
        let user = ctx.loader()?.load_one(UserById(id)).await?;
        Ok(user.and_then(|u| user_name(self.viewer, &u)))
    }

    /// The user who made the change (null when the viewer may not see that user).
    async fn user(&self, ctx: &Context<'_>) -> ApiResult<Option<User>> {
        let Some(id) = self.row.user_id else {
            return Ok(None);
        };
        let user = ctx.loader()?.load_one(UserById(id)).await?;
        Ok(user.and_then(|u| user_node(self.viewer, u)))
    }

    /// What the change was: CREATE, UPDATE, SPLIT, MERGE or DISTRIBUTION (REST codes 0
    /// to 4).
    async fn change_kind(&self) -> Option<CapitalizationChangeKind> {
        CapitalizationChangeKind::from_code(self.row.change_kind)
    }

    /// The capitalization before the change (null for its creation).
    async fn before(&self) -> Option<Json<&serde_json::Value>> {
        self.row.before.as_ref().map(Json)
    }

    /// The capitalization after the change.
    async fn after(&self) -> Json<&serde_json::Value> {
        Json(&self.row.after)
    }

    /// When the change was made.
    async fn created_at(&self) -> DateTime<Utc> {
        self.row.created_at
    }
}

/// One page of the change log of the capitalization `capitalization_id`, which the
/// viewer sees.
pub(super) async fn changelog_of(
    ctx: &Context<'_>,
    capitalization_id: Uuid,
    viewer: Viewer,
    args: &ListArgs,
) -> ApiResult<Page<CapitalizationChange>> {
    let list = async |conn: &mut AsyncPgConnection, network_id, plan: &ListPlan| {
        let (filters, order) = (&plan.filters, plan.order.as_ref());
        let page = changelog(
            conn,
            network_id,
            capitalization_id,
            filters,
            order,
            plan.page,
        );
        listed(page.await)
    };
    paginate(ctx, args, changelog_attrs::ATTRS, list, |row| {
        CapitalizationChange { row, viewer }
    })
    .await
}
