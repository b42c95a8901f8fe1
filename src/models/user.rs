//! Users: the people of a network (seeds/001_d17389470978c889.txt, User).

use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use crate::db::schema::users;

/// What is needed to create a user; every other column takes its default.
#[derive(Debug, Insertable)]
#[diesel(table_name = users)]
pub struct NewUser<'a> {
    /// The user's network.
    pub network_id: Uuid,
    /// Login email (unique per network, case-insensitively).
    pub email: &'a str,
    /// argon2id PHC string.
    pub password_hash: Option<&'a str>,
    /// Admin of the network.
    pub is_admin: bool,
    /// VIP: sees Restricted offerings.
    pub is_vip: bool,
    /// Whether the email is already verified.
    pub email_verified: bool,
    /// Given name.
    pub given_name: Option<&'a str>,
    /// Family name.
    pub family_name: Option<&'a str>,
}

impl NewUser<'_> {
    /// Inserts the user unless one with the same email exists in the network; returns
    /// the id of the new or the existing user.
    pub async fn insert_or_get(&self, conn: &mut AsyncPgConnection) -> QueryResult<Uuid> {
        let inserted: Option<Uuid> = diesel::insert_into(users::table)
            .values(self)
            .on_conflict_do_nothing()
            .returning(users::id)
            .get_result(conn)
            .await
            .optional()?;
        match inserted {
            Some(id) => Ok(id),
            None => {
                users::table
                    .filter(users::network_id.eq(self.network_id))
                    .filter(lower(users::email).eq(self.email.to_lowercase()))
                    .select(users::id)
                    .first(conn)
                    .await
            }
        }
    }
}

diesel::define_sql_function! {
    /// SQL `lower(text)`.
    fn lower(x: diesel::sql_types::Text) -> diesel::sql_types::Text;
}
