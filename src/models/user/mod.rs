//! Users: the people of a network. Every query takes the network id: a user is only ever
//! found inside its own network.
//!
//! The row and its lookups are here; [`account`] signs users up and changes their
//! credentials, [`profile`] changes what they say about themselves and their onboarding
//! steps, [`block`] blocks and unblocks them.

use chrono::{DateTime, NaiveDate, Utc};
use diesel::dsl::auto_type;
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use crate::db::schema::users;

pub mod account;
pub mod block;
pub mod profile;

pub use account::NewUser;
pub use block::Block;
pub use profile::{OnboardingFlag, ProfileChanges};

/// A user row: every stored attribute.
#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = users, check_for_backend(diesel::pg::Pg))]
pub struct User {
    /// Primary key.
    pub id: Uuid,
    /// The user's network.
    pub network_id: Uuid,
    /// Login email, as entered.
    pub email: String,
    /// argon2id PHC string; `None` when no password login is possible.
    pub password_hash: Option<String>,
    /// The user must choose a new password.
    pub password_expired: bool,
    /// Admin of the network.
    pub is_admin: bool,
    /// VIP: sees Restricted offerings.
    pub is_vip: bool,
    /// Email verified through the mailed link.
    pub email_verified: bool,
    /// Phone verified.
    pub phone_verified: bool,
    /// Terms accepted.
    pub term_service_accepted: bool,
    /// When the terms were accepted.
    pub term_service_accepted_at: Option<DateTime<Utc>>,
    /// Registration marked complete.
    pub registration_complete: bool,
    /// Approved (by an admin or the onboarding flow).
    pub has_been_approved: bool,
    /// Blocked flag (in force unless `block_expiration_date` has passed).
    pub has_been_blocked: bool,
    /// Message shown to the blocked user.
    pub block_user_message: Option<String>,
    /// Internal reason of the block.
    pub block_description: Option<String>,
    /// The block lifts itself on this date.
    pub block_expiration_date: Option<NaiveDate>,
    /// When the block started.
    pub blocked_at: Option<DateTime<Utc>>,
    /// When the user asked for the account to be deleted.
    pub deletion_requested_at: Option<DateTime<Utc>>,
    /// Code the user hands out as an affiliate.
    pub affiliate_code: Option<String>,
    /// Affiliate code the user signed up with.
    pub referral_code: Option<String>,
    /// The affiliate who referred this user.
    pub referred_by_user_id: Option<Uuid>,
    /// 0 Open, 1 Hidden, 2 Anonymous.
    pub visibility: i16,
    /// e.g. Dr.
    pub honorific_prefix: Option<String>,
    /// Given name.
    pub given_name: Option<String>,
    /// Middle name.
    pub additional_name: Option<String>,
    /// Family name.
    pub family_name: Option<String>,
    /// e.g. PhD.
    pub honorific_suffix: Option<String>,
    /// Category of user.
    pub additional_type: Option<String>,
    /// Biography.
    pub biography: Option<String>,
    /// Tagline.
    pub tagline: Option<String>,
    /// Job title.
    pub job_title: Option<String>,
    /// Sector.
    pub sector: Option<String>,
    /// Location.
    pub location: Option<String>,
    /// Web site.
    pub web_site: Option<String>,
    /// Time zone.
    pub time_zone: Option<String>,
    /// Gender.
    pub gender: Option<String>,
    /// Income range.
    pub income_range: Option<String>,
    /// Profile picture document.
    pub image_document_id: Option<Uuid>,
    /// Date of birth.
    pub birth_date: Option<NaiveDate>,
    /// Place of birth.
    pub birth_place: Option<String>,
    /// Country of birth.
    pub birth_country: Option<String>,
    /// Nationality (ISO 3166-1 alpha-2).
    pub nationality: Option<String>,
    /// Passport number.
    pub passport_number: Option<String>,
    /// Passport country (alpha-2).
    pub passport_country: Option<String>,
    /// Passport expiry.
    pub passport_expiry: Option<NaiveDate>,
    /// Driving licence number.
    pub driving_license_number: Option<String>,
    /// Tax id.
    pub tax_id: Option<String>,
    /// Primary phone.
    pub phone_1: Option<String>,
    /// Secondary phone.
    pub phone_2: Option<String>,
    /// Identifier in an external system.
    pub external_reference_id: Option<String>,
    /// GBGroup check id.
    pub gbg_pass_id: Option<String>,
    /// GCEN client id.
    pub gcen_client_id: Option<String>,
    /// MangoPay user id.
    pub mangopay_user_id: Option<String>,
    /// MangoPay card id.
    pub mangopay_card_id: Option<String>,
    /// Reyker id.
    pub reyker_id: Option<String>,
    /// FundAmerica entity id.
    pub fundamerica_entity_id: Option<String>,
    /// Custom fields (a JSON object).
    pub custom: serde_json::Value,
    /// Last successful login.
    pub last_login_at: Option<DateTime<Utc>>,
    /// When the user joined.
    pub created_at: DateTime<Utc>,
    /// Last change.
    pub updated_at: DateTime<Utc>,
}

impl User {
    /// Whether a block is in force on `today` (an expired block no longer counts).
    pub fn is_blocked_on(&self, today: NaiveDate) -> bool {
        self.has_been_blocked && self.block_expiration_date.is_none_or(|until| until > today)
    }

    /// `given_name family_name`, skipping missing parts.
    pub fn full_name(&self) -> Option<String> {
        let parts: Vec<&str> = [self.given_name.as_deref(), self.family_name.as_deref()]
            .into_iter()
            .flatten()
            .filter(|s| !s.is_empty())
            .collect();
        (!parts.is_empty()).then(|| parts.join(" "))
    }

    crate::models::lookup::lookups! {
        users => User;
        /// The user `id` of `network_id`, if any.
        pub fn find = find;
        /// The user's row locked for update (inside a transaction), so concurrent profile
        /// changes (custom-field merges) apply one after the other.
        pub fn lock = lock_existing;
    }

    /// The user of `network_id` with this email (case-insensitive), if any.
    pub async fn find_by_email(
        conn: &mut AsyncPgConnection,
        network_id: Uuid,
        email: &str,
    ) -> QueryResult<Option<User>> {
        users::table
            .filter(users::network_id.eq(network_id))
            .filter(lower(users::email).eq(email.to_lowercase()))
            .select(User::as_select())
            .first(conn)
            .await
            .optional()
    }

    /// Emails of the network's admins (for alerts).
    pub async fn admin_emails(
        conn: &mut AsyncPgConnection,
        network_id: Uuid,
    ) -> QueryResult<Vec<String>> {
        users::table
            .filter(users::network_id.eq(network_id))
            .filter(users::is_admin.eq(true))
            .select(users::email)
            .order(users::created_at)
            .load(conn)
            .await
    }
}

/// The user `id` of `network_id`: where every statement about one user starts.
#[auto_type]
fn by_id(network_id: Uuid, id: Uuid) -> _ {
    users::table
        .filter(users::network_id.eq(network_id))
        .filter(users::id.eq(id))
}

diesel::define_sql_function! {
    /// SQL `lower(text)`.
    fn lower(x: diesel::sql_types::Text) -> diesel::sql_types::Text;
}
