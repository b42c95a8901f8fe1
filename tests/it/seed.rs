//! Network creation and the demo seed.

use crowdgraph::auth::password::verify_password;
use crowdgraph::db::schema::{networks, users};
use crowdgraph::seed::{self, DEMO_API_KEY, DEMO_API_SECRET, DEMO_LOGINS, DEMO_NETWORK};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use serde_json::json;

use crate::common::TestApp;

#[tokio::test]
async fn seed_demo_is_idempotent_and_uses_the_cv_auth_vector_credentials() {
    let app = TestApp::new().await;
    let first = seed::seed_demo(&app.state.pool).await.unwrap();
    let second = seed::seed_demo(&app.state.pool).await.unwrap();
    assert_eq!(first.network.id, second.network.id);
    assert_eq!(first.network.api_key, DEMO_API_KEY);
    assert_eq!(first.network.api_secret, DEMO_API_SECRET);

    let mut conn = app.db.conn().await;
    let n_networks: i64 = networks::table.count().get_result(&mut conn).await.unwrap();
    assert_eq!(n_networks, 1);
    let rows: Vec<(String, Option<String>, bool)> = users::table
        .select((users::email, users::password_hash, users::is_admin))
        .order(users::email)
        .load(&mut conn)
        .await
        .unwrap();
    assert_eq!(rows.len(), DEMO_LOGINS.len());
    for login in DEMO_LOGINS {
        let (_, hash, is_admin) = rows.iter().find(|r| r.0 == login.email).unwrap();
        assert!(
            verify_password(login.password, hash.as_deref().unwrap()),
            "{}",
            login.email
        );
        assert_eq!(*is_admin, login.is_admin);
    }

    let response = app
        .graphql(Some(DEMO_NETWORK), "{ network { name } }", json!({}))
        .await;
    assert_eq!(response.json["data"]["network"]["name"], DEMO_NETWORK);
}

#[tokio::test]
async fn create_network_makes_the_network_and_its_first_admin() {
    let app = TestApp::new().await;
    let created = seed::create_network(&app.state.pool, "acme", "Boss@Acme.test", "long enough")
        .await
        .unwrap();
    assert_eq!(created.network.name, "acme");
    assert_eq!(created.network.api_key.len(), 24);
    assert_eq!(created.network.api_secret.len(), 40);

    let mut conn = app.db.conn().await;
    let (email, is_admin, verified): (String, bool, bool) = users::table
        .filter(users::network_id.eq(created.network.id))
        .select((users::email, users::is_admin, users::email_verified))
        .first(&mut conn)
        .await
        .unwrap();
    assert_eq!(
        (email.as_str(), is_admin, verified),
        ("Boss@Acme.test", true, true)
    );

    let again = seed::create_network(&app.state.pool, "acme", "x@acme.test", "long enough").await;
    assert_eq!(again.unwrap_err().status, 409);
}

#[tokio::test]
async fn create_network_refuses_bad_input_without_writing_anything() {
    let app = TestApp::new().await;
    let cases = [
        ("Bad Name", "a@b.test", "long enough"),
        ("ok", "not-an-email", "long enough"),
        ("ok", "a@b.test", "short"),
    ];
    for (name, email, password) in cases {
        let err = seed::create_network(&app.state.pool, name, email, password)
            .await
            .err()
            .unwrap_or_else(|| panic!("{name}/{email}/{password} should fail"));
        assert_eq!(err.status, 400, "{name}/{email}/{password}");
    }
    let mut conn = app.db.conn().await;
    let n: i64 = networks::table.count().get_result(&mut conn).await.unwrap();
    assert_eq!(n, 0);
}

#[tokio::test]
async fn housekeeping_deletes_spent_nonces_stale_counters_and_expired_keys_only() {
    let app = TestApp::new().await;
    let name = app.create_network("tidy").await;
    let mut conn = app.db.conn().await;
    diesel::sql_query(format!(
        "WITH n AS (SELECT id FROM networks WHERE name = '{name}')
         INSERT INTO cv_auth_nonces (network_id, nonce, expires_at)
         SELECT id, 'old', now() - interval '1 minute' FROM n UNION ALL
         SELECT id, 'live', now() + interval '10 minutes' FROM n"
    ))
    .execute(&mut conn)
    .await
    .unwrap();
    diesel::sql_query(format!(
        "WITH n AS (SELECT id FROM networks WHERE name = '{name}')
         INSERT INTO login_attempts (network_id, key_kind, key, failures, window_started_at, locked_until)
         SELECT id, 0, 'stale', 3, now() - interval '2 days', NULL::timestamptz FROM n UNION ALL
         SELECT id, 0, 'fresh', 3, now(), NULL FROM n UNION ALL
         SELECT id, 0, 'locked', 5, now() - interval '2 days', now() + interval '1 hour' FROM n"
    ))
    .execute(&mut conn)
    .await
    .unwrap();
    diesel::sql_query(format!(
        "WITH n AS (SELECT id FROM networks WHERE name = '{name}')
         INSERT INTO idempotency_keys (network_id, viewer_id, key, fingerprint, created_at)
         SELECT id, gen_random_uuid(), 'expired-key', sha256('a'), now() - interval '25 hours' FROM n UNION ALL
         SELECT id, gen_random_uuid(), 'kept-key', sha256('b'), now() - interval '23 hours' FROM n"
    ))
    .execute(&mut conn)
    .await
    .unwrap();
    let deleted = crowdgraph::housekeeping::run_once(&app.state.pool)
        .await
        .unwrap();
    assert_eq!(deleted, 3);
    #[derive(diesel::QueryableByName)]
    struct Key {
        #[diesel(sql_type = diesel::sql_types::Text)]
        key: String,
    }
    let left: Vec<Key> = diesel::sql_query(
        "SELECT nonce AS key FROM cv_auth_nonces UNION ALL SELECT key FROM login_attempts \
         UNION ALL SELECT key FROM idempotency_keys ORDER BY 1",
    )
    .load(&mut conn)
    .await
    .unwrap();
    let left: Vec<String> = left.into_iter().map(|k| k.key).collect();
    assert_eq!(left, ["fresh", "kept-key", "live", "locked"]);
}

#[tokio::test]
async fn set_admin_grants_and_revokes_within_one_network() {
    let app = TestApp::new().await;
    seed::seed_demo(&app.state.pool).await.unwrap();
    seed::create_network(
        &app.state.pool,
        "second",
        "alice@example.com",
        "long enough",
    )
    .await
    .unwrap();
    seed::set_admin(&app.state.pool, DEMO_NETWORK, "ALICE@example.com", true)
        .await
        .unwrap();
    let mut conn = app.db.conn().await;
    let flags: Vec<(String, bool)> = users::table
        .inner_join(networks::table)
        .filter(users::email.eq("alice@example.com"))
        .select((networks::name, users::is_admin))
        .order(networks::name)
        .load(&mut conn)
        .await
        .unwrap();
    assert_eq!(
        flags,
        [("demo".to_owned(), true), ("second".to_owned(), true)]
    );
    seed::set_admin(&app.state.pool, DEMO_NETWORK, "alice@example.com", false)
        .await
        .unwrap();
    let demo_admin: bool = users::table
        .inner_join(networks::table)
        .filter(networks::name.eq(DEMO_NETWORK))
        .filter(users::email.eq("alice@example.com"))
        .select(users::is_admin)
        .first(&mut conn)
        .await
        .unwrap();
    assert!(!demo_admin);
    let missing = seed::set_admin(&app.state.pool, DEMO_NETWORK, "nobody@example.com", true).await;
    assert_eq!(missing.unwrap_err().status, 404);
}

#[tokio::test]
async fn seed_bench_loads_a_deterministic_dataset_at_scale_one() {
    use crowdgraph::bench_seed::{self, BENCH_NETWORK};
    let app = TestApp::new().await;
    let first = bench_seed::seed_bench(&app.state.pool, 1).await.unwrap();
    assert_eq!(
        (
            first.users,
            first.organizations,
            first.offerings,
            first.investments
        ),
        (2_000, 200, 1_000, 50_000)
    );
    #[derive(diesel::QueryableByName, Debug, PartialEq)]
    struct Counts {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        investments: i64,
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        stages: i64,
        #[diesel(sql_type = diesel::sql_types::Text)]
        checksum: String,
    }
    let counts = || async {
        let mut conn = app.db.conn().await;
        diesel::sql_query(
            "SELECT (SELECT count(*) FROM investments) AS investments,
                    (SELECT count(DISTINCT life_cycle_stage) FROM offerings) AS stages,
                    (SELECT md5(string_agg(id::text || investment_amount::text, ',' ORDER BY id)) FROM investments) AS checksum",
        )
        .get_result::<Counts>(&mut conn)
        .await
        .unwrap()
    };
    let before = counts().await;
    assert_eq!(before.investments, 50_000);
    assert_eq!(before.stages, 9, "every stored offering stage has rows");
    // A second run replaces the network with the very same rows.
    bench_seed::seed_bench(&app.state.pool, 1).await.unwrap();
    assert_eq!(counts().await, before);
    let response = app
        .graphql(
            Some(BENCH_NETWORK),
            "{ publicStats { countSettledInvestments } }",
            json!({}),
        )
        .await;
    assert_eq!(
        response.json["data"]["publicStats"]["countSettledInvestments"],
        10_000
    );
}
