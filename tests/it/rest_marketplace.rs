//! The REST shim for the marketplace routes (organizations, offerings, investments,
//! bulletins): the seeds' sample bodies and documented keys, the exceptions of these
//! routes, the SDK flow from registration to a withdrawn investment, and that a route
//! answers exactly what its GraphQL document returns.

use axum::http::Method;
use crowdgraph::error::codes;
use crowdgraph::rest::convert::to_rest;
use crowdgraph::seed::DEMO_NETWORK;
use serde_json::{Value, json};

use crate::common::demo::{Demo, demo};
use crate::common::graphql::{bearer, gql};
use crate::common::identity::{anon, as_user, seeded};
use crate::common::rest::{assert_failure, assert_success, rest};
use crate::common::{TestApp, TestResponse};

/// The organization keys of the seeds' responses (`documents` is not served yet).
const ORGANIZATION_KEYS: &[&str] = &[
    "additional_type",
    "address",
    "alternate_name",
    "approved_at",
    "brief_desc",
    "canceled_at",
    "company_number",
    "contact_point",
    "created_at",
    "credit_score",
    "custom",
    "detail_desc",
    "display_name",
    "facebook",
    "founding_date",
    "founding_location",
    "fundamerica_entity_id",
    "gcen_client_id",
    "id",
    "info",
    "legal_name",
    "life_cycle_stage",
    "linkedin",
    "location",
    "logo",
    "mangopay_card_id",
    "mangopay_user_id",
    "mangopay_wallet_id",
    "members",
    "org_email",
    "reyker_isin",
    "sector",
    "submitted_at",
    "tax_id",
    "telephone",
    "twitter",
    "updated_at",
    "user_name",
    "user_id",
    "visibility",
    "website",
    "youtube",
];

/// The offering keys of the seeds' responses (`documents` and `loanbook_id` are not
/// served yet).
const OFFERING_KEYS: &[&str] = &[
    "additional_type",
    "amount_raised",
    "capital_outstanding",
    "category",
    "close_date",
    "created_at",
    "credit_score",
    "currency",
    "custom",
    "equity_offered",
    "external_commitments",
    "fundamerica_offering_id",
    "funding_goal",
    "gcen_client_id",
    "id",
    "info",
    "interest_rate",
    "investment_count",
    "investor_count",
    "is_featured",
    "is_secondary_offering",
    "life_cycle_stage",
    "loan_to_value",
    "mangopay_wallet_id",
    "max_commitment",
    "max_overfunding_amount",
    "min_commitment",
    "name",
    "num_of_shares",
    "offering_description",
    "open_date",
    "organization_id",
    "price_per_share",
    "primary_offering_id",
    "published_at",
    "raised_percent",
    "repayments_remaining",
    "settled_at",
    "sum_outstanding_payouts",
    "term",
    "updated_at",
    "user_id",
    "valuation",
];

/// The investment keys of the seeds' responses (`documents`, `divested_*` and
/// `interest_outstanding` are not served yet).
const INVESTMENT_KEYS: &[&str] = &[
    "capital_outstanding",
    "created_at",
    "currency",
    "custom",
    "fundamerica_investment_id",
    "funding_goal",
    "id",
    "info",
    "interest_rate",
    "investment_amount",
    "is_loanbook",
    "life_cycle_stage",
    "number_of_shares",
    "offering_id",
    "org_id",
    "org_name",
    "raised_percent",
    "repayments_remaining",
    "settled_at",
    "term",
    "updated_at",
    "user_email",
    "user_id",
    "user_name",
    "visibility",
];

const BULLETIN_KEYS: &[&str] = &[
    "body",
    "created_at",
    "id",
    "life_cycle_stage",
    "offering_id",
    "title",
    "updated_at",
];

const MEMBER_KEYS: &[&str] = &["user_id", "member_type", "user_full_name", "contact_point"];

fn assert_keys(object: &Value, keys: &[&str]) {
    let map = object
        .as_object()
        .unwrap_or_else(|| panic!("not an object: {object}"));
    for key in keys {
        assert!(map.contains_key(*key), "{key} missing from {object}");
    }
    assert!(!map.contains_key("__typename"), "{object}");
}

/// Checks `{offset, limit, count, list}` and returns the list.
fn page(data: &Value) -> &Vec<Value> {
    assert!(data["offset"].is_i64(), "{data}");
    assert!(data["limit"].is_i64(), "{data}");
    assert!(data["count"].is_i64(), "{data}");
    data["list"].as_array().unwrap()
}

async fn get(app: &TestApp, path: &str, auth: &str) -> TestResponse {
    rest(app, Method::GET, path, Some(auth), None).await
}

async fn send(app: &TestApp, method: Method, path: &str, auth: &str, body: Value) -> TestResponse {
    rest(app, method, path, Some(auth), Some(body)).await
}

/// Creates an offering of Helios as bob (Draft) and returns its id.
async fn draft_offering(app: &TestApp, d: &Demo, body: Value) -> String {
    let r = send(
        app,
        Method::POST,
        &format!("/organizations/{}/offerings", d.helios),
        &d.bob_token,
        body,
    )
    .await;
    assert_success(&r)["offering_id"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// Publishes an offering as the admin, through the Back Office transitions.
async fn publish(app: &TestApp, d: &Demo, offering: &str) {
    for stage in [3, 5] {
        let r = send(
            app,
            Method::PATCH,
            &format!("/offerings/{offering}"),
            &d.admin_token,
            json!({ "life_cycle_stage": stage }),
        )
        .await;
        assert_eq!(assert_success(&r), &json!({ "offering_id": offering }));
    }
}

fn stage_of(r: &TestResponse, wrapper: &str) -> i64 {
    assert_success(r)[wrapper]["life_cycle_stage"]
        .as_i64()
        .unwrap_or_else(|| panic!("{}", r.text))
}

#[tokio::test]
async fn public_routes_answer_the_documented_shapes() {
    let app = seeded().await;
    let d = demo(&app).await;

    let r = get(&app, "/public/organizations", &anon()).await;
    let list = page(assert_success(&r));
    assert_eq!(list.len(), 1);
    let org = &list[0];
    assert_keys(org, ORGANIZATION_KEYS);
    assert_eq!(org["id"], d.helios.as_str());
    assert_eq!(org["life_cycle_stage"], 5, "integer enum code");
    assert_eq!(org["visibility"], 0);
    assert_eq!(org["display_name"], "Helios Energy");
    assert_keys(&org["members"][0], MEMBER_KEYS);
    assert_eq!(org["members"][0]["member_type"], "author");

    let r = get(
        &app,
        &format!("/public/organizations/{}", d.helios),
        &anon(),
    )
    .await;
    assert_eq!(&assert_success(&r)["organization"], org);

    let r = get(&app, "/public/offerings?orderby=name&sort=asc", &anon()).await;
    let list = page(assert_success(&r));
    assert_eq!(list.len(), 2);
    for offering in list {
        assert_keys(offering, OFFERING_KEYS);
        assert_keys(
            &offering["sum_outstanding_payouts"],
            &["dividends", "capitalgains", "loanrepayments"],
        );
    }
    let solar = &list[0];
    assert_eq!(solar["name"], "Helios Solar Farm - Series A");
    assert_eq!(solar["life_cycle_stage"], 5);
    assert_eq!(solar["funding_goal"], "250000", "money is a string");
    assert_eq!(solar["min_commitment"], "500");
    assert_eq!(list[1]["life_cycle_stage"], 8);
    assert_eq!(list[1]["amount_raised"], "3700");
    assert_eq!(list[1]["investor_count"], 2);

    let r = get(&app, &format!("/public/offerings/{}", d.solar), &anon()).await;
    assert_eq!(&assert_success(&r)["offering"], solar);

    // Nothing is featured until an admin says so (is_featured takes the seeds' 1/0).
    let r = get(&app, "/public/featuredOfferings", &anon()).await;
    assert_eq!(assert_success(&r)["count"], 0);
    let r = send(
        &app,
        Method::PATCH,
        &format!("/offerings/{}", d.solar),
        &d.admin_token,
        json!({ "is_featured": "1" }),
    )
    .await;
    assert_eq!(assert_success(&r), &json!({ "offering_id": d.solar }));
    let r = get(&app, "/public/featuredOfferings", &anon()).await;
    let list = page(assert_success(&r));
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["id"], d.solar.as_str());
    assert_eq!(list[0]["is_featured"], true);
    assert_keys(&list[0], OFFERING_KEYS);

    // A Draft offering and a Draft organization are not public: Not Found.
    let draft = draft_offering(&app, &d, json!({ "name": "Quiet" })).await;
    let r = get(&app, &format!("/public/offerings/{draft}"), &anon()).await;
    assert_failure(&r, 404, codes::NOT_FOUND.number());
    let r = get(&app, &format!("/public/offerings/{draft}"), &d.bob_token).await;
    assert_failure(&r, 404, codes::NOT_FOUND.number());
    let r = send(
        &app,
        Method::POST,
        "/organizations",
        &d.alice_token,
        json!({ "display_name": "Alice Holdings" }),
    )
    .await;
    let org = assert_success(&r)["organization_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let r = get(&app, &format!("/public/organizations/{org}"), &anon()).await;
    assert_failure(&r, 404, codes::NOT_FOUND.number());
    let r = get(&app, "/public/organizations/not-an-id", &anon()).await;
    assert_failure(&r, 404, codes::NOT_FOUND.number());
    // A visitor reading the logged-in routes sees the same public sets.
    let r = get(&app, "/offerings", &anon()).await;
    assert_eq!(assert_success(&r)["count"], 2);
    let r = get(&app, "/self/offerings", &anon()).await;
    assert_failure(&r, 401, codes::AUTH_REQUIRED.number());
    let r = get(&app, "/public/offerings?filter[nope][value]=1", &anon()).await;
    assert_failure(&r, 400, codes::BAD_REQUEST.number());
}

#[tokio::test]
async fn self_and_user_lists_answer_the_documented_shapes() {
    let app = seeded().await;
    let d = demo(&app).await;

    let r = get(&app, "/self/organizations", &d.bob_token).await;
    let list = page(assert_success(&r));
    assert_eq!(list.len(), 1);
    assert_keys(&list[0], ORGANIZATION_KEYS);
    let r = get(&app, "/self/organizations", &d.alice_token).await;
    assert_eq!(assert_success(&r)["count"], 0);

    let r = get(&app, "/self/offerings", &d.bob_token).await;
    let list = page(assert_success(&r));
    assert_eq!(list.len(), 2);
    list.iter().for_each(|o| assert_keys(o, OFFERING_KEYS));

    let r = get(
        &app,
        "/self/investments?orderby=investment_amount&sort=desc",
        &d.alice_token,
    )
    .await;
    let list = page(assert_success(&r));
    assert_eq!(list.len(), 2, "every stage");
    list.iter().for_each(|i| assert_keys(i, INVESTMENT_KEYS));
    assert_eq!(list[0]["investment_amount"], "2500");
    assert_eq!(list[0]["life_cycle_stage"], 4);
    assert_eq!(list[0]["offering_id"], d.northwind.as_str());
    assert_eq!(list[0]["org_id"], d.helios.as_str());
    assert_eq!(list[0]["org_name"], "Helios Energy");
    assert_eq!(list[0]["user_email"], "alice@example.com");
    assert_eq!(list[1]["life_cycle_stage"], 0);

    // Another user's offerings: Published, Closing and Settled only.
    let draft = draft_offering(&app, &d, json!({ "name": "Not yet" })).await;
    let r = get(&app, &format!("/users/{}/offerings", d.bob), &d.alice_token).await;
    let list = page(assert_success(&r));
    assert_eq!(list.len(), 2);
    assert!(list.iter().all(|o| o["id"] != draft.as_str()));
    list.iter().for_each(|o| assert_keys(o, OFFERING_KEYS));

    // Another user's investments: Settled ones only, for a visitor as for another user
    // (bob, on the offering's team, also sees the Open one).
    let r = get(&app, &format!("/users/{}/investments", d.alice), &anon()).await;
    let list = page(assert_success(&r));
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["life_cycle_stage"], 4);
    let r = get(
        &app,
        &format!("/users/{}/investments", d.alice),
        &d.bob_token,
    )
    .await;
    assert_eq!(assert_success(&r)["count"], 2);
    let other = register(&app, "carol@test.com").await;
    let r = get(
        &app,
        &format!("/users/{}/investments", d.alice),
        &as_user(&other, "Password123!"),
    )
    .await;
    let list = page(assert_success(&r));
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["life_cycle_stage"], 4);
    assert_keys(&list[0], INVESTMENT_KEYS);
    assert!(list[0]["user_email"].is_null(), "not the investor's email");

    let r = get(
        &app,
        &format!("/users/{}/offerings", uuid::Uuid::new_v4()),
        &d.alice_token,
    )
    .await;
    assert_failure(&r, 404, codes::NOT_FOUND.number());
    let r = get(&app, "/self/investments", &anon()).await;
    assert_failure(&r, 401, codes::AUTH_REQUIRED.number());
    let r = get(&app, "/self/investments?orderby=nope", &d.alice_token).await;
    assert_failure(&r, 400, codes::BAD_REQUEST.number());
}

/// Registers a user through POST /users and returns the email (password
/// `Password123!`).
async fn register(app: &TestApp, email: &str) -> String {
    let body = json!({ "email": email, "password": "Password123!", "url": "https://www.yoursite.com/verify-email" });
    let r = rest(app, Method::POST, "/users", Some(&anon()), Some(body)).await;
    assert_success(&r);
    email.to_owned()
}

#[tokio::test]
async fn organization_routes_follow_the_seeds() {
    let app = seeded().await;
    let d = demo(&app).await;

    // The seeds' sample body (visibility as the string "1").
    let sample = json!({
        "display_name": "My Organization",
        "address" : { "building" : "One Market Plaza", "street_address" : "Spear Tower", "city" : "San Francisco" },
        "visibility" : "1"
    });
    let r = send(&app, Method::POST, "/organizations", &d.alice_token, sample).await;
    let data = assert_success(&r);
    assert_eq!(data.as_object().unwrap().len(), 1, "{data}");
    let org = data["organization_id"].as_str().unwrap().to_owned();
    let r = get(&app, &format!("/organizations/{org}"), &d.alice_token).await;
    let organization = &assert_success(&r)["organization"];
    assert_keys(organization, ORGANIZATION_KEYS);
    assert_eq!(organization["display_name"], "My Organization");
    assert_eq!(organization["visibility"], 1);
    assert_eq!(organization["life_cycle_stage"], 0);
    assert_eq!(organization["address"]["building"], "One Market Plaza");
    assert_eq!(organization["address"]["street_address"], "Spear Tower");
    assert_eq!(organization["user_id"], d.alice.as_str());
    assert_eq!(organization["contact_point"], d.alice.as_str());

    let r = send(
        &app,
        Method::PATCH,
        &format!("/organizations/{org}"),
        &d.alice_token,
        json!({ "brief_desc" : "New Brief Description" }),
    )
    .await;
    assert_eq!(assert_success(&r), &json!({ "organization_id": org }));
    // An address with an id (as the seeds' parameter table shows it) replaces the
    // address; a custom field merges.
    let r = send(
        &app,
        Method::PATCH,
        &format!("/organizations/{org}"),
        &d.alice_token,
        json!({ "address": { "id": 1, "city": "Leeds", "country": "GB" }, "custom": { "tier": "gold" } }),
    )
    .await;
    assert_success(&r);
    let r = get(&app, &format!("/organizations/{org}"), &d.alice_token).await;
    let organization = &assert_success(&r)["organization"];
    assert_eq!(organization["brief_desc"], "New Brief Description");
    assert_eq!(organization["address"]["city"], "Leeds");
    assert_eq!(organization["custom"], json!({ "tier": "gold" }));
    assert_eq!(
        organization["info"],
        json!([{ "type": "tier", "value": "gold" }])
    );

    // Lists: alice sees Helios and her own Hidden Draft one; bob only Helios.
    let r = get(&app, "/organizations?orderby=display_name", &d.alice_token).await;
    let list = page(assert_success(&r));
    assert_eq!(list.len(), 2);
    list.iter().for_each(|o| assert_keys(o, ORGANIZATION_KEYS));
    let r = get(&app, "/organizations", &d.bob_token).await;
    let list = page(assert_success(&r));
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["id"], d.helios.as_str());
    let r = get(&app, &format!("/organizations/{org}"), &d.bob_token).await;
    assert_failure(&r, 404, codes::NOT_FOUND.number());

    // Members: add answers [] (as documented), remove answers the removed user's id.
    let members = format!("/organizations/{org}/members/{}", d.bob);
    let r = rest(&app, Method::POST, &members, Some(&d.alice_token), None).await;
    assert_eq!(assert_success(&r), &json!([]));
    let r = get(&app, &format!("/organizations/{org}"), &d.bob_token).await;
    let organization = &assert_success(&r)["organization"];
    let ids: Vec<&str> = organization["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["user_id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, [d.alice.as_str(), d.bob.as_str()]);
    // Bob, now a member, makes himself the contact point.
    let r = send(
        &app,
        Method::PATCH,
        &format!("/organizations/{org}"),
        &d.bob_token,
        json!({ "contact_point": d.bob }),
    )
    .await;
    assert_success(&r);
    let r = rest(&app, Method::DELETE, &members, Some(&d.alice_token), None).await;
    assert_eq!(
        assert_success(&r),
        &json!({ "org_member_id deleted": d.bob })
    );
    let r = get(&app, &format!("/organizations/{org}"), &d.alice_token).await;
    assert_eq!(
        assert_success(&r)["organization"]["contact_point"],
        d.alice.as_str(),
        "the contact point reverts to the author"
    );
    // The contact point must be an active member (documented 13007).
    let r = send(
        &app,
        Method::PATCH,
        &format!("/organizations/{org}"),
        &d.alice_token,
        json!({ "contact_point": d.bob }),
    )
    .await;
    assert_failure(&r, 400, codes::CONTACT_POINT_NOT_MEMBER.number());
    // Removing a user who is not a member: Not Found.
    let r = rest(&app, Method::DELETE, &members, Some(&d.alice_token), None).await;
    assert_failure(&r, 404, codes::NOT_FOUND.number());
    // Bob may no longer change it (nor see it).
    let r = send(
        &app,
        Method::PATCH,
        &format!("/organizations/{org}"),
        &d.bob_token,
        json!({ "brief_desc": "x" }),
    )
    .await;
    assert_failure(&r, 404, codes::NOT_FOUND.number());
    // Alice sees Helios but may not change it or its team.
    let r = send(
        &app,
        Method::PATCH,
        &format!("/organizations/{}", d.helios),
        &d.alice_token,
        json!({ "brief_desc": "mine now" }),
    )
    .await;
    assert_failure(&r, 403, codes::FORBIDDEN.number());
    let r = rest(
        &app,
        Method::POST,
        &format!("/organizations/{}/members/{}", d.helios, d.alice),
        Some(&d.alice_token),
        None,
    )
    .await;
    assert_failure(&r, 403, codes::FORBIDDEN.number());

    // Lifecycle: a member may submit a Draft, nothing more; the admin moves it on.
    let stage = |s: i64| json!({ "life_cycle_stage": s });
    let path = format!("/organizations/{org}");
    let r = send(&app, Method::PATCH, &path, &d.alice_token, stage(3)).await;
    assert_failure(&r, 409, codes::ORGANIZATION_STAGE_CONFLICT.number());
    let r = send(&app, Method::PATCH, &path, &d.alice_token, stage(1)).await;
    assert_success(&r);
    let r = send(&app, Method::PATCH, &path, &d.admin_token, stage(3)).await;
    assert_success(&r);
    let r = get(&app, &path, &d.alice_token).await;
    assert_eq!(stage_of(&r, "organization"), 3);
    assert!(assert_success(&r)["organization"]["approved_at"].is_string());
    let r = send(&app, Method::PATCH, &path, &d.admin_token, stage(0)).await;
    assert_failure(&r, 409, codes::ORGANIZATION_STAGE_CONFLICT.number());
    let r = send(&app, Method::PATCH, &path, &d.admin_token, stage(8)).await;
    assert_failure(&r, 400, codes::BAD_REQUEST.number());
    assert!(
        r.json["data"]["developer_message"]
            .as_str()
            .unwrap()
            .contains("life_cycle_stage")
    );

    // display_name is the one required field.
    let r = send(
        &app,
        Method::POST,
        "/organizations",
        &d.alice_token,
        json!({ "brief_desc": "nameless" }),
    )
    .await;
    assert_failure(&r, 400, codes::INVALID_MARKETPLACE_DATA.number());
    assert!(
        r.json["data"]["developer_message"]
            .as_str()
            .unwrap()
            .contains("display_name")
    );
    let r = send(
        &app,
        Method::POST,
        "/organizations",
        &d.alice_token,
        json!({ "display_name": "X", "visibility": 5 }),
    )
    .await;
    assert_failure(&r, 400, codes::BAD_REQUEST.number());
    let r = send(
        &app,
        Method::POST,
        "/organizations",
        &d.alice_token,
        json!({ "display_name": "X", "no_such_field": 1 }),
    )
    .await;
    assert_failure(&r, 400, codes::BAD_REQUEST.number());
    let r = send(
        &app,
        Method::POST,
        "/organizations",
        &anon(),
        json!({ "display_name": "X" }),
    )
    .await;
    assert_failure(&r, 401, codes::AUTH_REQUIRED.number());
}

#[tokio::test]
async fn organization_offerings_create_with_the_seeds_sample_body() {
    let app = seeded().await;
    let d = demo(&app).await;

    // The seeds' sample body; ids are UUIDs here, so the primary offering is a real one.
    let sample = json!({
        "funding_goal" : "50000",
        "is_secondary_offering" : "1",
        "primary_offering_id" : d.northwind,
        "num_of_shares" : "50000",
        "price_per_share" : "1"
    });
    let path = format!("/organizations/{}/offerings", d.helios);
    let r = send(&app, Method::POST, &path, &d.bob_token, sample).await;
    let data = assert_success(&r);
    assert_eq!(data.as_object().unwrap().len(), 1, "{data}");
    let id = data["offering_id"].as_str().unwrap().to_owned();
    let r = get(&app, &format!("/offerings/{id}"), &d.bob_token).await;
    let offering = &assert_success(&r)["offering"];
    assert_keys(offering, OFFERING_KEYS);
    assert_eq!(offering["life_cycle_stage"], 0);
    assert_eq!(offering["is_secondary_offering"], true);
    assert_eq!(offering["primary_offering_id"], d.northwind.as_str());
    assert_eq!(offering["num_of_shares"], "50000");
    assert_eq!(offering["funding_goal"], "50000");
    assert_eq!(offering["user_id"], d.bob.as_str());
    assert_eq!(offering["organization_id"], d.helios.as_str());

    // The organization's offerings: bob (team) sees the Draft, alice does not.
    let r = get(&app, &path, &d.bob_token).await;
    let list = page(assert_success(&r));
    assert_eq!(list.len(), 3);
    list.iter().for_each(|o| assert_keys(o, OFFERING_KEYS));
    let r = get(
        &app,
        &format!("{path}?orderby=name&sort=desc"),
        &d.alice_token,
    )
    .await;
    let list = page(assert_success(&r));
    let names: Vec<&str> = list.iter().map(|o| o["name"].as_str().unwrap()).collect();
    assert_eq!(
        names,
        ["Northwind Community Bond", "Helios Solar Farm - Series A"]
    );

    // Exceptions: money as a JSON number, a starting stage other than Draft or
    // Submitted, an unknown primary offering, not on the team, an invisible
    // organization, a bad boolean.
    let r = send(
        &app,
        Method::POST,
        &path,
        &d.bob_token,
        json!({ "funding_goal": 50000 }),
    )
    .await;
    assert_failure(&r, 400, codes::BAD_REQUEST.number());
    assert!(
        r.json["data"]["developer_message"]
            .as_str()
            .unwrap()
            .contains("funding_goal")
    );
    let r = send(
        &app,
        Method::POST,
        &path,
        &d.bob_token,
        json!({ "life_cycle_stage": 5 }),
    )
    .await;
    assert_failure(&r, 400, codes::INVALID_INITIAL_STAGE.number());
    let r = send(
        &app,
        Method::POST,
        &path,
        &d.bob_token,
        json!({ "primary_offering_id": uuid::Uuid::new_v4() }),
    )
    .await;
    assert_failure(&r, 400, codes::INVALID_MARKETPLACE_DATA.number());
    let r = send(&app, Method::POST, &path, &d.alice_token, json!({})).await;
    assert_failure(&r, 403, codes::FORBIDDEN.number());
    let r = send(
        &app,
        Method::POST,
        &format!("/organizations/{}/offerings", uuid::Uuid::new_v4()),
        &d.bob_token,
        json!({}),
    )
    .await;
    assert_failure(&r, 404, codes::NOT_FOUND.number());
    let r = send(
        &app,
        Method::POST,
        &path,
        &d.bob_token,
        json!({ "is_secondary_offering": "yes" }),
    )
    .await;
    assert_failure(&r, 400, codes::BAD_REQUEST.number());
    let r = get(
        &app,
        &format!("/organizations/{}/offerings", uuid::Uuid::new_v4()),
        &d.bob_token,
    )
    .await;
    assert_failure(&r, 404, codes::NOT_FOUND.number());
}

#[tokio::test]
async fn offering_routes_follow_the_lifecycle() {
    let app = seeded().await;
    let d = demo(&app).await;
    let id = draft_offering(
        &app,
        &d,
        json!({ "name": "Harbour Loan", "funding_goal": "10000", "term": "24" }),
    )
    .await;
    let path = format!("/offerings/{id}");

    // GET /offerings: alice sees Published and Settled ones, the admin every one.
    let r = get(&app, "/offerings", &d.alice_token).await;
    let list = page(assert_success(&r));
    assert_eq!(list.len(), 2);
    list.iter().for_each(|o| assert_keys(o, OFFERING_KEYS));
    let r = get(
        &app,
        "/offerings?filter[life_cycle_stage][value]=0",
        &d.admin_token,
    )
    .await;
    let list = page(assert_success(&r));
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["id"], id.as_str());
    assert_eq!(list[0]["term"], 24);
    let r = get(&app, &path, &d.alice_token).await;
    assert_failure(&r, 404, codes::NOT_FOUND.number());

    // The seeds' sample PATCH body, by the team while Draft.
    let r = send(
        &app,
        Method::PATCH,
        &path,
        &d.bob_token,
        json!({ "credit_score": "A+" }),
    )
    .await;
    assert_eq!(assert_success(&r), &json!({ "offering_id": id }));
    let r = get(&app, &path, &d.bob_token).await;
    assert_eq!(assert_success(&r)["offering"]["credit_score"], "A+");

    // The team: Draft -> Submitted, never further; is_featured is the admin's.
    let stage = |s: i64| json!({ "life_cycle_stage": s });
    let r = send(&app, Method::PATCH, &path, &d.bob_token, stage(5)).await;
    assert_failure(&r, 409, codes::OFFERING_STAGE_CONFLICT.number());
    let r = send(
        &app,
        Method::PATCH,
        &path,
        &d.bob_token,
        json!({ "is_featured": 1 }),
    )
    .await;
    assert_failure(&r, 403, codes::FORBIDDEN.number());
    let r = send(&app, Method::PATCH, &path, &d.bob_token, stage(1)).await;
    assert_success(&r);
    let r = get(&app, &path, &d.bob_token).await;
    assert_eq!(stage_of(&r, "offering"), 1);
    assert!(assert_success(&r)["offering"]["submitted_at"].is_string());
    let r = send(&app, Method::PATCH, &path, &d.bob_token, stage(3)).await;
    assert_failure(&r, 409, codes::OFFERING_STAGE_CONFLICT.number());
    // Alice sees nothing to change.
    let r = send(
        &app,
        Method::PATCH,
        &path,
        &d.alice_token,
        json!({ "name": "x" }),
    )
    .await;
    assert_failure(&r, 404, codes::NOT_FOUND.number());
    // The admin: the Back Office transitions; 6 (Live) reads as Published (5).
    let r = send(&app, Method::PATCH, &path, &d.admin_token, stage(5)).await;
    assert_failure(&r, 409, codes::OFFERING_STAGE_CONFLICT.number());
    let r = send(&app, Method::PATCH, &path, &d.admin_token, stage(3)).await;
    assert_success(&r);
    let r = send(&app, Method::PATCH, &path, &d.admin_token, stage(6)).await;
    assert_success(&r);
    let r = get(&app, &path, &d.alice_token).await;
    assert_eq!(stage_of(&r, "offering"), 5);
    assert!(assert_success(&r)["offering"]["published_at"].is_string());
    // Published: the team may no longer edit fields; money stays a string.
    let r = send(
        &app,
        Method::PATCH,
        &path,
        &d.bob_token,
        json!({ "name": "x" }),
    )
    .await;
    assert_failure(&r, 409, codes::OFFERING_NOT_EDITABLE.number());
    let r = send(
        &app,
        Method::PATCH,
        &path,
        &d.admin_token,
        json!({ "valuation": 1.5 }),
    )
    .await;
    assert_failure(&r, 400, codes::BAD_REQUEST.number());
    assert!(
        r.json["data"]["developer_message"]
            .as_str()
            .unwrap()
            .contains("valuation")
    );
    let r = send(&app, Method::PATCH, &path, &d.admin_token, stage(10)).await;
    assert_failure(&r, 400, codes::BAD_REQUEST.number());

    // Cancel: refused while an investment is Open; the team may not cancel once
    // Published; the admin may once the investment is withdrawn.
    let r = send(
        &app,
        Method::POST,
        &format!("{path}/investments"),
        &d.alice_token,
        json!({ "investment_amount": "100" }),
    )
    .await;
    let investment = assert_success(&r)["investment_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let r = rest(&app, Method::DELETE, &path, Some(&d.admin_token), None).await;
    assert_failure(&r, 409, codes::OFFERING_HAS_INVESTMENTS.number());
    let r = rest(
        &app,
        Method::DELETE,
        &format!("/investments/{investment}"),
        Some(&d.alice_token),
        None,
    )
    .await;
    assert_success(&r);
    let r = rest(&app, Method::DELETE, &path, Some(&d.bob_token), None).await;
    assert_failure(&r, 409, codes::OFFERING_STAGE_CONFLICT.number());
    let r = rest(&app, Method::DELETE, &path, Some(&d.admin_token), None).await;
    assert_eq!(assert_success(&r), &json!({ "offering_id": id }));
    let r = get(&app, &path, &d.admin_token).await;
    assert_eq!(stage_of(&r, "offering"), 9);
    let r = rest(&app, Method::DELETE, &path, Some(&d.admin_token), None).await;
    assert_failure(&r, 409, codes::OFFERING_STAGE_CONFLICT.number());

    // The team cancels its own Draft.
    let draft = draft_offering(&app, &d, json!({ "name": "Short lived" })).await;
    let r = rest(
        &app,
        Method::DELETE,
        &format!("/offerings/{draft}"),
        Some(&d.bob_token),
        None,
    )
    .await;
    assert_eq!(assert_success(&r), &json!({ "offering_id": draft }));
    let r = rest(
        &app,
        Method::DELETE,
        &format!("/offerings/{}", uuid::Uuid::new_v4()),
        Some(&d.bob_token),
        None,
    )
    .await;
    assert_failure(&r, 404, codes::NOT_FOUND.number());

    // The route table answers 405 with Allow for another method.
    let r = rest(&app, Method::PUT, &path, Some(&d.admin_token), None).await;
    assert_failure(&r, 405, codes::METHOD_NOT_ALLOWED.number());
    let allow = r.headers["allow"].to_str().unwrap().to_owned();
    for m in ["GET", "PATCH", "DELETE"] {
        assert!(allow.contains(m), "{allow}");
    }
}

#[tokio::test]
async fn bulletins_follow_the_seeds() {
    let app = seeded().await;
    let d = demo(&app).await;
    let path = format!("/offerings/{}/bulletins", d.solar);
    let sample = json!({ "title" : "News story", "body" : "Great news about this Offering" });
    let r = send(&app, Method::POST, &path, &d.bob_token, sample).await;
    let bulletin = assert_success(&r)["bulletin_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let r = get(&app, &path, &d.bob_token).await;
    let list = page(assert_success(&r));
    assert_eq!(list.len(), 1);
    assert_keys(&list[0], BULLETIN_KEYS);
    assert_eq!(list[0]["id"], bulletin.as_str());
    assert_eq!(list[0]["offering_id"], d.solar.as_str());
    assert_eq!(list[0]["title"], "News story");
    assert_eq!(list[0]["life_cycle_stage"], 0);

    // Whoever sees the offering sees its Open bulletins; only its team posts.
    let r = get(&app, &path, &d.alice_token).await;
    assert_eq!(assert_success(&r)["count"], 1);
    let r = send(
        &app,
        Method::POST,
        &path,
        &d.alice_token,
        json!({ "title": "Mine" }),
    )
    .await;
    assert_failure(&r, 403, codes::FORBIDDEN.number());
    let draft = draft_offering(&app, &d, json!({ "name": "Hidden" })).await;
    let r = get(
        &app,
        &format!("/offerings/{draft}/bulletins"),
        &d.alice_token,
    )
    .await;
    assert_failure(&r, 404, codes::NOT_FOUND.number());
    let r = send(
        &app,
        Method::POST,
        &format!("/offerings/{draft}/bulletins"),
        &d.alice_token,
        json!({ "title": "x" }),
    )
    .await;
    assert_failure(&r, 404, codes::NOT_FOUND.number());
}

#[tokio::test]
async fn investment_routes_follow_the_seeds() {
    let app = seeded().await;
    let d = demo(&app).await;
    let carol = register(&app, "carol@test.com").await;
    let carol_auth = || as_user(&carol, "Password123!");

    // The seeds' sample body.
    let r = send(
        &app,
        Method::POST,
        &format!("/offerings/{}/investments", d.solar),
        &carol_auth(),
        json!({ "investment_amount": "10000" }),
    )
    .await;
    let data = assert_success(&r);
    assert_eq!(data.as_object().unwrap().len(), 1, "{data}");
    let id = data["investment_id"].as_str().unwrap().to_owned();
    let path = format!("/investments/{id}");
    let r = get(&app, &path, &carol_auth()).await;
    let investment = &assert_success(&r)["investment"];
    assert_keys(investment, INVESTMENT_KEYS);
    assert_eq!(investment["investment_amount"], "10000");
    assert_eq!(investment["life_cycle_stage"], 0);
    assert_eq!(investment["visibility"], 0);
    assert_eq!(investment["offering_id"], d.solar.as_str());
    assert_eq!(investment["user_email"], "carol@test.com");
    assert_eq!(investment["funding_goal"], "250000");

    // The seeds' sample PATCH body.
    let r = send(
        &app,
        Method::PATCH,
        &path,
        &carol_auth(),
        json!({ "investment_amount": "11000" }),
    )
    .await;
    assert_eq!(assert_success(&r), &json!({ "investment_id": id }));
    let r = get(&app, &path, &carol_auth()).await;
    assert_eq!(
        assert_success(&r)["investment"]["investment_amount"],
        "11000"
    );

    // Others do not see an Open investment; the offering's team does, and lists it.
    let r = get(&app, &path, &d.alice_token).await;
    assert_failure(&r, 404, codes::NOT_FOUND.number());
    let r = get(
        &app,
        &format!(
            "/offerings/{}/investments?orderby=investment_amount&sort=desc",
            d.solar
        ),
        &d.bob_token,
    )
    .await;
    let list = page(assert_success(&r));
    assert_eq!(list.len(), 2);
    list.iter().for_each(|i| assert_keys(i, INVESTMENT_KEYS));
    assert_eq!(list[0]["id"], id.as_str());
    let r = get(
        &app,
        &format!("/offerings/{}/investments", d.solar),
        &d.alice_token,
    )
    .await;
    let list = page(assert_success(&r));
    assert_eq!(list.len(), 1, "her own only: {list:?}");

    // The team approves it (a PATCH with life_cycle_stage); the investor may not
    // change the amount any more, others' moves are refused.
    let r = send(
        &app,
        Method::PATCH,
        &path,
        &carol_auth(),
        json!({ "life_cycle_stage": 2 }),
    )
    .await;
    assert_failure(&r, 409, codes::INVESTMENT_STAGE_CONFLICT.number());
    let r = send(
        &app,
        Method::PATCH,
        &path,
        &d.bob_token,
        json!({ "life_cycle_stage": "2" }),
    )
    .await;
    assert_eq!(assert_success(&r), &json!({ "investment_id": id }));
    let r = get(&app, &path, &d.alice_token).await;
    assert_eq!(stage_of(&r, "investment"), 2, "Approved: visible to others");
    let r = send(
        &app,
        Method::PATCH,
        &path,
        &carol_auth(),
        json!({ "investment_amount": "12000" }),
    )
    .await;
    assert_failure(&r, 409, codes::INVESTMENT_NOT_EDITABLE.number());
    let r = send(
        &app,
        Method::PATCH,
        &path,
        &carol_auth(),
        json!({ "investment_amount": 12000 }),
    )
    .await;
    assert_failure(&r, 400, codes::BAD_REQUEST.number());
    assert!(
        r.json["data"]["developer_message"]
            .as_str()
            .unwrap()
            .contains("investment_amount")
    );
    let r = send(
        &app,
        Method::PATCH,
        &path,
        &d.alice_token,
        json!({ "term": 3 }),
    )
    .await;
    assert_failure(&r, 403, codes::FORBIDDEN.number());

    // Withdraw (DELETE): the investor only, once.
    let r = rest(&app, Method::DELETE, &path, Some(&d.bob_token), None).await;
    assert_failure(&r, 409, codes::INVESTMENT_STAGE_CONFLICT.number());
    let r = rest(&app, Method::DELETE, &path, Some(&carol_auth()), None).await;
    assert_eq!(assert_success(&r), &json!({ "investment_id": id }));
    let r = get(&app, &path, &carol_auth()).await;
    assert_eq!(stage_of(&r, "investment"), 3);
    let r = rest(&app, Method::DELETE, &path, Some(&carol_auth()), None).await;
    assert_failure(&r, 409, codes::INVESTMENT_STAGE_CONFLICT.number());
    let r = rest(
        &app,
        Method::DELETE,
        &format!("/investments/{}", uuid::Uuid::new_v4()),
        Some(&carol_auth()),
        None,
    )
    .await;
    assert_failure(&r, 404, codes::NOT_FOUND.number());
    let r = get(&app, "/investments/not-an-id", &carol_auth()).await;
    assert_failure(&r, 404, codes::NOT_FOUND.number());
}

#[tokio::test]
async fn every_investment_rule_is_its_own_exception() {
    let app = seeded().await;
    let d = demo(&app).await;
    let invest = |offering: String, body: Value| {
        let app = &app;
        let token = d.alice_token.clone();
        async move {
            send(
                app,
                Method::POST,
                &format!("/offerings/{offering}/investments"),
                &token,
                body,
            )
            .await
        }
    };
    let amount = |a: &str| json!({ "investment_amount": a });

    // Solar: min 500, max 50000 per investor; alice has 1000 Open already.
    let r = invest(d.solar.clone(), amount("-5")).await;
    assert_failure(&r, 400, codes::NEGATIVE_AMOUNT.number());
    let r = invest(d.solar.clone(), amount("100")).await;
    assert_failure(&r, 409, codes::BELOW_MIN_COMMITMENT.number());
    let r = invest(d.solar.clone(), amount("49500")).await;
    assert_failure(&r, 409, codes::ABOVE_MAX_COMMITMENT.number());
    let r = invest(d.solar.clone(), json!({ "investment_amount": 1000 })).await;
    assert_failure(&r, 400, codes::BAD_REQUEST.number());
    let r = invest(d.northwind.clone(), amount("1000")).await;
    assert_failure(&r, 409, codes::OFFERING_NOT_OPEN.number());
    let r = invest(uuid::Uuid::new_v4().to_string(), amount("1000")).await;
    assert_failure(&r, 404, codes::NOT_FOUND.number());

    // Starting stages: Approved needs the network's self-approval; Settled never.
    let r = invest(
        d.solar.clone(),
        json!({ "investment_amount": "600", "life_cycle_stage": 2 }),
    )
    .await;
    assert_failure(&r, 403, codes::SELF_APPROVAL_DISABLED.number());
    let r = invest(
        d.solar.clone(),
        json!({ "investment_amount": "600", "life_cycle_stage": 4 }),
    )
    .await;
    assert_failure(&r, 400, codes::INVALID_INITIAL_STAGE.number());
    let r = invest(
        d.solar.clone(),
        json!({ "investment_amount": "600", "life_cycle_stage": 9 }),
    )
    .await;
    assert_failure(&r, 400, codes::BAD_REQUEST.number());

    // Dates and overfunding, on offerings the admin publishes.
    let future = draft_offering(&app, &d, json!({ "open_date": "2999-01-01" })).await;
    publish(&app, &d, &future).await;
    let r = invest(future, amount("10")).await;
    assert_failure(&r, 409, codes::BEFORE_OPEN_DATE.number());
    let past = draft_offering(&app, &d, json!({ "close_date": "2000-01-01" })).await;
    publish(&app, &d, &past).await;
    let r = invest(past, amount("10")).await;
    assert_failure(&r, 409, codes::AFTER_CLOSE_DATE.number());
    let capped = draft_offering(&app, &d, json!({ "max_overfunding_amount": "1000" })).await;
    publish(&app, &d, &capped).await;
    let r = invest(capped.clone(), amount("1500")).await;
    assert_failure(&r, 409, codes::ABOVE_MAX_OVERFUNDING.number());

    // The documented details (interest_rate, number_of_shares, term, visibility) are
    // taken, an expression of interest (no amount) is 0.
    let r = invest(
        capped.clone(),
        json!({ "investment_amount": "1000", "interest_rate": "5.5", "number_of_shares": "10",
                "term": "12", "visibility": 2 }),
    )
    .await;
    let id = assert_success(&r)["investment_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let r = get(&app, &format!("/investments/{id}"), &d.alice_token).await;
    let investment = &assert_success(&r)["investment"];
    assert_eq!(investment["interest_rate"], "5.5");
    assert_eq!(investment["number_of_shares"], "10");
    assert_eq!(investment["term"], 12);
    assert_eq!(investment["visibility"], 2);
    let r = invest(capped, json!({})).await;
    let id = assert_success(&r)["investment_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let r = get(&app, &format!("/investments/{id}"), &d.alice_token).await;
    assert_eq!(assert_success(&r)["investment"]["investment_amount"], "0");
}

/// The SDK flow of a Node.js client: every request signs a fresh `cv-auth` header with
/// the user's credentials (the SDK never keeps a token).
#[tokio::test]
async fn the_sdk_flow_from_registration_to_a_withdrawn_investment() {
    let app = seeded().await;
    let founder = || as_user("founder@test.com", "Password123!");
    let admin = || as_user("admin@example.com", "demo-admin-pass");
    let investor = || as_user("investor@test.com", "Password123!");

    // Register and verify both users.
    for email in ["founder@test.com", "investor@test.com"] {
        let body = json!({ "email": email, "password": "Password123!", "url": "https://www.yoursite.com/verify-email", "given_name": "Sam" });
        let r = rest(&app, Method::POST, "/users", Some(&anon()), Some(body)).await;
        let user_id = assert_success(&r)["user_id"].as_str().unwrap().to_owned();
        let (link_user, secret) =
            crate::common::identity::last_link(&app, DEMO_NETWORK, email).await;
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
            Method::GET,
            "/authenticate",
            Some(&as_user(email, "Password123!")),
            None,
        )
        .await;
        assert!(assert_success(&r)["token"].is_string());
    }
    let r = get(&app, "/self", &founder()).await;
    assert_eq!(assert_success(&r)["user"]["email_verified"], true);

    // The founder creates an organization and an offering, and submits it.
    let r = send(
        &app,
        Method::POST,
        "/organizations",
        &founder(),
        json!({ "display_name": "Founder Ltd", "visibility": "0" }),
    )
    .await;
    let org = assert_success(&r)["organization_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let r = send(
        &app,
        Method::POST,
        &format!("/organizations/{org}/offerings"),
        &founder(),
        json!({ "name": "Founder Seed Round", "funding_goal": "20000", "min_commitment": "100", "currency": "GBP" }),
    )
    .await;
    let offering = assert_success(&r)["offering_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let r = send(
        &app,
        Method::PATCH,
        &format!("/offerings/{offering}"),
        &founder(),
        json!({ "life_cycle_stage": 1 }),
    )
    .await;
    assert_eq!(assert_success(&r), &json!({ "offering_id": offering }));
    // The investor cannot see it yet.
    let r = get(&app, &format!("/offerings/{offering}"), &investor()).await;
    assert_failure(&r, 404, codes::NOT_FOUND.number());

    // The admin approves and publishes it.
    for stage in [3, 5] {
        let r = send(
            &app,
            Method::PATCH,
            &format!("/offerings/{offering}"),
            &admin(),
            json!({ "life_cycle_stage": stage }),
        )
        .await;
        assert_eq!(assert_success(&r), &json!({ "offering_id": offering }));
    }
    let r = get(&app, &format!("/offerings/{offering}"), &investor()).await;
    assert_eq!(stage_of(&r, "offering"), 5);

    // The investor invests twice and lists the investments with a filter and ordering.
    let mut ids = Vec::new();
    for amount in ["250", "1500.50"] {
        let r = send(
            &app,
            Method::POST,
            &format!("/offerings/{offering}/investments"),
            &investor(),
            json!({ "investment_amount": amount }),
        )
        .await;
        ids.push(
            assert_success(&r)["investment_id"]
                .as_str()
                .unwrap()
                .to_owned(),
        );
    }
    let query = format!(
        "/self/investments?filter[offering_id][value]={offering}\
         &filter[life_cycle_stage][operator]=in&filter[life_cycle_stage][value]=0,2\
         &orderby=investment_amount&sort=desc&limit=5"
    );
    let r = get(&app, &query, &investor()).await;
    let data = assert_success(&r);
    assert_eq!(
        (
            data["offset"].clone(),
            data["limit"].clone(),
            data["count"].clone()
        ),
        (json!(0), json!(5), json!(2))
    );
    let amounts: Vec<&str> = page(data)
        .iter()
        .map(|i| i["investment_amount"].as_str().unwrap())
        .collect();
    assert_eq!(amounts, ["1500.5", "250"]);

    // Withdraw the larger one; the filtered list shrinks.
    let r = rest(
        &app,
        Method::DELETE,
        &format!("/investments/{}", ids[1]),
        Some(&investor()),
        None,
    )
    .await;
    assert_eq!(assert_success(&r), &json!({ "investment_id": ids[1] }));
    let r = get(&app, &query, &investor()).await;
    let list = page(assert_success(&r));
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["id"], ids[0].as_str());
    let r = get(
        &app,
        "/self/investments?filter[life_cycle_stage][value]=3",
        &investor(),
    )
    .await;
    let list = page(assert_success(&r));
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["id"], ids[1].as_str());
    assert!(list[0]["updated_at"].is_string());
}

/// Runs a route's document through /graphql with the same variables.
async fn through_graphql(
    app: &TestApp,
    token: &str,
    document: &str,
    variables: Value,
    field: &str,
) -> Value {
    let auth = bearer(token);
    let g = gql(app, &[("authorization", &auth)], document, variables).await;
    assert!(g.json["errors"].is_null(), "{}", g.text);
    to_rest(async_graphql::Value::from_json(g.json["data"][field].clone()).unwrap())
}

macro_rules! route_document {
    ($name:literal, $fragment:literal) => {
        concat!(
            include_str!(concat!("../../src/rest/documents/", $name, ".graphql")),
            include_str!(concat!(
                "../../src/rest/documents/fragments_",
                $fragment,
                ".graphql"
            ))
        )
    };
}

#[tokio::test]
async fn marketplace_routes_answer_exactly_what_graphql_returns() {
    let app = seeded().await;
    let d = demo(&app).await;
    let args = json!({ "orderBy": "name", "sort": "DESC", "limit": 5 });

    // Offerings: the list and one.
    let r = get(
        &app,
        "/offerings?orderby=name&sort=desc&limit=5",
        &d.bob_token,
    )
    .await;
    let rest_page = assert_success(&r).clone();
    let graphql = through_graphql(
        &app,
        &d.bob_token,
        route_document!("get_offerings", "offering"),
        json!({ "args": args }),
        "offerings",
    )
    .await;
    assert_eq!(graphql, rest_page);
    assert_eq!(rest_page["count"], 2);
    let r = get(&app, &format!("/offerings/{}", d.solar), &d.alice_token).await;
    let graphql = through_graphql(
        &app,
        &d.alice_token,
        route_document!("get_offering", "offering"),
        json!({ "id": d.solar }),
        "offering",
    )
    .await;
    assert_eq!(&graphql, &assert_success(&r)["offering"]);

    // Investments: the investor's list, an offering's list seen by its team, and one.
    let r = get(
        &app,
        "/self/investments?orderby=created_at&sort=asc",
        &d.alice_token,
    )
    .await;
    let rest_page = assert_success(&r).clone();
    let graphql = through_graphql(
        &app,
        &d.alice_token,
        route_document!("get_self_investments", "investment"),
        json!({ "args": { "orderBy": "created_at", "sort": "ASC" } }),
        "myInvestments",
    )
    .await;
    assert_eq!(graphql, rest_page);
    let r = get(
        &app,
        &format!("/offerings/{}/investments", d.northwind),
        &d.bob_token,
    )
    .await;
    let graphql = through_graphql(
        &app,
        &d.bob_token,
        route_document!("get_offering_investments", "investment"),
        json!({ "offeringId": d.northwind, "args": {} }),
        "offeringInvestments",
    )
    .await;
    assert_eq!(&graphql, assert_success(&r));
    let investment = rest_page["list"][0]["id"].as_str().unwrap().to_owned();
    let r = get(&app, &format!("/investments/{investment}"), &d.alice_token).await;
    let graphql = through_graphql(
        &app,
        &d.alice_token,
        route_document!("get_investment", "investment"),
        json!({ "id": investment }),
        "investment",
    )
    .await;
    assert_eq!(&graphql, &assert_success(&r)["investment"]);
    // Enum codes, not names, and no __typename.
    assert!(graphql["life_cycle_stage"].is_i64());

    // Organizations: one, as a member sees it.
    let r = get(&app, &format!("/organizations/{}", d.helios), &d.bob_token).await;
    let graphql = through_graphql(
        &app,
        &d.bob_token,
        route_document!("get_organization", "organization"),
        json!({ "id": d.helios }),
        "organization",
    )
    .await;
    assert_eq!(&graphql, &assert_success(&r)["organization"]);
}
