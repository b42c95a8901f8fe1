//! Organizations, their members, address and bank account (seeds/001_d17389470978c889.txt,
//! Organization; seeds/000_a443c91d13a4a6ea.txt "Organization Members", "Organization
//! Contact Point"). Every query takes the network id.
//!
//! Queries that return organizations for a viewer also return whether the viewer is an
//! active member (`is_member`), computed in the same statement, so resolvers apply the
//! visibility rules of `crate::domain::visibility` without another round trip.

use chrono::{DateTime, NaiveDate, Utc};
use diesel::dsl::auto_type;
use diesel::pg::Pg;
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use crate::db::schema::{
    organization_addresses, organization_bank_accounts, organization_members, organizations, users,
};
use crate::domain::list::{AttrRef, Direction, Filter, Page};
use crate::models::shapes::{
    BankDetails, PostalAddress, bank_details_columns, postal_address_columns,
};
use crate::models::user::User;

/// An organization row: every stored attribute.
#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = organizations, check_for_backend(Pg))]
pub struct Organization {
    /// Primary key.
    pub id: Uuid,
    /// The organization's network.
    pub network_id: Uuid,
    /// The creator (seed `user_id`); never changes.
    pub author_user_id: Uuid,
    /// The contact point (seed `contact_point`): an active member, else the author.
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

/// A membership row.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = organization_members, check_for_backend(Pg))]
pub struct Member {
    /// The organization.
    pub organization_id: Uuid,
    /// The member.
    pub user_id: Uuid,
    /// `author` (the creator's row) or `member`.
    pub member_type: String,
    /// Whether the membership is active (false: the member left).
    pub status: bool,
    /// When the user joined (first time).
    pub created_at: DateTime<Utc>,
}

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

/// The organizations `user_id` is an active member of, in `network_id` (a subquery).
#[auto_type]
pub fn member_org_ids(network_id: Uuid, user_id: Uuid) -> _ {
    organization_members::table
        .filter(organization_members::network_id.eq(network_id))
        .filter(organization_members::user_id.eq(user_id))
        .filter(organization_members::status.eq(true))
        .select(organization_members::organization_id)
}

/// `organizations.id IN (the viewer's organizations)`; `viewer` nil when anonymous.
#[auto_type]
fn is_member_expr(network_id: Uuid, viewer: Uuid) -> _ {
    let subquery: member_org_ids = member_org_ids(network_id, viewer);
    organizations::id.eq_any(subquery)
}

/// One organization with whether `viewer` is an active member.
pub async fn find_for(
    conn: &mut AsyncPgConnection,
    network_id: Uuid,
    id: Uuid,
    viewer: Option<Uuid>,
) -> QueryResult<Option<(Organization, bool)>> {
    let viewer = viewer.unwrap_or(Uuid::nil());
    organizations::table
        .filter(organizations::network_id.eq(network_id))
        .filter(organizations::id.eq(id))
        .select((
            Organization::as_select(),
            is_member_expr(network_id, viewer),
        ))
        .first(conn)
        .await
        .optional()
}

/// Like [`find_for`], locking the row until the transaction ends.
pub async fn lock_for(
    conn: &mut AsyncPgConnection,
    network_id: Uuid,
    id: Uuid,
    viewer: Option<Uuid>,
) -> QueryResult<Option<(Organization, bool)>> {
    let viewer = viewer.unwrap_or(Uuid::nil());
    organizations::table
        .filter(organizations::network_id.eq(network_id))
        .filter(organizations::id.eq(id))
        .select((
            Organization::as_select(),
            is_member_expr(network_id, viewer),
        ))
        .for_update()
        .first(conn)
        .await
        .optional()
}

/// Many organizations (one statement) with whether `viewer` is an active member.
pub async fn find_many_for(
    conn: &mut AsyncPgConnection,
    network_id: Uuid,
    ids: &[Uuid],
    viewer: Option<Uuid>,
) -> QueryResult<Vec<(Organization, bool)>> {
    let viewer = viewer.unwrap_or(Uuid::nil());
    organizations::table
        .filter(organizations::network_id.eq(network_id))
        .filter(organizations::id.eq_any(ids))
        .select((
            Organization::as_select(),
            is_member_expr(network_id, viewer),
        ))
        .load(conn)
        .await
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

/// The active members of many organizations with their users (one statement), the
/// author's row first, then by joining date.
pub async fn members_of(
    conn: &mut AsyncPgConnection,
    network_id: Uuid,
    organization_ids: &[Uuid],
) -> QueryResult<Vec<(Member, User)>> {
    organization_members::table
        .inner_join(
            users::table.on(users::id
                .eq(organization_members::user_id)
                .and(users::network_id.eq(organization_members::network_id))),
        )
        .filter(organization_members::network_id.eq(network_id))
        .filter(organization_members::organization_id.eq_any(organization_ids))
        .filter(organization_members::status.eq(true))
        .order((
            organization_members::organization_id,
            organization_members::member_type.eq("author").desc(),
            organization_members::created_at,
            organization_members::user_id,
        ))
        .select((Member::as_select(), User::as_select()))
        .load(conn)
        .await
}

/// Whether `user_id` is an active member of the organization.
pub async fn is_active_member(
    conn: &mut AsyncPgConnection,
    network_id: Uuid,
    organization_id: Uuid,
    user_id: Uuid,
) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        organization_members::table
            .filter(organization_members::network_id.eq(network_id))
            .filter(organization_members::organization_id.eq(organization_id))
            .filter(organization_members::user_id.eq(user_id))
            .filter(organization_members::status.eq(true)),
    ))
    .get_result(conn)
    .await
}

/// Makes `user_id` an active member (re-activating a former member, whose member type is
/// kept). The user must exist in the network (composite foreign key).
pub async fn add_member(
    conn: &mut AsyncPgConnection,
    network_id: Uuid,
    organization_id: Uuid,
    user_id: Uuid,
) -> QueryResult<()> {
    diesel::insert_into(organization_members::table)
        .values((
            organization_members::network_id.eq(network_id),
            organization_members::organization_id.eq(organization_id),
            organization_members::user_id.eq(user_id),
            organization_members::member_type.eq("member"),
        ))
        .on_conflict((
            organization_members::organization_id,
            organization_members::user_id,
        ))
        .do_update()
        .set(organization_members::status.eq(true))
        .execute(conn)
        .await
        .map(|_| ())
}

/// Ends an active membership (the row stays with `status` false); false when `user_id`
/// was not an active member.
pub async fn remove_member(
    conn: &mut AsyncPgConnection,
    network_id: Uuid,
    organization_id: Uuid,
    user_id: Uuid,
) -> QueryResult<bool> {
    diesel::update(
        organization_members::table
            .filter(organization_members::network_id.eq(network_id))
            .filter(organization_members::organization_id.eq(organization_id))
            .filter(organization_members::user_id.eq(user_id))
            .filter(organization_members::status.eq(true)),
    )
    .set(organization_members::status.eq(false))
    .execute(conn)
    .await
    .map(|n| n > 0)
}

crate::list_columns! {
    /// Attributes organizations lists may be ordered and filtered by.
    pub mod org_attrs for organizations, id organizations::id, custom organizations::custom {
        "id" => organizations::id: uuid,
        "display_name" => organizations::display_name: text,
        "legal_name" => organizations::legal_name: text,
        "alternate_name" => organizations::alternate_name: text,
        "additional_type" => organizations::additional_type: text,
        "sector" => organizations::sector: text,
        "location" => organizations::location: text,
        "founding_date" => organizations::founding_date: date,
        "founding_location" => organizations::founding_location: text,
        "company_number" => organizations::company_number: text,
        "credit_score" => organizations::credit_score: text,
        "life_cycle_stage" => organizations::life_cycle_stage: int2,
        "visibility" => organizations::visibility: int2,
        "user_id" => organizations::author_user_id: uuid,
        "contact_point" => organizations::contact_point_user_id: uuid,
        "submitted_at" => organizations::submitted_at: timestamptz,
        "approved_at" => organizations::approved_at: timestamptz,
        "published_at" => organizations::published_at: timestamptz,
        "canceled_at" => organizations::canceled_at: timestamptz,
        "created_at" => organizations::created_at: timestamptz,
        "updated_at" => organizations::updated_at: timestamptz,
    }
}

/// Which organizations a list may contain, decided by the caller from the viewer.
#[derive(Debug, Clone, Default)]
pub struct OrganizationScope {
    /// The viewer (for `is_member`, and the membership widening below).
    pub viewer: Option<Uuid>,
    /// Only these stage and visibility codes, OR'ed with "the viewer is a member" when
    /// `or_member` is set; `None` lists every organization (admins).
    pub visible: Option<(Vec<i16>, Vec<i16>)>,
    /// Widen `visible` with the viewer's own organizations.
    pub or_member: bool,
    /// Only the organizations the viewer is an active member of.
    pub only_member: bool,
}

/// One page of organizations with `is_member` per row, and the total count.
pub async fn list(
    conn: &mut AsyncPgConnection,
    network_id: Uuid,
    scope: &OrganizationScope,
    filters: &[Filter],
    order: Option<&(AttrRef, Direction)>,
    page: Page,
) -> Result<QueryResult<(Vec<(Organization, bool)>, i64)>, String> {
    let viewer = scope.viewer.unwrap_or(Uuid::nil());
    let build = || -> Result<org_attrs::Query<'static>, String> {
        let mut query = organizations::table
            .filter(organizations::network_id.eq(network_id))
            .into_boxed();
        if let Some((stages, visibilities)) = &scope.visible {
            let public = organizations::life_cycle_stage
                .eq_any(stages.clone())
                .and(organizations::visibility.eq_any(visibilities.clone()));
            query = if scope.or_member {
                query.filter(public.or(is_member_expr(network_id, viewer)))
            } else {
                query.filter(public)
            };
        }
        if scope.only_member {
            query = query.filter(is_member_expr(network_id, viewer));
        }
        for f in filters {
            query = org_attrs::filter(query, f)?;
        }
        Ok(query)
    };
    let count_query = build()?.count();
    let rows_query = match order {
        Some((attr, dir)) => org_attrs::order(build()?, attr, *dir),
        None => build()?.order_by((organizations::created_at.desc(), organizations::id.desc())),
    }
    .select((
        Organization::as_select(),
        is_member_expr(network_id, viewer),
    ))
    .offset(page.offset)
    .limit(page.limit);
    Ok(async {
        let count: i64 = count_query.get_result(conn).await?;
        let rows = rows_query.load(conn).await?;
        Ok((rows, count))
    }
    .await)
}

/// Many users by id (one statement), for the batch loader of nested `user` fields.
pub async fn users_by_ids(
    conn: &mut AsyncPgConnection,
    network_id: Uuid,
    ids: &[Uuid],
) -> QueryResult<Vec<User>> {
    users::table
        .filter(users::network_id.eq(network_id))
        .filter(users::id.eq_any(ids))
        .select(User::as_select())
        .load(conn)
        .await
}
