//! The documented shapes of the public, self and user list routes.

use axum::http::Method;
use crowdgraph::error::codes;
use serde_json::json;

use crate::common::demo::demo;
use crate::common::identity::{anon, as_user, seeded};
use crate::common::rest::{assert_failure, assert_success};
use crate::common::rest_marketplace::{
    INVESTMENT_KEYS, OFFERING_KEYS, ORGANIZATION_KEYS, assert_keys, draft_offering, get, page,
    register, send,
};
use crate::common::snapshot::redacted;

#[tokio::test]
async fn public_routes_answer_the_documented_shapes() {
    let app = seeded().await;
    let d = demo(&app).await;

    let r = get(&app, "/public/organizations", &anon()).await;
    let list = page(assert_success(&r));
    assert_eq!(list.len(), 1);
    let org = &list[0];
    // Every documented key, with its value where it is stable (ids and times redacted).
    redacted().bind(|| insta::assert_json_snapshot!("public_organization", org));
    assert_eq!(org["id"], d.helios.as_str());
    assert_eq!(org["life_cycle_stage"], 5, "integer enum code");
    assert_eq!(org["visibility"], 0);
    assert_eq!(org["display_name"], "Helios Energy");
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
    redacted().bind(|| insta::assert_json_snapshot!("public_offerings", list));
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
