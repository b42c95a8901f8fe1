//! Organizations: the `Organization` type with the visibility of `docs/visibility.md` applied per
//! field, its members, the organization queries and mutations (`docs/rest.md` /organizations
//! routes, /public/organizations, /self/organizations).

use std::sync::Arc;

use async_graphql::{Context, ID, Json, Object, SimpleObject};
use chrono::{DateTime, NaiveDate, Utc};
use diesel_async::{AsyncConnection, AsyncPgConnection};
use uuid::Uuid;

use super::input::OrganizationInput;
use super::loaders::{
    MembersOf, OrganizationAddressOf, OrganizationBankAccountOf, UserById, visibility_codes,
};
use super::{invalid_initial_stage, transition_error, write_error};
use crate::domain::custom;
use crate::domain::field_rules::FieldBreach;
use crate::domain::lifecycle::{
    Actor, check_organization_transition, organization_initial_stage_allowed,
    organization_transition_allowed,
};
use crate::domain::list::{AttrRef, Direction, Filter};
use crate::domain::stages::{OrganizationStage, Visibility};
use crate::domain::viewer::Viewer;
use crate::domain::visibility::{
    organization_names_hidden, organization_visible, organization_visible_stages,
    organization_visible_visibilities, user_visible,
};
use crate::error::{ApiError, ApiResult, codes};
use crate::graphql::context::ContextExt;
use crate::graphql::custom_fields::{CustomField, info_of};
use crate::graphql::identity::input::custom_error;
use crate::graphql::identity::user::User;
use crate::graphql::ids::{id_of, parse_id};
use crate::graphql::list::{ListArgs, ListPlan, Page};
use crate::models::organization::{
    self as model, NewOrganization, Organization as OrganizationRow, OrganizationAddress,
    OrganizationBankAccount, OrganizationChanges, OrganizationScope, org_attrs,
};
use crate::models::shapes::{BankDetails, PostalAddress};
use crate::models::user::User as UserRow;

mod mutation;
mod query;

pub use mutation::*;
pub use query::*;

/// An organization (the capital-raising entity) as the current viewer may see it.
#[derive(Clone)]
pub struct Organization {
    // Shared with the batch loader's answer rather than copied out of it.
    row: Arc<OrganizationRow>,
    viewer: Viewer,
    is_member: bool,
}

impl Organization {
    /// Wraps a row for `viewer`, who is an active member when `is_member`.
    pub fn new(row: impl Into<Arc<OrganizationRow>>, viewer: Viewer, is_member: bool) -> Self {
        Self {
            row: row.into(),
            viewer,
            is_member,
        }
    }

    /// The row, if `viewer` may see it (`docs/visibility.md`), as a node.
    /// The organization `id` of the request's network as `viewer` sees it: Not Found when
    /// it does not exist or the viewer may not see it (never Forbidden).
    pub async fn fetch(ctx: &Context<'_>, id: &str, viewer: Viewer) -> ApiResult<Self> {
        let network = ctx.request().network()?;
        let id = parse_id(id, "organization")?;
        let mut conn = ctx.conn().await?;
        let found = model::find_for(&mut conn, network.id, id, viewer.user_id()).await?;
        found
            .and_then(|(row, is_member)| Self::visible(row, viewer, is_member))
            .ok_or_else(|| ApiError::not_found("organization"))
    }

    /// The row, if `viewer` may see it, as a node.
    pub fn visible(
        row: impl Into<Arc<OrganizationRow>>,
        viewer: Viewer,
        is_member: bool,
    ) -> Option<Self> {
        let node = Self::new(row, viewer, is_member);
        node.is_visible().then_some(node)
    }

    /// The underlying row.
    pub fn row(&self) -> &OrganizationRow {
        &self.row
    }

    fn stage(&self) -> OrganizationStage {
        OrganizationStage::from_code(self.row.life_cycle_stage).unwrap_or(OrganizationStage::Draft)
    }

    fn vis(&self) -> Visibility {
        Visibility::from_code(self.row.visibility).unwrap_or(Visibility::Hidden)
    }

    fn is_visible(&self) -> bool {
        organization_visible(&self.viewer, self.is_member, self.stage(), self.vis())
    }

    /// Admin, or an active member: sees every field and manages the organization.
    fn privileged(&self) -> bool {
        Actor::for_organization(&self.viewer, self.is_member).is_some()
    }

    /// Names (and the people behind an Anonymous organization) are hidden.
    fn names_hidden(&self) -> bool {
        organization_names_hidden(&self.viewer, self.is_member, self.vis())
    }

    /// The display name, unless the viewer may not see the organization's names.
    pub fn visible_display_name(&self) -> Option<String> {
        self.name(self.row.display_name.clone())
    }

    fn name<T>(&self, value: T) -> Option<T> {
        (!self.names_hidden()).then_some(value)
    }

    fn private<T>(&self, value: T) -> Option<T> {
        self.privileged().then_some(value)
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

#[Object]
impl Organization {
    /// Unique identifier.
    async fn id(&self) -> ID {
        id_of(self.row.id)
    }

    /// Life-cycle stage (forward only).
    async fn life_cycle_stage(&self) -> OrganizationStage {
        self.stage()
    }

    /// Who may see the organization: Open, Hidden or Anonymous.
    async fn visibility(&self) -> Visibility {
        self.vis()
    }

    /// Public name (null when the organization is Anonymous, for non-members).
    async fn display_name(&self) -> Option<&str> {
        self.name(self.row.display_name.as_str())
    }

    /// Registered name (null when Anonymous, for non-members).
    async fn legal_name(&self) -> Option<&str> {
        self.name(self.row.legal_name.as_deref()).flatten()
    }

    /// Another name (null when Anonymous, for non-members).
    async fn alternate_name(&self) -> Option<&str> {
        self.name(self.row.alternate_name.as_deref()).flatten()
    }

    /// Category.
    async fn additional_type(&self) -> Option<&str> {
        self.row.additional_type.as_deref()
    }

    /// Short description.
    async fn brief_desc(&self) -> Option<&str> {
        self.row.brief_desc.as_deref()
    }

    /// Long description.
    async fn detail_desc(&self) -> Option<&str> {
        self.row.detail_desc.as_deref()
    }

    /// Industry or sector.
    async fn sector(&self) -> Option<&str> {
        self.row.sector.as_deref()
    }

    /// Location, e.g. a city.
    async fn location(&self) -> Option<&str> {
        self.row.location.as_deref()
    }

    /// Founding date.
    async fn founding_date(&self) -> Option<NaiveDate> {
        self.row.founding_date
    }

    /// Founding location.
    async fn founding_location(&self) -> Option<&str> {
        self.row.founding_location.as_deref()
    }

    /// Company registration number.
    async fn company_number(&self) -> Option<&str> {
        self.row.company_number.as_deref()
    }

    /// Tax / fiscal id.
    async fn tax_id(&self) -> Option<&str> {
        self.row.tax_id.as_deref()
    }

    /// Credit score.
    async fn credit_score(&self) -> Option<&str> {
        self.row.credit_score.as_deref()
    }

    /// Contact email.
    async fn org_email(&self) -> Option<&str> {
        self.row.org_email.as_deref()
    }

    /// Phone.
    async fn telephone(&self) -> Option<&str> {
        self.row.telephone.as_deref()
    }

    /// Web site.
    async fn website(&self) -> Option<&str> {
        self.row.website.as_deref()
    }

    /// Facebook page.
    async fn facebook(&self) -> Option<&str> {
        self.row.facebook.as_deref()
    }

    /// LinkedIn page.
    async fn linkedin(&self) -> Option<&str> {
        self.row.linkedin.as_deref()
    }

    /// Twitter page.
    async fn twitter(&self) -> Option<&str> {
        self.row.twitter.as_deref()
    }

    /// YouTube page.
    async fn youtube(&self) -> Option<&str> {
        self.row.youtube.as_deref()
    }

    /// The id of the Document holding the logo.
    async fn logo(&self) -> Option<ID> {
        self.row.logo_document_id.map(id_of)
    }

    /// Reyker ISIN (a public securities identifier).
    async fn reyker_isin(&self) -> Option<&str> {
        self.row.reyker_isin.as_deref()
    }

    /// GCEN client id (admins and members only).
    async fn gcen_client_id(&self) -> Option<&str> {
        self.private(self.row.gcen_client_id.as_deref()).flatten()
    }

    /// MangoPay legal user id (admins and members only).
    async fn mangopay_user_id(&self) -> Option<&str> {
        self.private(self.row.mangopay_user_id.as_deref()).flatten()
    }

    /// MangoPay card id (admins and members only).
    async fn mangopay_card_id(&self) -> Option<&str> {
        self.private(self.row.mangopay_card_id.as_deref()).flatten()
    }

    /// MangoPay wallet id (admins and members only).
    async fn mangopay_wallet_id(&self) -> Option<&str> {
        self.private(self.row.mangopay_wallet_id.as_deref())
            .flatten()
    }

    /// FundAmerica entity id (admins and members only).
    async fn fundamerica_entity_id(&self) -> Option<&str> {
        self.private(self.row.fundamerica_entity_id.as_deref())
            .flatten()
    }

    /// Custom fields, a JSON object of name to value.
    async fn custom(&self) -> Json<&serde_json::Value> {
        Json(&self.row.custom)
    }

    /// Custom fields as the deprecated `info` list of `{type, value}`.
    async fn info(&self) -> Vec<CustomField> {
        info_of(&self.row.custom)
    }

    /// The creator's id (never changes; null when Anonymous, for non-members).
    async fn user_id(&self) -> Option<ID> {
        self.name(id_of(self.row.author_user_id))
    }

    /// The creator's full name (null when Anonymous, or when the user hides it).
    async fn user_name(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<String>> {
        if self.names_hidden() {
            return Ok(None);
        }
        let user = ctx
            .loader()?
            .load_one(UserById(self.row.author_user_id))
            .await?;
        Ok(user.and_then(|u| user_name(self.viewer, &u)))
    }

    /// The creator (null when Anonymous, for non-members, or when the user is Hidden).
    async fn author(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<User>> {
        if self.names_hidden() {
            return Ok(None);
        }
        let user = ctx
            .loader()?
            .load_one(UserById(self.row.author_user_id))
            .await?;
        Ok(user.and_then(|u| user_node(self.viewer, u)))
    }

    /// The contact point's user id (an active member, else the author).
    async fn contact_point(&self) -> Option<ID> {
        self.name(id_of(self.row.contact_point_user_id))
    }

    /// The contact point (null when Anonymous, for non-members, or when Hidden).
    async fn contact_point_user(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<User>> {
        if self.names_hidden() {
            return Ok(None);
        }
        let user = ctx
            .loader()?
            .load_one(UserById(self.row.contact_point_user_id))
            .await?;
        Ok(user.and_then(|u| user_node(self.viewer, u)))
    }

    /// The active members, the author first (empty when Anonymous, for non-members;
    /// Hidden users are listed to admins and members only).
    async fn members(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<OrganizationMember>> {
        if self.names_hidden() {
            return Ok(Vec::new());
        }
        let rows = ctx
            .loader()?
            .load_one(MembersOf(self.row.id))
            .await?
            .unwrap_or_default();
        let privileged = self.privileged();
        Ok(rows
            .into_iter()
            .filter_map(|(member, user)| {
                let vis = Visibility::from_code(user.visibility).unwrap_or(Visibility::Hidden);
                let listed = privileged || user_visible(&self.viewer, user.id, vis);
                listed.then(|| OrganizationMember {
                    user_id: id_of(member.user_id),
                    member_type: member.member_type,
                    user_full_name: user_name(self.viewer, &user),
                    contact_point: id_of(self.row.contact_point_user_id),
                    is_contact_point: member.user_id == self.row.contact_point_user_id,
                    created_at: member.created_at,
                    user: user_node(self.viewer, user),
                })
            })
            .collect())
    }

    /// The address.
    async fn address(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Option<OrganizationAddressNode>> {
        let row = ctx
            .loader()?
            .load_one(OrganizationAddressOf(self.row.id))
            .await?;
        Ok(row.map(OrganizationAddressNode::from))
    }

    /// The bank account (admins and members only).
    async fn bank_account(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Option<OrganizationBankAccountNode>> {
        if !self.privileged() {
            return Ok(None);
        }
        let row = ctx
            .loader()?
            .load_one(OrganizationBankAccountOf(self.row.id))
            .await?;
        Ok(row.map(OrganizationBankAccountNode::from))
    }

    /// Last entry into Submitted.
    async fn submitted_at(&self) -> Option<DateTime<Utc>> {
        self.row.submitted_at
    }

    /// Last entry into Approved.
    async fn approved_at(&self) -> Option<DateTime<Utc>> {
        self.row.approved_at
    }

    /// Last entry into Published.
    async fn published_at(&self) -> Option<DateTime<Utc>> {
        self.row.published_at
    }

    /// Entry into Cancelled.
    async fn canceled_at(&self) -> Option<DateTime<Utc>> {
        self.row.canceled_at
    }

    /// Created.
    async fn created_at(&self) -> DateTime<Utc> {
        self.row.created_at
    }

    /// Last change.
    async fn updated_at(&self) -> DateTime<Utc> {
        self.row.updated_at
    }

    /// What the viewer may do with this organization, so front ends never repeat the
    /// rules.
    async fn viewer_can(&self) -> OrganizationViewerCan {
        let actor = Actor::for_organization(&self.viewer, self.is_member);
        let from = self.stage();
        OrganizationViewerCan {
            edit: actor.is_some(),
            manage_members: actor.is_some(),
            create_offering: actor.is_some(),
            transitions_to: actor
                .map(|a| {
                    OrganizationStage::ALL
                        .iter()
                        .copied()
                        .filter(|to| organization_transition_allowed(a, from, *to))
                        .collect()
                })
                .unwrap_or_default(),
        }
    }
}

/// What the viewer may do with an organization.
#[derive(SimpleObject)]
pub struct OrganizationViewerCan {
    /// Change its fields (`updateOrganization`).
    pub edit: bool,
    /// Add and remove members.
    pub manage_members: bool,
    /// Create offerings under it.
    pub create_offering: bool,
    /// The stages `updateOrganization(lifeCycleStage)` may move it to.
    pub transitions_to: Vec<OrganizationStage>,
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
