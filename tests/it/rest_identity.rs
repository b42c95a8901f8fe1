//! The REST shim for the Public, Authenticate, Self and Users routes: documented shapes,
//! envelopes, errors, the list query syntax, the OpenAPI document, and that a route
//! answers exactly what its GraphQL operation returns.

use axum::body::Body;
use axum::http::{Method, Request};
use crowdgraph::error::codes;
use crowdgraph::rest::table::ROUTES;
use crowdgraph::seed::DEMO_NETWORK;
use serde_json::json;

use crate::common::TestApp;
use crate::common::graphql::{gql, login};
use crate::common::identity::{anon, as_user, seeded};
use crate::common::rest::{assert_failure, assert_success, rest, rest_text};

#[tokio::test]
async fn public_stats_has_the_documented_keys() {
    let app = seeded().await;
    let r = rest(&app, Method::GET, "/public/stats", Some(&anon()), None).await;
    assert_eq!(
        assert_success(&r),
        &json!({
            "sum_settled_investments": "3700",
            "count_settled_investments": 2,
            "count_settled_offerings": 1,
            "count_investors_with_settled_investments": 2,
        })
    );
}

#[tokio::test]
async fn the_sdk_flow_register_authenticate_self_update() {
    let app = seeded().await;
    let body = json!({ "email": "newuser@test.com", "password": "Password123!", "url": "https://www.yoursite.com/verify-email", "given_name": "New", "visibility": 2 });
    let r = rest(&app, Method::POST, "/users", Some(&anon()), Some(body)).await;
    let user_id = assert_success(&r)["user_id"].as_str().unwrap().to_owned();

    let r = rest(
        &app,
        Method::GET,
        "/authenticate",
        Some(&as_user("newuser@test.com", "Password123!")),
        None,
    )
    .await;
    let data = assert_success(&r);
    assert_eq!(data["network"], DEMO_NETWORK);
    let token = data["token"].as_str().unwrap().to_owned();

    // The token is accepted as the entire cv-auth value.
    let r = rest(&app, Method::GET, "/self", Some(&token), None).await;
    let user = &assert_success(&r)["user"];
    assert_eq!(user["id"], user_id.as_str());
    assert_eq!(user["given_name"], "New");
    assert_eq!(user["visibility"], 2, "integer enum code");
    assert_eq!(user["email_verified"], false);
    for key in [
        "phone_1",
        "birth_date",
        "custom",
        "addresses",
        "bank_accounts",
        "term_service_accepted",
    ] {
        assert!(user.as_object().unwrap().contains_key(key), "{key} missing");
    }

    let patch = json!({ "family_name": "Person", "timezone": "Europe/London", "custom": { "risk": "low" }, "address": { "city": "Leeds", "country": "GB" } });
    let r = rest(&app, Method::PATCH, "/self", Some(&token), Some(patch)).await;
    assert_eq!(assert_success(&r), &json!({ "user_id": user_id }));
    let r = rest(&app, Method::GET, "/self", Some(&token), None).await;
    let user = &assert_success(&r)["user"];
    assert_eq!(user["family_name"], "Person");
    assert_eq!(user["time_zone"], "Europe/London");
    assert_eq!(user["custom"], json!({ "risk": "low" }));
    assert_eq!(user["address"]["city"], "Leeds");

    for path in [
        "/self/acceptTerms",
        "/self/markRegistrationComplete",
        "/self/approveUser",
        "/self/resetAcceptTerms",
    ] {
        let r = rest(&app, Method::POST, path, Some(&token), None).await;
        assert_eq!(assert_success(&r), &json!({ "user_id": user_id }), "{path}");
    }

    let change = json!({ "current_password": "Password123!", "new_password": "NewPassword123!", "new_password_confirm": "NewPassword123!" });
    let r = rest(
        &app,
        Method::POST,
        "/self/changePassword",
        Some(&token),
        Some(change),
    )
    .await;
    let data = assert_success(&r);
    assert_eq!(data["user_id"], user_id.as_str());
    let new_token = data["token"].as_str().unwrap();
    assert_failure(
        &rest(&app, Method::GET, "/self", Some(&token), None).await,
        401,
        codes::TOKEN_INVALID.number(),
    );
    assert_success(&rest(&app, Method::GET, "/self", Some(new_token), None).await);

    let block = json!({ "user_message": "Come back later", "description": "101", "expiration_date": "2099-01-01" });
    let r = rest(
        &app,
        Method::POST,
        "/self/blockUser",
        Some(new_token),
        Some(block),
    )
    .await;
    assert!(assert_success(&r)["user_access_denied_log_id"].is_string());
    let r = rest(
        &app,
        Method::GET,
        "/authenticate",
        Some(&as_user("newuser@test.com", "NewPassword123!")),
        None,
    )
    .await;
    assert_failure(&r, 401, codes::USER_BLOCKED.number());
    assert_eq!(r.json["data"]["user_message"], "Come back later");
}

#[tokio::test]
async fn delete_self_answers_the_user_id() {
    let app = seeded().await;
    let token = login(&app, DEMO_NETWORK, "bob@example.com", "pässwörd").await;
    let r = rest(&app, Method::DELETE, "/self", Some(&token), None).await;
    assert!(assert_success(&r)["user_id"].is_string());
}

#[tokio::test]
async fn users_routes_answer_exactly_what_graphql_returns() {
    let app = seeded().await;
    let token = login(&app, DEMO_NETWORK, "alice@example.com", "correct horse").await;
    let r = rest(
        &app,
        Method::GET,
        "/users?orderby=given_name&sort=desc&limit=2",
        Some(&token),
        None,
    )
    .await;
    let page = assert_success(&r).clone();
    assert_eq!(
        (
            page["offset"].clone(),
            page["limit"].clone(),
            page["count"].clone()
        ),
        (json!(0), json!(2), json!(3))
    );
    assert_eq!(page["list"].as_array().unwrap().len(), 2);

    // The same document through /graphql, renamed, is the REST answer.
    let document = concat!(
        include_str!("../../src/rest/documents/get_users.graphql"),
        include_str!("../../src/rest/documents/fragments_user.graphql")
    );
    let auth = format!("Bearer {token}");
    let g = gql(
        &app,
        &[("authorization", &auth)],
        document,
        json!({ "args": { "orderBy": "given_name", "sort": "DESC", "limit": 2 } }),
    )
    .await;
    assert_eq!(
        crowdgraph::rest::convert::to_rest(
            async_graphql::Value::from_json(g.json["data"]["users"].clone()).unwrap()
        ),
        page
    );

    let first_id = page["list"][0]["id"].as_str().unwrap().to_owned();
    let r = rest(
        &app,
        Method::GET,
        &format!("/users/{first_id}"),
        Some(&token),
        None,
    )
    .await;
    let user = &assert_success(&r)["user"];
    let g = gql(
        &app,
        &[("authorization", &auth)],
        concat!(
            include_str!("../../src/rest/documents/get_user.graphql"),
            include_str!("../../src/rest/documents/fragments_user.graphql")
        ),
        json!({ "id": first_id }),
    )
    .await;
    assert_eq!(
        &crowdgraph::rest::convert::to_rest(
            async_graphql::Value::from_json(g.json["data"]["user"].clone()).unwrap()
        ),
        user
    );
    // Alice sees other users' public fields only: no email but her own.
    for listed in page["list"].as_array().unwrap() {
        let own = listed["given_name"] == "alice";
        assert_eq!(listed["email"].is_string(), own, "{listed}");
    }

    let r = rest(
        &app,
        Method::GET,
        &format!("/users/{}", uuid::Uuid::new_v4()),
        Some(&token),
        None,
    )
    .await;
    assert_failure(&r, 404, codes::NOT_FOUND.number());
    let r = rest(&app, Method::GET, "/users/not-an-id", Some(&token), None).await;
    assert_failure(&r, 404, codes::NOT_FOUND.number());
}

#[tokio::test]
async fn list_filters_follow_the_documented_syntax() {
    let app = seeded().await;
    let r = rest(&app, Method::GET, "/public/users?filter[given_name][operator]=in&filter[given_name][value]=alice,bob&orderby=given_name&sort=asc", Some(&anon()), None).await;
    let page = assert_success(&r);
    let names: Vec<&str> = page["list"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["given_name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["alice", "bob"]);
    assert_eq!(page["count"], 2);
    assert_eq!(page["limit"], 12, "default limit");

    let cases = [
        "/public/users?filter[nope][value]=x",
        "/public/users?filter[given_name][operator]=like&filter[given_name][value]=x",
        "/public/users?orderby=email",
        "/public/users?limit=101",
        "/public/users?limit=abc",
        "/public/users?filter[created_at][operator]=between&filter[created_at][lower_value]=2020-01-01",
    ];
    for path in cases {
        let r = rest(&app, Method::GET, path, Some(&anon()), None).await;
        assert_failure(&r, 400, codes::BAD_REQUEST.number());
    }
}

#[tokio::test]
async fn transport_errors_get_the_failure_envelope() {
    let app = seeded().await;
    let token = login(&app, DEMO_NETWORK, "alice@example.com", "correct horse").await;
    assert_failure(
        &rest(&app, Method::GET, "/no/such/route", Some(&token), None).await,
        404,
        codes::NOT_FOUND.number(),
    );

    let r = rest(&app, Method::PUT, "/self", Some(&token), None).await;
    assert_failure(&r, 405, codes::METHOD_NOT_ALLOWED.number());
    let allow = r.headers["allow"].to_str().unwrap().to_owned();
    for m in ["GET", "PATCH", "DELETE"] {
        assert!(allow.contains(m), "{allow}");
    }

    let bad_json = Request::patch(format!("/v1/{DEMO_NETWORK}/self"))
        .header("cv-auth", &token)
        .header("content-type", "application/json")
        .body(Body::from("{\"given_name\": "))
        .unwrap();
    assert_failure(&app.send(bad_json).await, 400, codes::BAD_REQUEST.number());

    let wrong_type = rest(
        &app,
        Method::PATCH,
        "/self",
        Some(&token),
        Some(json!({ "given_name": 42 })),
    )
    .await;
    assert_failure(&wrong_type, 400, codes::BAD_REQUEST.number());
    assert!(
        wrong_type.json["data"]["developer_message"]
            .as_str()
            .unwrap()
            .contains("givenName"),
        "{}",
        wrong_type.text
    );

    let form = Request::patch(format!("/v1/{DEMO_NETWORK}/self"))
        .header("cv-auth", &token)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(Body::from("given_name=x"))
        .unwrap();
    assert_failure(
        &app.send(form).await,
        415,
        codes::UNSUPPORTED_MEDIA_TYPE.number(),
    );

    let huge = json!({ "biography": "x".repeat(2_000_000) });
    assert_failure(
        &rest(&app, Method::PATCH, "/self", Some(&token), Some(huge)).await,
        413,
        codes::PAYLOAD_TOO_LARGE.number(),
    );

    assert_failure(
        &rest(&app, Method::GET, "/self", None, None).await,
        401,
        codes::AUTH_REQUIRED.number(),
    );
    let r = rest(
        &app,
        Method::GET,
        "/social/facebook/link?redirect_uri=https://x",
        Some(&anon()),
        None,
    )
    .await;
    assert_failure(&r, 501, codes::NOT_ENABLED.number());

    let other = Request::get("/v1/nosuchnetwork/public/stats")
        .body(Body::empty())
        .unwrap();
    assert_failure(&app.send(other).await, 404, codes::NETWORK_UNKNOWN.number());
}

#[tokio::test]
async fn every_route_is_in_the_openapi_document() {
    let app = TestApp::new().await;
    let r = app.get("/v1/openapi.json").await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json["openapi"], "3.0.3");
    for route in ROUTES {
        let path = format!("/v1/{{network}}{}", route.path);
        let method = route.method.as_str().to_ascii_lowercase();
        assert!(
            r.json["paths"][&path][&method].is_object(),
            "{method} {path} missing"
        );
    }
}

#[tokio::test]
async fn every_route_document_validates_against_the_schema() {
    use async_graphql::parser::types::OperationType;
    let app = TestApp::new().await;
    for route in ROUTES {
        let Some(document) = route.document else {
            continue;
        };
        let parsed = async_graphql::parser::parse_query(document).unwrap();
        let is_query = parsed
            .operations
            .iter()
            .all(|(_, op)| op.node.ty == OperationType::Query);
        let request = async_graphql::Request::new(document);
        let response = if is_query {
            // Only-introspection mode validates the whole document but runs no resolver.
            app.state.schema.execute(request.only_introspection()).await
        } else {
            // A mutation is validated, then its resolver refuses at once (no context).
            app.state.schema.execute(request).await
        };
        // Validation errors have no path; an error with a path came from a resolver,
        // so the document was valid.
        for error in &response.errors {
            assert!(
                !error.path.is_empty(),
                "{} {}: {error:?}",
                route.method,
                route.path
            );
        }
    }
}

#[tokio::test]
async fn account_mail_flows_through_rest() {
    let app = seeded().await;
    // Every SDK request carries a fresh header (nonces are single use).
    // Register, then verify with the mailed secret.
    let body = json!({ "email": "dora@test.com", "password": "Password123!", "url": "https://www.yoursite.com/verify-email" });
    let r = rest(&app, Method::POST, "/users", Some(&anon()), Some(body)).await;
    let user_id = assert_success(&r)["user_id"].as_str().unwrap().to_owned();
    let (link_user, secret) =
        crate::common::identity::last_link(&app, DEMO_NETWORK, "dora@test.com").await;
    assert_eq!(link_user, user_id);
    let r = rest(
        &app,
        Method::POST,
        "/public/verifyEmail",
        Some(&anon()),
        Some(json!({ "user_id": user_id, "secret": secret })),
    )
    .await;
    assert_eq!(assert_success(&r), &json!({ "user_id": user_id }));
    let r = rest(
        &app,
        Method::POST,
        "/public/verifyEmail",
        Some(&anon()),
        Some(json!({ "user_id": user_id, "secret": secret })),
    )
    .await;
    assert_eq!(
        r.json["outcome"], "failure",
        "a secret works once: {}",
        r.text
    );

    // Forgot and reset the password.
    let r = rest(
        &app,
        Method::POST,
        "/public/forgotPassword",
        Some(&anon()),
        Some(json!({ "url": "https://www.yoursite.com/reset", "email": "dora@test.com" })),
    )
    .await;
    // The documented key stays; its value identifies no one.
    assert_eq!(assert_success(&r), &json!({ "user_id": null }));
    let (_, secret) = crate::common::identity::last_link(&app, DEMO_NETWORK, "dora@test.com").await;
    let mismatch = json!({ "user_id": user_id, "secret": secret, "password": "NewPassword123!", "password_confirm": "Other123!" });
    assert_failure(
        &rest(
            &app,
            Method::POST,
            "/public/resetPassword",
            Some(&anon()),
            Some(mismatch),
        )
        .await,
        409,
        10001,
    );
    let missing = json!({ "user_id": user_id, "secret": secret, "password_confirm": "x" });
    assert_failure(
        &rest(
            &app,
            Method::POST,
            "/public/resetPassword",
            Some(&anon()),
            Some(missing),
        )
        .await,
        400,
        10007,
    );
    let reset = json!({ "user_id": user_id, "secret": secret, "password": "NewPassword123!", "password_confirm": "NewPassword123!" });
    assert_eq!(
        assert_success(
            &rest(
                &app,
                Method::POST,
                "/public/resetPassword",
                Some(&anon()),
                Some(reset)
            )
            .await
        ),
        &json!({ "user_id": user_id })
    );
    let r = rest(
        &app,
        Method::GET,
        "/authenticate",
        Some(&as_user("dora@test.com", "NewPassword123!")),
        None,
    )
    .await;
    assert!(assert_success(&r)["token"].is_string());

    // Unknown email (answered like a known one, not 10011), invalid email (10012),
    // newsletter (10022).
    let r = rest(
        &app,
        Method::POST,
        "/public/forgotPassword",
        Some(&anon()),
        Some(json!({ "url": "https://x.example/r", "email": "ghost@test.com" })),
    )
    .await;
    assert_eq!(assert_success(&r), &json!({ "user_id": null }));
    let r = rest(
        &app,
        Method::POST,
        "/public/forgotPassword",
        Some(&anon()),
        Some(json!({ "url": "https://x.example/r", "email": "not an email" })),
    )
    .await;
    assert_failure(&r, 400, 10012);
    let r = rest(
        &app,
        Method::POST,
        "/public/newsletterSignUp",
        Some(&anon()),
        Some(json!({ "email": "x" })),
    )
    .await;
    assert_failure(&r, 400, 10022);
    let r = rest(
        &app,
        Method::POST,
        "/public/newsletterSignUp",
        Some(&anon()),
        Some(json!({ "email": "fan@test.com" })),
    )
    .await;
    assert!(
        assert_success(&r)["message"]
            .as_str()
            .unwrap()
            .contains("fan@test.com")
    );
}

#[tokio::test]
async fn outreach_routes_answer_the_documented_shapes() {
    let app = seeded().await;
    let token = login(&app, DEMO_NETWORK, "alice@example.com", "correct horse").await;
    assert_eq!(
        assert_success(&rest(&app, Method::GET, "/public/globals", Some(&anon()), None).await),
        &json!({})
    );

    let invite = json!({ "email": "john.doe@test.com", "given_name": "John", "family_name": "Doe", "organization_name": "JD, Inc", "url": "https://www.yoursite.com/join" });
    let r = rest(
        &app,
        Method::POST,
        "/self/invitations",
        Some(&token),
        Some(invite),
    )
    .await;
    let invitation_id = assert_success(&r)["invitation_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let r = rest(&app, Method::GET, "/self/invitations", Some(&token), None).await;
    let page = assert_success(&r);
    assert_eq!(page["count"], 1);
    assert_eq!(page["list"][0]["id"], invitation_id.as_str());
    for key in ["author_id", "created_at", "email", "expires_at", "id"] {
        assert!(page["list"][0].get(key).is_some(), "{key}");
    }
    let r = rest(
        &app,
        Method::GET,
        &format!("/self/invitations/{invitation_id}"),
        Some(&token),
        None,
    )
    .await;
    assert_eq!(
        assert_success(&r)["invitation"]["email"],
        "john.doe@test.com"
    );
    let bob = login(&app, DEMO_NETWORK, "bob@example.com", "pässwörd").await;
    let r = rest(
        &app,
        Method::GET,
        &format!("/self/invitations/{invitation_id}"),
        Some(&bob),
        None,
    )
    .await;
    assert_failure(&r, 404, codes::NOT_FOUND.number());

    let application = json!({ "additional_type": "loan", "description": "Working capital", "funding_goal": "50000.00", "term": 24 });
    let r = rest(
        &app,
        Method::POST,
        "/self/applications",
        Some(&token),
        Some(application),
    )
    .await;
    assert!(assert_success(&r)["application_id"].is_string());
    // A JSON number for an amount is read from its text; an exponent is refused.
    let as_number = json!({ "funding_goal": 50000, "number_of_shares": 10, "term": "24" });
    let r = rest(
        &app,
        Method::POST,
        "/self/applications",
        Some(&token),
        Some(as_number),
    )
    .await;
    assert!(assert_success(&r)["application_id"].is_string());
    let exponent = r#"{ "funding_goal": 5e4 }"#;
    let r = rest_text(&app, Method::POST, "/self/applications", &token, exponent).await;
    assert_failure(&r, 400, codes::BAD_REQUEST.number());
    assert!(r.text.contains("funding_goal"), "{}", r.text);
    // Open applications are not public.
    let r = rest(
        &app,
        Method::GET,
        "/public/applications",
        Some(&anon()),
        None,
    )
    .await;
    assert_eq!(assert_success(&r)["count"], 0);
}

#[tokio::test]
async fn invitations_without_url_use_the_network_default_page() {
    let app = seeded().await;
    let token = login(&app, DEMO_NETWORK, "alice@example.com", "correct horse").await;
    // The seeds' sample body has no url.
    let sample = json!({ "email": "john.doe@test.com", "given_name": "John", "family_name": "Doe", "organization_name": "JD, Inc" });
    let r = rest(
        &app,
        Method::POST,
        "/self/invitations",
        Some(&token),
        Some(sample.clone()),
    )
    .await;
    assert_failure(&r, 400, codes::BAD_REQUEST.number());
    assert!(
        r.json["data"]["developer_message"]
            .as_str()
            .unwrap()
            .contains("invitation_url")
    );

    let mut conn = app.db.conn().await;
    use diesel_async::RunQueryDsl;
    diesel::sql_query(
        "UPDATE networks SET settings = settings || '{\"invitation_url\": \"https://www.yoursite.com/join\"}'",
    )
    .execute(&mut conn)
    .await
    .unwrap();
    let r = rest(
        &app,
        Method::POST,
        "/self/invitations",
        Some(&token),
        Some(sample),
    )
    .await;
    assert!(assert_success(&r)["invitation_id"].is_string());
    let net = crowdgraph::models::network::Network::find_by_name(&mut conn, DEMO_NETWORK)
        .await
        .unwrap()
        .unwrap();
    let mails = crowdgraph::models::mail::list_for(&mut conn, net.id, "john.doe@test.com")
        .await
        .unwrap();
    assert!(
        mails
            .as_slice()
            .first()
            .unwrap()
            .body_text
            .contains("https://www.yoursite.com/join?invitation_id=")
    );
}

#[tokio::test]
async fn user_payloads_list_the_organizations_the_viewer_may_see() {
    let app = seeded().await;
    let bob = login(&app, DEMO_NETWORK, "bob@example.com", "pässwörd").await;
    let r = rest(&app, Method::GET, "/self", Some(&bob), None).await;
    let orgs = &assert_success(&r)["user"]["organizations"];
    assert_eq!(orgs.as_array().unwrap().len(), 1, "{orgs}");
    assert_eq!(orgs[0]["organization_name"], "Helios Energy");
    assert_eq!(orgs[0]["member_type"], "author");
    assert_eq!(orgs[0]["status"], true);
    let bob_id = assert_success(&r)["user"]["id"]
        .as_str()
        .unwrap()
        .to_owned();

    // Another user sees the Published organization too; not once it is back in Draft.
    let alice = login(&app, DEMO_NETWORK, "alice@example.com", "correct horse").await;
    let r = rest(
        &app,
        Method::GET,
        &format!("/users/{bob_id}"),
        Some(&alice),
        None,
    )
    .await;
    assert_eq!(
        assert_success(&r)["user"]["organizations"][0]["organization_name"],
        "Helios Energy"
    );
    let mut conn = app.db.conn().await;
    use diesel_async::RunQueryDsl;
    diesel::sql_query("UPDATE organizations SET life_cycle_stage = 0")
        .execute(&mut conn)
        .await
        .unwrap();
    let r = rest(
        &app,
        Method::GET,
        &format!("/users/{bob_id}"),
        Some(&alice),
        None,
    )
    .await;
    assert_eq!(assert_success(&r)["user"]["organizations"], json!([]));
    let r = rest(&app, Method::GET, "/self", Some(&bob), None).await;
    assert_eq!(
        assert_success(&r)["user"]["organizations"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
}

#[tokio::test]
async fn resend_verification_and_change_email_through_rest() {
    let app = seeded().await;
    let body = json!({ "email": "eve@test.com", "password": "Password123!", "url": "https://www.yoursite.com/verify-email" });
    let r = rest(&app, Method::POST, "/users", Some(&anon()), Some(body)).await;
    let user_id = assert_success(&r)["user_id"].as_str().unwrap().to_owned();
    let token = login(&app, DEMO_NETWORK, "eve@test.com", "Password123!").await;

    let r = rest(
        &app,
        Method::POST,
        "/self/resendVerificationEmail",
        Some(&token),
        Some(json!({ "url": "https://www.yoursite.com/verify-email" })),
    )
    .await;
    assert_eq!(assert_success(&r), &json!({ "user_id": user_id }));
    let r = rest(
        &app,
        Method::POST,
        "/self/resendVerificationEmail",
        Some(&token),
        Some(json!({})),
    )
    .await;
    assert_failure(&r, 400, 10018);

    let change = json!({ "verify_email_url": "https://www.your-site.com/verify-email", "new_email": "newemail@test.com", "new_email_confirm": "newemail@test.com" });
    let r = rest(
        &app,
        Method::POST,
        "/self/changeEmail",
        Some(&token),
        Some(change),
    )
    .await;
    let data = assert_success(&r);
    assert_eq!(data["user_id"], user_id.as_str());
    let new_token = data["token"].as_str().unwrap().to_owned();
    let r = rest(&app, Method::GET, "/self", Some(&new_token), None).await;
    let user = &assert_success(&r)["user"];
    assert_eq!(user["email"], "newemail@test.com");
    assert_eq!(user["email_verified"], false);
    let (link_user, _) =
        crate::common::identity::last_link(&app, DEMO_NETWORK, "newemail@test.com").await;
    assert_eq!(link_user, user_id);
    let mismatch = json!({ "verify_email_url": "https://x.example/v", "new_email": "a@test.com", "new_email_confirm": "b@test.com" });
    let r = rest(
        &app,
        Method::POST,
        "/self/changeEmail",
        Some(&new_token),
        Some(mismatch),
    )
    .await;
    assert_eq!(r.status, 409, "{}", r.text);
}
