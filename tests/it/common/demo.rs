//! The demo network's ids, and the fixtures the nested documented keys need.

use axum::http::Method;
use crowdgraph::seed::DEMO_NETWORK;
use serde_json::{Value, json};

use super::TestApp;
use super::graphql::{bearer, gql, login};
use super::identity::anon;
use super::rest::{assert_success, ok, rest};

const GET: Method = Method::GET;
const POST: Method = Method::POST;
const PATCH: Method = Method::PATCH;

/// The demo network's ids.
pub struct Demo {
    /// Alice (an investor).
    pub alice: String,
    /// Bob (Helios Energy's author).
    pub bob: String,
    /// A token of alice.
    pub alice_token: String,
    /// A token of bob.
    pub bob_token: String,
    /// A token of the demo admin.
    pub admin_token: String,
    /// Bob's organization, Helios Energy (Published).
    pub helios: String,
    /// Helios Solar Farm - Series A (Published; min 500, max 50000).
    pub solar: String,
    /// Northwind Community Bond (Settled).
    pub northwind: String,
}

/// Logs the demo users in and finds the demo network's ids.
pub async fn demo(app: &TestApp) -> Demo {
    let alice_token = login(app, DEMO_NETWORK, "alice@example.com", "correct horse").await;
    let bob_token = login(app, DEMO_NETWORK, "bob@example.com", "pässwörd").await;
    let admin_token = login(app, DEMO_NETWORK, "admin@example.com", "demo-admin-pass").await;
    let mut ids = Vec::new();
    for token in [&alice_token, &bob_token] {
        let r = rest(app, Method::GET, "/self", Some(token), None).await;
        ids.push(
            assert_success(&r)["user"]["id"]
                .as_str()
                .unwrap()
                .to_owned(),
        );
    }
    let r = rest(app, Method::GET, "/public/offerings", Some(&anon()), None).await;
    let offerings = assert_success(&r)["list"].as_array().unwrap().clone();
    let id_of = |name: &str| {
        offerings
            .iter()
            .find(|o| o["name"] == name)
            .unwrap_or_else(|| panic!("{name} missing"))["id"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let solar = id_of("Helios Solar Farm - Series A");
    let northwind = id_of("Northwind Community Bond");
    let helios = offerings[0]["organization_id"].as_str().unwrap().to_owned();
    let [alice, bob] = <[String; 2]>::try_from(ids).unwrap();
    Demo {
        alice,
        bob,
        alice_token,
        bob_token,
        admin_token,
        helios,
        solar,
        northwind,
    }
}

/// A full address, so every documented address key has a value.
pub fn address() -> Value {
    json!({
        "building": "One Market Plaza", "sub_building": "Floor 3",
        "street_address": "Spear Tower", "address_locality": "SoMa", "city": "San Francisco",
        "region": "CA", "postal_code": "94105", "country": "US",
    })
}

/// Runs a GraphQL operation as the holder of `token`; it must succeed.
pub async fn graphql_ok(app: &TestApp, token: &str, query: &str, variables: Value) -> Value {
    let r = gql(app, &[("authorization", &bearer(token))], query, variables).await;
    assert!(r.json["errors"].is_null(), "{}", r.text);
    r.json["data"].clone()
}

/// Fixtures the nested documented keys need, on top of the demo network: an address and
/// custom fields on Helios; custom fields on the solar offering (featured) and on
/// alice's Open investment in it; bob's profile with an address, a bank account and
/// custom fields; a bulletin on the solar offering. Returns alice's Open investment.
pub async fn enrich(app: &TestApp, d: &Demo) -> String {
    let helios = format!("/organizations/{}", d.helios);
    let body = json!({ "address": address(), "custom": { "tier": "gold" } });
    ok(app, PATCH, &helios, &d.bob_token, body).await;
    let solar = format!("/offerings/{}", d.solar);
    let body = json!({ "custom": { "risk": "low" }, "is_featured": "1" });
    ok(app, PATCH, &solar, &d.admin_token, body).await;
    let mine = ok(app, GET, "/self/investments", &d.alice_token, Value::Null).await;
    let open = mine["list"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["life_cycle_stage"] == 0)
        .expect("alice's Open investment")["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let body = json!({ "custom": { "source": "web" } });
    ok(
        app,
        PATCH,
        &format!("/investments/{open}"),
        &d.alice_token,
        body,
    )
    .await;
    let profile = json!({
        "address": address(), "custom": { "risk": "low" },
        "bank_accounts": [{ "bank_name": "Bank Name", "bank_account_number": "ABC123456",
                            "bank_currency": "USD", "bank_country": "US" }],
    });
    ok(app, PATCH, "/self", &d.bob_token, profile).await;
    let bulletin = json!({ "title": "Groundwork", "body": "The site is ready." });
    ok(
        app,
        POST,
        &format!("{solar}/bulletins"),
        &d.bob_token,
        bulletin,
    )
    .await;
    open
}
