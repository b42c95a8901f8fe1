//! Who a user is: the account's identity and the profile others may see (names only as
//! the user's visibility allows).

use async_graphql::Object;
use chrono::{DateTime, Utc};

use super::User;
use crate::domain::stages::Visibility;
use crate::domain::visibility::UserField;

/// The identity and profile fields of a [`User`], flattened into it.
pub struct ProfileFields<'a>(pub(super) &'a User);

#[Object(name = "UserProfileFields")]
impl ProfileFields<'_> {
    /// Who may see this user: Open, Hidden or Anonymous.
    async fn visibility(&self) -> Visibility {
        self.0.target_visibility()
    }

    /// When the user joined.
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.row.created_at
    }

    /// Last change of the user.
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.row.updated_at
    }

    /// Login email (private).
    async fn email(&self) -> Option<&str> {
        self.0.show(UserField::Email, self.0.row.email.as_str())
    }

    /// Whether the email was verified through the mailed link (private).
    async fn email_verified(&self) -> Option<bool> {
        self.0
            .show(UserField::EmailVerified, self.0.row.email_verified)
    }

    /// Honorific prefix such as Dr or Mrs (a name).
    async fn honorific_prefix(&self) -> Option<&str> {
        self.0
            .text(UserField::HonorificPrefix, &self.0.row.honorific_prefix)
    }

    /// Given name (a name).
    async fn given_name(&self) -> Option<&str> {
        self.0.text(UserField::GivenName, &self.0.row.given_name)
    }

    /// Middle name (a name).
    async fn additional_name(&self) -> Option<&str> {
        self.0
            .text(UserField::AdditionalName, &self.0.row.additional_name)
    }

    /// Family name (a name).
    async fn family_name(&self) -> Option<&str> {
        self.0.text(UserField::FamilyName, &self.0.row.family_name)
    }

    /// Honorific suffix such as PhD (a name).
    async fn honorific_suffix(&self) -> Option<&str> {
        self.0
            .text(UserField::HonorificSuffix, &self.0.row.honorific_suffix)
    }

    /// Given and family name together (a name).
    async fn full_name(&self) -> Option<String> {
        self.0
            .show(UserField::FullName, self.0.row.full_name())
            .flatten()
    }

    /// The user's category, e.g. investor or borrower.
    async fn additional_type(&self) -> Option<&str> {
        self.0
            .text(UserField::AdditionalType, &self.0.row.additional_type)
    }

    /// Biography.
    async fn biography(&self) -> Option<&str> {
        self.0.text(UserField::Biography, &self.0.row.biography)
    }

    /// A short tagline.
    async fn tagline(&self) -> Option<&str> {
        self.0.text(UserField::Tagline, &self.0.row.tagline)
    }

    /// Job title.
    async fn job_title(&self) -> Option<&str> {
        self.0.text(UserField::JobTitle, &self.0.row.job_title)
    }

    /// Industry or sector.
    async fn sector(&self) -> Option<&str> {
        self.0.text(UserField::Sector, &self.0.row.sector)
    }

    /// Location, e.g. a city.
    async fn location(&self) -> Option<&str> {
        self.0.text(UserField::Location, &self.0.row.location)
    }

    /// Web site.
    async fn web_site(&self) -> Option<&str> {
        self.0.text(UserField::WebSite, &self.0.row.web_site)
    }

    /// Time zone.
    async fn time_zone(&self) -> Option<&str> {
        self.0.text(UserField::TimeZone, &self.0.row.time_zone)
    }
}
