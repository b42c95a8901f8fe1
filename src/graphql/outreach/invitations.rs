//! Invitations (seeds/001_d17389470978c889.txt, Invitation; seeds/002_338b46960d33f2b9.txt
//! `GET/POST /self/invitations`, `GET /self/invitations/{invitation_id}`).
//!
//! A logged-in user invites someone by email. The invitation mail links to the front
//! end's `url` with `invitation_id` and a single-use `secret` added; only the secret's
//! hash is stored. The link works for [`INVITATION_VALIDITY_DAYS`] days. An invitation is
//! visible to its author and the network's admins only; to anybody else it does not
//! exist (Not Found).

use async_graphql::{Context, ID, InputObject, Object, SimpleObject};
use chrono::{DateTime, TimeDelta, Utc};
use diesel_async::AsyncConnection;

use super::optional_text;
use crate::domain::token;
use crate::error::{ApiError, ApiResult, codes};
use crate::graphql::context::ContextExt;
use crate::graphql::identity::checked_email;
use crate::graphql::ids::parse_id;
use crate::graphql::list::{ListArgs, ListPlan, Page};
use crate::mail::content::invitation_mail;
use crate::mail::link::link_with_params;
use crate::models::invitation::{Invitation as InvitationRow, NewInvitation};
use crate::models::mail;
use crate::models::user::User as UserRow;

/// How long an invitation's link works, in days.
pub const INVITATION_VALIDITY_DAYS: i64 = 7;
/// Most invitations one user may send within 24 hours (code 12003 beyond).
pub const MAX_INVITATIONS_PER_DAY: i64 = 50;
/// Longest name or organization name of an invitee.
const MAX_NAME_CHARS: usize = 200;

/// An invitation sent by a user, as its author or an admin sees it. The link's secret
/// is never shown (only its hash is stored).
pub struct Invitation(InvitationRow);

#[Object]
impl Invitation {
    /// Unique identifier (REST `invitation_id`).
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }

    /// The user who sent the invitation.
    async fn author_id(&self) -> ID {
        ID(self.0.author_id.to_string())
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
        self.0.expires_at.is_some_and(|at| at <= Utc::now())
    }

    /// When the invitee first opened the link (`respondToInvitation`), if they did.
    async fn responded_at(&self) -> Option<DateTime<Utc>> {
        self.0.responded_at
    }

    /// The user who registered through this invitation, if any.
    async fn registered_user_id(&self) -> Option<ID> {
        self.0.registered_user_id.map(|id| ID(id.to_string()))
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

/// Root query fields about invitations.
#[derive(Default)]
pub struct InvitationsQuery;

#[Object]
impl InvitationsQuery {
    /// The logged-in user's invitations (GET /self/invitations), newest first unless
    /// ordered otherwise. Attributes: `email`, `given_name`, `family_name`,
    /// `organization_name`, `created_at`, `updated_at`, `expires_at`, `responded_at`,
    /// `registered_user_id`, `id`.
    async fn my_invitations(
        &self,
        ctx: &Context<'_>,
        #[graphql(default)] args: ListArgs,
    ) -> async_graphql::Result<Page<Invitation>> {
        let me = ctx.request().user()?.id;
        list_invitations(ctx, Some(me), &args).await
    }

    /// Every invitation of the network (admins only), with the attributes of
    /// `myInvitations`.
    async fn invitations(
        &self,
        ctx: &Context<'_>,
        #[graphql(default)] args: ListArgs,
    ) -> async_graphql::Result<Page<Invitation>> {
        ctx.request().admin()?;
        list_invitations(ctx, None, &args).await
    }

    /// One invitation (GET /self/invitations/{invitation_id}): visible to its author and
    /// to admins; Not Found for anybody else.
    async fn invitation(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<Invitation> {
        let req = ctx.request();
        let network = req.network()?;
        let me = req.user()?;
        let id = parse_id(&id, "invitation")?;
        let mut conn = ctx.conn().await?;
        let row = InvitationRow::find(&mut conn, network.id, id)
            .await
            .map_err(ApiError::from)?
            .filter(|row| me.is_admin || row.author_id == me.id)
            .ok_or_else(|| ApiError::not_found("invitation"))?;
        Ok(Invitation(row))
    }
}

async fn list_invitations(
    ctx: &Context<'_>,
    author: Option<uuid::Uuid>,
    args: &ListArgs,
) -> async_graphql::Result<Page<Invitation>> {
    let network = ctx.request().network()?;
    let ListPlan {
        page,
        filters,
        order,
    } = args.plan(crate::models::invitation::invitation_attrs::ATTRS)?;
    let mut conn = ctx.conn().await?;
    let (rows, count) = InvitationRow::list(
        &mut conn,
        network.id,
        author,
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
        list: rows.into_iter().map(Invitation).collect(),
    })
}

/// Mutations about invitations.
#[derive(Default)]
pub struct InvitationsMutation;

#[Object]
impl InvitationsMutation {
    /// Invites someone to join the network on behalf of the logged-in user (POST
    /// /self/invitations). The invitation mail is queued in the same transaction; its
    /// link is `url?invitation_id=…&secret=…`, works once and for 7 days. A user may
    /// send at most 50 invitations within 24 hours (code 12003 beyond).
    async fn create_invitation(
        &self,
        ctx: &Context<'_>,
        input: InvitationInput,
    ) -> async_graphql::Result<Invitation> {
        let req = ctx.request();
        let network = req.network()?;
        let me = req.user()?;
        let email = checked_email(&input.email)?;
        let given_name = optional_text(input.given_name, "given_name", MAX_NAME_CHARS)?;
        let family_name = optional_text(input.family_name, "family_name", MAX_NAME_CHARS)?;
        let organization_name =
            optional_text(input.organization_name, "organization_name", MAX_NAME_CHARS)?;
        // Refuse a bad URL before anything is written.
        let url = match input.url.as_deref().filter(|u| !u.trim().is_empty()) {
            Some(url) => url.to_owned(),
            None => network
                .settings
                .get("invitation_url")
                .and_then(|v| v.as_str())
                .map(str::to_owned)
                .ok_or_else(|| {
                    ApiError::bad_request(
                        "url is required: the front-end page the invitation mail links to \
                         (or set the network setting invitation_url).",
                    )
                })?,
        };
        crate::graphql::identity::account::checked_link(network, &url, "url")?;
        let secret = token::generate();
        let secret_hash = token::hash(&secret);
        let mut conn = ctx.conn().await?;
        let row = conn
            .transaction(async |conn| -> ApiResult<InvitationRow> {
                // Locking the author serializes their invitations, so the cap holds.
                let author = UserRow::lock(conn, network.id, me.id).await?;
                let now = Utc::now();
                let recent = InvitationRow::count_by_author_since(
                    conn,
                    network.id,
                    me.id,
                    now - TimeDelta::hours(24),
                )
                .await?;
                if recent >= MAX_INVITATIONS_PER_DAY {
                    return Err(ApiError::new(
                        codes::INVITATION_LIMIT,
                        "You have sent too many invitations today. Please try again later.",
                        format!(
                            "A user may send at most {MAX_INVITATIONS_PER_DAY} invitations \
                             within 24 hours."
                        ),
                    ));
                }
                let row = InvitationRow::insert(
                    conn,
                    &NewInvitation {
                        network_id: network.id,
                        author_id: me.id,
                        email: &email,
                        given_name: given_name.as_deref(),
                        family_name: family_name.as_deref(),
                        organization_name: organization_name.as_deref(),
                        secret_hash: &secret_hash,
                        expires_at: now + TimeDelta::days(INVITATION_VALIDITY_DAYS),
                    },
                )
                .await?;
                let link = link_with_params(
                    &url,
                    &[("invitation_id", &row.id.to_string()), ("secret", &secret)],
                )
                .map_err(|e| e.for_field("url"))?;
                let inviter = author.full_name().unwrap_or_else(|| author.email.clone());
                let mut content = invitation_mail(&network.name, &inviter, &link);
                content.text.push_str(&format!(
                    "\nThe link works for {INVITATION_VALIDITY_DAYS} days.\n"
                ));
                mail::enqueue(conn, &content.to(network.id, &email)).await?;
                Ok(row)
            })
            .await?;
        Ok(Invitation(row))
    }

    /// Opens an invitation link (anyone holding it, no login): checks the `secret` of
    /// the mailed link, stamps the invitation's `respondedAt` the first time, and returns
    /// the invitee's details to prefill the registration. A wrong or used secret is Not
    /// Found; an expired link is code 12004 (410).
    async fn respond_to_invitation(
        &self,
        ctx: &Context<'_>,
        invitation_id: ID,
        secret: String,
    ) -> async_graphql::Result<InvitationPrefill> {
        let network = ctx.request().network()?;
        let id = parse_id(&invitation_id, "invitation")?;
        let secret_hash = token::hash(secret.trim());
        let mut conn = ctx.conn().await?;
        let row = conn
            .transaction(async |conn| -> ApiResult<InvitationRow> {
                let row = InvitationRow::find_by_secret(conn, network.id, id, &secret_hash)
                    .await?
                    .ok_or_else(|| ApiError::not_found("invitation"))?;
                if row.expires_at.is_some_and(|at| at <= Utc::now()) {
                    return Err(ApiError::new(
                        codes::INVITATION_EXPIRED,
                        "This invitation has expired. Please ask for a new one.",
                        format!(
                            "Invitation links work for {INVITATION_VALIDITY_DAYS} days; this \
                             one has expired."
                        ),
                    ));
                }
                Ok(InvitationRow::mark_responded(conn, network.id, id).await?)
            })
            .await?;
        Ok(InvitationPrefill {
            invitation_id: ID(row.id.to_string()),
            email: row.email,
            given_name: row.given_name,
            family_name: row.family_name,
            organization_name: row.organization_name,
            expires_at: row.expires_at,
        })
    }
}
