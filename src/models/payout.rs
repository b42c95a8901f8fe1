//! Payouts as the ledger sees them (`docs/money.md`): whom a payout is owed to, in which
//! currency, and whether a viewer is on the team of the organization whose offering it
//! belongs to (that team may settle the payout's transactions). Every query takes the
//! network id.

use diesel::sql_types::{Bool, Nullable, Text, Uuid as SqlUuid};
use diesel::{OptionalExtension, QueryResult, QueryableByName};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use crate::db::cached::CachedSql;

/// The parties of a payout.
#[derive(Debug, Clone, PartialEq, Eq, QueryableByName)]
pub struct PayoutParties {
    /// The payout.
    #[diesel(sql_type = SqlUuid)]
    pub id: Uuid,
    /// The user the payout is owed to (investor, or the borrower of a repayment plan).
    #[diesel(sql_type = SqlUuid)]
    pub user_id: Uuid,
    /// Its currency, when it has one.
    #[diesel(sql_type = Nullable<Text>)]
    pub currency: Option<String>,
    /// Whether the viewer is an active member of the organization of the payout's
    /// offering (the offering named on the payout, or its investment's).
    #[diesel(sql_type = Bool)]
    pub viewer_is_team: bool,
}

/// The statement of [`PayoutParties::find`].
const FIND_SQL: &str = "
    SELECT p.id, p.user_id, p.currency,
           EXISTS (
               SELECT 1
               FROM offerings o
               JOIN organization_members m
                 ON m.network_id = o.network_id AND m.organization_id = o.organization_id
               WHERE o.network_id = p.network_id
                 AND o.id = COALESCE(p.offering_id, (
                         SELECT i.offering_id FROM investments i
                         WHERE i.network_id = p.network_id AND i.id = p.investment_id))
                 AND m.user_id = $3 AND m.status
           ) AS viewer_is_team
    FROM payouts p
    WHERE p.network_id = $1 AND p.id = $2";

impl PayoutParties {
    /// The payout `id` of `network_id` with whether `viewer` (nil: anonymous) is on its
    /// paying team, if the payout exists.
    pub async fn find(
        conn: &mut AsyncPgConnection,
        network_id: Uuid,
        id: Uuid,
        viewer: Option<Uuid>,
    ) -> QueryResult<Option<PayoutParties>> {
        CachedSql::new(FIND_SQL)
            .bind::<SqlUuid, _>(network_id)
            .bind::<SqlUuid, _>(id)
            .bind::<SqlUuid, _>(viewer.unwrap_or(Uuid::nil()))
            .get_result(conn)
            .await
            .optional()
    }
}
