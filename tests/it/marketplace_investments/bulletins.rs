//! Bulletins of an offering.

use crowdgraph::error::codes;
use serde_json::json;

use crate::common::marketplace::{Market, code};

#[tokio::test]
async fn bulletins_are_posted_by_the_team_and_read_by_whoever_sees_the_offering() {
    let m = Market::new().await;
    let bob = m.person("bob@x.test", false, false).await;
    let eve = m.person("eve@x.test", false, false).await;
    let admin = m.person("admin@x.test", true, false).await;
    let org = m.org(&bob, "Helios").await;
    let o = m.offering(&bob, &org, json!({})).await;
    let post = "mutation($o: ID!, $t: String, $b: String) { createBulletin(offeringId: $o, title: $t, body: $b) { id title body lifeCycleStage offeringId userId } }";
    let data = m
        .ok(
            Some(&bob),
            post,
            json!({ "o": o, "t": "News", "b": "Great news" }),
        )
        .await;
    assert_eq!(data["createBulletin"]["title"], "News");
    assert_eq!(data["createBulletin"]["lifeCycleStage"], 0);
    assert_eq!(data["createBulletin"]["userId"], bob.id.as_str());
    m.ok(
        Some(&admin),
        post,
        json!({ "o": o, "t": "From the admins" }),
    )
    .await;
    let r = m.call(Some(&bob), post, json!({ "o": o })).await;
    assert_eq!(code(&r), Some(codes::BAD_REQUEST.number() as i64));
    // Draft: others do not see the offering, hence neither its bulletins.
    let list = "query($o: ID!) { offeringBulletins(offeringId: $o) { count list { title } } }";
    let r = m.call(Some(&eve), list, json!({ "o": o })).await;
    assert_eq!(code(&r), Some(codes::NOT_FOUND.number() as i64));
    let r = m.call(Some(&eve), post, json!({ "o": o, "t": "x" })).await;
    assert_eq!(code(&r), Some(codes::NOT_FOUND.number() as i64));
    m.force_offering_stage(&o, 5).await;
    let data = m.ok(None, list, json!({ "o": o })).await;
    assert_eq!(data["offeringBulletins"]["count"], 2);
    assert_eq!(
        data["offeringBulletins"]["list"][0]["title"],
        "From the admins"
    );
    let r = m.call(Some(&eve), post, json!({ "o": o, "t": "x" })).await;
    assert_eq!(code(&r), Some(codes::FORBIDDEN.number() as i64));
    // Withdrawn bulletins are the team's only.
    m.sql("UPDATE bulletins SET life_cycle_stage = 3 WHERE title = 'News'")
        .await;
    assert_eq!(
        m.ok(Some(&eve), list, json!({ "o": o })).await["offeringBulletins"]["count"],
        1
    );
    assert_eq!(
        m.ok(Some(&bob), list, json!({ "o": o })).await["offeringBulletins"]["count"],
        2
    );
    let nested = "query($id: ID!) { offering(id: $id) { bulletins(limit: 5) { title } } }";
    assert_eq!(
        m.ok(Some(&eve), nested, json!({ "id": o })).await["offering"]["bulletins"],
        json!([{ "title": "From the admins" }])
    );
    assert_eq!(
        m.ok(Some(&bob), nested, json!({ "id": o })).await["offering"]["bulletins"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
}
