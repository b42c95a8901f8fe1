//! A user's addresses and bank accounts (seeds/001_d17389470978c889.txt, Address and Bank
//! Account): rows, batch loads for many users, and upserts from `updateMe`.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use crate::db::schema::{user_addresses, user_bank_accounts};

/// A postal address of a user.
#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = user_addresses, check_for_backend(diesel::pg::Pg))]
pub struct Address {
    /// Primary key.
    pub id: Uuid,
    /// Owner.
    pub user_id: Uuid,
    /// Order among the user's addresses (the first is "the" address).
    pub position: i32,
    /// Building name or number.
    pub building: Option<String>,
    /// Flat, suite.
    pub sub_building: Option<String>,
    /// Street.
    pub street_address: Option<String>,
    /// District.
    pub address_locality: Option<String>,
    /// City.
    pub city: Option<String>,
    /// Region or state.
    pub region: Option<String>,
    /// Postal code.
    pub postal_code: Option<String>,
    /// ISO 3166-1 alpha-2 country.
    pub country: Option<String>,
    /// Created.
    pub created_at: DateTime<Utc>,
}

/// Fields of an address a user may set (all optional, as the seeds say).
#[derive(Debug, Clone, Default, AsChangeset, Insertable)]
#[diesel(table_name = user_addresses)]
pub struct AddressFields {
    /// See [`Address::building`].
    pub building: Option<String>,
    /// See [`Address::sub_building`].
    pub sub_building: Option<String>,
    /// See [`Address::street_address`].
    pub street_address: Option<String>,
    /// See [`Address::address_locality`].
    pub address_locality: Option<String>,
    /// See [`Address::city`].
    pub city: Option<String>,
    /// See [`Address::region`].
    pub region: Option<String>,
    /// See [`Address::postal_code`].
    pub postal_code: Option<String>,
    /// See [`Address::country`].
    pub country: Option<String>,
}

/// A bank account of a user.
#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = user_bank_accounts, check_for_backend(diesel::pg::Pg))]
pub struct BankAccount {
    /// Primary key.
    pub id: Uuid,
    /// Owner.
    pub user_id: Uuid,
    /// Order among the user's accounts.
    pub position: i32,
    /// Bank name.
    pub bank_name: Option<String>,
    /// Account number or IBAN.
    pub bank_account_number: Option<String>,
    /// Routing number or sort code.
    pub bank_routing_number: Option<String>,
    /// SWIFT/BIC.
    pub bank_swift_code: Option<String>,
    /// The bank's address.
    pub bank_address: Option<String>,
    /// The bank's country.
    pub bank_country: Option<String>,
    /// Account currency (ISO 4217).
    pub bank_currency: Option<String>,
    /// Created.
    pub created_at: DateTime<Utc>,
}

/// Fields of a bank account a user may set.
#[derive(Debug, Clone, Default, AsChangeset, Insertable)]
#[diesel(table_name = user_bank_accounts)]
pub struct BankAccountFields {
    /// See [`BankAccount::bank_name`].
    pub bank_name: Option<String>,
    /// See [`BankAccount::bank_account_number`].
    pub bank_account_number: Option<String>,
    /// See [`BankAccount::bank_routing_number`].
    pub bank_routing_number: Option<String>,
    /// See [`BankAccount::bank_swift_code`].
    pub bank_swift_code: Option<String>,
    /// See [`BankAccount::bank_address`].
    pub bank_address: Option<String>,
    /// See [`BankAccount::bank_country`].
    pub bank_country: Option<String>,
    /// See [`BankAccount::bank_currency`].
    pub bank_currency: Option<String>,
}

/// The addresses of `user_ids` (one statement), in order.
pub async fn addresses_of(
    conn: &mut AsyncPgConnection,
    network_id: Uuid,
    user_ids: &[Uuid],
) -> QueryResult<Vec<Address>> {
    user_addresses::table
        .filter(user_addresses::network_id.eq(network_id))
        .filter(user_addresses::user_id.eq_any(user_ids))
        .order((
            user_addresses::user_id,
            user_addresses::position,
            user_addresses::created_at,
            user_addresses::id,
        ))
        .select(Address::as_select())
        .load(conn)
        .await
}

/// The bank accounts of `user_ids` (one statement), in order.
pub async fn bank_accounts_of(
    conn: &mut AsyncPgConnection,
    network_id: Uuid,
    user_ids: &[Uuid],
) -> QueryResult<Vec<BankAccount>> {
    user_bank_accounts::table
        .filter(user_bank_accounts::network_id.eq(network_id))
        .filter(user_bank_accounts::user_id.eq_any(user_ids))
        .order((
            user_bank_accounts::user_id,
            user_bank_accounts::position,
            user_bank_accounts::created_at,
            user_bank_accounts::id,
        ))
        .select(BankAccount::as_select())
        .load(conn)
        .await
}

/// Updates the user's address `id` (`Ok(false)` when the user has no such address) or,
/// with no id, adds one at the end.
pub async fn upsert_address(
    conn: &mut AsyncPgConnection,
    network_id: Uuid,
    user_id: Uuid,
    id: Option<Uuid>,
    fields: &AddressFields,
) -> QueryResult<bool> {
    match id {
        Some(id) => {
            let target = user_addresses::table
                .filter(user_addresses::network_id.eq(network_id))
                .filter(user_addresses::user_id.eq(user_id))
                .filter(user_addresses::id.eq(id));
            if is_empty_address(fields) {
                // Nothing to change; still report whether the address exists.
                let n: i64 = target.count().get_result(conn).await?;
                return Ok(n == 1);
            }
            Ok(diesel::update(target).set(fields).execute(conn).await? == 1)
        }
        None => {
            let next: Option<i32> = user_addresses::table
                .filter(user_addresses::network_id.eq(network_id))
                .filter(user_addresses::user_id.eq(user_id))
                .select(diesel::dsl::max(user_addresses::position))
                .first(conn)
                .await?;
            diesel::insert_into(user_addresses::table)
                .values((
                    user_addresses::network_id.eq(network_id),
                    user_addresses::user_id.eq(user_id),
                    user_addresses::position.eq(next.map_or(0, |p| p + 1)),
                    fields.clone(),
                ))
                .execute(conn)
                .await?;
            Ok(true)
        }
    }
}

fn is_empty_address(f: &AddressFields) -> bool {
    [
        &f.building,
        &f.sub_building,
        &f.street_address,
        &f.address_locality,
        &f.city,
        &f.region,
        &f.postal_code,
        &f.country,
    ]
    .iter()
    .all(|v| v.is_none())
}

/// Updates the user's bank account `id` (`Ok(false)` when there is no such account) or,
/// with no id, adds one at the end.
pub async fn upsert_bank_account(
    conn: &mut AsyncPgConnection,
    network_id: Uuid,
    user_id: Uuid,
    id: Option<Uuid>,
    fields: &BankAccountFields,
) -> QueryResult<bool> {
    match id {
        Some(id) => {
            let target = user_bank_accounts::table
                .filter(user_bank_accounts::network_id.eq(network_id))
                .filter(user_bank_accounts::user_id.eq(user_id))
                .filter(user_bank_accounts::id.eq(id));
            let empty = [
                &fields.bank_name,
                &fields.bank_account_number,
                &fields.bank_routing_number,
                &fields.bank_swift_code,
                &fields.bank_address,
                &fields.bank_country,
                &fields.bank_currency,
            ]
            .iter()
            .all(|v| v.is_none());
            if empty {
                let n: i64 = target.count().get_result(conn).await?;
                return Ok(n == 1);
            }
            Ok(diesel::update(target).set(fields).execute(conn).await? == 1)
        }
        None => {
            let next: Option<i32> = user_bank_accounts::table
                .filter(user_bank_accounts::network_id.eq(network_id))
                .filter(user_bank_accounts::user_id.eq(user_id))
                .select(diesel::dsl::max(user_bank_accounts::position))
                .first(conn)
                .await?;
            diesel::insert_into(user_bank_accounts::table)
                .values((
                    user_bank_accounts::network_id.eq(network_id),
                    user_bank_accounts::user_id.eq(user_id),
                    user_bank_accounts::position.eq(next.map_or(0, |p| p + 1)),
                    fields.clone(),
                ))
                .execute(conn)
                .await?;
            Ok(true)
        }
    }
}

/// A user's membership of an organization, with what is needed to decide whether a viewer
/// may see it.
#[derive(Debug, Clone, Queryable)]
pub struct Membership {
    /// The member.
    pub user_id: Uuid,
    /// The organization.
    pub organization_id: Uuid,
    /// Its display name.
    pub organization_name: String,
    /// `author` or `member`.
    pub member_type: String,
    /// Whether the membership is active.
    pub status: bool,
    /// The organization's contact point.
    pub contact_point: Uuid,
    /// The organization's stage code.
    pub stage: i16,
    /// The organization's visibility code.
    pub visibility: i16,
}

/// The memberships of `user_ids` (one statement), oldest first.
pub async fn memberships_of(
    conn: &mut AsyncPgConnection,
    network_id: Uuid,
    user_ids: &[Uuid],
) -> QueryResult<Vec<Membership>> {
    use crate::db::schema::{organization_members as m, organizations as o};
    m::table
        .inner_join(
            o::table.on(o::id
                .eq(m::organization_id)
                .and(o::network_id.eq(m::network_id))),
        )
        .filter(m::network_id.eq(network_id))
        .filter(m::user_id.eq_any(user_ids))
        .order((m::user_id, m::created_at, m::organization_id))
        .select((
            m::user_id,
            m::organization_id,
            o::display_name,
            m::member_type,
            m::status,
            o::contact_point_user_id,
            o::life_cycle_stage,
            o::visibility,
        ))
        .load(conn)
        .await
}
