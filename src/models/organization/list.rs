//! Lists of organizations: the attributes they may be ordered and filtered by, the scope
//! a viewer may list and the page statements.

use diesel::prelude::*;
use diesel_async::AsyncPgConnection;
use uuid::Uuid;

use crate::db::schema::organizations;
use crate::domain::list::{AttrRef, Direction, Filter, Page};

use super::{Organization, is_member_expr};

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
    crate::models::paging::count_and_page!(
        conn,
        organizations,
        build,
        order by org_attrs::order,
        page,
        select (Organization::as_select(), is_member_expr(network_id, viewer)),
    )
}
