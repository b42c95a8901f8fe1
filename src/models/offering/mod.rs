//! Offerings: rows, changes, lists and the figures derived from their investments
//! (`docs/money.md`). Every query takes the network id.
//!
//! Queries that return offerings for a viewer also return whether the viewer is an active
//! member of the offering's organization (`is_org_member`), computed in the same
//! statement; with `user_id` it gives the `OfferingRelation` of the visibility rules.
//!
//! The row and its lookups are here; [`write`] creates and changes offerings,
//! [`figures`] computes their investment and payout figures, [`list`](mod@list) pages
//! through them.

use chrono::{DateTime, NaiveDate, Utc};
use diesel::dsl::auto_type;
use diesel::pg::Pg;
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use rust_decimal::Decimal;
use uuid::Uuid;

use crate::db::schema::{investments, offerings};
use crate::domain::investment_rules::OfferingRules;
use crate::models::organization::member_org_ids;

pub mod figures;
pub mod list;
pub mod write;

pub use figures::{
    FIGURES_OF_SQL, FigureStages, Figures, PayoutFigures, figures_of, payout_figures_of,
};
pub use list::{LIST_ATTRS, OfferingPage, OfferingScope, PageExtras, list, offering_attrs};
pub use write::{NewOffering, OfferingChanges, insert, update};

/// An offering row: every stored attribute.
#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = offerings, check_for_backend(Pg))]
pub struct Offering {
    /// Primary key.
    pub id: Uuid,
    /// The offering's network.
    pub network_id: Uuid,
    /// Its organization (fixed at creation).
    pub organization_id: Uuid,
    /// The creator (the seller of a secondary offering).
    pub user_id: Uuid,
    /// The capitalization offered, if any.
    pub capitalization_id: Option<Uuid>,
    /// The original offering of a secondary offering.
    pub primary_offering_id: Option<Uuid>,
    /// Stage code (`docs/product.md`; 6 is never stored).
    pub life_cycle_stage: i16,
    /// Name.
    pub name: Option<String>,
    /// Long description.
    pub offering_description: Option<String>,
    /// Category.
    pub additional_type: Option<String>,
    /// Another category.
    pub category: Option<String>,
    /// Credit score.
    pub credit_score: Option<String>,
    /// Currency (ISO 4217).
    pub currency: Option<String>,
    /// Featured on the public home page.
    pub is_featured: bool,
    /// A secondary-market offering.
    pub is_secondary_offering: bool,
    /// Funding goal.
    pub funding_goal: Option<Decimal>,
    /// Money raised outside the platform, counted into `amount_raised`.
    pub external_commitments: Decimal,
    /// Valuation.
    pub valuation: Option<Decimal>,
    /// Service charge.
    pub service_charge: Option<Decimal>,
    /// Equity offered, percent.
    pub equity_offered: Option<Decimal>,
    /// Interest rate.
    pub interest_rate: Option<Decimal>,
    /// Loan term.
    pub term: Option<i32>,
    /// Shares offered.
    pub num_of_shares: Option<Decimal>,
    /// Price per share.
    pub price_per_share: Option<Decimal>,
    /// No investments before this day.
    pub open_date: Option<NaiveDate>,
    /// No investments after this day.
    pub close_date: Option<NaiveDate>,
    /// Smallest investment.
    pub min_commitment: Option<Decimal>,
    /// Largest total per investor.
    pub max_commitment: Option<Decimal>,
    /// Largest total of live investments.
    pub max_overfunding_amount: Option<Decimal>,
    /// GCEN client id.
    pub gcen_client_id: Option<String>,
    /// MangoPay wallet id.
    pub mangopay_wallet_id: Option<String>,
    /// FundAmerica offering id.
    pub fundamerica_offering_id: Option<String>,
    /// Custom fields (a JSON object).
    pub custom: serde_json::Value,
    /// Last entry into Submitted.
    pub submitted_at: Option<DateTime<Utc>>,
    /// Last entry into Published.
    pub published_at: Option<DateTime<Utc>>,
    /// Entry into Settled.
    pub settled_at: Option<DateTime<Utc>>,
    /// Entry into Canceled.
    pub canceled_at: Option<DateTime<Utc>>,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last change.
    pub updated_at: DateTime<Utc>,
}

impl Offering {
    /// The investment rules of the offering.
    pub fn rules(&self) -> OfferingRules {
        OfferingRules {
            open_date: self.open_date,
            close_date: self.close_date,
            min_commitment: self.min_commitment,
            max_commitment: self.max_commitment,
            max_overfunding_amount: self.max_overfunding_amount,
        }
    }
}

/// `offerings.organization_id IN (the viewer's organizations)`; `viewer` nil when
/// anonymous.
#[auto_type]
fn is_org_member_expr(network_id: Uuid, viewer: Uuid) -> _ {
    let subquery: member_org_ids = member_org_ids(network_id, viewer);
    offerings::organization_id.eq_any(subquery)
}

/// The offerings of the organizations `viewer` is an active member of (a subquery).
#[auto_type]
pub fn managed_offering_ids(network_id: Uuid, viewer: Uuid) -> _ {
    let orgs: member_org_ids = member_org_ids(network_id, viewer);
    offerings::table
        .filter(offerings::network_id.eq(network_id))
        .filter(offerings::organization_id.eq_any(orgs))
        .select(offerings::id)
}

crate::models::lookup::lookups! {
    offerings => Offering, viewer is_org_member_expr;
    /// One offering with whether `viewer` is a member of its organization.
    pub fn find_for = find;
    /// Like [`find_for`], locking the offering row until the transaction ends: every write
    /// that depends on the offering's investment totals takes this lock first, so totals
    /// read after it cannot change before the transaction commits (`docs/marketplace.md`,
    /// Investment rules).
    pub fn lock_for = lock;
    /// Many offerings (one statement) with whether `viewer` is a member of each one's
    /// organization.
    pub fn find_many_for = find_many;
}

/// Whether the offering has an investment in one of `stages` (the cancel condition).
pub async fn has_investments_in(
    conn: &mut AsyncPgConnection,
    network_id: Uuid,
    offering_id: Uuid,
    stages: &[i16],
) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        investments::table
            .filter(investments::network_id.eq(network_id))
            .filter(investments::offering_id.eq(offering_id))
            .filter(investments::life_cycle_stage.eq_any(stages)),
    ))
    .get_result(conn)
    .await
}
