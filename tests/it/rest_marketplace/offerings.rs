//! The offering routes through their lifecycle, and bulletins.

use axum::http::Method;
use crowdgraph::error::codes;
use serde_json::json;

use crate::common::demo::demo;
use crate::common::identity::seeded;
use crate::common::rest::{assert_failure, assert_success, rest};
use crate::common::rest_marketplace::{
    BULLETIN_KEYS, OFFERING_KEYS, assert_keys, draft_offering, get, page, send, stage_of,
};

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
        json!({ "valuation": 1.00001 }),
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
