//! Capitalizations of the share registry (`docs/registry.md`): blocks of shares or loan
//! parts of an organization, held by a user or by the organization itself; their lineage
//! (`capitalization_links`: the parents a split, merge or distribution made them from) and
//! their change log. This module reads them; every query takes the network id. Lists are
//! `list.rs`.

use chrono::{DateTime, Utc};
use diesel::dsl::auto_type;
use diesel::prelude::*;
use diesel::{QueryResult, QueryableByName};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use rust_decimal::Decimal;
use uuid::Uuid;

use crate::db::schema::{capitalization_changelog, capitalization_links, capitalizations};
use crate::models::organization::member_org_ids;

pub mod list;
pub mod write;

pub use list::{
    CapitalizationParent, CapitalizationScope, CapitalizationWindow, capitalization_attrs,
    changelog, changelog_attrs, first_of, list,
};

/// A capitalization row: every stored column.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, QueryableByName)]
#[diesel(table_name = capitalizations, check_for_backend(diesel::pg::Pg))]
pub struct Capitalization {
    /// Primary key.
    pub id: Uuid,
    /// The network.
    pub network_id: Uuid,
    /// The organization whose shares or loan parts these are.
    pub organization_id: Uuid,
    /// The user who created it.
    pub author_id: Option<Uuid>,
    /// The user who holds it; `None` when the organization itself holds it.
    pub owner_id: Option<Uuid>,
    /// For a share of a distribution: the Settled investment it was allotted for.
    pub investment_id: Option<Uuid>,
    /// Type code (`crate::domain::stages::CapitalizationType`).
    pub capitalization_type: i16,
    /// Stage code (`crate::domain::stages::CapitalizationStage`).
    pub life_cycle_stage: i16,
    /// How many shares (or loan parts) it holds now.
    pub number_of_shares: Decimal,
    /// The current price of one share.
    pub price_per_share: Decimal,
    /// How many shares it held when acquired.
    pub number_of_shares_at_acquisition: Decimal,
    /// The price of one share when acquired.
    pub price_per_share_at_acquisition: Decimal,
    /// A service charge or fee.
    pub service_charge: Option<Decimal>,
    /// What acquiring it cost besides its price.
    pub transaction_cost: Option<Decimal>,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last change.
    pub updated_at: DateTime<Utc>,
}

impl Capitalization {
    /// Its gain in value since acquisition (`crate::domain::money::valuation_gain`).
    pub fn valuation_gain(&self) -> Option<Decimal> {
        crate::domain::money::valuation_gain(
            self.price_per_share,
            self.number_of_shares,
            self.price_per_share_at_acquisition,
            self.number_of_shares_at_acquisition,
        )
    }
}

/// `capitalizations.organization_id IN (the viewer's organizations)`; `viewer` nil when
/// anonymous.
#[auto_type]
fn is_member_expr(network_id: Uuid, viewer: Uuid) -> _ {
    let subquery: member_org_ids = member_org_ids(network_id, viewer);
    capitalizations::organization_id.eq_any(subquery)
}

crate::models::lookup::lookups! {
    capitalizations => Capitalization, viewer is_member_expr;
    /// One capitalization with whether `viewer` is an active member of its organization.
    pub fn find_for = find;
    /// Many capitalizations (one statement) with whether `viewer` is an active member of
    /// their organizations.
    pub fn find_many_for = find_many;
}

/// One link of a capitalization's lineage: `child_id` was made from `parent_id`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = capitalization_links, check_for_backend(diesel::pg::Pg))]
pub struct Link {
    /// The capitalization it was made from.
    pub parent_id: Uuid,
    /// The capitalization made.
    pub child_id: Uuid,
    /// 0 split, 1 merge, 2 distribution.
    pub kind: i16,
}

/// The links whose children are `child_ids` (one statement), by child then parent id: a
/// split or distribution child has one parent, a merge child one per merged block.
pub async fn parents_of(
    conn: &mut AsyncPgConnection,
    network_id: Uuid,
    child_ids: &[Uuid],
) -> QueryResult<Vec<Link>> {
    capitalization_links::table
        .filter(capitalization_links::network_id.eq(network_id))
        .filter(capitalization_links::child_id.eq_any(child_ids))
        .order_by((
            capitalization_links::child_id,
            capitalization_links::parent_id,
        ))
        .select(Link::as_select())
        .load(conn)
        .await
}

/// The children of `parent_ids` (one statement), each with its parent and whether
/// `viewer` (nil: anonymous) is an active member of its organization; oldest first.
pub async fn children_of(
    conn: &mut AsyncPgConnection,
    network_id: Uuid,
    parent_ids: &[Uuid],
    viewer: Option<Uuid>,
) -> QueryResult<Vec<(Uuid, Capitalization, bool)>> {
    let viewer = viewer.unwrap_or(Uuid::nil());
    capitalization_links::table
        .inner_join(
            capitalizations::table.on(capitalizations::network_id
                .eq(capitalization_links::network_id)
                .and(capitalizations::id.eq(capitalization_links::child_id))),
        )
        .filter(capitalization_links::network_id.eq(network_id))
        .filter(capitalization_links::parent_id.eq_any(parent_ids))
        .order_by((capitalizations::created_at.asc(), capitalizations::id.asc()))
        .select((
            capitalization_links::parent_id,
            Capitalization::as_select(),
            is_member_expr(network_id, viewer),
        ))
        .load(conn)
        .await
}

/// One entry of a capitalization's change log: who changed it, when, how, and the row
/// before and after (JSON objects of its columns).
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = capitalization_changelog, check_for_backend(diesel::pg::Pg))]
pub struct ChangelogEntry {
    /// Primary key.
    pub id: Uuid,
    /// The capitalization changed.
    pub capitalization_id: Uuid,
    /// Who made the change; `None` for the system.
    pub user_id: Option<Uuid>,
    /// Change kind code (`crate::domain::stages::CapitalizationChangeKind`).
    pub change_kind: i16,
    /// The row before (`None` at creation).
    pub before: Option<serde_json::Value>,
    /// The row after.
    pub after: serde_json::Value,
    /// When.
    pub created_at: DateTime<Utc>,
}
