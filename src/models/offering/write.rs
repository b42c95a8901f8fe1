//! Creating and changing offerings.

use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use rust_decimal::Decimal;
use uuid::Uuid;

use crate::db::schema::offerings;

#[cfg(doc)]
use super::Offering;

/// What creating an offering stores first; the other fields follow as
/// [`OfferingChanges`] in the same transaction.
#[derive(Debug, Insertable)]
#[diesel(table_name = offerings)]
pub struct NewOffering {
    /// The network.
    pub network_id: Uuid,
    /// The organization.
    pub organization_id: Uuid,
    /// The creator.
    pub user_id: Uuid,
    /// Starting stage.
    pub life_cycle_stage: i16,
    /// Submission stamp when created as Submitted.
    pub submitted_at: Option<DateTime<Utc>>,
}

/// Changes to an offering: `None` leaves a column, `Some(None)` clears it. `updated_at`
/// is always set, so a change set is never empty.
#[derive(Debug, Clone, AsChangeset)]
#[diesel(table_name = offerings)]
pub struct OfferingChanges {
    /// See [`Offering::capitalization_id`].
    pub capitalization_id: Option<Option<Uuid>>,
    /// See [`Offering::primary_offering_id`].
    pub primary_offering_id: Option<Option<Uuid>>,
    /// See [`Offering::name`].
    pub name: Option<Option<String>>,
    /// See [`Offering::offering_description`].
    pub offering_description: Option<Option<String>>,
    /// See [`Offering::additional_type`].
    pub additional_type: Option<Option<String>>,
    /// See [`Offering::category`].
    pub category: Option<Option<String>>,
    /// See [`Offering::credit_score`].
    pub credit_score: Option<Option<String>>,
    /// See [`Offering::currency`].
    pub currency: Option<Option<String>>,
    /// See [`Offering::is_featured`].
    pub is_featured: Option<bool>,
    /// See [`Offering::is_secondary_offering`].
    pub is_secondary_offering: Option<bool>,
    /// See [`Offering::funding_goal`].
    pub funding_goal: Option<Option<Decimal>>,
    /// See [`Offering::external_commitments`].
    pub external_commitments: Option<Decimal>,
    /// See [`Offering::valuation`].
    pub valuation: Option<Option<Decimal>>,
    /// See [`Offering::service_charge`].
    pub service_charge: Option<Option<Decimal>>,
    /// See [`Offering::equity_offered`].
    pub equity_offered: Option<Option<Decimal>>,
    /// See [`Offering::interest_rate`].
    pub interest_rate: Option<Option<Decimal>>,
    /// See [`Offering::term`].
    pub term: Option<Option<i32>>,
    /// See [`Offering::num_of_shares`].
    pub num_of_shares: Option<Option<Decimal>>,
    /// See [`Offering::price_per_share`].
    pub price_per_share: Option<Option<Decimal>>,
    /// See [`Offering::open_date`].
    pub open_date: Option<Option<NaiveDate>>,
    /// See [`Offering::close_date`].
    pub close_date: Option<Option<NaiveDate>>,
    /// See [`Offering::min_commitment`].
    pub min_commitment: Option<Option<Decimal>>,
    /// See [`Offering::max_commitment`].
    pub max_commitment: Option<Option<Decimal>>,
    /// See [`Offering::max_overfunding_amount`].
    pub max_overfunding_amount: Option<Option<Decimal>>,
    /// See [`Offering::gcen_client_id`].
    pub gcen_client_id: Option<Option<String>>,
    /// See [`Offering::mangopay_wallet_id`].
    pub mangopay_wallet_id: Option<Option<String>>,
    /// See [`Offering::fundamerica_offering_id`].
    pub fundamerica_offering_id: Option<Option<String>>,
    /// See [`Offering::custom`] (the merged object).
    pub custom: Option<serde_json::Value>,
    /// See [`Offering::life_cycle_stage`].
    pub life_cycle_stage: Option<i16>,
    /// See [`Offering::submitted_at`].
    pub submitted_at: Option<Option<DateTime<Utc>>>,
    /// See [`Offering::published_at`].
    pub published_at: Option<Option<DateTime<Utc>>>,
    /// See [`Offering::settled_at`].
    pub settled_at: Option<Option<DateTime<Utc>>>,
    /// See [`Offering::canceled_at`].
    pub canceled_at: Option<Option<DateTime<Utc>>>,
    /// Always set (to now).
    pub updated_at: DateTime<Utc>,
}

impl Default for OfferingChanges {
    fn default() -> Self {
        Self {
            capitalization_id: None,
            primary_offering_id: None,
            name: None,
            offering_description: None,
            additional_type: None,
            category: None,
            credit_score: None,
            currency: None,
            is_featured: None,
            is_secondary_offering: None,
            funding_goal: None,
            external_commitments: None,
            valuation: None,
            service_charge: None,
            equity_offered: None,
            interest_rate: None,
            term: None,
            num_of_shares: None,
            price_per_share: None,
            open_date: None,
            close_date: None,
            min_commitment: None,
            max_commitment: None,
            max_overfunding_amount: None,
            gcen_client_id: None,
            mangopay_wallet_id: None,
            fundamerica_offering_id: None,
            custom: None,
            life_cycle_stage: None,
            submitted_at: None,
            published_at: None,
            settled_at: None,
            canceled_at: None,
            updated_at: Utc::now(),
        }
    }
}

/// Inserts an offering; returns its id.
pub async fn insert(conn: &mut AsyncPgConnection, new: &NewOffering) -> QueryResult<Uuid> {
    diesel::insert_into(offerings::table)
        .values(new)
        .returning(offerings::id)
        .get_result(conn)
        .await
}

/// Applies `changes` to an offering.
pub async fn update(
    conn: &mut AsyncPgConnection,
    network_id: Uuid,
    id: Uuid,
    changes: &OfferingChanges,
) -> QueryResult<usize> {
    diesel::update(
        offerings::table
            .filter(offerings::network_id.eq(network_id))
            .filter(offerings::id.eq(id)),
    )
    .set(changes)
    .execute(conn)
    .await
}
