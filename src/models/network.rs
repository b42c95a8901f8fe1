//! Networks: the tenants of the service (`docs/product.md`, Tenancy).

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use crate::db::schema::networks;

/// A network (tenant) as stored.
#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = networks, check_for_backend(diesel::pg::Pg))]
pub struct Network {
    /// Primary key.
    pub id: Uuid,
    /// The `{network}` path segment and `network` header value.
    pub name: String,
    /// Public API key used by `cv-auth`.
    pub api_key: String,
    /// API secret: signs `cv-auth` digests and masks passwords (see CV_AUTH.md).
    pub api_secret: String,
    /// Admin-set key/values readable by anyone in the network.
    pub globals: serde_json::Value,
    /// Network settings such as `allow_self_approval`.
    pub settings: serde_json::Value,
    /// When the network was created.
    pub created_at: DateTime<Utc>,
}

/// What is needed to create a network.
#[derive(Debug, Insertable)]
#[diesel(table_name = networks)]
pub struct NewNetwork<'a> {
    /// See [`Network::name`].
    pub name: &'a str,
    /// See [`Network::api_key`].
    pub api_key: &'a str,
    /// See [`Network::api_secret`].
    pub api_secret: &'a str,
}

impl Network {
    /// The network called `name`, if any.
    pub async fn find_by_name(
        conn: &mut AsyncPgConnection,
        name: &str,
    ) -> QueryResult<Option<Network>> {
        networks::table
            .filter(networks::name.eq(name))
            .select(Network::as_select())
            .first(conn)
            .await
            .optional()
    }

    /// The network owning `api_key`, if any.
    pub async fn find_by_api_key(
        conn: &mut AsyncPgConnection,
        api_key: &str,
    ) -> QueryResult<Option<Network>> {
        networks::table
            .filter(networks::api_key.eq(api_key))
            .select(Network::as_select())
            .first(conn)
            .await
            .optional()
    }

    /// Inserts a network; fails with a unique violation when the name or key is taken.
    pub async fn insert(
        conn: &mut AsyncPgConnection,
        new: &NewNetwork<'_>,
    ) -> QueryResult<Network> {
        diesel::insert_into(networks::table)
            .values(new)
            .returning(Network::as_returning())
            .get_result(conn)
            .await
    }

    /// Whether `name` is acceptable as a network name (it becomes a URL path segment).
    pub fn is_valid_name(name: &str) -> bool {
        let bytes = name.as_bytes();
        !bytes.is_empty()
            && bytes.len() <= 63
            && bytes[0].is_ascii_alphanumeric()
            && !bytes[0].is_ascii_uppercase()
            && bytes
                .iter()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'_' || *b == b'-')
    }
}

#[cfg(test)]
mod tests {
    use super::Network;

    #[test]
    fn network_names_are_url_safe_lowercase_slugs() {
        let cases = [
            ("demo", true),
            ("acme-capital_2", true),
            ("0day", true),
            ("", false),
            ("-demo", false),
            ("Demo", false),
            ("de mo", false),
            ("demo/../x", false),
            (&"a".repeat(63), true),
            (&"a".repeat(64), false),
        ];
        for (name, ok) in cases {
            assert_eq!(Network::is_valid_name(name), ok, "{name:?}");
        }
    }
}
