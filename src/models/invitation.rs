//! Invitations (`docs/outreach.md`): a user invites someone by email; the mailed link
//! carries a single-use secret stored only as a hash. Every query takes the network id.

use chrono::{DateTime, Utc};
use diesel::pg::Pg;
use diesel::prelude::*;
use diesel::query_builder::{AstPass, QueryFragment, QueryId};
use diesel::result::QueryResult;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use crate::db::schema::invitations;
use crate::domain::list::{AttrRef, Direction, Filter, Page};

/// An invitation as the API shows it. The secret's hash is deliberately not selected.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = invitations, check_for_backend(diesel::pg::Pg))]
pub struct Invitation {
    /// Primary key.
    pub id: Uuid,
    /// The network.
    pub network_id: Uuid,
    /// The inviting user.
    pub author_id: Uuid,
    /// The invitee's address.
    pub email: String,
    /// The invitee's given name.
    pub given_name: Option<String>,
    /// The invitee's family name.
    pub family_name: Option<String>,
    /// The invitee's organization.
    pub organization_name: Option<String>,
    /// After this moment the link no longer works.
    pub expires_at: Option<DateTime<Utc>>,
    /// When the invitee first opened the link.
    pub responded_at: Option<DateTime<Utc>>,
    /// The user who registered through this invitation.
    pub registered_user_id: Option<Uuid>,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last change.
    pub updated_at: DateTime<Utc>,
}

/// A new invitation.
#[derive(Debug, Insertable)]
#[diesel(table_name = invitations)]
pub struct NewInvitation<'a> {
    /// See [`Invitation::network_id`].
    pub network_id: Uuid,
    /// See [`Invitation::author_id`].
    pub author_id: Uuid,
    /// See [`Invitation::email`].
    pub email: &'a str,
    /// See [`Invitation::given_name`].
    pub given_name: Option<&'a str>,
    /// See [`Invitation::family_name`].
    pub family_name: Option<&'a str>,
    /// See [`Invitation::organization_name`].
    pub organization_name: Option<&'a str>,
    /// Hex SHA-256 of the link's secret (`crate::domain::token::hash`).
    pub secret_hash: &'a str,
    /// See [`Invitation::expires_at`].
    pub expires_at: DateTime<Utc>,
}

/// Invitations have no custom fields; this stands in for the `custom` column the list
/// macro wants (an empty object). Callers refuse `custom__…` attributes before listing.
#[derive(Debug, Clone, Copy, QueryId)]
pub struct NoCustomFields;

impl Expression for NoCustomFields {
    type SqlType = diesel::sql_types::Jsonb;
}

impl<QS> AppearsOnTable<QS> for NoCustomFields {}

impl<QS> SelectableExpression<QS> for NoCustomFields {}

impl<GB> diesel::expression::ValidGrouping<GB> for NoCustomFields {
    type IsAggregate = diesel::expression::is_aggregate::Never;
}

impl QueryFragment<Pg> for NoCustomFields {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, Pg>) -> QueryResult<()> {
        out.push_sql("'{}'::jsonb");
        Ok(())
    }
}

crate::list_columns! {
    /// Attributes invitations may be ordered and filtered by.
    pub mod invitation_attrs for invitations, id invitations::id, custom crate::models::invitation::NoCustomFields {
        "email" => invitations::email: text,
        "given_name" => invitations::given_name: text,
        "family_name" => invitations::family_name: text,
        "organization_name" => invitations::organization_name: text,
        "created_at" => invitations::created_at: timestamptz,
        "updated_at" => invitations::updated_at: timestamptz,
        "expires_at" => invitations::expires_at: timestamptz,
        "responded_at" => invitations::responded_at: timestamptz,
        "registered_user_id" => invitations::registered_user_id: uuid,
        "id" => invitations::id: uuid,
    }
}

impl Invitation {
    /// Inserts an invitation.
    pub async fn insert(
        conn: &mut AsyncPgConnection,
        new: &NewInvitation<'_>,
    ) -> QueryResult<Invitation> {
        diesel::insert_into(invitations::table)
            .values(new)
            .returning(Invitation::as_returning())
            .get_result(conn)
            .await
    }

    crate::models::lookup::lookups! {
        invitations => Invitation;
        /// The invitation `id` of `network_id`, if any.
        pub fn find = find;
    }

    /// How many invitations `author_id` created since `since`.
    pub async fn count_by_author_since(
        conn: &mut AsyncPgConnection,
        network_id: Uuid,
        author_id: Uuid,
        since: DateTime<Utc>,
    ) -> QueryResult<i64> {
        invitations::table
            .filter(invitations::network_id.eq(network_id))
            .filter(invitations::author_id.eq(author_id))
            .filter(invitations::created_at.ge(since))
            .count()
            .get_result(conn)
            .await
    }

    /// The invitation `id` whose link secret hashes to `secret_hash`, if any (a used
    /// secret is cleared, so it no longer matches).
    pub async fn find_by_secret(
        conn: &mut AsyncPgConnection,
        network_id: Uuid,
        id: Uuid,
        secret_hash: &str,
    ) -> QueryResult<Option<Invitation>> {
        invitations::table
            .filter(invitations::network_id.eq(network_id))
            .filter(invitations::id.eq(id))
            .filter(invitations::secret_hash.eq(secret_hash))
            .select(Invitation::as_select())
            .first(conn)
            .await
            .optional()
    }

    /// Stamps `responded_at` the first time the invitee opens the link; returns the row.
    pub async fn mark_responded(
        conn: &mut AsyncPgConnection,
        network_id: Uuid,
        id: Uuid,
    ) -> QueryResult<Invitation> {
        diesel::update(
            invitations::table
                .filter(invitations::network_id.eq(network_id))
                .filter(invitations::id.eq(id)),
        )
        .set(invitations::responded_at.eq(diesel::dsl::sql::<
            diesel::sql_types::Nullable<diesel::sql_types::Timestamptz>,
        >("COALESCE(responded_at, now())")))
        .returning(Invitation::as_returning())
        .get_result(conn)
        .await
    }

    /// Uses up the invitation's secret for the registration of `user_id`: records the
    /// user, stamps `responded_at` if still empty and clears the secret, so the link
    /// works only once. `None` when the secret does not match, was used, or expired.
    pub async fn claim(
        conn: &mut AsyncPgConnection,
        network_id: Uuid,
        id: Uuid,
        secret_hash: &str,
        user_id: Uuid,
    ) -> QueryResult<Option<Invitation>> {
        diesel::update(
            invitations::table
                .filter(invitations::network_id.eq(network_id))
                .filter(invitations::id.eq(id))
                .filter(invitations::secret_hash.eq(secret_hash))
                .filter(invitations::registered_user_id.is_null())
                .filter(invitations::expires_at.gt(diesel::dsl::now)),
        )
        .set((
            invitations::registered_user_id.eq(user_id),
            invitations::secret_hash.eq(None::<String>),
            invitations::responded_at.eq(diesel::dsl::sql::<
                diesel::sql_types::Nullable<diesel::sql_types::Timestamptz>,
            >("COALESCE(responded_at, now())")),
        ))
        .returning(Invitation::as_returning())
        .get_result(conn)
        .await
        .optional()
    }

    /// One page of the invitations of `network_id` (only those of `author_id` when
    /// given) and the total count. Without an ordering: newest first. The outer error is
    /// a filter the list cannot apply (a 400).
    pub async fn list(
        conn: &mut AsyncPgConnection,
        network_id: Uuid,
        author_id: Option<Uuid>,
        filters: &[Filter],
        order: Option<&(AttrRef, Direction)>,
        page: Page,
    ) -> Result<QueryResult<(Vec<Invitation>, i64)>, String> {
        let build = || -> Result<invitation_attrs::Query<'static>, String> {
            let mut query = invitations::table
                .filter(invitations::network_id.eq(network_id))
                .into_boxed();
            if let Some(author) = author_id {
                query = query.filter(invitations::author_id.eq(author));
            }
            for f in filters {
                if matches!(f.attr, AttrRef::Custom(_)) {
                    return Err("Invitations have no custom fields.".to_owned());
                }
                query = invitation_attrs::filter(query, f)?;
            }
            Ok(query)
        };
        if order.is_some_and(|(a, _)| matches!(a, AttrRef::Custom(_))) {
            return Err("Invitations have no custom fields.".to_owned());
        }
        crate::models::paging::count_and_page!(
            conn,
            invitations,
            build,
            order by invitation_attrs::order,
            page,
            select Invitation::as_select(),
        )
    }
}
