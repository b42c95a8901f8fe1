//! Signing users up and changing their credentials: insertion, login stamps, password,
//! email, referral and the request to delete the account.

use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use crate::db::schema::users;

use super::{User, by_id, lower};

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

impl NewUser<'_> {
    /// Inserts the user; a unique violation means the email is taken in the network.
    pub async fn insert(&self, conn: &mut AsyncPgConnection) -> QueryResult<Uuid> {
        diesel::insert_into(users::table)
            .values(self)
            .returning(users::id)
            .get_result(conn)
            .await
    }
}

impl User {
    /// Records a successful login.
    pub async fn touch_login(conn: &mut AsyncPgConnection, id: Uuid) -> QueryResult<usize> {
        diesel::update(users::table.find(id))
            .set(users::last_login_at.eq(diesel::dsl::now))
            .execute(conn)
            .await
    }

    /// Replaces the password hash.
    pub async fn set_password_hash(
        conn: &mut AsyncPgConnection,
        network_id: Uuid,
        id: Uuid,
        hash: &str,
    ) -> QueryResult<usize> {
        diesel::update(by_id(network_id, id))
            .set((
                users::password_hash.eq(hash),
                users::password_expired.eq(false),
            ))
            .execute(conn)
            .await
    }

    /// Replaces the login email and marks it unverified (a new address must be proven
    /// again); returns the updated row. A unique violation means the address is taken
    /// in the network.
    pub async fn change_email(
        conn: &mut AsyncPgConnection,
        network_id: Uuid,
        id: Uuid,
        email: &str,
    ) -> QueryResult<User> {
        diesel::update(by_id(network_id, id))
            .set((users::email.eq(email), users::email_verified.eq(false)))
            .returning(User::as_returning())
            .get_result(conn)
            .await
    }

    /// Marks the user's email verified.
    pub async fn mark_email_verified(
        conn: &mut AsyncPgConnection,
        network_id: Uuid,
        id: Uuid,
    ) -> QueryResult<usize> {
        diesel::update(by_id(network_id, id))
            .set(users::email_verified.eq(true))
            .execute(conn)
            .await
    }

    /// Records the affiliate who referred a new user (whose affiliate code is `code`);
    /// the code is kept even when no affiliate has it.
    pub async fn set_referral(
        conn: &mut AsyncPgConnection,
        network_id: Uuid,
        id: Uuid,
        code: &str,
    ) -> QueryResult<usize> {
        let affiliate: Option<Uuid> = users::table
            .filter(users::network_id.eq(network_id))
            .filter(users::affiliate_code.eq(code))
            .filter(users::id.ne(id))
            .select(users::id)
            .first(conn)
            .await
            .optional()?;
        diesel::update(by_id(network_id, id))
            .set((
                users::referral_code.eq(code),
                users::referred_by_user_id.eq(affiliate),
            ))
            .execute(conn)
            .await
    }

    /// Flags that the user asked for their account to be deleted.
    pub async fn mark_deletion_requested(
        conn: &mut AsyncPgConnection,
        network_id: Uuid,
        id: Uuid,
    ) -> QueryResult<usize> {
        diesel::update(by_id(network_id, id))
            .set(users::deletion_requested_at.eq(diesel::dsl::now))
            .execute(conn)
            .await
    }
}
