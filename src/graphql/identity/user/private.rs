//! A user's private fields: only the user themself and admins see them (`null` for
//! anybody else).

use async_graphql::{ID, Object};
use chrono::{DateTime, NaiveDate, Utc};

use super::User;
use crate::domain::visibility::UserField;
use crate::graphql::custom_fields::{CustomField, info_of};
use crate::graphql::ids::id_of;

/// The private fields of a [`User`], flattened into it: personal data, integration ids,
/// onboarding and block state, custom fields.
pub struct PrivateFields<'a>(pub(super) &'a User);

#[Object(name = "UserPrivateFields")]
impl PrivateFields<'_> {
    /// Gender (private).
    async fn gender(&self) -> Option<&str> {
        self.0.text(UserField::Gender, &self.0.row.gender)
    }

    /// Income range (private).
    async fn income_range(&self) -> Option<&str> {
        self.0
            .text(UserField::IncomeRange, &self.0.row.income_range)
    }

    /// Date of birth (private).
    async fn birth_date(&self) -> Option<NaiveDate> {
        self.0.shown(UserField::BirthDate, self.0.row.birth_date)
    }

    /// Place of birth (private).
    async fn birth_place(&self) -> Option<&str> {
        self.0.text(UserField::BirthPlace, &self.0.row.birth_place)
    }

    /// Country of birth (private).
    async fn birth_country(&self) -> Option<&str> {
        self.0
            .text(UserField::BirthCountry, &self.0.row.birth_country)
    }

    /// Nationality, ISO 3166-1 alpha-2 (private).
    async fn nationality(&self) -> Option<&str> {
        self.0.text(UserField::Nationality, &self.0.row.nationality)
    }

    /// Passport number (private).
    async fn passport_number(&self) -> Option<&str> {
        self.0
            .text(UserField::PassportNumber, &self.0.row.passport_number)
    }

    /// Passport issuing country, alpha-2 (private).
    async fn passport_country(&self) -> Option<&str> {
        self.0
            .text(UserField::PassportCountry, &self.0.row.passport_country)
    }

    /// Passport expiry date (private).
    async fn passport_expiry(&self) -> Option<NaiveDate> {
        self.0
            .shown(UserField::PassportExpiry, self.0.row.passport_expiry)
    }

    /// Driving licence number (private).
    async fn driving_license_number(&self) -> Option<&str> {
        self.0.text(
            UserField::DrivingLicenseNumber,
            &self.0.row.driving_license_number,
        )
    }

    /// Tax or fiscal id (private).
    async fn tax_id(&self) -> Option<&str> {
        self.0.text(UserField::TaxId, &self.0.row.tax_id)
    }

    /// Primary phone (private).
    #[graphql(name = "phone1")]
    async fn phone_1(&self) -> Option<&str> {
        self.0.text(UserField::Phone1, &self.0.row.phone_1)
    }

    /// Secondary phone (private).
    #[graphql(name = "phone2")]
    async fn phone_2(&self) -> Option<&str> {
        self.0.text(UserField::Phone2, &self.0.row.phone_2)
    }

    /// Identifier in another system of the platform (private).
    async fn external_reference_id(&self) -> Option<&str> {
        self.0.text(
            UserField::ExternalReferenceId,
            &self.0.row.external_reference_id,
        )
    }

    /// Last GBGroup KYC check id (private).
    async fn gbg_pass_id(&self) -> Option<&str> {
        self.0.text(UserField::GbgPassId, &self.0.row.gbg_pass_id)
    }

    /// GCEN client id (private).
    async fn gcen_client_id(&self) -> Option<&str> {
        self.0
            .text(UserField::GcenClientId, &self.0.row.gcen_client_id)
    }

    /// MangoPay user id (private).
    async fn mangopay_user_id(&self) -> Option<&str> {
        self.0
            .text(UserField::MangopayUserId, &self.0.row.mangopay_user_id)
    }

    /// MangoPay card id (private).
    async fn mangopay_card_id(&self) -> Option<&str> {
        self.0
            .text(UserField::MangopayCardId, &self.0.row.mangopay_card_id)
    }

    /// Reyker id (private).
    async fn reyker_id(&self) -> Option<&str> {
        self.0.text(UserField::ReykerId, &self.0.row.reyker_id)
    }

    /// FundAmerica entity id (private).
    async fn fundamerica_entity_id(&self) -> Option<&str> {
        self.0.text(
            UserField::FundamericaEntityId,
            &self.0.row.fundamerica_entity_id,
        )
    }

    /// Admin of the network (private).
    async fn is_admin(&self) -> Option<bool> {
        self.0.show(UserField::IsAdmin, self.0.row.is_admin)
    }

    /// VIP: sees Restricted offerings (private).
    async fn is_vip(&self) -> Option<bool> {
        self.0.show(UserField::IsVip, self.0.row.is_vip)
    }

    /// Approved in onboarding (private).
    async fn has_been_approved(&self) -> Option<bool> {
        self.0
            .show(UserField::HasBeenApproved, self.0.row.has_been_approved)
    }

    /// Whether a block is in force (private).
    async fn has_been_blocked(&self) -> Option<bool> {
        self.0.show(
            UserField::HasBeenBlocked,
            self.0.row.is_blocked_on(Utc::now().date_naive()),
        )
    }

    /// The current block's message to the user (private).
    async fn block_user_message(&self) -> Option<&str> {
        self.0
            .text(UserField::BlockUserMessage, &self.0.row.block_user_message)
    }

    /// The date the current block lifts itself (private).
    async fn block_expiration_date(&self) -> Option<NaiveDate> {
        self.0.shown(
            UserField::BlockExpirationDate,
            self.0.row.block_expiration_date,
        )
    }

    /// Registration marked complete (private).
    async fn registration_complete(&self) -> Option<bool> {
        self.0.show(
            UserField::RegistrationComplete,
            self.0.row.registration_complete,
        )
    }

    /// Terms and conditions accepted (private).
    async fn term_service_accepted(&self) -> Option<bool> {
        self.0.show(
            UserField::TermServiceAccepted,
            self.0.row.term_service_accepted,
        )
    }

    /// When the terms were accepted (private).
    async fn term_service_accepted_at(&self) -> Option<DateTime<Utc>> {
        self.0.shown(
            UserField::TermServiceAcceptedAt,
            self.0.row.term_service_accepted_at,
        )
    }

    /// Phone verified (private).
    async fn phone_verified(&self) -> Option<bool> {
        self.0
            .show(UserField::PhoneVerified, self.0.row.phone_verified)
    }

    /// The user must choose a new password (private).
    async fn password_expired(&self) -> Option<bool> {
        self.0
            .show(UserField::PasswordExpired, self.0.row.password_expired)
    }

    /// The code this user hands out as an affiliate (private).
    async fn affiliate_code(&self) -> Option<&str> {
        self.0
            .text(UserField::AffiliateCode, &self.0.row.affiliate_code)
    }

    /// The affiliate code this user signed up with (private).
    async fn referral_code(&self) -> Option<&str> {
        self.0
            .text(UserField::ReferralCode, &self.0.row.referral_code)
    }

    /// Custom fields, a JSON object of name to value (private).
    async fn custom(&self) -> Option<&serde_json::Value> {
        self.0.show(UserField::Custom, &self.0.row.custom)
    }

    /// Custom fields as the legacy API's deprecated `info` list of `{type, value}` (private,
    /// like `custom`).
    async fn info(&self) -> Option<Vec<CustomField>> {
        self.0.show(UserField::Info, info_of(&self.0.row.custom))
    }

    /// The id of the Document holding the profile image (classed with names: an
    /// Anonymous user shows none). The Document itself comes with the documents routes.
    async fn image(&self) -> Option<ID> {
        self.0
            .shown(UserField::Image, self.0.row.image_document_id)
            .map(id_of)
    }

    /// Last successful login (private).
    async fn last_login_at(&self) -> Option<DateTime<Utc>> {
        self.0
            .shown(UserField::LastLoginAt, self.0.row.last_login_at)
    }

    /// When the user asked for the account to be deleted (private).
    async fn deletion_requested_at(&self) -> Option<DateTime<Utc>> {
        self.0.shown(
            UserField::DeletionRequestedAt,
            self.0.row.deletion_requested_at,
        )
    }
}
