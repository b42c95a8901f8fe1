//! Lists of payouts: a page of the payouts of an investment, of an offering (its own,
//! without an investment) or of a user, and the newest payouts of many investments,
//! offerings or users in one statement for the nested lists. Every row comes with its
//! derived figures.

use diesel::prelude::*;
use diesel::sql_types::{Array, BigInt, Bool, Nullable, Uuid as SqlUuid};
use diesel_async::AsyncPgConnection;
use uuid::Uuid;

use super::{Payout, PayoutView, derived};
use crate::db::cached::CachedSql;
use crate::db::schema::payouts;
use crate::domain::list::{AttrRef, Direction, Filter, Page};

crate::list_columns! {
    /// Attributes payout lists may be ordered and filtered by.
    pub mod payout_attrs for payouts, id payouts::id, custom payouts::custom {
        "id" => payouts::id: uuid,
        "user_id" => payouts::user_id: uuid,
        "investment_id" => payouts::investment_id: uuid,
        "offering_id" => payouts::offering_id: uuid,
        "payout_type" => payouts::payout_type: int2,
        "additional_type" => payouts::additional_type: text,
        "currency" => payouts::currency: text,
        "due_date" => payouts::due_date: date,
        "payout_amount" => payouts::payout_amount: numeric,
        "minimum_payment" => payouts::minimum_payment: numeric,
        "late_fee" => payouts::late_fee: numeric,
        "charge_offs" => payouts::charge_offs: numeric,
        "net_recoveries" => payouts::net_recoveries: numeric,
        "service_charge" => payouts::service_charge: numeric,
        "net_annualized_return" => payouts::net_annualized_return: numeric,
        "created_at" => payouts::created_at: timestamptz,
        "updated_at" => payouts::updated_at: timestamptz,
    }
}

/// A page of rows as the query DSL loads them, before the derived figures are named.
type Listing = Result<QueryResult<(Vec<(Payout, super::Derived)>, i64)>, String>;

/// Whose payouts a list holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PayoutScope {
    /// The payouts of an investment.
    Investment(Uuid),
    /// An offering's own payouts (attached to the offering, not to an investment).
    Offering(Uuid),
    /// The payouts owed to a user.
    User(Uuid),
}

/// One page of the payouts of `scope` and their total count, newest first unless
/// ordered otherwise; with `only_user`, only the payouts owed to that user (a viewer who
/// is neither admin nor on the offering's team sees their own only).
pub async fn list(
    conn: &mut AsyncPgConnection,
    network_id: Uuid,
    scope: PayoutScope,
    only_user: Option<Uuid>,
    filters: &[Filter],
    order: Option<&(AttrRef, Direction)>,
    page: Page,
) -> Result<QueryResult<(Vec<PayoutView>, i64)>, String> {
    let build = || -> Result<payout_attrs::Query<'static>, String> {
        let mut query = payouts::table
            .filter(payouts::network_id.eq(network_id))
            .into_boxed();
        query = match scope {
            PayoutScope::Investment(id) => query.filter(payouts::investment_id.eq(id)),
            PayoutScope::Offering(id) => query
                .filter(payouts::offering_id.eq(id))
                .filter(payouts::investment_id.is_null()),
            PayoutScope::User(id) => query.filter(payouts::user_id.eq(id)),
        };
        if let Some(user) = only_user {
            query = query.filter(payouts::user_id.eq(user));
        }
        for f in filters {
            query = payout_attrs::filter(query, f)?;
        }
        Ok(query)
    };
    let listing: Listing = crate::models::paging::count_and_page!(
        conn,
        payouts,
        build,
        order by payout_attrs::order,
        page,
        select (Payout::as_select(), derived()),
    );
    Ok(listing?.map(|(rows, count)| (rows.into_iter().map(PayoutView::from).collect(), count)))
}

/// What the viewer of [`first_of`] may see.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PayoutWindow {
    /// The viewer, if logged in.
    pub viewer: Option<Uuid>,
    /// An admin sees every payout.
    pub is_admin: bool,
    /// Payouts per parent.
    pub limit: i64,
}

/// SQL: whether the user `$3` is an active member of the organization of the offering of
/// the payout row `payouts`.
macro_rules! viewer_on_payout_team {
    () => {
        concat!(
            "EXISTS (
                 SELECT 1 FROM offerings o2
                 JOIN organization_members m2
                   ON m2.network_id = o2.network_id AND m2.organization_id = o2.organization_id
                 WHERE o2.network_id = payouts.network_id AND o2.id = ",
            super::payout_offering!(),
            " AND m2.user_id = $3 AND m2.status)"
        )
    };
}

/// The statement of the newest payouts of many investments.
const OF_INVESTMENTS_SQL: &str = concat!(
    "SELECT payouts.*, ",
    super::payout_derived!(),
    " FROM investments i
     JOIN offerings o ON o.network_id = i.network_id AND o.id = i.offering_id
",
    crate::models::viewer_manages_offering!(),
    "     CROSS JOIN LATERAL (
         SELECT * FROM payouts
         WHERE payouts.network_id = i.network_id AND payouts.investment_id = i.id
           AND ($4 OR m.manages IS NOT NULL OR payouts.user_id = $3)
         ORDER BY payouts.created_at DESC, payouts.id DESC
         LIMIT $5
     ) payouts
     WHERE i.network_id = $1 AND i.id = ANY($2)
     ORDER BY payouts.investment_id, payouts.created_at DESC, payouts.id DESC"
);

/// The statement of the newest own payouts of many offerings.
const OF_OFFERINGS_SQL: &str = concat!(
    "SELECT payouts.*, ",
    super::payout_derived!(),
    " FROM offerings o
",
    crate::models::viewer_manages_offering!(),
    "     CROSS JOIN LATERAL (
         SELECT * FROM payouts
         WHERE payouts.network_id = o.network_id AND payouts.offering_id = o.id
           AND payouts.investment_id IS NULL
           AND ($4 OR m.manages IS NOT NULL OR payouts.user_id = $3)
         ORDER BY payouts.created_at DESC, payouts.id DESC
         LIMIT $5
     ) payouts
     WHERE o.network_id = $1 AND o.id = ANY($2)
     ORDER BY payouts.offering_id, payouts.created_at DESC, payouts.id DESC"
);

/// The statement of the newest payouts of many users.
const OF_USERS_SQL: &str = concat!(
    "SELECT payouts.*, ",
    super::payout_derived!(),
    " FROM users u
     CROSS JOIN LATERAL (
         SELECT * FROM payouts
         WHERE payouts.network_id = u.network_id AND payouts.user_id = u.id
           AND ($4 OR payouts.user_id = $3 OR ",
    viewer_on_payout_team!(),
    ")
         ORDER BY payouts.created_at DESC, payouts.id DESC
         LIMIT $5
     ) payouts
     WHERE u.network_id = $1 AND u.id = ANY($2)
     ORDER BY payouts.user_id, payouts.created_at DESC, payouts.id DESC"
);

/// Which parents [`first_of`] reads the payouts of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PayoutParent {
    /// Investments.
    Investment,
    /// Offerings (their own payouts).
    Offering,
    /// Users (the payouts owed to them).
    User,
}

/// The newest `window.limit` payouts the viewer may see of each of `ids`, in one
/// statement: admins see all; the user a payout is owed to and the team of its
/// offering's organization see it; nobody else.
pub async fn first_of(
    conn: &mut AsyncPgConnection,
    network_id: Uuid,
    parent: PayoutParent,
    ids: &[Uuid],
    window: PayoutWindow,
) -> QueryResult<Vec<PayoutView>> {
    let statement = match parent {
        PayoutParent::Investment => OF_INVESTMENTS_SQL,
        PayoutParent::Offering => OF_OFFERINGS_SQL,
        PayoutParent::User => OF_USERS_SQL,
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
