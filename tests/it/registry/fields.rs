//! Every field of a capitalization as the API answers it: the stored figures as decimal
//! strings, the exact `valuationGain`, names, the linked objects and the lineage of
//! splits and merges.

use serde_json::json;

use super::*;

const FULL: &str = "query($id: ID!) {
    capitalization(id: $id) {
        id authorId authorName capitalizationType lifeCycleStage organizationId
        ownerId ownerName numberOfShares numberOfSharesAtAcquisition pricePerShare
        pricePerShareAtAcquisition serviceCharge transactionCost valuationGain
        createdAt updatedAt parentId
        owner { id } author { id } organization { id displayName }
        parent { id } parents { id } children { id }
    }
}";

#[tokio::test]
async fn every_field_of_a_capitalization() {
    let s = setup().await;
    let m = &s.m;
    let id = cap(
        m,
        &s.org,
        Some(&s.alice),
        Some(&s.bob),
        "capitalization_type, life_cycle_stage, number_of_shares, price_per_share, \
         number_of_shares_at_acquisition, price_per_share_at_acquisition, service_charge, \
         transaction_cost, created_at, updated_at",
        "1, 2, 150, 1.23456789, 100, 0.5, 12.5, 3.25, '2026-02-01T09:00:00Z', \
         '2026-02-01T09:00:00Z'",
    )
    .await;
    let data = m.ok(Some(&s.alice), FULL, json!({ "id": id })).await;
    let c = &data["capitalization"];
    assert_eq!(c["id"], json!(id));
    assert_eq!(c["authorId"], json!(s.bob.id));
    assert_eq!(c["authorName"], "bob x.test");
    assert_eq!(c["capitalizationType"], "PREFERRED_EQUITY");
    assert_eq!(c["lifeCycleStage"], "OFFERED");
    assert_eq!(c["organizationId"], json!(s.org));
    assert_eq!(c["ownerId"], json!(s.alice.id));
    assert_eq!(c["ownerName"], "alice x.test");
    assert_eq!(c["numberOfShares"], "150");
    assert_eq!(c["numberOfSharesAtAcquisition"], "100");
    assert_eq!(c["pricePerShare"], "1.23456789");
    assert_eq!(c["pricePerShareAtAcquisition"], "0.5");
    assert_eq!(c["serviceCharge"], "12.5");
    assert_eq!(c["transactionCost"], "3.25");
    // 1.23456789 x 150 - 0.5 x 100, exactly.
    assert_eq!(c["valuationGain"], "135.1851835");
    assert_eq!(c["createdAt"], "2026-02-01T09:00:00+00:00");
    assert!(c["updatedAt"].is_string());
    assert_eq!(c["owner"]["id"], json!(s.alice.id));
    assert_eq!(c["author"]["id"], json!(s.bob.id));
    assert_eq!(c["organization"]["id"], json!(s.org));
    assert_eq!(c["organization"]["displayName"], "Acme");
    assert!(c["parentId"].is_null());
    assert!(c["parent"].is_null());
    assert_eq!(c["parents"], json!([]));
    assert_eq!(c["children"], json!([]));
}

#[tokio::test]
async fn a_new_block_is_acquired_at_its_own_figures_with_no_gain() {
    let s = setup().await;
    let data =
        s.m.ok(Some(&s.alice), FULL, json!({ "id": s.alices }))
            .await;
    let c = &data["capitalization"];
    assert_eq!(c["numberOfSharesAtAcquisition"], "100");
    assert_eq!(c["pricePerShareAtAcquisition"], "1.1");
    assert_eq!(c["valuationGain"], "0");
    assert_eq!(c["capitalizationType"], "EQUITY");
    assert_eq!(c["lifeCycleStage"], "ISSUED");
    assert!(c["serviceCharge"].is_null());
    assert!(c["transactionCost"].is_null());
    // The organization's own block has no owner.
    let data =
        s.m.ok(Some(&s.bob), FULL, json!({ "id": s.treasury }))
            .await;
    let c = &data["capitalization"];
    assert!(c["ownerId"].is_null());
    assert!(c["ownerName"].is_null());
    assert!(c["owner"].is_null());
    assert_eq!(c["lifeCycleStage"], "TREASURY");
}

#[tokio::test]
async fn a_split_child_has_one_parent_and_a_merge_child_several() {
    let s = setup().await;
    let m = &s.m;
    // Alice's block split into two children (one of them sold to Dave)...
    let split = operate(
        m,
        &s.org,
        &[&s.alices],
        0,
        &[(Some(&s.alice), "60, 1.10"), (Some(&s.dave), "40, 1.10")],
    )
    .await;
    let (kept, sold) = (split[0].clone(), split[1].clone());
    // Made in one transaction, the children share a creation time: date them apart
    // (while they are live), so that the children's order (oldest first) is known.
    for (id, at) in [(&kept, "2026-03-01"), (&sold, "2026-03-02")] {
        date(m, id, at).await;
    }
    // ... and Dave's two blocks merged into one.
    let merged = operate(
        m,
        &s.org,
        &[&s.daves, &sold],
        1,
        &[(Some(&s.dave), "80, 1.55")],
    )
    .await
    .remove(0);
    date(m, &merged, "2026-03-03").await;

    let data = m.ok(Some(&s.bob), FULL, json!({ "id": s.alices })).await;
    let c = &data["capitalization"];
    assert_eq!(c["lifeCycleStage"], "DISTRIBUTED");
    assert_eq!(c["children"], json!([{ "id": kept }, { "id": sold }]));

    let data = m.ok(Some(&s.bob), FULL, json!({ "id": kept })).await;
    let c = &data["capitalization"];
    assert_eq!(c["parentId"], json!(s.alices));
    assert_eq!(c["parent"], json!({ "id": s.alices }));
    assert_eq!(c["parents"], json!([{ "id": s.alices }]));

    let data = m.ok(Some(&s.bob), FULL, json!({ "id": merged })).await;
    let c = &data["capitalization"];
    assert!(
        c["parentId"].is_null(),
        "a merge child has no single parent"
    );
    assert!(c["parent"].is_null());
    let mut parents: Vec<String> = c["parents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap().to_owned())
        .collect();
    parents.sort();
    let mut want = vec![s.daves.clone(), sold.clone()];
    want.sort();
    assert_eq!(parents, want);

    // Dave sees his own blocks but not Alice's parent block: the lineage shows only what
    // he may see.
    let data = m.ok(Some(&s.dave), FULL, json!({ "id": sold })).await;
    let c = &data["capitalization"];
    assert_eq!(
        c["parentId"],
        json!(s.alices),
        "the id is the capitalization's own field"
    );
    assert!(c["parent"].is_null());
    assert_eq!(c["parents"], json!([]));
    assert_eq!(c["children"], json!([{ "id": merged }]));
    // Alice sees her split block's children only where she may: her own.
    let data = m.ok(Some(&s.alice), FULL, json!({ "id": s.alices })).await;
    assert_eq!(data["capitalization"]["children"], json!([{ "id": kept }]));
}

#[tokio::test]
async fn names_follow_the_users_visibility() {
    let s = setup().await;
    let m = &s.m;
    // Alice is Hidden: her name is hers and the admins', not her organization's members'.
    m.sql(&format!(
        "UPDATE users SET visibility = 1 WHERE id = '{}'",
        s.alice.id
    ))
    .await;
    let q = "query($id: ID!) { capitalization(id: $id) { ownerName owner { id } authorName } }";
    let as_bob = m.ok(Some(&s.bob), q, json!({ "id": s.alices })).await;
    assert!(as_bob["capitalization"]["ownerName"].is_null());
    assert!(as_bob["capitalization"]["owner"].is_null());
    assert_eq!(as_bob["capitalization"]["authorName"], "bob x.test");
    for who in [&s.alice, &s.admin] {
        let data = m.ok(Some(who), q, json!({ "id": s.alices })).await;
        assert_eq!(data["capitalization"]["ownerName"], "alice x.test");
    }
}

#[tokio::test]
async fn an_offering_shows_its_capitalization_to_those_who_may_see_it() {
    let s = setup().await;
    let m = &s.m;
    let offering = m
        .offering(
            &s.bob,
            &s.org,
            json!({ "name": "Secondary", "currency": "EUR" }),
        )
        .await;
    m.force_offering_stage(&offering, 5).await;
    m.sql(&format!(
        "UPDATE offerings SET capitalization_id = '{}' WHERE id = '{offering}'",
        s.alices
    ))
    .await;
    let q = "query($id: ID!) { offering(id: $id) { capitalizationId capitalization { id numberOfShares } } }";
    for who in [&s.bob, &s.alice, &s.admin] {
        let data = m.ok(Some(who), q, json!({ "id": offering })).await;
        assert_eq!(data["offering"]["capitalization"]["id"], json!(s.alices));
        assert_eq!(data["offering"]["capitalization"]["numberOfShares"], "100");
    }
    let data = m.ok(Some(&s.carol), q, json!({ "id": offering })).await;
    assert_eq!(data["offering"]["capitalizationId"], json!(s.alices));
    assert!(data["offering"]["capitalization"].is_null());
}

/// Sets the creation date of the live capitalization `id`.
async fn date(m: &Market, id: &str, day: &str) {
    m.sql(&format!(
        "UPDATE capitalizations SET created_at = '{day}T00:00:00Z' WHERE id = '{id}'"
    ))
    .await;
}
