//! Invitations (`docs/outreach.md`; REST `GET/POST /self/invitations`,
//! `GET /self/invitations/{invitation_id}`).
//!
//! A logged-in user invites someone by email. The invitation mail links to the front
//! end's `url` with `invitation_id` and a single-use `secret` added; only the secret's
//! hash is stored. The rules (who sees an invitation, the daily limit, how long the link
//! works) are `crate::domain::invitation`. The type is here, its root fields in
//! `invitations/query.rs`, its mutations in `invitations/mutation.rs`.

use async_graphql::{Context, ID, InputObject, Object, SimpleObject};
use chrono::{DateTime, Utc};
use diesel_async::{AsyncConnection, AsyncPgConnection};
use uuid::Uuid;

use super::optional_text;
use crate::domain::invitation::{
    InvitationError, MAX_INVITEE_NAME, check_daily_limit, check_link_works, invitation_visible,
    is_expired, limit_window_start, link_expiry,
};
use crate::domain::token;
use crate::error::{ApiError, ApiResult, codes};
use crate::graphql::context::ContextExt;
use crate::graphql::identity::account::checked_link;
use crate::graphql::identity::checked_email;
use crate::graphql::ids::{id_of, parse_id};
use crate::graphql::list::{ListArgs, ListPlan, Page, listed, paginate};
use crate::mail::content::invitation_mail;
use crate::mail::link::link_with_params;
use crate::models::invitation::{Invitation as InvitationRow, NewInvitation, invitation_attrs};
use crate::models::mail;
use crate::models::network::Network;
use crate::models::user::User as UserRow;

mod mutation;
mod query;

pub use crate::domain::invitation::{INVITATION_VALIDITY_DAYS, MAX_INVITATIONS_PER_DAY};
pub use mutation::*;
pub use query::*;

/// An invitation sent by a user, as its author or an admin sees it. The link's secret
/// is never shown (only its hash is stored).
pub struct Invitation(InvitationRow);

#[Object]
impl Invitation {
    /// Unique identifier (REST `invitation_id`).
    async fn id(&self) -> ID {
        id_of(self.0.id)
    }

    /// The user who sent the invitation.
    async fn author_id(&self) -> ID {
        id_of(self.0.author_id)
    }

    /// The invitee's email address.
    async fn email(&self) -> &str {
        &self.0.email
    }

    /// The invitee's given name.
    async fn given_name(&self) -> Option<&str> {
        self.0.given_name.as_deref()
    }

    /// The invitee's family name.
    async fn family_name(&self) -> Option<&str> {
        self.0.family_name.as_deref()
    }

    /// The invitee's organization.
    async fn organization_name(&self) -> Option<&str> {
        self.0.organization_name.as_deref()
    }

    /// When the invitation was created.
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }

    /// Last change of the invitation.
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }

    /// When the invitation's link stops working (7 days after its creation).
    async fn expires_at(&self) -> Option<DateTime<Utc>> {
        self.0.expires_at
    }

    /// Whether the link no longer works because it expired.
    async fn expired(&self) -> bool {
        is_expired(self.0.expires_at, Utc::now())
    }

    /// When the invitee first opened the link (`respondToInvitation`), if they did.
    async fn responded_at(&self) -> Option<DateTime<Utc>> {
        self.0.responded_at
    }

    /// The user who registered through this invitation, if any.
    async fn registered_user_id(&self) -> Option<ID> {
        self.0.registered_user_id.map(id_of)
    }
}

impl Invitation {
    /// The invitation `id` as the logged-in user may see it: Not Found when it is not an
    /// invitation id, no such invitation exists in the network, or the user is neither
    /// its author nor an admin.
    pub async fn fetch(ctx: &Context<'_>, id: &str) -> ApiResult<Self> {
        let req = ctx.request();
        let network = req.network()?;
        req.user()?;
        let id = parse_id(id, "invitation")?;
        let mut conn = ctx.conn().await?;
        InvitationRow::find(&mut conn, network.id, id)
            .await?
            .filter(|row| invitation_visible(&req.viewer, row.author_id))
            .map(Invitation)
            .ok_or_else(|| ApiError::not_found("invitation"))
    }

    /// One page of the network's invitations, only those of `author` when given.
    pub async fn paginate(
        ctx: &Context<'_>,
        author: Option<Uuid>,
        args: &ListArgs,
    ) -> ApiResult<Page<Self>> {
        let list = async |conn: &mut AsyncPgConnection, network_id, plan: &ListPlan| {
            let (filters, order) = (&plan.filters, plan.order.as_ref());
            listed(InvitationRow::list(conn, network_id, author, filters, order, plan.page).await)
        };
        paginate(ctx, args, invitation_attrs::ATTRS, list, Invitation).await
    }
}

/// A new invitation (POST /self/invitations).
#[derive(Debug, Clone, InputObject)]
pub struct InvitationInput {
    /// The invitee's email address.
    pub email: String,
    /// The invitee's given name (up to 200 characters).
    pub given_name: Option<String>,
    /// The invitee's family name (up to 200 characters).
    pub family_name: Option<String>,
    /// The invitee's organization (up to 200 characters).
    pub organization_name: Option<String>,
    /// The front-end page the mailed link opens: an absolute http(s) URL to which the
    /// service adds the query parameters `invitation_id` and `secret` (see
    /// `respondToInvitation`). Optional when the network's settings name a default
    /// page (`invitation_url`), as legacy clients send none.
    pub url: Option<String>,
}

/// What the holder of an invitation link learns, to prefill their registration.
#[derive(Debug, Clone, SimpleObject)]
pub struct InvitationPrefill {
    /// The invitation.
    pub invitation_id: ID,
    /// The invitee's email address.
    pub email: String,
    /// The invitee's given name.
    pub given_name: Option<String>,
    /// The invitee's family name.
    pub family_name: Option<String>,
    /// The invitee's organization.
    pub organization_name: Option<String>,
    /// When the link stops working.
    pub expires_at: Option<DateTime<Utc>>,
}
