//! Lists of capitalizations: a page of the capitalizations of an organization or of an
//! owner, the change log of one capitalization, and the newest capitalizations of many
//! organizations or owners in one statement for the nested lists. Capitalizations have no
//! custom fields: `custom__…` attributes are refused.

use diesel::prelude::*;
use diesel::sql_types::{Array, BigInt, Bool, Nullable, Uuid as SqlUuid};
use diesel_async::AsyncPgConnection;
use uuid::Uuid;

use super::{Capitalization, ChangelogEntry};
use crate::db::cached::CachedSql;
use crate::db::schema::{capitalization_changelog, capitalizations};
use crate::domain::list::{AttrRef, Direction, Filter, Page};
use crate::models::organization::member_org_ids;

const NO_CUSTOM: &str = "Capitalizations have no custom fields.";

crate::list_columns! {
    /// Attributes capitalization lists may be ordered and filtered by.
    pub mod capitalization_attrs for capitalizations, id capitalizations::id, custom crate::models::invitation::NoCustomFields {
        "id" => capitalizations::id: uuid,
        "organization_id" => capitalizations::organization_id: uuid,
        "author_id" => capitalizations::author_id: uuid,
        "owner_id" => capitalizations::owner_id: uuid,
        "capitalization_type" => capitalizations::capitalization_type: int2,
        "life_cycle_stage" => capitalizations::life_cycle_stage: int2,
        "number_of_shares" => capitalizations::number_of_shares: numeric,
        "price_per_share" => capitalizations::price_per_share: numeric,
        "number_of_shares_at_acquisition" => capitalizations::number_of_shares_at_acquisition: numeric,
        "price_per_share_at_acquisition" => capitalizations::price_per_share_at_acquisition: numeric,
        "service_charge" => capitalizations::service_charge: numeric,
        "transaction_cost" => capitalizations::transaction_cost: numeric,
        "created_at" => capitalizations::created_at: timestamptz,
        "updated_at" => capitalizations::updated_at: timestamptz,
    }
}

crate::list_columns! {
    /// Attributes a capitalization's change log may be ordered and filtered by.
    pub mod changelog_attrs for capitalization_changelog, id capitalization_changelog::id, custom crate::models::invitation::NoCustomFields {
        "id" => capitalization_changelog::id: uuid,
        "user_id" => capitalization_changelog::user_id: uuid,
        "change_kind" => capitalization_changelog::change_kind: int2,
        "created_at" => capitalization_changelog::created_at: timestamptz,
    }
}

/// Whose capitalizations a list holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CapitalizationScope {
    /// Those of an organization (its cap table).
    Organization(Uuid),
    /// Those a user holds.
    Owner(Uuid),
}

/// Whether an order or a filter names a custom field, which capitalizations do not have.
fn names_custom(filters: &[Filter], order: Option<&(AttrRef, Direction)>) -> bool {
    filters.iter().any(|f| matches!(f.attr, AttrRef::Custom(_)))
        || order.is_some_and(|(a, _)| matches!(a, AttrRef::Custom(_)))
}

/// One page of the capitalizations of `scope` and their total count, newest first unless
/// ordered otherwise. With `visible_to`, only those that user may see: the ones they
/// own and those of the organizations they are an active member of (admins pass `None`).
/// The outer error is a filter the list cannot apply (a 400).
pub async fn list(
    conn: &mut AsyncPgConnection,
    network_id: Uuid,
    scope: CapitalizationScope,
    visible_to: Option<Uuid>,
    filters: &[Filter],
    order: Option<&(AttrRef, Direction)>,
    page: Page,
) -> Result<QueryResult<(Vec<Capitalization>, i64)>, String> {
    if names_custom(filters, order) {
        return Err(NO_CUSTOM.to_owned());
    }
    let build = || -> Result<capitalization_attrs::Query<'static>, String> {
        let mut query = capitalizations::table
            .filter(capitalizations::network_id.eq(network_id))
            .into_boxed();
        query = match scope {
            CapitalizationScope::Organization(id) => {
                query.filter(capitalizations::organization_id.eq(id))
            }
            CapitalizationScope::Owner(id) => query.filter(capitalizations::owner_id.eq(id)),
        };
        if let Some(viewer) = visible_to {
            query = query.filter(
                capitalizations::owner_id
                    .eq(viewer)
                    .or(capitalizations::organization_id
                        .eq_any(member_org_ids(network_id, viewer))
                        .nullable()),
            );
        }
        for f in filters {
            query = capitalization_attrs::filter(query, f)?;
        }
        Ok(query)
    };
    crate::models::paging::count_and_page!(
        conn,
        capitalizations,
        build,
        order by capitalization_attrs::order,
        page,
        select Capitalization::as_select(),
    )
}

/// One page of the change log of the capitalization `capitalization_id` and its total
/// count, newest first unless ordered otherwise (the caller checked the viewer may see
/// the capitalization).
pub async fn changelog(
    conn: &mut AsyncPgConnection,
    network_id: Uuid,
    capitalization_id: Uuid,
    filters: &[Filter],
    order: Option<&(AttrRef, Direction)>,
    page: Page,
) -> Result<QueryResult<(Vec<ChangelogEntry>, i64)>, String> {
    if names_custom(filters, order) {
        return Err(NO_CUSTOM.to_owned());
    }
    let build = || -> Result<changelog_attrs::Query<'static>, String> {
        let mut query = capitalization_changelog::table
            .filter(capitalization_changelog::network_id.eq(network_id))
            .filter(capitalization_changelog::capitalization_id.eq(capitalization_id))
            .into_boxed();
        for f in filters {
            query = changelog_attrs::filter(query, f)?;
        }
        Ok(query)
    };
    crate::models::paging::count_and_page!(
        conn,
        capitalization_changelog,
        build,
        order by changelog_attrs::order,
        page,
        select ChangelogEntry::as_select(),
    )
}

/// What the viewer of [`first_of`] may see.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CapitalizationWindow {
    /// The viewer, if logged in.
    pub viewer: Option<Uuid>,
    /// An admin sees every capitalization.
    pub is_admin: bool,
    /// Capitalizations per parent.
    pub limit: i64,
}

/// The statement of the newest capitalizations of many organizations: all of them for
/// admins and the organization's active members, the viewer's own for others.
const OF_ORGANIZATIONS_SQL: &str = "
    SELECT capitalizations.*
    FROM organizations o
    LEFT JOIN LATERAL (
        SELECT true AS manages
        FROM organization_members m
        WHERE m.network_id = o.network_id AND m.organization_id = o.id
          AND m.user_id = $3 AND m.status
        LIMIT 1
    ) m ON true
    CROSS JOIN LATERAL (
        SELECT * FROM capitalizations
        WHERE capitalizations.network_id = o.network_id
          AND capitalizations.organization_id = o.id
          AND ($4 OR m.manages IS NOT NULL OR capitalizations.owner_id = $3)
        ORDER BY capitalizations.created_at DESC, capitalizations.id DESC
        LIMIT $5
    ) capitalizations
    WHERE o.network_id = $1 AND o.id = ANY($2)
    ORDER BY capitalizations.organization_id, capitalizations.created_at DESC,
             capitalizations.id DESC";

/// The statement of the newest capitalizations many users hold: all of them for admins
/// and the user themself, those of the organizations the viewer is an active member of
/// for others.
const OF_OWNERS_SQL: &str = "
    SELECT capitalizations.*
    FROM users u
    CROSS JOIN LATERAL (
        SELECT * FROM capitalizations
        WHERE capitalizations.network_id = u.network_id AND capitalizations.owner_id = u.id
          AND ($4 OR capitalizations.owner_id = $3 OR EXISTS (
                  SELECT 1 FROM organization_members m
                  WHERE m.network_id = capitalizations.network_id
                    AND m.organization_id = capitalizations.organization_id
                    AND m.user_id = $3 AND m.status))
        ORDER BY capitalizations.created_at DESC, capitalizations.id DESC
        LIMIT $5
    ) capitalizations
    WHERE u.network_id = $1 AND u.id = ANY($2)
    ORDER BY capitalizations.owner_id, capitalizations.created_at DESC,
             capitalizations.id DESC";

/// Which parents [`first_of`] reads the capitalizations of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CapitalizationParent {
    /// Organizations (their cap tables).
    Organization,
    /// Users (the capitalizations they hold).
    Owner,
}

/// The newest `window.limit` capitalizations the viewer may see of each of `ids`, in one
/// statement.
pub async fn first_of(
    conn: &mut AsyncPgConnection,
    network_id: Uuid,
    parent: CapitalizationParent,
    ids: &[Uuid],
    window: CapitalizationWindow,
) -> QueryResult<Vec<Capitalization>> {
    let statement = match parent {
        CapitalizationParent::Organization => OF_ORGANIZATIONS_SQL,
        CapitalizationParent::Owner => OF_OWNERS_SQL,
    };
    diesel_async::RunQueryDsl::load(
        CachedSql::new(statement)
            .bind::<SqlUuid, _>(network_id)
            .bind::<Array<SqlUuid>, _>(ids)
            .bind::<Nullable<SqlUuid>, _>(window.viewer)
            .bind::<Bool, _>(window.is_admin)
            .bind::<BigInt, _>(window.limit),
        conn,
    )
    .await
}
