//! The `User` GraphQL type, with the field visibility of DESIGN §6 applied per field:
//! self and admins see every field; others see public fields, no names of an Anonymous
//! user, and never private ones. A field the viewer may not see is `null` (never an
//! error), so one query shape serves every viewer. Hidden users are Not Found for others
//! (see `crate::domain::visibility::user_visible`).

use std::sync::Arc;

use async_graphql::{ComplexObject, Context, Object, SimpleObject};
use chrono::{DateTime, NaiveDate, Utc};

use super::fetch::referred_scope;
use crate::domain::stages::OrganizationStage;
use crate::domain::stages::Visibility;
use crate::domain::viewer::Viewer;
use crate::domain::visibility::{UserField, user_field_visible};
use crate::domain::visibility::{organization_names_hidden, organization_visible};
use crate::error::ApiResult;
use crate::graphql::context::ContextExt;
use crate::graphql::custom_fields::{CustomField, info_of};
use crate::graphql::ids::id_of;
use crate::graphql::loaders::{AddressesOf, BankAccountsOf, MembershipsOf};
use crate::models::shapes::{BankDetails, PostalAddress};
use crate::models::user::User as UserRow;
use crate::models::user_detail;

/// A user of the network, as the current viewer may see them.
pub struct User {
    // Shared: the same user is often the answer of many nested fields of one request
    // (every investment of an investor), all served from one batch-loaded row.
    row: Arc<UserRow>,
    viewer: Viewer,
}

impl User {
    /// Wraps a row for `viewer`; the caller has checked the user is visible to them.
    pub fn new(row: impl Into<Arc<UserRow>>, viewer: Viewer) -> Self {
        Self {
            row: row.into(),
            viewer,
        }
    }

    /// The underlying row.
    pub fn row(&self) -> &UserRow {
        &self.row
    }

    fn target_visibility(&self) -> Visibility {
        Visibility::from_code(self.row.visibility).unwrap_or(Visibility::Hidden)
    }

    fn sees(&self, field: UserField) -> bool {
        user_field_visible(&self.viewer, self.row.id, self.target_visibility(), field)
    }

    fn show<T>(&self, field: UserField, value: T) -> Option<T> {
        self.sees(field).then_some(value)
    }
}

#[Object]
impl User {
    /// Unique identifier.
    async fn id(&self) -> async_graphql::ID {
        async_graphql::ID(self.row.id.to_string())
    }

    /// Who may see this user: Open, Hidden or Anonymous.
    async fn visibility(&self) -> Visibility {
        self.target_visibility()
    }

    /// When the user joined.
    async fn created_at(&self) -> DateTime<Utc> {
        self.row.created_at
    }

    /// Last change of the user.
    async fn updated_at(&self) -> DateTime<Utc> {
        self.row.updated_at
    }

    /// Login email (private).
    async fn email(&self) -> Option<&str> {
        self.show(UserField::Email, self.row.email.as_str())
    }

    /// Whether the email was verified through the mailed link (private).
    async fn email_verified(&self) -> Option<bool> {
        self.show(UserField::EmailVerified, self.row.email_verified)
    }

    /// Honorific prefix such as Dr or Mrs (a name).
    async fn honorific_prefix(&self) -> Option<&str> {
        self.show(
            UserField::HonorificPrefix,
            self.row.honorific_prefix.as_deref(),
        )
        .flatten()
    }

    /// Given name (a name).
    async fn given_name(&self) -> Option<&str> {
        self.show(UserField::GivenName, self.row.given_name.as_deref())
            .flatten()
    }

    /// Middle name (a name).
    async fn additional_name(&self) -> Option<&str> {
        self.show(
            UserField::AdditionalName,
            self.row.additional_name.as_deref(),
        )
        .flatten()
    }

    /// Family name (a name).
    async fn family_name(&self) -> Option<&str> {
        self.show(UserField::FamilyName, self.row.family_name.as_deref())
            .flatten()
    }

    /// Honorific suffix such as PhD (a name).
    async fn honorific_suffix(&self) -> Option<&str> {
        self.show(
            UserField::HonorificSuffix,
            self.row.honorific_suffix.as_deref(),
        )
        .flatten()
    }

    /// Given and family name together (a name).
    async fn full_name(&self) -> Option<String> {
        self.show(UserField::FullName, self.row.full_name())
            .flatten()
    }

    /// The user's category, e.g. investor or borrower.
    async fn additional_type(&self) -> Option<&str> {
        self.show(
            UserField::AdditionalType,
            self.row.additional_type.as_deref(),
        )
        .flatten()
    }

    /// Biography.
    async fn biography(&self) -> Option<&str> {
        self.show(UserField::Biography, self.row.biography.as_deref())
            .flatten()
    }

    /// A short tagline.
    async fn tagline(&self) -> Option<&str> {
        self.show(UserField::Tagline, self.row.tagline.as_deref())
            .flatten()
    }

    /// Job title.
    async fn job_title(&self) -> Option<&str> {
        self.show(UserField::JobTitle, self.row.job_title.as_deref())
            .flatten()
    }

    /// Industry or sector.
    async fn sector(&self) -> Option<&str> {
        self.show(UserField::Sector, self.row.sector.as_deref())
            .flatten()
    }

    /// Location, e.g. a city.
    async fn location(&self) -> Option<&str> {
        self.show(UserField::Location, self.row.location.as_deref())
            .flatten()
    }

    /// Web site.
    async fn web_site(&self) -> Option<&str> {
        self.show(UserField::WebSite, self.row.web_site.as_deref())
            .flatten()
    }

    /// Time zone.
    async fn time_zone(&self) -> Option<&str> {
        self.show(UserField::TimeZone, self.row.time_zone.as_deref())
            .flatten()
    }

    /// Gender (private).
    async fn gender(&self) -> Option<&str> {
        self.show(UserField::Gender, self.row.gender.as_deref())
            .flatten()
    }

    /// Income range (private).
    async fn income_range(&self) -> Option<&str> {
        self.show(UserField::IncomeRange, self.row.income_range.as_deref())
            .flatten()
    }

    /// Date of birth (private).
    async fn birth_date(&self) -> Option<NaiveDate> {
        self.show(UserField::BirthDate, self.row.birth_date)
            .flatten()
    }

    /// Place of birth (private).
    async fn birth_place(&self) -> Option<&str> {
        self.show(UserField::BirthPlace, self.row.birth_place.as_deref())
            .flatten()
    }

    /// Country of birth (private).
    async fn birth_country(&self) -> Option<&str> {
        self.show(UserField::BirthCountry, self.row.birth_country.as_deref())
            .flatten()
    }

    /// Nationality, ISO 3166-1 alpha-2 (private).
    async fn nationality(&self) -> Option<&str> {
        self.show(UserField::Nationality, self.row.nationality.as_deref())
            .flatten()
    }

    /// Passport number (private).
    async fn passport_number(&self) -> Option<&str> {
        self.show(
            UserField::PassportNumber,
            self.row.passport_number.as_deref(),
        )
        .flatten()
    }

    /// Passport issuing country, alpha-2 (private).
    async fn passport_country(&self) -> Option<&str> {
        self.show(
            UserField::PassportCountry,
            self.row.passport_country.as_deref(),
        )
        .flatten()
    }

    /// Passport expiry date (private).
    async fn passport_expiry(&self) -> Option<NaiveDate> {
        self.show(UserField::PassportExpiry, self.row.passport_expiry)
            .flatten()
    }

    /// Driving licence number (private).
    async fn driving_license_number(&self) -> Option<&str> {
        self.show(
            UserField::DrivingLicenseNumber,
            self.row.driving_license_number.as_deref(),
        )
        .flatten()
    }

    /// Tax or fiscal id (private).
    async fn tax_id(&self) -> Option<&str> {
        self.show(UserField::TaxId, self.row.tax_id.as_deref())
            .flatten()
    }

    /// Primary phone (private).
    #[graphql(name = "phone1")]
    async fn phone_1(&self) -> Option<&str> {
        self.show(UserField::Phone1, self.row.phone_1.as_deref())
            .flatten()
    }

    /// Secondary phone (private).
    #[graphql(name = "phone2")]
    async fn phone_2(&self) -> Option<&str> {
        self.show(UserField::Phone2, self.row.phone_2.as_deref())
            .flatten()
    }

    /// Identifier in another system of the platform (private).
    async fn external_reference_id(&self) -> Option<&str> {
        self.show(
            UserField::ExternalReferenceId,
            self.row.external_reference_id.as_deref(),
        )
        .flatten()
    }

    /// Last GBGroup KYC check id (private).
    async fn gbg_pass_id(&self) -> Option<&str> {
        self.show(UserField::GbgPassId, self.row.gbg_pass_id.as_deref())
            .flatten()
    }

    /// GCEN client id (private).
    async fn gcen_client_id(&self) -> Option<&str> {
        self.show(UserField::GcenClientId, self.row.gcen_client_id.as_deref())
            .flatten()
    }

    /// MangoPay user id (private).
    async fn mangopay_user_id(&self) -> Option<&str> {
        self.show(
            UserField::MangopayUserId,
            self.row.mangopay_user_id.as_deref(),
        )
        .flatten()
    }

    /// MangoPay card id (private).
    async fn mangopay_card_id(&self) -> Option<&str> {
        self.show(
            UserField::MangopayCardId,
            self.row.mangopay_card_id.as_deref(),
        )
        .flatten()
    }

    /// Reyker id (private).
    async fn reyker_id(&self) -> Option<&str> {
        self.show(UserField::ReykerId, self.row.reyker_id.as_deref())
            .flatten()
    }

    /// FundAmerica entity id (private).
    async fn fundamerica_entity_id(&self) -> Option<&str> {
        self.show(
            UserField::FundamericaEntityId,
            self.row.fundamerica_entity_id.as_deref(),
        )
        .flatten()
    }

    /// Admin of the network (private).
    async fn is_admin(&self) -> Option<bool> {
        self.show(UserField::IsAdmin, self.row.is_admin)
    }

    /// VIP: sees Restricted offerings (private).
    async fn is_vip(&self) -> Option<bool> {
        self.show(UserField::IsVip, self.row.is_vip)
    }

    /// Approved in onboarding (private).
    async fn has_been_approved(&self) -> Option<bool> {
        self.show(UserField::HasBeenApproved, self.row.has_been_approved)
    }

    /// Whether a block is in force (private).
    async fn has_been_blocked(&self) -> Option<bool> {
        self.show(
            UserField::HasBeenBlocked,
            self.row.is_blocked_on(chrono::Utc::now().date_naive()),
        )
    }

    /// The current block's message to the user (private).
    async fn block_user_message(&self) -> Option<&str> {
        self.show(
            UserField::BlockUserMessage,
            self.row.block_user_message.as_deref(),
        )
        .flatten()
    }

    /// The date the current block lifts itself (private).
    async fn block_expiration_date(&self) -> Option<NaiveDate> {
        self.show(
            UserField::BlockExpirationDate,
            self.row.block_expiration_date,
        )
        .flatten()
    }

    /// Registration marked complete (private).
    async fn registration_complete(&self) -> Option<bool> {
        self.show(
            UserField::RegistrationComplete,
            self.row.registration_complete,
        )
    }

    /// Terms and conditions accepted (private).
    async fn term_service_accepted(&self) -> Option<bool> {
        self.show(
            UserField::TermServiceAccepted,
            self.row.term_service_accepted,
        )
    }

    /// When the terms were accepted (private).
    async fn term_service_accepted_at(&self) -> Option<DateTime<Utc>> {
        self.show(
            UserField::TermServiceAcceptedAt,
            self.row.term_service_accepted_at,
        )
        .flatten()
    }

    /// Phone verified (private).
    async fn phone_verified(&self) -> Option<bool> {
        self.show(UserField::PhoneVerified, self.row.phone_verified)
    }

    /// The user must choose a new password (private).
    async fn password_expired(&self) -> Option<bool> {
        self.show(UserField::PasswordExpired, self.row.password_expired)
    }

    /// The code this user hands out as an affiliate (private).
    async fn affiliate_code(&self) -> Option<&str> {
        self.show(UserField::AffiliateCode, self.row.affiliate_code.as_deref())
            .flatten()
    }

    /// The affiliate code this user signed up with (private).
    async fn referral_code(&self) -> Option<&str> {
        self.show(UserField::ReferralCode, self.row.referral_code.as_deref())
            .flatten()
    }

    /// Custom fields, a JSON object of name to value (private).
    async fn custom(&self) -> Option<&serde_json::Value> {
        self.show(UserField::Custom, &self.row.custom)
    }

    /// Custom fields as the legacy API's deprecated `info` list of `{type, value}` (private,
    /// like `custom`).
    async fn info(&self) -> Option<Vec<CustomField>> {
        self.show(UserField::Info, info_of(&self.row.custom))
    }

    /// The id of the Document holding the profile image (classed with names: an
    /// Anonymous user shows none). The Document itself comes with the documents routes.
    async fn image(&self) -> Option<async_graphql::ID> {
        self.show(UserField::Image, self.row.image_document_id)
            .flatten()
            .map(id_of)
    }

    /// Last successful login (private).
    async fn last_login_at(&self) -> Option<DateTime<Utc>> {
        self.show(UserField::LastLoginAt, self.row.last_login_at)
            .flatten()
    }

    /// When the user asked for the account to be deleted (private).
    async fn deletion_requested_at(&self) -> Option<DateTime<Utc>> {
        self.show(
            UserField::DeletionRequestedAt,
            self.row.deletion_requested_at,
        )
        .flatten()
    }

    /// Users this user referred as an affiliate: visible to the
    /// user themself and admins only; `null` for others.
    async fn referred_users(
        &self,
        ctx: &Context<'_>,
        #[graphql(default)] args: crate::graphql::list::ListArgs,
    ) -> ApiResult<Option<crate::graphql::list::Page<User>>> {
        if !self.viewer.is_self_or_admin(self.row.id) {
            return Ok(None);
        }
        let scope = referred_scope(&self.viewer, self.row.id);
        User::paginate(ctx, scope, &args).await.map(Some)
    }

    /// The organizations the user belongs to (as the REST user payloads show them), each only when
    /// the viewer may see that organization; names hidden for Anonymous organizations.
    async fn organizations(&self, ctx: &Context<'_>) -> ApiResult<Vec<UserOrganization>> {
        let rows = ctx
            .loader()?
            .load_one(MembershipsOf(self.row.id))
            .await?
            .unwrap_or_default();
        let own = self.viewer.is_self_or_admin(self.row.id);
        Ok(rows
            .into_iter()
            .filter_map(|m| {
                let stage = OrganizationStage::from_code(m.stage)?;
                let visibility = Visibility::from_code(m.visibility)?;
                // The user sees all their own memberships; others what §6 lets them see.
                if !own && !organization_visible(&self.viewer, false, stage, visibility) {
                    return None;
                }
                let hidden = !own && organization_names_hidden(&self.viewer, false, visibility);
                Some(UserOrganization {
                    organization_id: async_graphql::ID(m.organization_id.to_string()),
                    organization_name: (!hidden).then_some(m.organization_name),
                    member_type: m.member_type,
                    status: m.status,
                    contact_point: async_graphql::ID(m.contact_point.to_string()),
                })
            })
            .collect())
    }

    /// The user's first address (private).
    async fn address(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Address>> {
        if !self.sees(UserField::Address) {
            return Ok(None);
        }
        let rows = ctx.loader()?.load_one(AddressesOf(self.row.id)).await?;
        Ok(rows.and_then(|r| r.into_iter().next()).map(Address::from))
    }

    /// All of the user's addresses, first one first (private: empty for others).
    async fn addresses(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Address>> {
        if !self.sees(UserField::Addresses) {
            return Ok(Vec::new());
        }
        let rows = ctx.loader()?.load_one(AddressesOf(self.row.id)).await?;
        Ok(rows
            .unwrap_or_default()
            .into_iter()
            .map(Address::from)
            .collect())
    }

    /// The user's bank accounts (private: empty for others).
    async fn bank_accounts(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<BankAccount>> {
        if !self.sees(UserField::BankAccounts) {
            return Ok(Vec::new());
        }
        let rows = ctx.loader()?.load_one(BankAccountsOf(self.row.id)).await?;
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
    pub organization_id: async_graphql::ID,
    /// Its display name (null when the organization is Anonymous to the viewer).
    pub organization_name: Option<String>,
    /// `author` or `member`.
    pub member_type: String,
    /// Whether the membership is active.
    pub status: bool,
    /// The organization's contact point.
    pub contact_point: async_graphql::ID,
}

/// A postal address.
#[derive(SimpleObject)]
#[graphql(complex)]
pub struct Address {
    #[graphql(skip)]
    id: uuid::Uuid,
    #[graphql(flatten)]
    postal: PostalAddress,
}

#[ComplexObject]
impl Address {
    /// Unique identifier (send it back to update this address).
    async fn id(&self) -> async_graphql::ID {
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
    id: uuid::Uuid,
    #[graphql(flatten)]
    details: BankDetails,
}

#[ComplexObject]
impl BankAccount {
    /// Unique identifier (send it back to update this account).
    async fn id(&self) -> async_graphql::ID {
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
