//! Users: the people of a network (seeds/001_d17389470978c889.txt, User). Every query
//! takes the network id: a user is only ever found inside its own network.

use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use crate::db::schema::users;

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

    /// The user `id` of `network_id`, if any.
    pub async fn find(
        conn: &mut AsyncPgConnection,
        network_id: Uuid,
        id: Uuid,
    ) -> QueryResult<Option<User>> {
        users::table
            .filter(users::network_id.eq(network_id))
            .filter(users::id.eq(id))
            .select(User::as_select())
            .first(conn)
            .await
            .optional()
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

    /// Clears a block whose expiration date has passed (blocks lift themselves).
    pub async fn lift_expired_block(
        conn: &mut AsyncPgConnection,
        network_id: Uuid,
        id: Uuid,
        today: NaiveDate,
    ) -> QueryResult<usize> {
        diesel::update(
            users::table
                .filter(users::network_id.eq(network_id))
                .filter(users::id.eq(id))
                .filter(users::has_been_blocked.eq(true))
                .filter(users::block_expiration_date.le(today)),
        )
        .set((
            users::has_been_blocked.eq(false),
            users::block_user_message.eq(None::<String>),
            users::block_description.eq(None::<String>),
            users::block_expiration_date.eq(None::<NaiveDate>),
            users::blocked_at.eq(None::<DateTime<Utc>>),
        ))
        .execute(conn)
        .await
    }

    /// Records a successful login.
    pub async fn touch_login(conn: &mut AsyncPgConnection, id: Uuid) -> QueryResult<usize> {
        diesel::update(users::table.find(id))
            .set(users::last_login_at.eq(diesel::dsl::now))
            .execute(conn)
            .await
    }

    /// Replaces the password hash.
    pub async fn set_password_hash(
        conn: &mut AsyncPgConnection,
        network_id: Uuid,
        id: Uuid,
        hash: &str,
    ) -> QueryResult<usize> {
        diesel::update(
            users::table
                .filter(users::network_id.eq(network_id))
                .filter(users::id.eq(id)),
        )
        .set((
            users::password_hash.eq(hash),
            users::password_expired.eq(false),
        ))
        .execute(conn)
        .await
    }
}

/// What is needed to create a user; every other column takes its default.
#[derive(Debug, Insertable)]
#[diesel(table_name = users)]
pub struct NewUser<'a> {
    /// The user's network.
    pub network_id: Uuid,
    /// Login email (unique per network, case-insensitively).
    pub email: &'a str,
    /// argon2id PHC string.
    pub password_hash: Option<&'a str>,
    /// Admin of the network.
    pub is_admin: bool,
    /// VIP: sees Restricted offerings.
    pub is_vip: bool,
    /// Whether the email is already verified.
    pub email_verified: bool,
    /// Given name.
    pub given_name: Option<&'a str>,
    /// Family name.
    pub family_name: Option<&'a str>,
}

impl NewUser<'_> {
    /// Inserts the user unless one with the same email exists in the network; returns
    /// the id of the new or the existing user.
    pub async fn insert_or_get(&self, conn: &mut AsyncPgConnection) -> QueryResult<Uuid> {
        let inserted: Option<Uuid> = diesel::insert_into(users::table)
            .values(self)
            .on_conflict_do_nothing()
            .returning(users::id)
            .get_result(conn)
            .await
            .optional()?;
        match inserted {
            Some(id) => Ok(id),
            None => {
                users::table
                    .filter(users::network_id.eq(self.network_id))
                    .filter(lower(users::email).eq(self.email.to_lowercase()))
                    .select(users::id)
                    .first(conn)
                    .await
            }
        }
    }
}

diesel::define_sql_function! {
    /// SQL `lower(text)`.
    fn lower(x: diesel::sql_types::Text) -> diesel::sql_types::Text;
}

/// Changes to a user's own profile: `None` leaves a column as it is, `Some(None)` clears
/// it.
#[derive(Debug, Clone, Default, AsChangeset)]
#[diesel(table_name = users)]
pub struct ProfileChanges {
    /// See [`User::additional_type`].
    pub additional_type: Option<Option<String>>,
    /// See [`User::affiliate_code`].
    pub affiliate_code: Option<Option<String>>,
    /// See [`User::biography`].
    pub biography: Option<Option<String>>,
    /// See [`User::birth_date`].
    pub birth_date: Option<Option<NaiveDate>>,
    /// See [`User::birth_place`].
    pub birth_place: Option<Option<String>>,
    /// See [`User::birth_country`].
    pub birth_country: Option<Option<String>>,
    /// See [`User::driving_license_number`].
    pub driving_license_number: Option<Option<String>>,
    /// See [`User::external_reference_id`].
    pub external_reference_id: Option<Option<String>>,
    /// See [`User::family_name`].
    pub family_name: Option<Option<String>>,
    /// See [`User::gender`].
    pub gender: Option<Option<String>>,
    /// See [`User::given_name`].
    pub given_name: Option<Option<String>>,
    /// See [`User::additional_name`].
    pub additional_name: Option<Option<String>>,
    /// See [`User::honorific_prefix`].
    pub honorific_prefix: Option<Option<String>>,
    /// See [`User::honorific_suffix`].
    pub honorific_suffix: Option<Option<String>>,
    /// See [`User::income_range`].
    pub income_range: Option<Option<String>>,
    /// See [`User::job_title`].
    pub job_title: Option<Option<String>>,
    /// See [`User::location`].
    pub location: Option<Option<String>>,
    /// See [`User::nationality`].
    pub nationality: Option<Option<String>>,
    /// See [`User::passport_country`].
    pub passport_country: Option<Option<String>>,
    /// See [`User::passport_expiry`].
    pub passport_expiry: Option<Option<NaiveDate>>,
    /// See [`User::passport_number`].
    pub passport_number: Option<Option<String>>,
    /// See [`User::phone_1`].
    pub phone_1: Option<Option<String>>,
    /// See [`User::phone_2`].
    pub phone_2: Option<Option<String>>,
    /// See [`User::sector`].
    pub sector: Option<Option<String>>,
    /// See [`User::tagline`].
    pub tagline: Option<Option<String>>,
    /// See [`User::tax_id`].
    pub tax_id: Option<Option<String>>,
    /// See [`User::time_zone`].
    pub time_zone: Option<Option<String>>,
    /// See [`User::web_site`].
    pub web_site: Option<Option<String>>,
    /// See [`User::visibility`].
    pub visibility: Option<i16>,
    /// See [`User::is_vip`] (admins only).
    pub is_vip: Option<bool>,
    /// The merged custom fields (see `domain::custom::merge`).
    pub custom: Option<serde_json::Value>,
}

impl User {
    /// The user's row locked for update (inside a transaction), so concurrent profile
    /// changes (custom-field merges) apply one after the other.
    pub async fn lock(
        conn: &mut AsyncPgConnection,
        network_id: Uuid,
        id: Uuid,
    ) -> QueryResult<User> {
        users::table
            .filter(users::network_id.eq(network_id))
            .filter(users::id.eq(id))
            .select(User::as_select())
            .for_update()
            .first(conn)
            .await
    }

    /// Applies profile changes; returns the updated row.
    pub async fn apply_profile(
        conn: &mut AsyncPgConnection,
        network_id: Uuid,
        id: Uuid,
        changes: &ProfileChanges,
    ) -> QueryResult<User> {
        let target = users::table
            .filter(users::network_id.eq(network_id))
            .filter(users::id.eq(id));
        // An empty changeset is an error in diesel; nothing to write is not.
        match diesel::update(target)
            .set(changes)
            .returning(User::as_returning())
            .get_result(conn)
            .await
        {
            Err(diesel::result::Error::QueryBuilderError(_)) => User::find(conn, network_id, id)
                .await?
                .ok_or(diesel::result::Error::NotFound),
            other => other,
        }
    }
}

impl NewUser<'_> {
    /// Inserts the user; a unique violation means the email is taken in the network.
    pub async fn insert(&self, conn: &mut AsyncPgConnection) -> QueryResult<Uuid> {
        diesel::insert_into(users::table)
            .values(self)
            .returning(users::id)
            .get_result(conn)
            .await
    }
}

/// An onboarding step of seeds/000_a443c91d13a4a6ea.txt, "User Onboarding".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OnboardingFlag {
    /// Terms accepted (true) or the acceptance withdrawn (false).
    TermsAccepted(bool),
    /// Registration complete.
    RegistrationComplete,
    /// Approved.
    Approved,
}

/// A block to put on a user.
#[derive(Debug, Clone, Default)]
pub struct Block {
    /// Shown to the user when they try to log in.
    pub user_message: Option<String>,
    /// Internal reason.
    pub description: Option<String>,
    /// The block lifts itself on this date.
    pub expiration_date: Option<NaiveDate>,
    /// Who blocked (the user themself or an admin).
    pub blocked_by: Option<Uuid>,
}

impl User {
    /// Records the affiliate who referred a new user (whose affiliate code is `code`);
    /// the code is kept even when no affiliate has it.
    pub async fn set_referral(
        conn: &mut AsyncPgConnection,
        network_id: Uuid,
        id: Uuid,
        code: &str,
    ) -> QueryResult<usize> {
        let affiliate: Option<Uuid> = users::table
            .filter(users::network_id.eq(network_id))
            .filter(users::affiliate_code.eq(code))
            .filter(users::id.ne(id))
            .select(users::id)
            .first(conn)
            .await
            .optional()?;
        diesel::update(
            users::table
                .filter(users::network_id.eq(network_id))
                .find(id),
        )
        .set((
            users::referral_code.eq(code),
            users::referred_by_user_id.eq(affiliate),
        ))
        .execute(conn)
        .await
    }

    /// Sets an onboarding flag; returns the updated row.
    pub async fn set_onboarding_flag(
        conn: &mut AsyncPgConnection,
        network_id: Uuid,
        id: Uuid,
        flag: OnboardingFlag,
    ) -> QueryResult<User> {
        let target = users::table
            .filter(users::network_id.eq(network_id))
            .find(id);
        let update = diesel::update(target);
        match flag {
            OnboardingFlag::TermsAccepted(accepted) => {
                update
                    .set((
                        users::term_service_accepted.eq(accepted),
                        users::term_service_accepted_at.eq(accepted.then(Utc::now)),
                    ))
                    .returning(User::as_returning())
                    .get_result(conn)
                    .await
            }
            OnboardingFlag::RegistrationComplete => {
                update
                    .set(users::registration_complete.eq(true))
                    .returning(User::as_returning())
                    .get_result(conn)
                    .await
            }
            OnboardingFlag::Approved => {
                update
                    .set(users::has_been_approved.eq(true))
                    .returning(User::as_returning())
                    .get_result(conn)
                    .await
            }
        }
    }

    /// Blocks a user and writes the audit record; returns the record's id.
    pub async fn block(
        conn: &mut AsyncPgConnection,
        network_id: Uuid,
        id: Uuid,
        block: &Block,
    ) -> QueryResult<Uuid> {
        use crate::db::schema::user_access_denied_logs as logs;
        diesel::update(
            users::table
                .filter(users::network_id.eq(network_id))
                .find(id),
        )
        .set((
            users::has_been_blocked.eq(true),
            users::block_user_message.eq(&block.user_message),
            users::block_description.eq(&block.description),
            users::block_expiration_date.eq(block.expiration_date),
            users::blocked_at.eq(diesel::dsl::now),
        ))
        .execute(conn)
        .await?;
        diesel::insert_into(logs::table)
            .values((
                logs::network_id.eq(network_id),
                logs::user_id.eq(id),
                logs::blocked_by_user_id.eq(block.blocked_by),
                logs::user_message.eq(&block.user_message),
                logs::description.eq(&block.description),
                logs::expiration_date.eq(block.expiration_date),
            ))
            .returning(logs::id)
            .get_result(conn)
            .await
    }

    /// Lifts a user's block and closes its audit records.
    pub async fn unblock(
        conn: &mut AsyncPgConnection,
        network_id: Uuid,
        id: Uuid,
        by: Uuid,
    ) -> QueryResult<usize> {
        use crate::db::schema::user_access_denied_logs as logs;
        diesel::update(
            logs::table
                .filter(logs::network_id.eq(network_id))
                .filter(logs::user_id.eq(id))
                .filter(logs::lifted_at.is_null()),
        )
        .set((
            logs::lifted_at.eq(diesel::dsl::now),
            logs::lifted_by_user_id.eq(by),
        ))
        .execute(conn)
        .await?;
        diesel::update(
            users::table
                .filter(users::network_id.eq(network_id))
                .find(id),
        )
        .set((
            users::has_been_blocked.eq(false),
            users::block_user_message.eq(None::<String>),
            users::block_description.eq(None::<String>),
            users::block_expiration_date.eq(None::<NaiveDate>),
            users::blocked_at.eq(None::<DateTime<Utc>>),
        ))
        .execute(conn)
        .await
    }

    /// Flags that the user asked for their account to be deleted.
    pub async fn mark_deletion_requested(
        conn: &mut AsyncPgConnection,
        network_id: Uuid,
        id: Uuid,
    ) -> QueryResult<usize> {
        diesel::update(
            users::table
                .filter(users::network_id.eq(network_id))
                .find(id),
        )
        .set(users::deletion_requested_at.eq(diesel::dsl::now))
        .execute(conn)
        .await
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

impl User {
    /// Replaces the login email and marks it unverified (a new address must be proven
    /// again); returns the updated row. A unique violation means the address is taken
    /// in the network.
    pub async fn change_email(
        conn: &mut AsyncPgConnection,
        network_id: Uuid,
        id: Uuid,
        email: &str,
    ) -> QueryResult<User> {
        diesel::update(
            users::table
                .filter(users::network_id.eq(network_id))
                .filter(users::id.eq(id)),
        )
        .set((users::email.eq(email), users::email_verified.eq(false)))
        .returning(User::as_returning())
        .get_result(conn)
        .await
    }

    /// Marks the user's email verified.
    pub async fn mark_email_verified(
        conn: &mut AsyncPgConnection,
        network_id: Uuid,
        id: Uuid,
    ) -> QueryResult<usize> {
        diesel::update(
            users::table
                .filter(users::network_id.eq(network_id))
                .filter(users::id.eq(id)),
        )
        .set(users::email_verified.eq(true))
        .execute(conn)
        .await
    }
}
