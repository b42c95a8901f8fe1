//! The organization routes, and creating offerings of an organization, with the seeds' sample bodies.

use axum::http::Method;
use crowdgraph::error::codes;
use serde_json::json;

use crate::common::demo::demo;
use crate::common::identity::{anon, seeded};
use crate::common::rest::{assert_failure, assert_success, rest};
use crate::common::rest_marketplace::{
    OFFERING_KEYS, ORGANIZATION_KEYS, assert_keys, get, page, send, stage_of,
};
use crate::common::snapshot::redacted;

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
    redacted().bind(|| insta::assert_json_snapshot!("created_organization", organization));
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
    redacted().bind(|| insta::assert_json_snapshot!("created_secondary_offering", offering));
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

    // Exceptions: money as a JSON number with five decimals, a starting stage other
    // than Draft or Submitted, an unknown primary offering, not on the team, an
    // invisible organization, a bad boolean.
    let r = send(
        &app,
        Method::POST,
        &path,
        &d.bob_token,
        json!({ "funding_goal": 50000.00001 }),
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
