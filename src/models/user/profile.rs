//! What users say about themselves (profile changes) and their onboarding steps.

use chrono::{NaiveDate, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use crate::db::schema::users;

use super::{User, by_id};

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

/// An onboarding step of a user (`docs/identity.md`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OnboardingFlag {
    /// Terms accepted (true) or the acceptance withdrawn (false).
    TermsAccepted(bool),
    /// Registration complete.
    RegistrationComplete,
    /// Approved.
    Approved,
}

impl User {
    /// Applies profile changes; returns the updated row.
    pub async fn apply_profile(
        conn: &mut AsyncPgConnection,
        network_id: Uuid,
        id: Uuid,
        changes: &ProfileChanges,
    ) -> QueryResult<User> {
        let target = by_id(network_id, id);
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

    /// Sets an onboarding flag; returns the updated row.
    pub async fn set_onboarding_flag(
        conn: &mut AsyncPgConnection,
        network_id: Uuid,
        id: Uuid,
        flag: OnboardingFlag,
    ) -> QueryResult<User> {
        let target = by_id(network_id, id);
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
}
