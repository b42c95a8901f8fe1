//! Writes of the share registry: capitalizations, their links and their change log. The
//! callers run them in one transaction each, after locking the organization's row
//! ([`lock_organization`]), the order the database's guards lock in.

use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use rust_decimal::Decimal;
use serde_json::{Value, json};
use uuid::Uuid;

use super::Capitalization;
use crate::db::schema::{
    capitalization_changelog, capitalization_links, capitalizations, organizations,
};

/// A new capitalization row; `created_at` is the transaction's start (a split or merge
/// child must be, for the guards).
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = capitalizations, check_for_backend(diesel::pg::Pg))]
pub struct NewCapitalization {
    /// Primary key.
    pub id: Uuid,
    /// The network.
    pub network_id: Uuid,
    /// The organization.
    pub organization_id: Uuid,
    /// Who created it.
    pub author_id: Option<Uuid>,
    /// Who holds it (`None`: the organization).
    pub owner_id: Option<Uuid>,
    /// Type code.
    pub capitalization_type: i16,
    /// Stage code.
    pub life_cycle_stage: i16,
    /// Shares.
    pub number_of_shares: Decimal,
    /// Price per share.
    pub price_per_share: Decimal,
    /// Shares when acquired.
    pub number_of_shares_at_acquisition: Decimal,
    /// Price per share when acquired.
    pub price_per_share_at_acquisition: Decimal,
    /// A service charge.
    pub service_charge: Option<Decimal>,
    /// What acquiring it cost besides its price.
    pub transaction_cost: Option<Decimal>,
}

/// The columns an update changes (`None`: unchanged).
#[derive(Debug, Clone, Default, AsChangeset)]
#[diesel(table_name = capitalizations)]
pub struct CapitalizationChanges {
    /// Holder.
    pub owner_id: Option<Option<Uuid>>,
    /// Type code.
    pub capitalization_type: Option<i16>,
    /// Stage code.
    pub life_cycle_stage: Option<i16>,
    /// Shares.
    pub number_of_shares: Option<Decimal>,
    /// Price per share.
    pub price_per_share: Option<Decimal>,
    /// Service charge.
    pub service_charge: Option<Option<Decimal>>,
    /// Transaction cost.
    pub transaction_cost: Option<Option<Decimal>>,
}

/// Locks the organization's row as the guards do (`FOR NO KEY UPDATE`: other writes'
/// foreign-key checks are not blocked); whether it exists.
pub async fn lock_organization(
    conn: &mut AsyncPgConnection,
    network_id: Uuid,
    organization_id: Uuid,
) -> QueryResult<bool> {
    let found: Option<Uuid> = organizations::table
        .filter(organizations::network_id.eq(network_id))
        .filter(organizations::id.eq(organization_id))
        .select(organizations::id)
        .for_no_key_update()
        .first(conn)
        .await
        .optional()?;
    Ok(found.is_some())
}

/// The rows `ids` of the network, locked until the transaction ends, by id.
pub async fn lock_many(
    conn: &mut AsyncPgConnection,
    network_id: Uuid,
    ids: &[Uuid],
) -> QueryResult<Vec<Capitalization>> {
    capitalizations::table
        .filter(capitalizations::network_id.eq(network_id))
        .filter(capitalizations::id.eq_any(ids))
        .order_by(capitalizations::id)
        .select(Capitalization::as_select())
        .for_update()
        .load(conn)
        .await
}

/// Inserts `new`; the stored row.
pub async fn insert(
    conn: &mut AsyncPgConnection,
    new: &NewCapitalization,
) -> QueryResult<Capitalization> {
    diesel::insert_into(capitalizations::table)
        .values(new)
        .returning(Capitalization::as_returning())
        .get_result(conn)
        .await
}

/// Applies `changes` to the row `id`; the stored row.
pub async fn update(
    conn: &mut AsyncPgConnection,
    network_id: Uuid,
    id: Uuid,
    changes: &CapitalizationChanges,
) -> QueryResult<Capitalization> {
    diesel::update(
        capitalizations::table
            .filter(capitalizations::network_id.eq(network_id))
            .filter(capitalizations::id.eq(id)),
    )
    .set((changes, capitalizations::updated_at.eq(diesel::dsl::now)))
    .returning(Capitalization::as_returning())
    .get_result(conn)
    .await
}

/// Sets the stage of the rows `ids` (a split's or merge's parents); the stored rows.
pub async fn set_stage(
    conn: &mut AsyncPgConnection,
    network_id: Uuid,
    ids: &[Uuid],
    stage: i16,
) -> QueryResult<Vec<Capitalization>> {
    diesel::update(
        capitalizations::table
            .filter(capitalizations::network_id.eq(network_id))
            .filter(capitalizations::id.eq_any(ids)),
    )
    .set((
        capitalizations::life_cycle_stage.eq(stage),
        capitalizations::updated_at.eq(diesel::dsl::now),
    ))
    .returning(Capitalization::as_returning())
    .get_results(conn)
    .await
}

/// Links each of `children` to each of `parents` (`kind`: 0 split, 1 merge).
pub async fn link(
    conn: &mut AsyncPgConnection,
    network_id: Uuid,
    parents: &[Uuid],
    children: &[Uuid],
    kind: i16,
) -> QueryResult<()> {
    let rows: Vec<_> = parents
        .iter()
        .flat_map(|p| {
            children.iter().map(move |c| {
                (
                    capitalization_links::network_id.eq(network_id),
                    capitalization_links::parent_id.eq(*p),
                    capitalization_links::child_id.eq(*c),
                    capitalization_links::kind.eq(kind),
                )
            })
        })
        .collect();
    diesel::insert_into(capitalization_links::table)
        .values(rows)
        .execute(conn)
        .await?;
    Ok(())
}

/// One change log entry to write.
#[derive(Debug, Clone)]
pub struct Change<'a> {
    /// The row after the change.
    pub after: &'a Capitalization,
    /// The row before (`None` at creation).
    pub before: Option<&'a Capitalization>,
    /// Change kind code.
    pub kind: i16,
}

/// Writes the change log entries of `changes`, made by `user_id`.
pub async fn log(
    conn: &mut AsyncPgConnection,
    network_id: Uuid,
    user_id: Option<Uuid>,
    changes: &[Change<'_>],
) -> QueryResult<()> {
    let rows: Vec<_> = changes
        .iter()
        .map(|c| {
            (
                capitalization_changelog::id.eq(Uuid::now_v7()),
                capitalization_changelog::network_id.eq(network_id),
                capitalization_changelog::capitalization_id.eq(c.after.id),
                capitalization_changelog::user_id.eq(user_id),
                capitalization_changelog::change_kind.eq(c.kind),
                capitalization_changelog::before.eq(c.before.map(columns)),
                capitalization_changelog::after.eq(columns(c.after)),
            )
        })
        .collect();
    diesel::insert_into(capitalization_changelog::table)
        .values(rows)
        .execute(conn)
        .await?;
    Ok(())
}

/// The row's columns as a JSON object with snake_case keys (figures as strings).
pub fn columns(row: &Capitalization) -> Value {
    let money = |d: Decimal| d.normalize().to_string();
    json!({
        "id": row.id,
        "organization_id": row.organization_id,
        "author_id": row.author_id,
        "owner_id": row.owner_id,
        "investment_id": row.investment_id,
        "capitalization_type": row.capitalization_type,
        "life_cycle_stage": row.life_cycle_stage,
        "number_of_shares": money(row.number_of_shares),
        "price_per_share": money(row.price_per_share),
        "number_of_shares_at_acquisition": money(row.number_of_shares_at_acquisition),
        "price_per_share_at_acquisition": money(row.price_per_share_at_acquisition),
        "service_charge": row.service_charge.map(money),
        "transaction_cost": row.transaction_cost.map(money),
        "created_at": row.created_at,
        "updated_at": row.updated_at,
    })
}
