//! The people and the attached records of an organization: its author, contact point and
//! members (hidden with its names), its address and bank account. Flattened into
//! `Organization`, so these fields keep their place in the type.

use super::*;
use crate::models::organization::{OrganizationAddress, OrganizationBankAccount};
use crate::models::shapes::{BankDetails, PostalAddress};

/// The team fields of an organization.
pub struct Team<'a>(pub(super) &'a Organization);

impl Team<'_> {
    /// The user `id`, read through the batch loader, unless the names are hidden.
    async fn person(&self, ctx: &Context<'_>, id: Uuid) -> ApiResult<Option<Arc<UserRow>>> {
        if self.0.names_hidden() {
            return Ok(None);
        }
        ctx.loader()?.load_one(UserById(id)).await
    }

    fn member(&self, member: model::Member, user: UserRow) -> Option<OrganizationMember> {
        let org = self.0;
        let vis = Visibility::from_code(user.visibility).unwrap_or(Visibility::Hidden);
        let listed = org.privileged() || user_visible(&org.viewer, user.id, vis);
        listed.then(|| OrganizationMember {
            user_id: id_of(member.user_id),
            member_type: member.member_type,
            user_full_name: user_name(org.viewer, &user),
            contact_point: id_of(org.row.contact_point_user_id),
            is_contact_point: member.user_id == org.row.contact_point_user_id,
            created_at: member.created_at,
            user: user_node(org.viewer, user),
        })
    }
}

#[Object(name = "OrganizationTeamFields")]
impl Team<'_> {
    /// The creator's id (never changes; null when Anonymous, for non-members).
    async fn user_id(&self) -> Option<ID> {
        self.0.name(id_of(self.0.row.author_user_id))
    }

    /// The creator's full name (null when Anonymous, or when the user hides it).
    async fn user_name(&self, ctx: &Context<'_>) -> ApiResult<Option<String>> {
        let user = self.person(ctx, self.0.row.author_user_id).await?;
        Ok(user.and_then(|u| user_name(self.0.viewer, &u)))
    }

    /// The creator (null when Anonymous, for non-members, or when the user is Hidden).
    async fn author(&self, ctx: &Context<'_>) -> ApiResult<Option<User>> {
        let user = self.person(ctx, self.0.row.author_user_id).await?;
        Ok(user.and_then(|u| user_node(self.0.viewer, u)))
    }

    /// The contact point's user id (an active member, else the author).
    async fn contact_point(&self) -> Option<ID> {
        self.0.name(id_of(self.0.row.contact_point_user_id))
    }

    /// The contact point (null when Anonymous, for non-members, or when Hidden).
    async fn contact_point_user(&self, ctx: &Context<'_>) -> ApiResult<Option<User>> {
        let user = self.person(ctx, self.0.row.contact_point_user_id).await?;
        Ok(user.and_then(|u| user_node(self.0.viewer, u)))
    }

    /// The active members, the author first (empty when Anonymous, for non-members;
    /// Hidden users are listed to admins and members only).
    async fn members(&self, ctx: &Context<'_>) -> ApiResult<Vec<OrganizationMember>> {
        if self.0.names_hidden() {
            return Ok(Vec::new());
        }
        let rows = ctx.loader()?.load_one(MembersOf(self.0.row.id)).await?;
        let rows = rows.unwrap_or_default().into_iter();
        Ok(rows.filter_map(|(m, user)| self.member(m, user)).collect())
    }

    /// The address.
    async fn address(&self, ctx: &Context<'_>) -> ApiResult<Option<OrganizationAddressNode>> {
        let key = OrganizationAddressOf(self.0.row.id);
        let row = ctx.loader()?.load_one(key).await?;
        Ok(row.map(OrganizationAddressNode::from))
    }

    /// The bank account (admins and members only).
    async fn bank_account(
        &self,
        ctx: &Context<'_>,
    ) -> ApiResult<Option<OrganizationBankAccountNode>> {
        if !self.0.privileged() {
            return Ok(None);
        }
        let key = OrganizationBankAccountOf(self.0.row.id);
        let row = ctx.loader()?.load_one(key).await?;
        Ok(row.map(OrganizationBankAccountNode::from))
    }
}

/// A user as `viewer` may see them (Hidden users are absent for others).
pub fn user_node(viewer: Viewer, row: impl Into<Arc<UserRow>>) -> Option<User> {
    let row = row.into();
    let vis = Visibility::from_code(row.visibility).unwrap_or(Visibility::Hidden);
    user_visible(&viewer, row.id, vis).then(|| User::new(row, viewer))
}

/// The full name of a user as `viewer` may see it (null for Hidden or Anonymous users).
pub fn user_name(viewer: Viewer, row: &UserRow) -> Option<String> {
    use crate::domain::visibility::{UserField, user_field_visible};
    let vis = Visibility::from_code(row.visibility).unwrap_or(Visibility::Hidden);
    if user_field_visible(&viewer, row.id, vis, UserField::FullName) {
        row.full_name()
    } else {
        None
    }
}

/// A member of an organization's team.
#[derive(SimpleObject)]
pub struct OrganizationMember {
    /// The member's user id.
    pub user_id: ID,
    /// `author` (the creator) or `member`.
    pub member_type: String,
    /// The member's full name (null when the user hides it).
    pub user_full_name: Option<String>,
    /// The organization's contact point (a user id).
    pub contact_point: ID,
    /// Whether this member is the contact point.
    pub is_contact_point: bool,
    /// When the user joined.
    pub created_at: DateTime<Utc>,
    /// The member (null for Hidden users, except to themself and admins).
    pub user: Option<User>,
}

/// The address of an organization.
#[derive(SimpleObject)]
#[graphql(name = "OrganizationAddress")]
pub struct OrganizationAddressNode {
    /// Unique identifier.
    id: ID,
    #[graphql(flatten)]
    postal: PostalAddress,
}

impl From<OrganizationAddress> for OrganizationAddressNode {
    fn from(row: OrganizationAddress) -> Self {
        Self {
            id: id_of(row.id),
            postal: row.postal,
        }
    }
}

/// The bank account of an organization.
#[derive(SimpleObject)]
#[graphql(name = "OrganizationBankAccount")]
pub struct OrganizationBankAccountNode {
    /// Unique identifier.
    id: ID,
    #[graphql(flatten)]
    details: BankDetails,
}

impl From<OrganizationBankAccount> for OrganizationBankAccountNode {
    fn from(row: OrganizationBankAccount) -> Self {
        Self {
            id: id_of(row.id),
            details: row.details,
        }
    }
}
