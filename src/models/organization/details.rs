//! The single address and the single bank account of an organization.

use diesel::pg::Pg;
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use crate::db::schema::{organization_addresses, organization_bank_accounts};
use crate::models::shapes::{
    BankDetails, PostalAddress, bank_details_columns, postal_address_columns,
};

/// The single address of an organization.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = organization_addresses, check_for_backend(Pg))]
pub struct OrganizationAddress {
    /// Primary key.
    pub id: Uuid,
    /// The organization.
    pub organization_id: Uuid,
    /// The address itself.
    #[diesel(
        select_expression = postal_address_columns!(select organization_addresses),
        select_expression_type = postal_address_columns!(select organization_addresses)
    )]
    pub postal: PostalAddress,
}

/// The single bank account of an organization.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = organization_bank_accounts, check_for_backend(Pg))]
pub struct OrganizationBankAccount {
    /// Primary key.
    pub id: Uuid,
    /// The organization.
    pub organization_id: Uuid,
    /// The account's details.
    #[diesel(
        select_expression = bank_details_columns!(select organization_bank_accounts),
        select_expression_type = bank_details_columns!(select organization_bank_accounts)
    )]
    pub details: BankDetails,
}

/// Writes, for the single-row table `$table` of organizations whose columns are
/// `$columns!` (those of `$shape`), the upsert `$upsert` and the batch load `$load` of
/// `$row`s.
macro_rules! single_row_of_organizations {
    (
        $table:ident, $row:ident, $shape:ty, $columns:ident;
        $(#[$upsert_doc:meta])* fn $upsert:ident;
        $(#[$load_doc:meta])* fn $load:ident;
    ) => {
        $(#[$upsert_doc])*
        pub async fn $upsert(
            conn: &mut AsyncPgConnection,
            network_id: Uuid,
            organization_id: Uuid,
            fields: &$shape,
        ) -> QueryResult<()> {
            // Setting the row replaces every part of it: a missing part becomes NULL.
            diesel::insert_into($table::table)
                .values((
                    $table::network_id.eq(network_id),
                    $table::organization_id.eq(organization_id),
                    $columns!(set $table, fields),
                ))
                .on_conflict(($table::network_id, $table::organization_id))
                .do_update()
                .set($columns!(set $table, fields))
                .execute(conn)
                .await
                .map(|_| ())
        }

        $(#[$load_doc])*
        pub async fn $load(
            conn: &mut AsyncPgConnection,
            network_id: Uuid,
            organization_ids: &[Uuid],
        ) -> QueryResult<Vec<$row>> {
            $table::table
                .filter($table::network_id.eq(network_id))
                .filter($table::organization_id.eq_any(organization_ids))
                .select($row::as_select())
                .load(conn)
                .await
        }
    };
}

single_row_of_organizations! {
    organization_addresses, OrganizationAddress, PostalAddress, postal_address_columns;
    /// Sets (inserts or replaces) the organization's address.
    fn upsert_address;
    /// The addresses of many organizations (one statement).
    fn addresses_of;
}

single_row_of_organizations! {
    organization_bank_accounts, OrganizationBankAccount, BankDetails, bank_details_columns;
    /// Sets (inserts or replaces) the organization's bank account.
    fn upsert_bank_account;
    /// The bank accounts of many organizations (one statement).
    fn bank_accounts_of;
}
