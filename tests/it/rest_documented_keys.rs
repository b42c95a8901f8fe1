//! Issue #5's acceptance, route by route, for the Public, Authenticate, Self and Users
//! sections of `seeds/002_338b46960d33f2b9.txt`: one table per section sends each route
//! the documented request (the seeds' sample body where there is one, with real ids) and
//! checks status, envelope and every documented key (`rest_seed_keys`). The marketplace
//! sections are in `rest_documented_keys_marketplace`.

use axum::http::Method;
use crowdgraph::error::codes;
use crowdgraph::seed::DEMO_NETWORK;
use diesel_async::RunQueryDsl;
use serde_json::{Value, json};

use crate::common::TestApp;
use crate::common::demo::{address, demo, enrich, graphql_ok};
use crate::common::graphql::login;
use crate::common::identity::{anon, as_user, last_link, seeded};
use crate::common::rest::{assert_failure, ok, rest};
use crate::common::seed_keys::*;

const GET: Method = Method::GET;
const POST: Method = Method::POST;
const PATCH: Method = Method::PATCH;
const DELETE: Method = Method::DELETE;

/// Registers a user with POST /users (password `Password123!`) and returns its id.
async fn register(app: &TestApp, email: &str) -> String {
    let body = json!({ "email": email, "password": "Password123!", "url": "https://www.yoursite.com/verify-email" });
    let data = ok(app, POST, "/users", &anon(), body).await;
    data["user_id"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn documented_keys_of_every_public_and_authenticate_route() {
    let app = seeded().await;
    let d = demo(&app).await;
    enrich(&app, &d).await;
    // The seeds' sample address registers, so the account samples can run as written.
    let john = register(&app, "john.doe@test.com").await;
    let (_, verify_secret) = last_link(&app, DEMO_NETWORK, "john.doe@test.com").await;
    // An Approved application with custom fields, and a global constant.
    let body = json!({ "life_cycle_stage": "0", "investment_amount": "10000", "custom": { "purpose": "bridge" } });
    let created = ok(&app, POST, "/self/applications", &d.alice_token, body).await;
    let approve = "mutation($id: ID!) { setApplicationStage(id: $id, stage: APPROVED) { id } }";
    let id = json!({ "id": created["application_id"] });
    graphql_ok(&app, &d.admin_token, approve, id).await;
    let globals = "mutation($v: JSON!) { setGlobals(values: $v) }";
    graphql_ok(
        &app,
        &d.admin_token,
        globals,
        json!({ "v": { "key": "value" } }),
    )
    .await;

    let helios = &d.helios;
    let solar = &d.solar;
    run_table(
        &app,
        vec![
            Call::new(GET, "/public/stats", &anon(), Shape::Exactly(STATS_KEYS)),
            // `info` (custom fields) is private to the user and admins (DESIGN §6).
            Call::new(GET, "/public/users", &anon(), Shape::List(PUBLIC_USER_KEYS))
                .withheld(&["info"]),
            Call::new(
                GET,
                "/public/organizations",
                &anon(),
                Shape::List(ORGANIZATION_KEYS),
            ),
            Call::new(
                GET,
                format!("/public/organizations/{helios}"),
                &anon(),
                Shape::Wrap("organization", ORGANIZATION_KEYS),
            ),
            Call::new(
                GET,
                "/public/featuredOfferings",
                &anon(),
                Shape::List(OFFERING_KEYS),
            ),
            Call::new(GET, "/public/offerings", &anon(), Shape::List(OFFERING_KEYS)),
            Call::new(
                GET,
                format!("/public/offerings/{solar}"),
                &anon(),
                Shape::Wrap("offering", PUBLIC_OFFERING_KEYS),
            ),
            Call::new(
                POST,
                "/public/verifyEmail",
                &anon(),
                Shape::Exactly(&["user_id"]),
            )
            .body(json!({ "user_id": john, "secret": verify_secret })),
            Call::new(
                POST,
                "/public/forgotPassword",
                &anon(),
                Shape::Exactly(&["user_id"]),
            )
            // Always null: the answer must not identify a user (docs/security.md).
            .withheld(&["user_id"])
            .body(json!({ "url": "https://www.yoursite.com/password-reset-page", "email": "john.doe@test.com" })),
            Call::new(
                POST,
                "/public/newsletterSignUp",
                &anon(),
                Shape::Exactly(&["message"]),
            )
            .body(json!({ "email": "john.doe@test.com" })),
            Call::new(GET, "/public/globals", &anon(), Shape::Exactly(&["key"])),
            Call::new(
                GET,
                "/public/applications",
                &anon(),
                Shape::List(APPLICATION_KEYS),
            ),
            Call::new(
                GET,
                "/authenticate",
                &as_user("alice@example.com", "correct horse"),
                Shape::Exactly(&["token", "network"]),
            ),
        ],
    )
    .await;
    // resetPassword needs the secret the forgotPassword row above mailed.
    let (_, reset_secret) = last_link(&app, DEMO_NETWORK, "john.doe@test.com").await;
    let sample = json!({ "user_id": john, "secret": reset_secret, "password": "NewPassword123!", "password_confirm": "NewPassword123!" });
    run_table(
        &app,
        vec![
            Call::new(
                POST,
                "/public/resetPassword",
                &anon(),
                Shape::Exactly(&["user_id"]),
            )
            .body(sample),
        ],
    )
    .await;
}

#[tokio::test]
async fn documented_keys_of_every_self_route() {
    let app = seeded().await;
    let d = demo(&app).await;
    // The seeds' POST /users sample user, with an organization (the POST /organizations
    // sample), an offering, an investment, an invitation and a bank account.
    register(&app, "newuser@test.com").await;
    let me = login(&app, DEMO_NETWORK, "newuser@test.com", "Password123!").await;
    let sample_org = json!({
        "display_name": "My Organization",
        "address": { "building": "One Market Plaza", "street_address": "Spear Tower", "city": "San Francisco" },
        "visibility": "1",
    });
    let org = ok(&app, POST, "/organizations", &me, sample_org).await["organization_id"].clone();
    let org = org.as_str().unwrap();
    let custom = json!({ "custom": { "tier": "gold" } });
    ok(&app, PATCH, &format!("/organizations/{org}"), &me, custom).await;
    let offering = json!({ "name": "My raise", "custom": { "risk": "low" } });
    let path = format!("/organizations/{org}/offerings");
    ok(&app, POST, &path, &me, offering).await;
    let invest = json!({ "investment_amount": "1000", "custom": { "source": "web" } });
    let path = format!("/offerings/{}/investments", d.solar);
    ok(&app, POST, &path, &me, invest).await;
    let invite = json!({ "email": "friend@test.com", "url": "https://www.yoursite.com/join" });
    let invitation =
        ok(&app, POST, "/self/invitations", &me, invite).await["invitation_id"].clone();
    let profile = json!({
        "address": address(), "custom": { "risk": "low" },
        "bank_accounts": [{ "bank_name": "First Bank" }],
    });
    ok(&app, PATCH, "/self", &me, profile).await;
    let user = ok(&app, GET, "/self", &me, Value::Null).await;
    let bank_account = user["user"]["bank_accounts"][0]["id"].clone();
    assert!(bank_account.is_string(), "{user}");
    // The seeds' POST /self/invitations sample sends no url: the network's page is used.
    let mut conn = app.db.conn().await;
    diesel::sql_query(
        "UPDATE networks SET settings = settings || '{\"invitation_url\": \"https://www.yoursite.com/join\"}'",
    )
    .execute(&mut conn)
    .await
    .unwrap();
    // changePassword, blockUser and DELETE /self end a session: each has its own user.
    register(&app, "changer@test.com").await;
    let changer = login(&app, DEMO_NETWORK, "changer@test.com", "Password123!").await;
    register(&app, "blocked@test.com").await;
    let blocked = login(&app, DEMO_NETWORK, "blocked@test.com", "Password123!").await;
    register(&app, "leaver@test.com").await;
    let leaver = login(&app, DEMO_NETWORK, "leaver@test.com", "Password123!").await;

    let sample_patch = json!({
        "tagline": "My tagline",
        "address": { "building": "One Market Plaza", "street_address": "Spear Tower", "city": "San Francisco" },
        "bank_accounts": [{
            "id": bank_account, "bank_name": "Bank Name", "bank_account_number": "ABC123456",
            "bank_swift_code": "XYZ12345", "bank_routing_number": "ABC123",
            "bank_address": "1000 Main Street", "bank_currency": "USD", "bank_country": "US",
        }],
        "visibility": "1",
    });
    // The seeds' blockUser sample expires on 2017-01-01; a block must end in the future
    // (docs/rest.md, Deviations), so the date is moved on.
    let block = json!({
        "user_message": "We have been unable to verify your KYC/AML details. Please contact the admin team for more information.",
        "description": "101 - User was under 18 years of age",
        "expiration_date": "2099-01-01",
    });
    let mut as_is = block.clone();
    as_is["expiration_date"] = json!("2017-01-01");
    let r = rest(&app, POST, "/self/blockUser", Some(&blocked), Some(as_is)).await;
    assert_failure(&r, 400, codes::BAD_REQUEST.number());
    let message = r.json["data"]["developer_message"].as_str().unwrap();
    assert!(message.contains("expiration_date"), "{message}");
    run_table(
        &app,
        vec![
            Call::new(GET, "/self", &me, Shape::Wrap("user", SELF_USER_KEYS)),
            Call::new(PATCH, "/self", &me, Shape::Exactly(&["user_id"])).body(sample_patch),
            Call::new(POST, "/self/acceptTerms", &me, Shape::Exactly(&["user_id"])),
            Call::new(POST, "/self/resetAcceptTerms", &me, Shape::Exactly(&["user_id"])),
            Call::new(
                POST,
                "/self/resendVerificationEmail",
                &me,
                Shape::Exactly(&["user_id"]),
            )
            .body(json!({ "url": "https://www.yoursite.com/verify-email" })),
            Call::new(POST, "/self/approveUser", &me, Shape::Exactly(&["user_id"])),
            Call::new(
                POST,
                "/self/markRegistrationComplete",
                &me,
                Shape::Exactly(&["user_id"]),
            ),
            Call::new(
                GET,
                "/self/organizations",
                &me,
                Shape::List(ORGANIZATION_KEYS),
            ),
            Call::new(GET, "/self/offerings", &me, Shape::List(OFFERING_KEYS)),
            Call::new(GET, "/self/investments", &me, Shape::List(INVESTMENT_KEYS)),
            Call::new(GET, "/self/invitations", &me, Shape::List(INVITATION_KEYS)),
            Call::new(
                POST,
                "/self/invitations",
                &me,
                Shape::Exactly(&["invitation_id"]),
            )
            .body(json!({ "email": "john.doe@test.com", "given_name": "John", "family_name": "Doe", "organization_name": "JD, Inc" })),
            Call::new(
                GET,
                format!("/self/invitations/{}", invitation.as_str().unwrap()),
                &me,
                Shape::Wrap("invitation", INVITATION_KEYS),
            ),
            Call::new(
                POST,
                "/self/applications",
                &me,
                Shape::Exactly(&["application_id"]),
            )
            .body(json!({ "life_cycle_stage": "0", "investment_amount": "10000" })),
            Call::new(
                POST,
                "/self/changeEmail",
                &me,
                Shape::Exactly(&["user_id", "token"]),
            )
            .body(json!({ "verify_email_url": "https://www.your-site.com/verify-email", "new_email": "newemail@test.com", "new_email_confirm": "newemail@test.com" })),
            Call::new(
                POST,
                "/self/changePassword",
                &changer,
                Shape::Exactly(&["user_id", "token"]),
            )
            .body(json!({ "current_password": "Password123!", "new_password": "NewPassword123!", "new_password_confirm": "NewPassword123!" })),
            Call::new(
                POST,
                "/self/blockUser",
                &blocked,
                Shape::Exactly(&["user_access_denied_log_id"]),
            )
            .body(block),
            Call::new(DELETE, "/self", &leaver, Shape::Exactly(&["user_id"])),
        ],
    )
    .await;
}

#[tokio::test]
async fn documented_keys_of_every_users_route() {
    let app = seeded().await;
    let d = demo(&app).await;
    enrich(&app, &d).await;
    let (alice, bob) = (&d.alice, &d.bob);
    // Others see no private fields (DESIGN §6): an address and custom fields are null.
    const PRIVATE: &[&str] = &["address", "info"];
    run_table(
        &app,
        vec![
            Call::new(POST, "/users", &anon(), Shape::Exactly(&["user_id"]))
                .body(json!({ "email": "newuser@test.com", "password": "Password123!", "url": "https://www.yoursite.com/verify-email" })),
            Call::new(GET, "/users", &d.admin_token, Shape::List(USER_KEYS)),
            Call::new(GET, "/users", &d.alice_token, Shape::List(USER_KEYS)).withheld(PRIVATE),
            Call::new(
                GET,
                format!("/users/{bob}"),
                &d.admin_token,
                Shape::Wrap("user", USER_KEYS),
            ),
            Call::new(
                GET,
                format!("/users/{bob}"),
                &d.alice_token,
                Shape::Wrap("user", USER_KEYS),
            )
            .withheld(PRIVATE),
            Call::new(
                GET,
                format!("/users/{bob}/offerings"),
                &d.alice_token,
                Shape::List(OFFERING_KEYS),
            ),
            Call::new(
                GET,
                format!("/users/{alice}/investments"),
                &d.admin_token,
                Shape::List(INVESTMENT_KEYS),
            ),
        ],
    )
    .await;
}
