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

/// Sets (inserts or replaces) the organization's address.
pub async fn upsert_address(
    conn: &mut AsyncPgConnection,
    network_id: Uuid,
    organization_id: Uuid,
    fields: &PostalAddress,
) -> QueryResult<()> {
    // Setting the address replaces every part of it: a missing part becomes NULL.
    diesel::insert_into(organization_addresses::table)
        .values((
            organization_addresses::network_id.eq(network_id),
            organization_addresses::organization_id.eq(organization_id),
            postal_address_columns!(set organization_addresses, fields),
        ))
        .on_conflict((
            organization_addresses::network_id,
            organization_addresses::organization_id,
        ))
        .do_update()
        .set(postal_address_columns!(set organization_addresses, fields))
        .execute(conn)
        .await
        .map(|_| ())
}

/// Sets (inserts or replaces) the organization's bank account.
pub async fn upsert_bank_account(
    conn: &mut AsyncPgConnection,
    network_id: Uuid,
    organization_id: Uuid,
    fields: &BankDetails,
) -> QueryResult<()> {
    diesel::insert_into(organization_bank_accounts::table)
        .values((
            organization_bank_accounts::network_id.eq(network_id),
            organization_bank_accounts::organization_id.eq(organization_id),
            bank_details_columns!(set organization_bank_accounts, fields),
        ))
        .on_conflict((
            organization_bank_accounts::network_id,
            organization_bank_accounts::organization_id,
        ))
        .do_update()
        .set(bank_details_columns!(set organization_bank_accounts, fields))
        .execute(conn)
        .await
        .map(|_| ())
}

/// The addresses of many organizations (one statement).
pub async fn addresses_of(
    conn: &mut AsyncPgConnection,
    network_id: Uuid,
    organization_ids: &[Uuid],
) -> QueryResult<Vec<OrganizationAddress>> {
    organization_addresses::table
        .filter(organization_addresses::network_id.eq(network_id))
        .filter(organization_addresses::organization_id.eq_any(organization_ids))
        .select(OrganizationAddress::as_select())
        .load(conn)
        .await
}

/// The bank accounts of many organizations (one statement).
pub async fn bank_accounts_of(
    conn: &mut AsyncPgConnection,
    network_id: Uuid,
    organization_ids: &[Uuid],
) -> QueryResult<Vec<OrganizationBankAccount>> {
    organization_bank_accounts::table
        .filter(organization_bank_accounts::network_id.eq(network_id))
        .filter(organization_bank_accounts::organization_id.eq_any(organization_ids))
        .select(OrganizationBankAccount::as_select())
        .load(conn)
        .await
}
