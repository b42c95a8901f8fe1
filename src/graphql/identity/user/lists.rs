//! What a user's page lists: the users they referred, their organizations, addresses
//! and bank accounts (each batch-loaded, so a page of users costs a fixed number of
//! statements).

use async_graphql::{ComplexObject, Context, ID, Object, SimpleObject};
use uuid::Uuid;

use super::User;
use crate::domain::stages::{OrganizationStage, Visibility};
use crate::domain::visibility::{UserField, organization_names_hidden, organization_visible};
use crate::error::ApiResult;
use crate::graphql::context::ContextExt;
use crate::graphql::identity::fetch::referred_scope;
use crate::graphql::ids::id_of;
use crate::graphql::list::{ListArgs, Page};
use crate::graphql::loaders::{AddressesOf, BankAccountsOf, MembershipsOf};
use crate::graphql::money::payout::{Payout, first_payouts};
use crate::graphql::money::wallet::{Wallet, wallets_of};
use crate::graphql::registry::capitalization::{Capitalization, first_capitalizations};
use crate::models::capitalization::CapitalizationParent;
use crate::models::payout::PayoutParent;
use crate::models::shapes::{BankDetails, PostalAddress};
use crate::models::user_detail;

/// The nested lists of a [`User`], flattened into it.
pub struct ListFields<'a>(pub(super) &'a User);

#[Object(name = "UserListFields")]
impl ListFields<'_> {
    /// Users this user referred as an affiliate: visible to the
    /// user themself and admins only; `null` for others.
    async fn referred_users(
        &self,
        ctx: &Context<'_>,
        #[graphql(default)] args: ListArgs,
    ) -> ApiResult<Option<Page<User>>> {
        if !self.0.viewer.is_self_or_admin(self.0.row.id) {
            return Ok(None);
        }
        let scope = referred_scope(&self.0.viewer, self.0.row.id);
        User::paginate(ctx, scope, &args).await.map(Some)
    }

    /// The organizations the user belongs to (as the REST user payloads show them), each only when
    /// the viewer may see that organization; names hidden for Anonymous organizations.
    async fn organizations(&self, ctx: &Context<'_>) -> ApiResult<Vec<UserOrganization>> {
        let rows = ctx
            .loader()?
            .load_one(MembershipsOf(self.0.row.id))
            .await?
            .unwrap_or_default();
        let own = self.0.viewer.is_self_or_admin(self.0.row.id);
        Ok(rows
            .into_iter()
            .filter_map(|m| {
                let stage = OrganizationStage::from_code(m.stage)?;
                let visibility = Visibility::from_code(m.visibility)?;
                // The user sees all their own memberships; others only those of the
                // organizations they may see.
                if !own && !organization_visible(&self.0.viewer, false, stage, visibility) {
                    return None;
                }
                let hidden = !own && organization_names_hidden(&self.0.viewer, false, visibility);
                Some(UserOrganization {
                    organization_id: id_of(m.organization_id),
                    organization_name: (!hidden).then_some(m.organization_name),
                    member_type: m.member_type,
                    status: m.status,
                    contact_point: id_of(m.contact_point),
                })
            })
            .collect())
    }

    /// The user's first address (private).
    async fn address(&self, ctx: &Context<'_>) -> ApiResult<Option<Address>> {
        if !self.0.sees(UserField::Address) {
            return Ok(None);
        }
        let rows = ctx.loader()?.load_one(AddressesOf(self.0.row.id)).await?;
        Ok(rows.and_then(|r| r.into_iter().next()).map(Address::from))
    }

    /// All of the user's addresses, first one first (private: empty for others).
    async fn addresses(&self, ctx: &Context<'_>) -> ApiResult<Vec<Address>> {
        if !self.0.sees(UserField::Addresses) {
            return Ok(Vec::new());
        }
        let rows = ctx.loader()?.load_one(AddressesOf(self.0.row.id)).await?;
        Ok(rows
            .unwrap_or_default()
            .into_iter()
            .map(Address::from)
            .collect())
    }

    /// The user's internal wallets, oldest first (the user themself and admins; empty
    /// for others).
    async fn wallets(&self, ctx: &Context<'_>) -> ApiResult<Vec<Wallet>> {
        wallets_of(ctx, self.0.row.id, self.0.viewer).await
    }

    /// The newest payouts owed to the user (at most `limit`, 1-100) that the viewer may
    /// see: all for the user themself and admins, those of their offerings for an
    /// organization's members, none for others.
    async fn payouts(
        &self,
        ctx: &Context<'_>,
        #[graphql(default = 12)] limit: i64,
    ) -> ApiResult<Vec<Payout>> {
        first_payouts(ctx, PayoutParent::User, self.0.row.id, limit, self.0.viewer).await
    }

    /// The newest capitalizations the user holds (at most `limit`, 1-100) that the
    /// viewer may see: all for the user themself and admins, those of their
    /// organizations for an organization's members, none for others.
    async fn capitalizations(
        &self,
        ctx: &Context<'_>,
        #[graphql(default = 12)] limit: i64,
    ) -> ApiResult<Vec<Capitalization>> {
        let parent = CapitalizationParent::Owner;
        first_capitalizations(ctx, parent, self.0.row.id, limit, self.0.viewer).await
    }

    /// The user's bank accounts (private: empty for others).
    async fn bank_accounts(&self, ctx: &Context<'_>) -> ApiResult<Vec<BankAccount>> {
        if !self.0.sees(UserField::BankAccounts) {
            return Ok(Vec::new());
        }
        let rows = ctx
            .loader()?
            .load_one(BankAccountsOf(self.0.row.id))
            .await?;
        Ok(rows
            .unwrap_or_default()
            .into_iter()
            .map(BankAccount::from)
            .collect())
    }
}

/// A user's membership of an organization.
#[derive(SimpleObject)]
pub struct UserOrganization {
    /// The organization.
    pub organization_id: ID,
    /// Its display name (null when the organization is Anonymous to the viewer).
    pub organization_name: Option<String>,
    /// `author` or `member`.
    pub member_type: String,
    /// Whether the membership is active.
    pub status: bool,
    /// The organization's contact point.
    pub contact_point: ID,
}

/// A postal address.
#[derive(SimpleObject)]
#[graphql(complex)]
pub struct Address {
    #[graphql(skip)]
    id: Uuid,
    #[graphql(flatten)]
    postal: PostalAddress,
}

#[ComplexObject]
impl Address {
    /// Unique identifier (send it back to update this address).
    async fn id(&self) -> ID {
        id_of(self.id)
    }
}

impl From<user_detail::Address> for Address {
    fn from(r: user_detail::Address) -> Self {
        Self {
            id: r.id,
            postal: r.postal,
        }
    }
}

/// A bank account.
#[derive(SimpleObject)]
#[graphql(complex)]
pub struct BankAccount {
    #[graphql(skip)]
    id: Uuid,
    #[graphql(flatten)]
    details: BankDetails,
}

#[ComplexObject]
impl BankAccount {
    /// Unique identifier (send it back to update this account).
    async fn id(&self) -> ID {
        id_of(self.id)
    }
}

impl From<user_detail::BankAccount> for BankAccount {
    fn from(r: user_detail::BankAccount) -> Self {
        Self {
            id: r.id,
            details: r.details,
        }
    }
}
