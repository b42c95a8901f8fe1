//! Creating networks, and the demo network that `make run` shows.
//!
//! The demo network uses the credentials of the `CV_AUTH.md` test vectors (`demo-key`,
//! `demo-secret-001`, alice and bob), so those vectors can be replayed against it.

use std::fmt::Write as _;
use std::net::SocketAddr;

use diesel::prelude::*;
use diesel_async::{AsyncConnection, RunQueryDsl};
use rand::Rng;
use rand::distributions::Alphanumeric;
use uuid::Uuid;

use crate::auth::password::hash_password;
use crate::db::schema::organizations;
use crate::db::{self, DbPool};
use crate::error::{ApiError, ApiResult, codes};
use crate::models::network::{Network, NewNetwork};
use crate::models::user::NewUser;

/// Name of the demo network.
pub const DEMO_NETWORK: &str = "demo";
/// API key of the demo network (CV_AUTH.md test vectors).
pub const DEMO_API_KEY: &str = "demo-key";
/// API secret of the demo network (CV_AUTH.md test vectors).
pub const DEMO_API_SECRET: &str = "demo-secret-001";

/// A demo login: email, password and what the account is for.
pub struct DemoLogin {
    /// Login email.
    pub email: &'static str,
    /// Login password.
    pub password: &'static str,
    /// What the account shows.
    pub role: &'static str,
    /// Admin flag.
    pub is_admin: bool,
}

/// The demo accounts.
pub const DEMO_LOGINS: &[DemoLogin] = &[
    DemoLogin {
        email: "admin@example.com",
        password: "demo-admin-pass",
        role: "network admin",
        is_admin: true,
    },
    DemoLogin {
        email: "alice@example.com",
        password: "correct horse",
        role: "investor",
        is_admin: false,
    },
    DemoLogin {
        email: "bob@example.com",
        password: "pässwörd",
        role: "fundraiser",
        is_admin: false,
    },
];

/// The seeded demo network.
#[derive(Debug)]
pub struct DemoSeed {
    /// The network row.
    pub network: Network,
}

impl DemoSeed {
    /// The text `serve --seed-demo` and `seed-demo` print.
    pub fn describe(&self, addr: Option<SocketAddr>) -> String {
        let mut out = String::new();
        let name = &self.network.name;
        if let Some(addr) = addr {
            let _ = writeln!(out, "  GraphiQL: http://{addr}/graphiql?network={name}");
            let _ = writeln!(out, "  REST:     http://{addr}/v1/{name}/");
        }
        let _ = writeln!(out, "  demo network: {name}");
        let _ = writeln!(out, "    api key:    {}", self.network.api_key);
        let _ = writeln!(out, "    api secret: {}", self.network.api_secret);
        for login in DEMO_LOGINS {
            let _ = writeln!(
                out,
                "    login:      {} / {}  ({})",
                login.email, login.password, login.role
            );
        }
        out
    }
}

/// Creates the demo network, its users and sample data if they are missing; running it
/// again changes nothing.
pub async fn seed_demo(pool: &DbPool) -> anyhow::Result<DemoSeed> {
    // Hashing is slow on purpose: do it before the transaction, outside any lock.
    let hashes: Vec<String> = DEMO_LOGINS
        .iter()
        .map(|l| hash_password(l.password))
        .collect::<Result<_, _>>()
        .map_err(|e| anyhow::anyhow!("{}", e.developer_message))?;
    let mut conn = db::conn(pool)
        .await
        .map_err(|e| anyhow::anyhow!("{}", e.developer_message))?;
    let network = conn
        .transaction(async |conn| -> diesel::QueryResult<Network> {
            let network = match Network::find_by_name(conn, DEMO_NETWORK).await? {
                Some(network) => network,
                None => {
                    Network::insert(
                        conn,
                        &NewNetwork {
                            name: DEMO_NETWORK,
                            api_key: DEMO_API_KEY,
                            api_secret: DEMO_API_SECRET,
                        },
                    )
                    .await?
                }
            };
            let mut user_ids = Vec::with_capacity(DEMO_LOGINS.len());
            for (login, hash) in DEMO_LOGINS.iter().zip(&hashes) {
                let (given, family) = login.email.split_once('@').unwrap_or((login.email, ""));
                NewUser {
                    network_id: network.id,
                    email: login.email,
                    password_hash: Some(hash),
                    is_admin: login.is_admin,
                    is_vip: false,
                    email_verified: true,
                    given_name: Some(given),
                    family_name: Some(family.split('.').next().unwrap_or("")),
                }
                .insert_or_get(conn)
                .await
                .map(|id| user_ids.push(id))?;
            }
            seed_demo_marketplace(conn, network.id, user_ids[1], user_ids[2]).await?;
            Ok(network)
        })
        .await?;
    Ok(DemoSeed { network })
}

/// One organization (bob's) with a Published and a Settled offering, and investments by
/// alice and bob, so `publicStats` and the lists have something to show. Only runs when
/// the demo network has no organization yet.
async fn seed_demo_marketplace(
    conn: &mut diesel_async::AsyncPgConnection,
    network_id: Uuid,
    alice: Uuid,
    bob: Uuid,
) -> diesel::QueryResult<()> {
    use diesel::sql_types::Uuid as SqlUuid;

    let existing: i64 = organizations::table
        .filter(organizations::network_id.eq(network_id))
        .count()
        .get_result(conn)
        .await?;
    if existing > 0 {
        return Ok(());
    }
    // Plain SQL with bound ids: the marketplace models arrive with their own feature.
    diesel::sql_query(
        "WITH org AS (
             INSERT INTO organizations (network_id, author_user_id, contact_point_user_id,
                                        display_name, legal_name, life_cycle_stage)
             VALUES ($1, $3, $3, 'Helios Energy', 'Helios Energy Ltd', 5)
             RETURNING id),
         member AS (
             INSERT INTO organization_members (network_id, organization_id, user_id, member_type)
             SELECT $1, id, $3, 'author' FROM org),
         offers AS (
             INSERT INTO offerings (network_id, organization_id, user_id, name, currency,
                                    funding_goal, min_commitment, max_commitment,
                                    life_cycle_stage, published_at, settled_at)
             SELECT $1, org.id, $3, o.name, 'GBP', o.goal, 500, 50000, o.stage,
                    now(), CASE WHEN o.stage = 8 THEN now() END
             FROM org, (VALUES ('Helios Solar Farm - Series A', 250000, 5),
                               ('Northwind Community Bond', 100000, 8)) AS o(name, goal, stage)
             RETURNING id, name)
         INSERT INTO investments (network_id, offering_id, user_id, investment_amount,
                                  life_cycle_stage)
         SELECT $1, offers.id, i.investor, i.amount, i.stage
         FROM offers
         JOIN (VALUES ('Northwind Community Bond', $2, 2500.00, 4),
                      ('Northwind Community Bond', $3, 1200.00, 4),
                      ('Helios Solar Farm - Series A', $2, 1000.00, 0))
              AS i(offering, investor, amount, stage) ON i.offering = offers.name",
    )
    .bind::<SqlUuid, _>(network_id)
    .bind::<SqlUuid, _>(alice)
    .bind::<SqlUuid, _>(bob)
    .execute(conn)
    .await?;
    Ok(())
}

/// A network created by [`create_network`].
#[derive(Debug)]
pub struct CreatedNetwork {
    /// The new network, with its generated API key and secret.
    pub network: Network,
}

/// Creates a network with a random API key and secret and its first admin user (as
/// signing up for a network does, seeds/000_a443c91d13a4a6ea.txt "Admin Users").
pub async fn create_network(
    pool: &DbPool,
    name: &str,
    admin_email: &str,
    admin_password: &str,
) -> ApiResult<CreatedNetwork> {
    if !Network::is_valid_name(name) {
        return Err(ApiError::bad_request(format!(
            "{name:?} is not a valid network name: use 1-63 lowercase letters, digits, '-' \
             or '_', starting with a letter or digit."
        )));
    }
    if !admin_email.contains('@') || admin_email.len() > 254 {
        return Err(ApiError::bad_request(format!(
            "{admin_email:?} is not an email address."
        )));
    }
    if admin_password.chars().count() < 8 {
        return Err(ApiError::bad_request(
            "The admin password needs at least 8 characters.",
        ));
    }
    let hash = hash_password(admin_password)?;
    let api_key = random_token(24);
    let api_secret = random_token(40);
    let mut conn = db::conn(pool).await?;
    let network = conn
        .transaction(async |conn| -> ApiResult<Network> {
            if Network::find_by_name(conn, name).await?.is_some() {
                return Err(ApiError::new(
                    codes::VALUE_TAKEN,
                    "The request could not be processed.",
                    format!("A network called {name:?} already exists."),
                ));
            }
            let network = Network::insert(
                conn,
                &NewNetwork {
                    name,
                    api_key: &api_key,
                    api_secret: &api_secret,
                },
            )
            .await?;
            NewUser {
                network_id: network.id,
                email: admin_email,
                password_hash: Some(&hash),
                is_admin: true,
                is_vip: false,
                email_verified: true,
                given_name: None,
                family_name: None,
            }
            .insert_or_get(conn)
            .await?;
            Ok(network)
        })
        .await?;
    Ok(CreatedNetwork { network })
}

fn random_token(len: usize) -> String {
    rand::thread_rng()
        .sample_iter(&Alphanumeric)
        .take(len)
        .map(char::from)
        .collect()
}

/// Grants or revokes admin rights of `email` in `network` (operator action).
pub async fn set_admin(pool: &DbPool, network: &str, email: &str, admin: bool) -> ApiResult<()> {
    use crate::db::schema::users;
    use crate::models::user::User;
    let mut conn = db::conn(pool).await?;
    let network = Network::find_by_name(&mut conn, network)
        .await?
        .ok_or_else(|| ApiError::not_found("network"))?;
    let user = User::find_by_email(&mut conn, network.id, email)
        .await?
        .ok_or_else(|| ApiError::not_found("user"))?;
    diesel::update(users::table.find(user.id))
        .set(users::is_admin.eq(admin))
        .execute(&mut conn)
        .await?;
    Ok(())
}
