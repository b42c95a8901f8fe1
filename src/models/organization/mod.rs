//! Organizations, their members, address and bank account. Every query takes the network
//! id.
//!
//! Queries that return organizations for a viewer also return whether the viewer is an
//! active member (`is_member`), computed in the same statement, so resolvers apply the
//! visibility rules of `crate::domain::visibility` without another round trip.
//!
//! The row and its lookups are here; [`write`] creates and changes organizations,
//! [`members`] their memberships, [`details`] their address and bank account, and
//! [`list`](mod@list) pages through them.

use chrono::{DateTime, NaiveDate, Utc};
use diesel::dsl::auto_type;
use diesel::pg::Pg;
use diesel::prelude::*;
use uuid::Uuid;

use crate::db::schema::organizations;

pub mod details;
pub mod list;
pub mod members;
pub mod write;

pub use details::{
    OrganizationAddress, OrganizationBankAccount, addresses_of, bank_accounts_of, upsert_address,
    upsert_bank_account,
};
pub use list::{OrganizationScope, list, org_attrs};
pub use members::{
    Member, add_member, is_active_member, member_org_ids, members_of, remove_member, users_by_ids,
};
pub use write::{NewOrganization, OrganizationChanges, insert, update};

/// An organization row: every stored attribute.
#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = organizations, check_for_backend(Pg))]
pub struct Organization {
    /// Primary key.
    pub id: Uuid,
    /// The organization's network.
    pub network_id: Uuid,
    /// The creator (`user_id` in the REST API); never changes.
    pub author_user_id: Uuid,
    /// The contact point (`contact_point` in the REST API): an active member, else the
    /// author.
    pub contact_point_user_id: Uuid,
    /// Stage code (`docs/product.md`).
    pub life_cycle_stage: i16,
    /// Visibility code (`docs/product.md`).
    pub visibility: i16,
    /// Public name.
    pub display_name: String,
    /// Registered name.
    pub legal_name: Option<String>,
    /// Another name.
    pub alternate_name: Option<String>,
    /// Category.
    pub additional_type: Option<String>,
    /// Short description.
    pub brief_desc: Option<String>,
    /// Long description.
    pub detail_desc: Option<String>,
    /// Industry or sector.
    pub sector: Option<String>,
    /// Location.
    pub location: Option<String>,
    /// Founding date.
    pub founding_date: Option<NaiveDate>,
    /// Founding location.
    pub founding_location: Option<String>,
    /// Company registration number.
    pub company_number: Option<String>,
    /// Tax / fiscal id.
    pub tax_id: Option<String>,
    /// Credit score.
    pub credit_score: Option<String>,
    /// Contact email.
    pub org_email: Option<String>,
    /// Phone.
    pub telephone: Option<String>,
    /// Web site.
    pub website: Option<String>,
    /// Facebook page.
    pub facebook: Option<String>,
    /// LinkedIn page.
    pub linkedin: Option<String>,
    /// Twitter page.
    pub twitter: Option<String>,
    /// YouTube page.
    pub youtube: Option<String>,
    /// Logo document.
    pub logo_document_id: Option<Uuid>,
    /// GCEN client id.
    pub gcen_client_id: Option<String>,
    /// MangoPay legal user id.
    pub mangopay_user_id: Option<String>,
    /// MangoPay card id.
    pub mangopay_card_id: Option<String>,
    /// MangoPay wallet id.
    pub mangopay_wallet_id: Option<String>,
    /// FundAmerica entity id.
    pub fundamerica_entity_id: Option<String>,
    /// Reyker ISIN.
    pub reyker_isin: Option<String>,
    /// Custom fields (a JSON object).
    pub custom: serde_json::Value,
    /// Last entry into Submitted.
    pub submitted_at: Option<DateTime<Utc>>,
    /// Last entry into Approved.
    pub approved_at: Option<DateTime<Utc>>,
    /// Last entry into Published.
    pub published_at: Option<DateTime<Utc>>,
    /// Entry into Cancelled.
    pub canceled_at: Option<DateTime<Utc>>,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last change.
    pub updated_at: DateTime<Utc>,
}

/// `organizations.id IN (the viewer's organizations)`; `viewer` nil when anonymous.
#[auto_type]
fn is_member_expr(network_id: Uuid, viewer: Uuid) -> _ {
    let subquery: member_org_ids = member_org_ids(network_id, viewer);
    organizations::id.eq_any(subquery)
}

crate::models::lookup::lookups! {
    organizations => Organization, viewer is_member_expr;
    /// One organization with whether `viewer` is an active member.
    pub fn find_for = find;
    /// Like [`find_for`], locking the row until the transaction ends.
    pub fn lock_for = lock;
    /// Many organizations (one statement) with whether `viewer` is an active member.
    pub fn find_many_for = find_many;
}
