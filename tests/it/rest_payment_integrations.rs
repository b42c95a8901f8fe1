//! The third-party payment integrations of the reference manual (Stripe, Mangopay, GCEN)
//! are not enabled on this platform: each of their routes answers 501 (11012) in the
//! failure envelope, logged in or not, and is listed in the OpenAPI document.

use axum::http::Method;
use crowdgraph::error::codes;
use crowdgraph::seed::DEMO_LOGINS;

use crate::common::identity::{anon, as_user, seeded};
use crate::common::rest::{assert_failure, rest};

/// Every payment-integration route of the reference manual, written out here (not read
/// back from the route table, so a missing row fails): 2 Stripe, 35 Mangopay, 6 GCEN.
const PAYMENT_ROUTES: &[(&str, &str)] = &[
    ("GET", "/stripe"),
    ("POST", "/self/stripe/payment"),
    ("POST", "/self/mangopay/register"),
    ("POST", "/organizations/{organization_id}/mangopay/register"),
    ("POST", "/self/mangopay/wallets"),
    ("POST", "/organizations/{organization_id}/mangopay/wallets"),
    ("POST", "/offerings/{offering_id}/mangopay/wallets"),
    ("GET", "/self/mangopay/wallets"),
    ("GET", "/organizations/{organization_id}/mangopay/wallets"),
    ("GET", "/self/mangopay/wallets/{wallet_id}"),
    (
        "GET",
        "/organizations/{organization_id}/mangopay/wallets/{wallet_id}",
    ),
    ("POST", "/self/mangopay/submitKycDocument"),
    (
        "POST",
        "/organizations/{organization_id}/mangopay/submitKycDocument",
    ),
    ("POST", "/self/mangopay/cards/register"),
    (
        "POST",
        "/organizations/{organization_id}/mangopay/cards/register",
    ),
    ("POST", "/self/mangopay/cards"),
    ("POST", "/organizations/{organization_id}/mangopay/cards"),
    ("GET", "/self/mangopay/cards"),
    ("GET", "/organizations/{organization_id}/mangopay/cards"),
    ("GET", "/self/mangopay/cards/{card_id}"),
    (
        "GET",
        "/organizations/{organization_id}/mangopay/cards/{card_id}",
    ),
    (
        "POST",
        "/organizations/{organization_id}/mangopay/wallets/{wallet_id}/payinByCard",
    ),
    ("POST", "/self/mangopay/wallets/{wallet_id}/payinByCard"),
    (
        "POST",
        "/self/mangopay/wallets/{wallet_id}/payinByUnregisteredCard",
    ),
    ("POST", "/self/mangopay/wallets/{wallet_id}/payinByBankWire"),
    (
        "POST",
        "/organizations/{organization_id}/mangopay/wallets/{wallet_id}/payinByBankWire",
    ),
    ("POST", "/self/mangopay/wallets/{wallet_id}/transfer"),
    ("POST", "/self/mangopay/bankaccounts"),
    (
        "POST",
        "/organizations/{organization_id}/mangopay/bankaccounts",
    ),
    ("GET", "/self/mangopay/bankaccounts"),
    ("GET", "/self/mangopay/bankaccounts/{bank_account_id}"),
    (
        "GET",
        "/organizations/{organization_id}/mangopay/bankaccounts",
    ),
    (
        "GET",
        "/organizations/{organization_id}/mangopay/bankaccounts/{bank_account_id}",
    ),
    ("POST", "/self/mangopay/wallets/{wallet_id}/payout"),
    (
        "POST",
        "/organizations/{organization_id}/mangopay/wallets/{wallet_id}/payout",
    ),
    ("GET", "/self/mangopay/wallets/{wallet_id}/transactions"),
    (
        "GET",
        "/organizations/{organization_id}/mangopay/wallets/{wallet_id}/transactions",
    ),
    ("POST", "/self/gcen/register"),
    ("GET", "/self/gcen"),
    ("GET", "/self/gcen/balance"),
    ("GET", "/self/gcen/balanceLog"),
    ("GET", "/self/gcen/runningBalance"),
    ("POST", "/self/gcen/requestWithdrawal"),
];

/// The path with sample values in place of its `{param}` segments.
fn concrete(path: &str) -> String {
    path.split('/')
        .map(|s| if s.starts_with('{') { "1000" } else { s })
        .collect::<Vec<_>>()
        .join("/")
}

#[test]
fn the_list_holds_the_43_routes_of_the_three_integrations() {
    let count = |name: &str| {
        PAYMENT_ROUTES
            .iter()
            .filter(|(_, p)| p.contains(name))
            .count()
    };
    assert_eq!(PAYMENT_ROUTES.len(), 43);
    assert_eq!(
        (count("stripe"), count("mangopay"), count("gcen")),
        (2, 35, 6)
    );
}

#[tokio::test]
async fn every_payment_route_answers_501_not_enabled() {
    let app = seeded().await;
    let alice = DEMO_LOGINS.iter().find(|l| l.role == "investor").unwrap();
    for (method, path) in PAYMENT_ROUTES {
        let method = Method::from_bytes(method.as_bytes()).unwrap();
        let path = concrete(path);
        let body = (method == Method::POST).then(|| serde_json::json!({ "amount": "10" }));
        // A fresh header each time: a nonce is single use.
        for auth in [
            Some(as_user(alice.email, alice.password)),
            Some(anon()),
            None,
        ] {
            let r = rest(&app, method.clone(), &path, auth.as_deref(), body.clone()).await;
            assert_failure(&r, 501, codes::NOT_ENABLED.number());
            let developer = r.json["data"]["developer_message"].as_str().unwrap();
            assert!(
                developer.contains("not configured"),
                "{method} {path}: {developer}"
            );
        }
    }
}

#[tokio::test]
async fn every_payment_route_is_in_the_openapi_document_with_its_parameters() {
    let app = seeded().await;
    let r = app.get("/v1/openapi.json").await;
    assert_eq!(r.status, 200);
    for (method, path) in PAYMENT_ROUTES {
        let op = &r.json["paths"][format!("/v1/{{network}}{path}")][method.to_ascii_lowercase()];
        assert!(op.is_object(), "{method} {path} missing");
        assert!(
            op["responses"]["501"].is_object(),
            "{method} {path}: no 501"
        );
        let declared: Vec<&str> = op["parameters"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|p| p["in"] == "path")
            .map(|p| p["name"].as_str().unwrap())
            .collect();
        let mut wanted = vec!["network"];
        wanted.extend(
            path.split('/')
                .filter_map(|s| s.strip_prefix('{').and_then(|s| s.strip_suffix('}'))),
        );
        assert_eq!(declared, wanted, "{method} {path}");
    }
}
