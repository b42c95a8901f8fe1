//! Creating and changing organizations.

use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use crate::db::schema::{organization_members, organizations};

#[cfg(doc)]
use super::Organization;

/// What creating an organization stores first; the other fields follow as
/// [`OrganizationChanges`] in the same transaction.
#[derive(Debug, Insertable)]
#[diesel(table_name = organizations)]
pub struct NewOrganization {
    /// The network.
    pub network_id: Uuid,
    /// The creator.
    pub author_user_id: Uuid,
    /// The creator, as first contact point.
    pub contact_point_user_id: Uuid,
    /// Starting stage.
    pub life_cycle_stage: i16,
    /// Public name.
    pub display_name: String,
    /// Submission stamp when created as Submitted.
    pub submitted_at: Option<DateTime<Utc>>,
}

/// Changes to an organization: `None` leaves a column, `Some(None)` clears it.
/// `updated_at` is always set, so a change set is never empty.
#[derive(Debug, Clone, AsChangeset)]
#[diesel(table_name = organizations)]
pub struct OrganizationChanges {
    /// See [`Organization::display_name`].
    pub display_name: Option<String>,
    /// See [`Organization::legal_name`].
    pub legal_name: Option<Option<String>>,
    /// See [`Organization::alternate_name`].
    pub alternate_name: Option<Option<String>>,
    /// See [`Organization::additional_type`].
    pub additional_type: Option<Option<String>>,
    /// See [`Organization::brief_desc`].
    pub brief_desc: Option<Option<String>>,
    /// See [`Organization::detail_desc`].
    pub detail_desc: Option<Option<String>>,
    /// See [`Organization::sector`].
    pub sector: Option<Option<String>>,
    /// See [`Organization::location`].
    pub location: Option<Option<String>>,
    /// See [`Organization::founding_date`].
    pub founding_date: Option<Option<NaiveDate>>,
    /// See [`Organization::founding_location`].
    pub founding_location: Option<Option<String>>,
    /// See [`Organization::company_number`].
    pub company_number: Option<Option<String>>,
    /// See [`Organization::tax_id`].
    pub tax_id: Option<Option<String>>,
    /// See [`Organization::credit_score`].
    pub credit_score: Option<Option<String>>,
    /// See [`Organization::org_email`].
    pub org_email: Option<Option<String>>,
    /// See [`Organization::telephone`].
    pub telephone: Option<Option<String>>,
    /// See [`Organization::website`].
    pub website: Option<Option<String>>,
    /// See [`Organization::facebook`].
    pub facebook: Option<Option<String>>,
    /// See [`Organization::linkedin`].
    pub linkedin: Option<Option<String>>,
    /// See [`Organization::twitter`].
    pub twitter: Option<Option<String>>,
    /// See [`Organization::youtube`].
    pub youtube: Option<Option<String>>,
    /// See [`Organization::logo_document_id`].
    pub logo_document_id: Option<Option<Uuid>>,
    /// See [`Organization::gcen_client_id`].
    pub gcen_client_id: Option<Option<String>>,
    /// See [`Organization::mangopay_user_id`].
    pub mangopay_user_id: Option<Option<String>>,
    /// See [`Organization::mangopay_card_id`].
    pub mangopay_card_id: Option<Option<String>>,
    /// See [`Organization::mangopay_wallet_id`].
    pub mangopay_wallet_id: Option<Option<String>>,
    /// See [`Organization::fundamerica_entity_id`].
    pub fundamerica_entity_id: Option<Option<String>>,
    /// See [`Organization::reyker_isin`].
    pub reyker_isin: Option<Option<String>>,
    /// See [`Organization::visibility`].
    pub visibility: Option<i16>,
    /// See [`Organization::contact_point_user_id`].
    pub contact_point_user_id: Option<Uuid>,
    /// See [`Organization::custom`] (the merged object).
    pub custom: Option<serde_json::Value>,
    /// See [`Organization::life_cycle_stage`].
    pub life_cycle_stage: Option<i16>,
    /// See [`Organization::submitted_at`].
    pub submitted_at: Option<Option<DateTime<Utc>>>,
    /// See [`Organization::approved_at`].
    pub approved_at: Option<Option<DateTime<Utc>>>,
    /// See [`Organization::published_at`].
    pub published_at: Option<Option<DateTime<Utc>>>,
    /// See [`Organization::canceled_at`].
    pub canceled_at: Option<Option<DateTime<Utc>>>,
    /// Always set (to now).
    pub updated_at: DateTime<Utc>,
}

impl Default for OrganizationChanges {
    fn default() -> Self {
        Self {
            display_name: None,
            legal_name: None,
            alternate_name: None,
            additional_type: None,
            brief_desc: None,
            detail_desc: None,
            sector: None,
            location: None,
            founding_date: None,
            founding_location: None,
            company_number: None,
            tax_id: None,
            credit_score: None,
            org_email: None,
            telephone: None,
            website: None,
            facebook: None,
            linkedin: None,
            twitter: None,
            youtube: None,
            logo_document_id: None,
            gcen_client_id: None,
            mangopay_user_id: None,
            mangopay_card_id: None,
            mangopay_wallet_id: None,
            fundamerica_entity_id: None,
            reyker_isin: None,
            visibility: None,
            contact_point_user_id: None,
            custom: None,
            life_cycle_stage: None,
            submitted_at: None,
            approved_at: None,
            published_at: None,
            canceled_at: None,
            updated_at: Utc::now(),
        }
    }
}

/// Inserts an organization and its author's membership; returns the new id.
pub async fn insert(conn: &mut AsyncPgConnection, new: &NewOrganization) -> QueryResult<Uuid> {
    let id: Uuid = diesel::insert_into(organizations::table)
        .values(new)
        .returning(organizations::id)
        .get_result(conn)
        .await?;
    diesel::insert_into(organization_members::table)
        .values((
            organization_members::network_id.eq(new.network_id),
            organization_members::organization_id.eq(id),
            organization_members::user_id.eq(new.author_user_id),
            organization_members::member_type.eq("author"),
        ))
        .execute(conn)
        .await?;
    Ok(id)
}

/// Applies `changes` to an organization.
pub async fn update(
    conn: &mut AsyncPgConnection,
    network_id: Uuid,
    id: Uuid,
    changes: &OrganizationChanges,
) -> QueryResult<usize> {
    diesel::update(
        organizations::table
            .filter(organizations::network_id.eq(network_id))
            .filter(organizations::id.eq(id)),
    )
    .set(changes)
    .execute(conn)
    .await
}
