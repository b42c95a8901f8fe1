//! A user's addresses and bank accounts: rows, batch loads for many users, and upserts
//! from `updateMe`.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use crate::db::schema::{user_addresses, user_bank_accounts};
use crate::models::shapes::{
    BankDetails, PostalAddress, bank_details_columns, postal_address_columns,
};

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
    /// The address itself.
    #[diesel(
        select_expression = postal_address_columns!(select user_addresses),
        select_expression_type = postal_address_columns!(select user_addresses)
    )]
    pub postal: PostalAddress,
    /// Created.
    pub created_at: DateTime<Utc>,
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
    /// The account's details.
    #[diesel(
        select_expression = bank_details_columns!(select user_bank_accounts),
        select_expression_type = bank_details_columns!(select user_bank_accounts)
    )]
    pub details: BankDetails,
    /// Created.
    pub created_at: DateTime<Utc>,
}

/// Writes, for the table `$table` of a user's ordered rows whose columns are `$columns!`
/// (those of `$shape`), the batch load `$load` of `$row`s, the count `$count` of one
/// user's rows and the upsert `$upsert`.
macro_rules! ordered_rows_of_users {
    (
        $table:ident, $row:ident, $shape:ty, $columns:ident;
        $(#[$load_doc:meta])* fn $load:ident;
        $(#[$count_doc:meta])* fn $count:ident;
        $(#[$upsert_doc:meta])* fn $upsert:ident;
    ) => {
        $(#[$count_doc])*
        pub async fn $count(
            conn: &mut AsyncPgConnection,
            network_id: Uuid,
            user_id: Uuid,
        ) -> QueryResult<i64> {
            $table::table
                .filter($table::network_id.eq(network_id))
                .filter($table::user_id.eq(user_id))
                .count()
                .get_result(conn)
                .await
        }

        $(#[$load_doc])*
        pub async fn $load(
            conn: &mut AsyncPgConnection,
            network_id: Uuid,
            user_ids: &[Uuid],
        ) -> QueryResult<Vec<$row>> {
            $table::table
                .filter($table::network_id.eq(network_id))
                .filter($table::user_id.eq_any(user_ids))
                .order(($table::user_id, $table::position, $table::created_at, $table::id))
                .select($row::as_select())
                .load(conn)
                .await
        }

        $(#[$upsert_doc])*
        pub async fn $upsert(
            conn: &mut AsyncPgConnection,
            network_id: Uuid,
            user_id: Uuid,
            id: Option<Uuid>,
            fields: &$shape,
        ) -> QueryResult<bool> {
            match id {
                Some(id) => {
                    let target = $table::table
                        .filter($table::network_id.eq(network_id))
                        .filter($table::user_id.eq(user_id))
                        .filter($table::id.eq(id));
                    if fields.is_empty() {
                        // Nothing to change; still report whether the row exists.
                        let n: i64 = target.count().get_result(conn).await?;
                        return Ok(n == 1);
                    }
                    let changes = $columns!(changes $table, fields);
                    Ok(diesel::update(target).set(changes).execute(conn).await? == 1)
                }
                None => {
                    let next: Option<i32> = $table::table
                        .filter($table::network_id.eq(network_id))
                        .filter($table::user_id.eq(user_id))
                        .select(diesel::dsl::max($table::position))
                        .first(conn)
                        .await?;
                    diesel::insert_into($table::table)
                        .values((
                            $table::network_id.eq(network_id),
                            $table::user_id.eq(user_id),
                            $table::position.eq(next.map_or(0, |p| p + 1)),
                            $columns!(set $table, fields),
                        ))
                        .execute(conn)
                        .await?;
                    Ok(true)
                }
            }
        }
    };
}

ordered_rows_of_users! {
    user_addresses, Address, PostalAddress, postal_address_columns;
    /// The addresses of `user_ids` (one statement), in order.
    fn addresses_of;
    /// How many addresses the user has.
    fn addresses_count;
    /// Updates the user's address `id` (`Ok(false)` when the user has no such address) or,
    /// with no id, adds one at the end.
    fn upsert_address;
}

ordered_rows_of_users! {
    user_bank_accounts, BankAccount, BankDetails, bank_details_columns;
    /// The bank accounts of `user_ids` (one statement), in order.
    fn bank_accounts_of;
    /// How many bank accounts the user has.
    fn bank_accounts_count;
    /// Updates the user's bank account `id` (`Ok(false)` when there is no such account)
    /// or, with no id, adds one at the end.
    fn upsert_bank_account;
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
