//! Listing users with filters, ordering and paging (`docs/product.md`, Lists).

use diesel::pg::Pg;
use diesel::prelude::*;
use diesel_async::AsyncPgConnection;
use uuid::Uuid;

use crate::db::schema::users;
use crate::domain::list::{AttrRef, Direction, Filter, Page};
use crate::models::user::User;

/// A `list_columns!` module of users: the attributes anyone may order and filter users by
/// (public fields), then `$extra`.
macro_rules! user_columns {
    ($(#[$m:meta])* $module:ident { $($extra:tt)* }) => {
        crate::list_columns! {
            $(#[$m])*
            pub mod $module for users, id users::id, custom users::custom {
                "given_name" => users::given_name: text,
                "family_name" => users::family_name: text,
                "additional_type" => users::additional_type: text,
                "job_title" => users::job_title: text,
                "sector" => users::sector: text,
                "location" => users::location: text,
                "visibility" => users::visibility: int2,
                "created_at" => users::created_at: timestamptz,
                "updated_at" => users::updated_at: timestamptz,
                $($extra)*
            }
        }
    };
}

user_columns! {
    /// Attributes anyone may order and filter users by (public fields).
    public_attrs {}
}

user_columns! {
    /// Attributes admins may also order and filter users by.
    admin_attrs {
        "id" => users::id: uuid,
        "email" => users::email: text,
        "is_admin" => users::is_admin: bool,
        "is_vip" => users::is_vip: bool,
        "email_verified" => users::email_verified: bool,
        "has_been_approved" => users::has_been_approved: bool,
        "has_been_blocked" => users::has_been_blocked: bool,
        "registration_complete" => users::registration_complete: bool,
        "term_service_accepted" => users::term_service_accepted: bool,
        "nationality" => users::nationality: text,
        "referral_code" => users::referral_code: text,
        "affiliate_code" => users::affiliate_code: text,
        "last_login_at" => users::last_login_at: timestamptz,
    }
}

/// Which users a list may contain, decided by the caller from the viewer.
#[derive(Debug, Clone)]
pub struct UserScope {
    /// Only these visibility codes (plus `include_self`); `None` for all.
    pub visibilities: Option<Vec<i16>>,
    /// The viewer, listed whatever their visibility.
    pub include_self: Option<Uuid>,
    /// Only users referred by this user (affiliates).
    pub referred_by: Option<Uuid>,
    /// Admin lists use the admin attributes.
    pub admin: bool,
}

/// One page of users and the total count, in two statements.
pub async fn list(
    conn: &mut AsyncPgConnection,
    network_id: Uuid,
    scope: &UserScope,
    filters: &[Filter],
    order: Option<&(AttrRef, Direction)>,
    page: Page,
) -> Result<QueryResult<(Vec<User>, i64)>, String> {
    let build = || -> Result<users::BoxedQuery<'static, Pg>, String> {
        let mut query = users::table
            .filter(users::network_id.eq(network_id))
            .into_boxed();
        if let Some(vis) = &scope.visibilities {
            query = match scope.include_self {
                Some(me) => {
                    query.filter(users::visibility.eq_any(vis.clone()).or(users::id.eq(me)))
                }
                None => query.filter(users::visibility.eq_any(vis.clone())),
            };
        }
        if let Some(affiliate) = scope.referred_by {
            query = query.filter(users::referred_by_user_id.eq(affiliate));
        }
        for f in filters {
            query = if scope.admin {
                admin_attrs::filter(query, f)?
            } else {
                public_attrs::filter(query, f)?
            };
        }
        Ok(query)
    };
    let order_by: fn(users::BoxedQuery<'static, Pg>, &AttrRef, Direction) -> _ = if scope.admin {
        admin_attrs::order
    } else {
        public_attrs::order
    };
    crate::models::paging::count_and_page!(
        conn,
        users,
        build,
        order by order_by,
        page,
        select User::as_select(),
    )
}
