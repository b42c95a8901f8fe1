//! The memberships of organizations: who is an active member, joining and leaving.

use chrono::{DateTime, Utc};
use diesel::dsl::auto_type;
use diesel::pg::Pg;
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use crate::db::schema::{organization_members, users};
use crate::models::user::User;

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

/// The organizations `user_id` is an active member of, in `network_id` (a subquery).
#[auto_type]
pub fn member_org_ids(network_id: Uuid, user_id: Uuid) -> _ {
    organization_members::table
        .filter(organization_members::network_id.eq(network_id))
        .filter(organization_members::user_id.eq(user_id))
        .filter(organization_members::status.eq(true))
        .select(organization_members::organization_id)
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

crate::models::lookup::lookups! {
    users => User;
    /// Many users by id (one statement), for the batch loader of nested `user` fields.
    pub fn users_by_ids = find_many;
}
