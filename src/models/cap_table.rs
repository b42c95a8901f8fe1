//! An organization's cap table as of a moment (`organizationCapTable`;
//! `docs/registry.md`, "Cap table"), rebuilt from the change log: each capitalization's
//! state is the `after` of its last change at or before that moment. One statement.

use chrono::{DateTime, Utc};
use diesel::sql_types::{Nullable, Numeric, SmallInt, Timestamptz, Uuid as SqlUuid};
use diesel::{QueryResult, QueryableByName};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use rust_decimal::Decimal;
use uuid::Uuid;

use crate::db::cached::CachedSql;

/// The shares one holder had of one type.
#[derive(Debug, Clone, PartialEq, QueryableByName)]
pub struct Holding {
    /// The type code.
    #[diesel(sql_type = SmallInt)]
    pub capitalization_type: i16,
    /// The holder; `None` for the organization itself.
    #[diesel(sql_type = Nullable<SqlUuid>)]
    pub owner_id: Option<Uuid>,
    /// Their issued shares of the type.
    #[diesel(sql_type = Numeric)]
    pub number_of_shares: Decimal,
}

// A capitalization without a change at or before the moment did not exist then. A change
// records every attribute; one it leaves out keeps the row's present value. Issued,
// Offered and Treasury shares count (Authorized is the limit, not shares held; Distributed
// and Merged ones were superseded by their children).
const CAP_TABLE_SQL: &str = "
    WITH state AS (
        SELECT DISTINCT ON (l.capitalization_id)
               COALESCE((l.after->>'capitalization_type')::smallint, c.capitalization_type)
                   AS capitalization_type,
               CASE WHEN l.after ? 'owner_id' THEN (l.after->>'owner_id')::uuid
                    ELSE c.owner_id END AS owner_id,
               COALESCE((l.after->>'life_cycle_stage')::smallint, c.life_cycle_stage)
                   AS life_cycle_stage,
               COALESCE((l.after->>'number_of_shares')::numeric, c.number_of_shares)
                   AS number_of_shares
        FROM capitalization_changelog l
        JOIN capitalizations c ON c.network_id = l.network_id AND c.id = l.capitalization_id
        WHERE l.network_id = $1 AND c.organization_id = $2 AND l.created_at <= $3
        ORDER BY l.capitalization_id, l.created_at DESC, l.id DESC
    )
    SELECT capitalization_type, owner_id, SUM(number_of_shares) AS number_of_shares
    FROM state
    WHERE life_cycle_stage IN (1, 2, 3)
    GROUP BY capitalization_type, owner_id
    HAVING SUM(number_of_shares) > 0
    ORDER BY capitalization_type, SUM(number_of_shares) DESC, owner_id NULLS FIRST";

/// The holdings of organization `organization_id` as of `as_of`, by type, largest first.
pub async fn holdings(
    conn: &mut AsyncPgConnection,
    network_id: Uuid,
    organization_id: Uuid,
    as_of: DateTime<Utc>,
) -> QueryResult<Vec<Holding>> {
    CachedSql::new(CAP_TABLE_SQL)
        .bind::<SqlUuid, _>(network_id)
        .bind::<SqlUuid, _>(organization_id)
        .bind::<Timestamptz, _>(as_of)
        .load(conn)
        .await
}
