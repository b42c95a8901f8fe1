//! The capitalization lists: newest first by default, ordered and filtered by their
//! attributes, `custom__…` refused (capitalizations have no custom fields), paging with
//! the total count; and the change log, newest first, filterable by kind.

use serde_json::json;

use super::*;
use crate::common::marketplace::code;

const OF_ORG: &str = "query($o: ID!, $a: ListArgs!) {
    organizationCapitalizations(organizationId: $o, args: $a) { offset limit count list { id } }
}";

async fn page(s: &Setup, args: serde_json::Value) -> serde_json::Value {
    let data =
        s.m.ok(Some(&s.bob), OF_ORG, json!({ "o": s.org, "a": args }))
            .await;
    data["organizationCapitalizations"].clone()
}

#[tokio::test]
async fn organization_lists_order_filter_and_page() {
    let s = setup().await;
    let (a, d, t) = (s.alices.clone(), s.daves.clone(), s.treasury.clone());
    assert_eq!(
        ids(&page(&s, json!({})).await),
        vec![t.clone(), d.clone(), a.clone()]
    );
    let by_shares = page(&s, json!({ "orderBy": "number_of_shares", "sort": "ASC" })).await;
    assert_eq!(ids(&by_shares), vec![t.clone(), d.clone(), a.clone()]);
    let by_price = page(&s, json!({ "orderBy": "price_per_share", "sort": "DESC" })).await;
    assert_eq!(ids(&by_price), vec![d.clone(), a.clone(), t.clone()]);
    let issued = page(
        &s,
        json!({ "filters": [{ "attribute": "life_cycle_stage", "operator": "EQ", "values": ["1"] }] }),
    )
    .await;
    assert_eq!(ids(&issued), vec![d.clone(), a.clone()]);
    let large = page(
        &s,
        json!({ "filters": [{ "attribute": "number_of_shares", "operator": "GT", "values": ["39.5"] }] }),
    )
    .await;
    assert_eq!(ids(&large), vec![d.clone(), a.clone()]);
    let alices = page(
        &s,
        json!({ "filters": [{ "attribute": "owner_id", "operator": "EQ", "values": [s.alice.id] }] }),
    )
    .await;
    assert_eq!(ids(&alices), vec![a.clone()]);
    let window = page(&s, json!({ "limit": 1, "offset": 1 })).await;
    assert_eq!(ids(&window), vec![d.clone()]);
    assert_eq!(window["count"], 3);
    assert_eq!(window["offset"], 1);
    assert_eq!(window["limit"], 1);
}

#[tokio::test]
async fn unknown_attributes_and_custom_fields_are_refused() {
    let s = setup().await;
    for args in [
        json!({ "orderBy": "custom__colour" }),
        json!({ "orderBy": "nope" }),
        json!({ "filters": [{ "attribute": "custom__colour", "operator": "EQ", "values": ["red"] }] }),
        json!({ "filters": [{ "attribute": "life_cycle_stage", "operator": "EQ", "values": ["x"] }] }),
    ] {
        let r =
            s.m.call(Some(&s.bob), OF_ORG, json!({ "o": s.org, "a": args }))
                .await;
        assert_eq!(code(&r), Some(19002), "{args}: {}", r.text);
    }
}

const CHANGELOG: &str = "query($c: ID!, $a: ListArgs!) {
    capitalizationChangelog(capitalizationId: $c, args: $a) {
        count list { id capitalizationId userId userName user { id } changeKind before after createdAt }
    }
}";

#[tokio::test]
async fn the_changelog_is_newest_first_with_who_when_before_and_after() {
    let s = setup().await;
    let m = &s.m;
    let created = change(
        m,
        &s.alices,
        Some(&s.bob),
        0,
        None,
        r#"{"number_of_shares": "100"}"#,
        "2026-01-01T10:00:00Z",
    )
    .await;
    let updated = change(
        m,
        &s.alices,
        Some(&s.admin),
        1,
        Some(r#"{"price_per_share": "1.00"}"#),
        r#"{"price_per_share": "1.10"}"#,
        "2026-01-05T10:00:00Z",
    )
    .await;
    let by_system = change(
        m,
        &s.alices,
        None,
        2,
        Some("{}"),
        "{}",
        "2026-01-09T10:00:00Z",
    )
    .await;
    // Another capitalization's change is not in this log.
    change(
        m,
        &s.daves,
        Some(&s.bob),
        0,
        None,
        "{}",
        "2026-01-02T10:00:00Z",
    )
    .await;

    let data = m
        .ok(Some(&s.alice), CHANGELOG, json!({ "c": s.alices, "a": {} }))
        .await;
    let log = &data["capitalizationChangelog"];
    assert_eq!(log["count"], 3);
    assert_eq!(
        ids(log),
        vec![by_system.clone(), updated.clone(), created.clone()]
    );
    let entry = &log["list"][1];
    assert_eq!(entry["capitalizationId"], json!(s.alices));
    assert_eq!(entry["userId"], json!(s.admin.id));
    assert_eq!(entry["userName"], "admin x.test");
    assert_eq!(entry["user"]["id"], json!(s.admin.id));
    assert_eq!(entry["changeKind"], "UPDATE");
    assert_eq!(entry["before"], json!({ "price_per_share": "1.00" }));
    assert_eq!(entry["after"], json!({ "price_per_share": "1.10" }));
    assert_eq!(entry["createdAt"], "2026-01-05T10:00:00+00:00");
    assert_eq!(log["list"][2]["changeKind"], "CREATE");
    assert!(log["list"][2]["before"].is_null());
    assert!(log["list"][0]["userId"].is_null());
    assert_eq!(log["list"][0]["changeKind"], "SPLIT");

    let kind = json!({ "filters": [{ "attribute": "change_kind", "operator": "IN", "values": ["0", "2"] }] });
    let data = m
        .ok(Some(&s.bob), CHANGELOG, json!({ "c": s.alices, "a": kind }))
        .await;
    assert_eq!(
        ids(&data["capitalizationChangelog"]),
        vec![by_system, created.clone()]
    );
    let oldest = json!({ "orderBy": "created_at", "sort": "ASC", "limit": 1 });
    let data = m
        .ok(
            Some(&s.bob),
            CHANGELOG,
            json!({ "c": s.alices, "a": oldest }),
        )
        .await;
    assert_eq!(ids(&data["capitalizationChangelog"]), vec![created]);
    // The nested form is the same list.
    let q = "query($id: ID!) { capitalization(id: $id) { changelog(args: { limit: 2 }) { count list { id } } } }";
    let data = m.ok(Some(&s.alice), q, json!({ "id": s.alices })).await;
    assert_eq!(data["capitalization"]["changelog"]["count"], 3);
    assert_eq!(ids(&data["capitalization"]["changelog"]).len(), 2);
}

#[tokio::test]
async fn nested_lists_of_organizations_and_users_follow_the_same_rules() {
    let s = setup().await;
    let m = &s.m;
    let q = "query($o: ID!, $u: ID!) {
        organization(id: $o) { capitalizations(limit: 2) { id } }
        user(id: $u) { capitalizations { id } }
    }";
    let vars = json!({ "o": s.org, "u": s.alice.id });
    let as_bob = m.ok(Some(&s.bob), q, vars.clone()).await;
    assert_eq!(
        as_bob["organization"]["capitalizations"],
        json!([{ "id": s.treasury }, { "id": s.daves }])
    );
    assert_eq!(
        as_bob["user"]["capitalizations"],
        json!([{ "id": s.alices }])
    );
    let as_alice = m.ok(Some(&s.alice), q, vars.clone()).await;
    assert_eq!(
        as_alice["organization"]["capitalizations"],
        json!([{ "id": s.alices }])
    );
    assert_eq!(
        as_alice["user"]["capitalizations"],
        json!([{ "id": s.alices }])
    );
    let as_carol = m.ok(Some(&s.carol), q, vars.clone()).await;
    assert_eq!(as_carol["organization"]["capitalizations"], json!([]));
    assert_eq!(as_carol["user"]["capitalizations"], json!([]));
    let r = m
        .call(
            Some(&s.bob),
            "query($o: ID!) { organization(id: $o) { capitalizations(limit: 0) { id } } }",
            json!({ "o": s.org }),
        )
        .await;
    assert_eq!(code(&r), Some(19002), "{}", r.text);
}
