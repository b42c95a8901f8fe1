//! Helpers of the REST marketplace tests: the keys of the seeds' responses, page and
//! key checks, and short-hands for requests, drafts and publishing on the demo network.

use super::demo::Demo;
use super::identity::anon;
use super::rest::{assert_success, rest};
use super::{TestApp, TestResponse};
use axum::http::Method;
use serde_json::{Value, json};

/// The organization keys of the seeds' responses (`documents` is not served yet).
pub const ORGANIZATION_KEYS: &[&str] = &[
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
pub const OFFERING_KEYS: &[&str] = &[
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
pub const INVESTMENT_KEYS: &[&str] = &[
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

pub const BULLETIN_KEYS: &[&str] = &[
    "body",
    "created_at",
    "id",
    "life_cycle_stage",
    "offering_id",
    "title",
    "updated_at",
];

pub fn assert_keys(object: &Value, keys: &[&str]) {
    let map = object
        .as_object()
        .unwrap_or_else(|| panic!("not an object: {object}"));
    for key in keys {
        assert!(map.contains_key(*key), "{key} missing from {object}");
    }
    assert!(!map.contains_key("__typename"), "{object}");
}

/// Checks `{offset, limit, count, list}` and returns the list.
pub fn page(data: &Value) -> &Vec<Value> {
    assert!(data["offset"].is_i64(), "{data}");
    assert!(data["limit"].is_i64(), "{data}");
    assert!(data["count"].is_i64(), "{data}");
    data["list"].as_array().unwrap()
}

pub async fn get(app: &TestApp, path: &str, auth: &str) -> TestResponse {
    rest(app, Method::GET, path, Some(auth), None).await
}

pub async fn send(
    app: &TestApp,
    method: Method,
    path: &str,
    auth: &str,
    body: Value,
) -> TestResponse {
    rest(app, method, path, Some(auth), Some(body)).await
}

/// Creates an offering of Helios as bob (Draft) and returns its id.
pub async fn draft_offering(app: &TestApp, d: &Demo, body: Value) -> String {
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
pub async fn publish(app: &TestApp, d: &Demo, offering: &str) {
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

pub fn stage_of(r: &TestResponse, wrapper: &str) -> i64 {
    assert_success(r)[wrapper]["life_cycle_stage"]
        .as_i64()
        .unwrap_or_else(|| panic!("{}", r.text))
}

/// Registers a user through POST /users and returns the email (password
/// `Password123!`).
pub async fn register(app: &TestApp, email: &str) -> String {
    let body = json!({ "email": email, "password": "Password123!", "url": "https://www.yoursite.com/verify-email" });
    let r = rest(app, Method::POST, "/users", Some(&anon()), Some(body)).await;
    assert_success(&r);
    email.to_owned()
}
