//! Lists of investments: the attributes they may be ordered and filtered by, the scope a
//! viewer may list, the page statements, and the newest investments of many offerings.

use diesel::prelude::*;
use diesel::sql_types::{Array, BigInt, Bool, Nullable, SmallInt, Uuid as SqlUuid};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use crate::db::cached::CachedSql;
use crate::db::schema::investments;
use crate::domain::list::{AttrRef, Direction, Filter, Page};

use super::{Investment, manages_expr};

crate::list_columns! {
    /// Attributes investment lists may be ordered and filtered by.
    pub mod investment_attrs for investments, id investments::id, custom investments::custom {
        "id" => investments::id: uuid,
        "offering_id" => investments::offering_id: uuid,
        "user_id" => investments::user_id: uuid,
        "life_cycle_stage" => investments::life_cycle_stage: int2,
        "visibility" => investments::visibility: int2,
        "investment_amount" => investments::investment_amount: numeric,
        "number_of_shares" => investments::number_of_shares: numeric,
        "currency" => investments::currency: text,
        "interest_rate" => investments::interest_rate: numeric,
        "term" => investments::term: int4,
        "service_charge" => investments::service_charge: numeric,
        "is_loanbook" => investments::is_loanbook: bool,
        "approved_at" => investments::approved_at: timestamptz,
        "rejected_at" => investments::rejected_at: timestamptz,
        "withdrawn_at" => investments::withdrawn_at: timestamptz,
        "settled_at" => investments::settled_at: timestamptz,
        "created_at" => investments::created_at: timestamptz,
        "updated_at" => investments::updated_at: timestamptz,
    }
}

/// Which investments a list may contain, decided by the caller from the viewer.
#[derive(Debug, Clone, Default)]
pub struct InvestmentScope {
    /// The viewer (for `manages` and the relation widening below).
    pub viewer: Option<Uuid>,
    /// Only investments of this offering.
    pub offering_id: Option<Uuid>,
    /// Only investments of this investor.
    pub investor: Option<Uuid>,
    /// Only these stage and visibility codes, OR'ed with "the viewer is the investor or
    /// manages the investment"; `None` lists everything in the other bounds.
    pub visible: Option<(Vec<i16>, Vec<i16>)>,
}

/// One page of investments with `manages` per row, and the total count.
pub async fn list(
    conn: &mut AsyncPgConnection,
    network_id: Uuid,
    scope: &InvestmentScope,
    filters: &[Filter],
    order: Option<&(AttrRef, Direction)>,
    page: Page,
) -> Result<QueryResult<(Vec<(Investment, bool)>, i64)>, String> {
    let viewer = scope.viewer.unwrap_or(Uuid::nil());
    let build = || -> Result<investment_attrs::Query<'static>, String> {
        let mut query = investments::table
            .filter(investments::network_id.eq(network_id))
            .into_boxed();
        if let Some(offering) = scope.offering_id {
            query = query.filter(investments::offering_id.eq(offering));
        }
        if let Some(investor) = scope.investor {
            query = query.filter(investments::user_id.eq(investor));
        }
        if let Some((stages, visibilities)) = &scope.visible {
            query = query.filter(
                investments::life_cycle_stage
                    .eq_any(stages.clone())
                    .and(investments::visibility.eq_any(visibilities.clone()))
                    .or(investments::user_id.eq(viewer))
                    .or(manages_expr(network_id, viewer)),
            );
        }
        for f in filters {
            query = investment_attrs::filter(query, f)?;
        }
        Ok(query)
    };
    crate::models::paging::count_and_page!(
        conn,
        investments,
        build,
        order by investment_attrs::order,
        page,
        select (Investment::as_select(), manages_expr(network_id, viewer)),
    )
}

/// An investment with whether the viewer manages it, from [`first_of_offerings`].
#[derive(Debug, Clone, QueryableByName)]
pub struct InvestmentForViewer {
    /// The row.
    #[diesel(embed)]
    pub investment: Investment,
    /// Whether the viewer is an active member of the offering's organization.
    #[diesel(sql_type = Bool)]
    pub viewer_manages: bool,
}

/// What the viewer of [`first_of_offerings`] may see without a relation.
#[derive(Debug, Clone)]
pub struct InvestmentWindow {
    /// The viewer, if logged in.
    pub viewer: Option<Uuid>,
    /// An admin sees every investment.
    pub is_admin: bool,
    /// Stage codes others see.
    pub stages: Vec<i16>,
    /// Visibility codes others see.
    pub visibilities: Vec<i16>,
    /// Investments per offering.
    pub limit: i64,
}

/// The statement of [`first_of_offerings`] (its plan is checked by `tests/it/query_plans.rs`).
pub const FIRST_OF_OFFERINGS_SQL: &str = concat!(
    "SELECT i.*, (m.manages IS NOT NULL) AS viewer_manages
     FROM offerings o
",
    crate::models::viewer_manages_offering!(),
    "     CROSS JOIN LATERAL (
         SELECT *
         FROM investments i
         WHERE i.network_id = o.network_id AND i.offering_id = o.id
           AND ($4 OR m.manages IS NOT NULL OR i.user_id = $3
                OR (i.life_cycle_stage = ANY($5) AND i.visibility = ANY($6)))
         ORDER BY i.created_at DESC, i.id DESC
         LIMIT $7
     ) i
     WHERE o.network_id = $1 AND o.id = ANY($2)
     ORDER BY i.offering_id, i.created_at DESC, i.id DESC",
);

/// The newest `limit` investments of each of many offerings that the viewer may see, in
/// one statement. The visibility rule is applied inside the statement: admins see all;
/// the investor and members of the offering's organization see theirs; others see
/// `stages` with `visibilities`.
///
/// Each offering's investments come from a `LATERAL` walk of
/// `investments_network_offering_newest_idx` that stops after `limit` visible rows, so a
/// page costs `limit` rows per offering however many investments the offerings have.
pub async fn first_of_offerings(
    conn: &mut AsyncPgConnection,
    network_id: Uuid,
    offering_ids: &[Uuid],
    window: &InvestmentWindow,
) -> QueryResult<Vec<InvestmentForViewer>> {
    CachedSql::new(FIRST_OF_OFFERINGS_SQL)
        .bind::<SqlUuid, _>(network_id)
        .bind::<Array<SqlUuid>, _>(offering_ids)
        .bind::<Nullable<SqlUuid>, _>(window.viewer)
        .bind::<Bool, _>(window.is_admin)
        .bind::<Array<SmallInt>, _>(&window.stages)
        .bind::<Array<SmallInt>, _>(&window.visibilities)
        .bind::<BigInt, _>(window.limit)
        .load(conn)
        .await
}
