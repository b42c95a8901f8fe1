//! Register, verify mail, login, me, profile, password, logout, onboarding flags.

use crowdgraph::error::codes;
use crowdgraph::seed::DEMO_NETWORK;
use serde_json::{Value, json};

use crate::common::first_error_code;
use crate::common::graphql::{bearer, gql, login};
use crate::common::identity::{ME, last_link, seeded};

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
