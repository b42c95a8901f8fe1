//! The SDK flow from registration to a withdrawn investment.

use axum::http::Method;
use crowdgraph::error::codes;
use crowdgraph::seed::DEMO_NETWORK;
use serde_json::json;

use crate::common::identity::{anon, as_user, seeded};
use crate::common::rest::{assert_failure, assert_success, rest};
use crate::common::rest_marketplace::{get, page, send, stage_of};

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
