//! Newsletter sign-ups (POST /public/newsletterSignUp): an alert for the admin team that
//! an address wants the newsletter. One row per address (case-insensitively) per network.

use diesel::prelude::*;
use diesel::sql_types::{Nullable, Text, Uuid as SqlUuid};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

#[derive(QueryableByName)]
struct Inserted {
    #[diesel(sql_type = SqlUuid)]
    #[allow(dead_code)]
    id: Uuid,
}

/// Records that `email` signed up in `network_id` (linked to the user `user_id` when the
/// address belongs to one). Returns `true` for a new sign-up, `false` when this address
/// (in any letter case) had signed up before: the existing row is left as it is. One
/// statement, so concurrent sign-ups of one address record it exactly once.
pub async fn sign_up(
    conn: &mut AsyncPgConnection,
    network_id: Uuid,
    email: &str,
    user_id: Option<Uuid>,
) -> QueryResult<bool> {
    let inserted: Vec<Inserted> = diesel::sql_query(
        "INSERT INTO newsletter_signups (network_id, email, user_id)
         VALUES ($1, $2, $3)
         ON CONFLICT (network_id, lower(email)) DO NOTHING
         RETURNING id",
    )
    .bind::<SqlUuid, _>(network_id)
    .bind::<Text, _>(email)
    .bind::<Nullable<SqlUuid>, _>(user_id)
    .load(conn)
    .await?;
    Ok(!inserted.is_empty())
}
