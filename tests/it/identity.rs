//! Identity flows through GraphQL: register, verify mail, login, me, profile, password,
//! logout, block and delete; cv-auth (vectors, replay, freshness); brute-force locks;
//! isolation between networks.

use chrono::{SecondsFormat, TimeDelta, Utc};
use crowdgraph::auth::cvauth;
use crowdgraph::error::codes;
use crowdgraph::seed::{self, DEMO_API_KEY, DEMO_API_SECRET, DEMO_NETWORK};
use serde_json::{Value, json};

use diesel::QueryDsl;
use diesel_async::RunQueryDsl;

use crate::common::graphql::{bearer, gql, login};
use crate::common::identity::{last_link, sdk_header, seeded};
use crate::common::{TestApp, first_error_code};

const LOGIN: &str = "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token expiresAt user { id email } } }";
const ME: &str = "{ me { id email givenName emailVerified termServiceAccepted custom addresses { id city country } bankAccounts { id bankCurrency } } }";

#[tokio::test]
async fn register_login_me_update_and_logout() {
    let app = seeded().await;
    let register = "mutation($i: RegisterInput!) { register(input: $i) { user { id email emailVerified givenName } } }";
    let input = json!({
        "email": "Carol@Example.com", "password": "Password123!",
        "url": "https://front.example/verify?lang=en", "givenName": "Carol",
    });
    let response = gql(
        &app,
        &[("network", DEMO_NETWORK)],
        register,
        json!({ "i": input }),
    )
    .await;
    let user = &response.json["data"]["register"]["user"];
    assert_eq!(user["email"], "Carol@Example.com", "{}", response.text);
    assert_eq!(user["emailVerified"], false);
    assert_eq!(user["givenName"], "Carol");

    // The verification mail is in the outbox with a link to the front end.
    let (user_id, secret) = last_link(&app, DEMO_NETWORK, "carol@example.com").await;
    assert_eq!(user_id, user["id"].as_str().unwrap());
    assert!(secret.len() > 20);

    // Same email in another case: taken.
    let again = json!({ "email": "carol@EXAMPLE.com", "password": "Password123!", "url": "https://front.example/v" });
    let response = gql(
        &app,
        &[("network", DEMO_NETWORK)],
        register,
        json!({ "i": again }),
    )
    .await;
    assert_eq!(
        first_error_code(&response),
        Some(codes::EMAIL_TAKEN.number() as i64),
        "{}",
        response.text
    );

    let token = login(&app, DEMO_NETWORK, "carol@example.com", "Password123!").await;
    let auth = bearer(&token);
    let me = gql(&app, &[("authorization", &auth)], ME, json!({})).await;
    assert_eq!(
        me.json["data"]["me"]["email"], "Carol@Example.com",
        "{}",
        me.text
    );

    let update = "mutation($i: ProfileInput!) { updateMe(input: $i) { givenName custom addresses { id city } bankAccounts { id bankCurrency } } }";
    let input = json!({
        "givenName": "Caroline", "custom": { "risk": "low", "score": 7 },
        "address": { "city": "Leeds", "country": "GB" },
        "bankAccounts": [{ "bankName": "Bank", "bankCurrency": "GBP" }],
    });
    let response = gql(
        &app,
        &[("authorization", &auth)],
        update,
        json!({ "i": input }),
    )
    .await;
    let me = &response.json["data"]["updateMe"];
    assert_eq!(me["givenName"], "Caroline", "{}", response.text);
    assert_eq!(me["custom"], json!({ "risk": "low", "score": 7 }));
    let address_id = me["addresses"][0]["id"].as_str().unwrap().to_owned();

    // Update the same address by id, merge custom fields, clear a name with null.
    let input = json!({
        "givenName": null, "custom": { "score": null, "tier": "gold" },
        "address": { "id": address_id, "city": "York" },
    });
    let response = gql(
        &app,
        &[("authorization", &auth)],
        update,
        json!({ "i": input }),
    )
    .await;
    let me = &response.json["data"]["updateMe"];
    assert_eq!(me["givenName"], Value::Null, "{}", response.text);
    assert_eq!(me["custom"], json!({ "risk": "low", "tier": "gold" }));
    assert_eq!(
        me["addresses"],
        json!([{ "id": address_id, "city": "York" }])
    );

    // Logout ends this token only.
    let other = login(&app, DEMO_NETWORK, "carol@example.com", "Password123!").await;
    let out = gql(
        &app,
        &[("authorization", &auth)],
        "mutation { logout }",
        json!({}),
    )
    .await;
    assert_eq!(out.json["data"]["logout"], true);
    let me = gql(&app, &[("authorization", &auth)], ME, json!({})).await;
    assert_eq!(me.status, 401);
    assert_eq!(
        first_error_code(&me),
        Some(codes::TOKEN_INVALID.number() as i64)
    );
    let me = gql(&app, &[("authorization", &bearer(&other))], ME, json!({})).await;
    assert!(me.json["data"]["me"]["id"].is_string(), "{}", me.text);
}

#[tokio::test]
async fn profile_changes_are_validated_and_all_or_nothing() {
    let app = seeded().await;
    let auth = bearer(&login(&app, DEMO_NETWORK, "alice@example.com", "correct horse").await);
    let update = "mutation($i: ProfileInput!) { updateMe(input: $i) { givenName } }";
    let cases = [
        (json!({ "nationality": "gb" }), codes::BAD_REQUEST.number()),
        (
            json!({ "bankAccounts": [{ "bankCurrency": "euro" }] }),
            codes::BAD_REQUEST.number(),
        ),
        (json!({ "isVip": true }), codes::FORBIDDEN.number()),
        (
            json!({ "custom": { "bad name": 1 } }),
            codes::BAD_REQUEST.number(),
        ),
        // The name change must not survive the unknown address id.
        (
            json!({ "givenName": "Nope", "address": { "id": uuid::Uuid::new_v4().to_string(), "city": "X" } }),
            codes::NOT_FOUND.number(),
        ),
    ];
    for (input, code) in cases {
        let response = gql(
            &app,
            &[("authorization", &auth)],
            update,
            json!({ "i": input }),
        )
        .await;
        assert_eq!(
            first_error_code(&response),
            Some(code as i64),
            "{input}: {}",
            response.text
        );
    }
    let me = gql(
        &app,
        &[("authorization", &auth)],
        "{ me { givenName } }",
        json!({}),
    )
    .await;
    assert_eq!(me.json["data"]["me"]["givenName"], "alice");

    // At most 100 custom fields.
    let many: serde_json::Map<String, Value> =
        (0..100).map(|i| (format!("f{i}"), json!(i))).collect();
    let ok = gql(
        &app,
        &[("authorization", &auth)],
        update,
        json!({ "i": { "custom": many } }),
    )
    .await;
    assert!(ok.json["errors"].is_null(), "{}", ok.text);
    let over = gql(
        &app,
        &[("authorization", &auth)],
        update,
        json!({ "i": { "custom": { "one_more": 1 } } }),
    )
    .await;
    assert_eq!(
        first_error_code(&over),
        Some(codes::CUSTOM_FIELDS_LIMIT.number() as i64)
    );
}

#[tokio::test]
async fn change_password_revokes_other_sessions() {
    let app = seeded().await;
    let first = login(&app, DEMO_NETWORK, "bob@example.com", "pässwörd").await;
    let second = login(&app, DEMO_NETWORK, "bob@example.com", "pässwörd").await;
    let change = "mutation($c: String!, $n: String!, $k: String!) { changePassword(currentPassword: $c, newPassword: $n, newPasswordConfirm: $k) { token } }";
    let mismatch = gql(
        &app,
        &[("authorization", &bearer(&first))],
        change,
        json!({ "c": "pässwörd", "n": "NewPass123!", "k": "Other123!" }),
    )
    .await;
    assert_eq!(first_error_code(&mismatch), Some(10001));
    let wrong = gql(
        &app,
        &[("authorization", &bearer(&first))],
        change,
        json!({ "c": "nope-nope", "n": "NewPass123!", "k": "NewPass123!" }),
    )
    .await;
    assert_eq!(
        first_error_code(&wrong),
        Some(codes::BAD_CREDENTIALS.number() as i64)
    );

    let ok = gql(
        &app,
        &[("authorization", &bearer(&first))],
        change,
        json!({ "c": "pässwörd", "n": "NewPass123!", "k": "NewPass123!" }),
    )
    .await;
    let new_token = ok.json["data"]["changePassword"]["token"]
        .as_str()
        .unwrap()
        .to_owned();
    for old in [&first, &second] {
        let me = gql(&app, &[("authorization", &bearer(old))], ME, json!({})).await;
        assert_eq!(
            first_error_code(&me),
            Some(codes::TOKEN_INVALID.number() as i64)
        );
    }
    let me = gql(
        &app,
        &[("authorization", &bearer(&new_token))],
        ME,
        json!({}),
    )
    .await;
    assert_eq!(me.json["data"]["me"]["email"], "bob@example.com");
    login(&app, DEMO_NETWORK, "bob@example.com", "NewPass123!").await;
}

#[tokio::test]
async fn the_cv_auth_vectors_work_against_the_demo_network() {
    let app = seeded().await;
    for (user, password) in [
        ("alice@example.com", "correct horse"),
        ("bob@example.com", "pässwörd"),
    ] {
        let header = sdk_header(DEMO_API_KEY, DEMO_API_SECRET, user, password);
        let me = gql(
            &app,
            &[("network", DEMO_NETWORK), ("cv-auth", &header)],
            "{ me { email } }",
            json!({}),
        )
        .await;
        assert_eq!(me.json["data"]["me"]["email"], user, "{}", me.text);
    }
    // new/new is an anonymous visitor: public data, no `me`.
    let header = sdk_header(DEMO_API_KEY, DEMO_API_SECRET, "new", "new");
    let anon = gql(&app, &[("cv-auth", &header)], "{ me { id } }", json!({})).await;
    assert!(anon.json["data"]["me"].is_null(), "{}", anon.text);
    assert_eq!(
        first_error_code(&anon),
        Some(codes::AUTH_REQUIRED.number() as i64)
    );
    let header = sdk_header(DEMO_API_KEY, DEMO_API_SECRET, "new", "new");
    let anon = gql(
        &app,
        &[("cv-auth", &header)],
        "{ network { name } }",
        json!({}),
    )
    .await;
    assert_eq!(
        anon.json["data"]["network"]["name"], DEMO_NETWORK,
        "network found by API key"
    );
}

#[tokio::test]
async fn cv_auth_refuses_replays_stale_times_bad_digests_and_wrong_keys() {
    let app = seeded().await;
    let query = "{ me { email } }";
    let header = sdk_header(
        DEMO_API_KEY,
        DEMO_API_SECRET,
        "alice@example.com",
        "correct horse",
    );
    let first = gql(&app, &[("cv-auth", &header)], query, json!({})).await;
    assert_eq!(first.status, 200, "{}", first.text);
    let replay = gql(&app, &[("cv-auth", &header)], query, json!({})).await;
    assert_eq!(replay.status, 401);
    assert_eq!(
        first_error_code(&replay),
        Some(codes::CV_AUTH_REPLAY.number() as i64)
    );
    assert!(replay.text.contains("GET /authenticate"));

    let created = (Utc::now() - TimeDelta::minutes(16)).to_rfc3339_opts(SecondsFormat::Secs, false);
    let stale = cvauth::build_header(
        DEMO_API_KEY,
        DEMO_API_SECRET,
        "a1b2c3d4a1b2c3d4a1b2c3d4a1b2c3d4",
        &created,
        "alice@example.com",
        "correct horse",
    );
    let response = gql(&app, &[("cv-auth", &stale)], query, json!({})).await;
    assert_eq!(
        first_error_code(&response),
        Some(codes::CV_AUTH_STALE.number() as i64)
    );

    let forged = sdk_header(
        DEMO_API_KEY,
        "not-the-secret",
        "alice@example.com",
        "correct horse",
    );
    let response = gql(&app, &[("cv-auth", &forged)], query, json!({})).await;
    assert_eq!(
        first_error_code(&response),
        Some(codes::CV_AUTH_BAD_DIGEST.number() as i64)
    );

    let wrong_key = sdk_header(
        "other-key",
        DEMO_API_SECRET,
        "alice@example.com",
        "correct horse",
    );
    let response = gql(
        &app,
        &[("network", DEMO_NETWORK), ("cv-auth", &wrong_key)],
        query,
        json!({}),
    )
    .await;
    assert_eq!(
        first_error_code(&response),
        Some(codes::CV_AUTH_BAD_KEY.number() as i64)
    );

    let bad_password = sdk_header(
        DEMO_API_KEY,
        DEMO_API_SECRET,
        "alice@example.com",
        "wrong horse",
    );
    let response = gql(&app, &[("cv-auth", &bad_password)], query, json!({})).await;
    assert_eq!(
        first_error_code(&response),
        Some(codes::BAD_CREDENTIALS.number() as i64)
    );

    let social = sdk_header(DEMO_API_KEY, DEMO_API_SECRET, "social", "social");
    let response = gql(&app, &[("cv-auth", &social)], query, json!({})).await;
    assert_eq!(response.status, 501);
    assert_eq!(
        first_error_code(&response),
        Some(codes::NOT_ENABLED.number() as i64)
    );

    let response = gql(
        &app,
        &[("cv-auth", "AuthToken ApiKey=\"x\"")],
        query,
        json!({}),
    )
    .await;
    assert_eq!(
        first_error_code(&response),
        Some(codes::CV_AUTH_MALFORMED.number() as i64)
    );
}

#[tokio::test]
async fn a_login_token_works_as_the_whole_cv_auth_value() {
    let app = seeded().await;
    let token = login(&app, DEMO_NETWORK, "alice@example.com", "correct horse").await;
    let me = gql(&app, &[("cv-auth", &token)], "{ me { email } }", json!({})).await;
    assert_eq!(
        me.json["data"]["me"]["email"], "alice@example.com",
        "{}",
        me.text
    );
}

#[tokio::test]
async fn repeated_failures_lock_the_account_then_a_success_is_refused_too() {
    let app = seeded().await;
    for _ in 0..4 {
        let r = gql(
            &app,
            &[("network", DEMO_NETWORK)],
            LOGIN,
            json!({ "e": "alice@example.com", "p": "bad password" }),
        )
        .await;
        assert_eq!(
            first_error_code(&r),
            Some(codes::BAD_CREDENTIALS.number() as i64),
            "{}",
            r.text
        );
    }
    let fifth = gql(
        &app,
        &[("network", DEMO_NETWORK)],
        LOGIN,
        json!({ "e": "alice@example.com", "p": "bad password" }),
    )
    .await;
    assert_eq!(
        first_error_code(&fifth),
        Some(codes::LOGIN_LOCKED.number() as i64),
        "{}",
        fifth.text
    );
    assert_eq!(fifth.json["errors"][0]["extensions"]["status"], 429);
    let right = gql(
        &app,
        &[("network", DEMO_NETWORK)],
        LOGIN,
        json!({ "e": "ALICE@example.com", "p": "correct horse" }),
    )
    .await;
    assert_eq!(
        first_error_code(&right),
        Some(codes::LOGIN_LOCKED.number() as i64),
        "locked means locked"
    );
    // Another account is not affected.
    login(&app, DEMO_NETWORK, "bob@example.com", "pässwörd").await;
    // The counters are in the database, so a fresh app (a restart) still sees the lock.
    let restarted = TestApp::over_existing(&app);
    let again = gql(
        &restarted,
        &[("network", DEMO_NETWORK)],
        LOGIN,
        json!({ "e": "alice@example.com", "p": "correct horse" }),
    )
    .await;
    assert_eq!(
        first_error_code(&again),
        Some(codes::LOGIN_LOCKED.number() as i64)
    );
}

#[tokio::test]
async fn unknown_emails_and_wrong_passwords_look_the_same() {
    let app = seeded().await;
    let a = gql(
        &app,
        &[("network", DEMO_NETWORK)],
        LOGIN,
        json!({ "e": "nobody@example.com", "p": "whatever1" }),
    )
    .await;
    let b = gql(
        &app,
        &[("network", DEMO_NETWORK)],
        LOGIN,
        json!({ "e": "alice@example.com", "p": "whatever1" }),
    )
    .await;
    assert_eq!(
        a.json["errors"][0]["extensions"],
        b.json["errors"][0]["extensions"]
    );
}

#[tokio::test]
async fn blocking_ends_sessions_and_an_expired_block_lifts_itself() {
    let app = seeded().await;
    let token = login(&app, DEMO_NETWORK, "alice@example.com", "correct horse").await;
    let block = "mutation($d: NaiveDate) { blockMe(userMessage: \"KYC failed\", description: \"101\", expirationDate: $d) }";
    let response = gql(
        &app,
        &[("authorization", &bearer(&token))],
        block,
        json!({ "d": null }),
    )
    .await;
    assert!(
        response.json["data"]["blockMe"].is_string(),
        "{}",
        response.text
    );
    let me = gql(&app, &[("authorization", &bearer(&token))], ME, json!({})).await;
    assert_eq!(me.status, 401);
    let login_again = gql(
        &app,
        &[("network", DEMO_NETWORK)],
        LOGIN,
        json!({ "e": "alice@example.com", "p": "correct horse" }),
    )
    .await;
    assert_eq!(
        first_error_code(&login_again),
        Some(codes::USER_BLOCKED.number() as i64)
    );
    assert_eq!(
        login_again.json["errors"][0]["extensions"]["userMessage"],
        "KYC failed"
    );

    // A block whose date has passed no longer counts (set it in the past directly).
    let mut conn = app.db.conn().await;
    diesel::sql_query(
        "UPDATE users SET block_expiration_date = current_date WHERE email = 'alice@example.com'",
    )
    .execute(&mut conn)
    .await
    .unwrap();
    let token = login(&app, DEMO_NETWORK, "alice@example.com", "correct horse").await;
    let me = gql(
        &app,
        &[("authorization", &bearer(&token))],
        "{ me { hasBeenBlocked } }",
        json!({}),
    )
    .await;
    assert_eq!(
        me.json["data"]["me"]["hasBeenBlocked"], false,
        "{}",
        me.text
    );
}

#[tokio::test]
async fn delete_me_blocks_and_alerts_the_admins() {
    let app = seeded().await;
    let token = login(&app, DEMO_NETWORK, "bob@example.com", "pässwörd").await;
    let response = gql(
        &app,
        &[("authorization", &bearer(&token))],
        "mutation { deleteMe }",
        json!({}),
    )
    .await;
    assert!(
        response.json["data"]["deleteMe"].is_string(),
        "{}",
        response.text
    );
    let login_again = gql(
        &app,
        &[("network", DEMO_NETWORK)],
        LOGIN,
        json!({ "e": "bob@example.com", "p": "pässwörd" }),
    )
    .await;
    assert_eq!(
        first_error_code(&login_again),
        Some(codes::USER_BLOCKED.number() as i64)
    );
    let mut conn = app.db.conn().await;
    let net = crowdgraph::models::network::Network::find_by_name(&mut conn, DEMO_NETWORK)
        .await
        .unwrap()
        .unwrap();
    let mails = crowdgraph::models::mail::list_for(&mut conn, net.id, "admin@example.com")
        .await
        .unwrap();
    assert_eq!(mails.len(), 1);
    assert!(mails[0].body_text.contains("bob@example.com"));
    // Nothing was deleted.
    let n: i64 = crowdgraph::db::schema::users::table
        .count()
        .get_result(&mut conn)
        .await
        .unwrap();
    assert_eq!(n, 3);
}

#[tokio::test]
async fn onboarding_flags_are_set_by_their_mutations() {
    let app = seeded().await;
    let auth = bearer(&login(&app, DEMO_NETWORK, "alice@example.com", "correct horse").await);
    let q = "mutation { acceptTerms { termServiceAccepted } markRegistrationComplete { registrationComplete } approveMe { hasBeenApproved } }";
    let r = gql(&app, &[("authorization", &auth)], q, json!({})).await;
    assert_eq!(
        r.json["data"],
        json!({ "acceptTerms": { "termServiceAccepted": true }, "markRegistrationComplete": { "registrationComplete": true }, "approveMe": { "hasBeenApproved": true } }),
        "{}",
        r.text
    );
    let r = gql(
        &app,
        &[("authorization", &auth)],
        "mutation { resetAcceptTerms { termServiceAccepted } }",
        json!({}),
    )
    .await;
    assert_eq!(
        r.json["data"]["resetAcceptTerms"]["termServiceAccepted"],
        false
    );
}

#[tokio::test]
async fn credentials_of_one_network_never_act_in_another() {
    let app = seeded().await;
    seed::create_network(
        &app.state.pool,
        "other",
        "boss@other.test",
        "other-password",
    )
    .await
    .unwrap();
    let token = login(&app, DEMO_NETWORK, "alice@example.com", "correct horse").await;
    // A demo token naming the other network is refused, not silently re-scoped.
    let r = gql(
        &app,
        &[("authorization", &bearer(&token)), ("network", "other")],
        ME,
        json!({}),
    )
    .await;
    assert_eq!(r.status, 401);
    assert_eq!(
        first_error_code(&r),
        Some(codes::TOKEN_INVALID.number() as i64)
    );
    // The demo user does not exist in the other network.
    let r = gql(
        &app,
        &[("network", "other")],
        LOGIN,
        json!({ "e": "alice@example.com", "p": "correct horse" }),
    )
    .await;
    assert_eq!(
        first_error_code(&r),
        Some(codes::BAD_CREDENTIALS.number() as i64)
    );
    // A demo SDK header sent to the other network: wrong key there.
    let header = sdk_header(
        DEMO_API_KEY,
        DEMO_API_SECRET,
        "alice@example.com",
        "correct horse",
    );
    let r = gql(
        &app,
        &[("network", "other"), ("cv-auth", &header)],
        ME,
        json!({}),
    )
    .await;
    assert_eq!(
        first_error_code(&r),
        Some(codes::CV_AUTH_BAD_KEY.number() as i64)
    );
    // The same email may register in both networks as two unrelated users.
    let register = "mutation($i: RegisterInput!) { register(input: $i) { user { id } } }";
    let input = json!({ "email": "alice@example.com", "password": "Another123!", "url": "https://x.example/v" });
    let r = gql(
        &app,
        &[("network", "other")],
        register,
        json!({ "i": input }),
    )
    .await;
    assert!(
        r.json["data"]["register"]["user"]["id"].is_string(),
        "{}",
        r.text
    );
    let other_token = login(&app, "other", "alice@example.com", "Another123!").await;
    let mine = gql(
        &app,
        &[("authorization", &bearer(&other_token))],
        "{ me { id } network { name } }",
        json!({}),
    )
    .await;
    assert_eq!(mine.json["data"]["network"]["name"], "other");
    let demo_me = gql(
        &app,
        &[("authorization", &bearer(&token))],
        "{ me { id } }",
        json!({}),
    )
    .await;
    assert_ne!(
        mine.json["data"]["me"]["id"],
        demo_me.json["data"]["me"]["id"]
    );
}

/// Viewer × target visibility × field class, through `user(id)`: self and admins see
/// everything; others never see private fields (null), see no names of Anonymous users,
/// and do not find Hidden users at all.
#[tokio::test]
async fn user_field_visibility_matrix() {
    let app = seeded().await;
    let register = "mutation($i: RegisterInput!) { register(input: $i) { user { id } } }";
    let mut targets = Vec::new();
    for (email, visibility) in [
        ("open@x.test", "OPEN"),
        ("hidden@x.test", "HIDDEN"),
        ("anon@x.test", "ANONYMOUS"),
    ] {
        let input = json!({ "email": email, "password": "Password123!", "url": "https://x.example/v",
                            "givenName": "Tess", "jobTitle": "CFO", "visibility": visibility });
        let r = gql(
            &app,
            &[("network", DEMO_NETWORK)],
            register,
            json!({ "i": input }),
        )
        .await;
        let id = r.json["data"]["register"]["user"]["id"]
            .as_str()
            .unwrap()
            .to_owned();
        targets.push((email, visibility, id));
    }
    let vip_token = {
        let r = gql(&app, &[("network", DEMO_NETWORK)], register, json!({ "i": { "email": "vip@x.test", "password": "Password123!", "url": "https://x.example/v" } })).await;
        let id = r.json["data"]["register"]["user"]["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let admin = login(&app, DEMO_NETWORK, "admin@example.com", "demo-admin-pass").await;
        let set = "mutation($id: ID!) { setUserVip(userId: $id, isVip: true) { id } }";
        gql(
            &app,
            &[("authorization", &bearer(&admin))],
            set,
            json!({ "id": id }),
        )
        .await;
        login(&app, DEMO_NETWORK, "vip@x.test", "Password123!").await
    };
    let admin = login(&app, DEMO_NETWORK, "admin@example.com", "demo-admin-pass").await;
    let other = login(&app, DEMO_NETWORK, "bob@example.com", "pässwörd").await;
    let query = "query($id: ID!) { user(id: $id) { email jobTitle givenName } }";

    // (viewer, target visibility) → expected (found, private shown, public shown, name shown)
    type Expect = (bool, bool, bool, bool);
    let cases: [(&str, &str, Expect); 15] = [
        ("anonymous", "OPEN", (true, false, true, true)),
        ("anonymous", "HIDDEN", (false, false, false, false)),
        ("anonymous", "ANONYMOUS", (true, false, true, false)),
        ("other", "OPEN", (true, false, true, true)),
        ("other", "HIDDEN", (false, false, false, false)),
        ("other", "ANONYMOUS", (true, false, true, false)),
        ("vip", "OPEN", (true, false, true, true)),
        ("vip", "HIDDEN", (false, false, false, false)),
        ("vip", "ANONYMOUS", (true, false, true, false)),
        ("admin", "OPEN", (true, true, true, true)),
        ("admin", "HIDDEN", (true, true, true, true)),
        ("admin", "ANONYMOUS", (true, true, true, true)),
        ("self", "OPEN", (true, true, true, true)),
        ("self", "HIDDEN", (true, true, true, true)),
        ("self", "ANONYMOUS", (true, true, true, true)),
    ];
    for (viewer, visibility, (found, private, public, name)) in cases {
        let (email, _, id) = targets.iter().find(|t| t.1 == visibility).unwrap();
        let self_token;
        let auth = match viewer {
            "anonymous" => None,
            "other" => Some(bearer(&other)),
            "vip" => Some(bearer(&vip_token)),
            "admin" => Some(bearer(&admin)),
            _ => {
                self_token = login(&app, DEMO_NETWORK, email, "Password123!").await;
                Some(bearer(&self_token))
            }
        };
        let headers: Vec<(&str, &str)> = match &auth {
            Some(a) => vec![("authorization", a.as_str())],
            None => vec![("network", DEMO_NETWORK)],
        };
        let r = gql(&app, &headers, query, json!({ "id": id })).await;
        let user = &r.json["data"]["user"];
        let case = format!("{viewer} viewing {visibility}: {}", r.text);
        if !found {
            assert_eq!(
                first_error_code(&r),
                Some(codes::NOT_FOUND.number() as i64),
                "{case}"
            );
            continue;
        }
        assert_eq!(user["email"].is_string(), private, "{case}");
        assert_eq!(user["jobTitle"] == "CFO", public, "{case}");
        assert_eq!(user["givenName"] == "Tess", name, "{case}");
    }
}
