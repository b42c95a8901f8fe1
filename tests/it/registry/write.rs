//! The registry's mutations (`docs/registry.md`, "Changing the registry"): create,
//! update, split and merge, who may, every refusal with its code and nothing written,
//! the change log, and that a split or merge conserves the organization's shares.

use serde_json::{Value, json};

use super::*;
use crate::common::marketplace::code;

const CREATE: &str = "mutation($o: ID!, $i: CapitalizationInput!) {
    createCapitalization(organizationId: $o, input: $i) {
        id ownerId authorId capitalizationType lifeCycleStage numberOfShares pricePerShare
        numberOfSharesAtAcquisition pricePerShareAtAcquisition
    }
}";

const UPDATE: &str = "mutation($id: ID!, $i: CapitalizationInput!) {
    updateCapitalization(id: $id, input: $i) { id numberOfShares pricePerShare lifeCycleStage }
}";

const SPLIT: &str = "mutation($id: ID!, $p: [SplitPartInput!]!) {
    splitCapitalization(id: $id, parts: $p) {
        id ownerId parentId lifeCycleStage numberOfShares pricePerShare
    }
}";

const MERGE: &str = "mutation($id: ID!, $o: [ID!]!) {
    mergeCapitalizations(id: $id, otherIds: $o) {
        id ownerId lifeCycleStage numberOfShares pricePerShare parents { id }
    }
}";

const LOG: &str = "query($c: ID!) {
    capitalizationChangelog(capitalizationId: $c) {
        count list { userId changeKind before after }
    }
}";

/// Rows, links and change log entries of the network: what a refused write must leave.
async fn written(m: &crate::common::marketplace::Market) -> (i64, i64, i64) {
    #[derive(diesel::QueryableByName)]
    struct Counts {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        rows: i64,
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        links: i64,
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        log: i64,
    }
    let mut conn = m.app.db.conn().await;
    let c: Counts = diesel::sql_query(format!(
        "SELECT (SELECT count(*) FROM capitalizations WHERE network_id = '{n}') AS rows, \
                (SELECT count(*) FROM capitalization_links WHERE network_id = '{n}') AS links, \
                (SELECT count(*) FROM capitalization_changelog WHERE network_id = '{n}') AS log",
        n = m.network_id
    ))
    .get_result(&mut conn)
    .await
    .unwrap();
    (c.rows, c.links, c.log)
}

/// The live shares of the organization per type, as text.
async fn live_shares(s: &Setup) -> Vec<(i16, String)> {
    #[derive(diesel::QueryableByName)]
    struct Sum {
        #[diesel(sql_type = diesel::sql_types::SmallInt)]
        t: i16,
        #[diesel(sql_type = diesel::sql_types::Text)]
        total: String,
    }
    let mut conn = s.m.app.db.conn().await;
    let rows: Vec<Sum> = diesel::sql_query(format!(
        "SELECT capitalization_type AS t, sum(number_of_shares)::text AS total \
         FROM capitalizations WHERE organization_id = '{}' AND life_cycle_stage IN (0, 1, 2, 3) \
         GROUP BY 1 ORDER BY 1",
        s.org
    ))
    .load(&mut conn)
    .await
    .unwrap();
    rows.into_iter().map(|r| (r.t, r.total)).collect()
}

/// Calls `query` as `who` expecting a refusal with `want`, and that nothing is written.
async fn refused(s: &Setup, who: Option<&Person>, query: &str, vars: Value, want: i64) {
    let before = written(&s.m).await;
    let r = s.m.call(who, query, vars).await;
    assert_eq!(code(&r), Some(want), "{}", r.text);
    assert!(
        !r.text.contains("capitalizations_"),
        "no database text: {}",
        r.text
    );
    assert_eq!(written(&s.m).await, before, "nothing written: {}", r.text);
}

#[tokio::test]
async fn a_member_creates_and_updates_a_capitalization_with_its_change_log() {
    let s = setup().await;
    let m = &s.m;
    let input = json!({
        "ownerId": s.carol.id, "capitalizationType": "PREFERRED_EQUITY",
        "lifeCycleStage": "ISSUED", "numberOfShares": "25", "pricePerShare": "3.5"
    });
    let data = m
        .ok(Some(&s.bob), CREATE, json!({ "o": s.org, "i": input }))
        .await;
    let c = &data["createCapitalization"];
    assert_eq!(c["ownerId"], json!(s.carol.id));
    assert_eq!(c["authorId"], json!(s.bob.id));
    assert_eq!(c["capitalizationType"], "PREFERRED_EQUITY");
    assert_eq!(c["lifeCycleStage"], "ISSUED");
    assert_eq!(c["numberOfShares"], "25");
    assert_eq!(c["numberOfSharesAtAcquisition"], "25");
    assert_eq!(c["pricePerShareAtAcquisition"], "3.5");
    let id = c["id"].as_str().unwrap().to_owned();

    let data = m
        .ok(
            Some(&s.admin),
            UPDATE,
            json!({ "id": id, "i": { "pricePerShare": "4" } }),
        )
        .await;
    assert_eq!(data["updateCapitalization"]["pricePerShare"], "4");
    assert_eq!(data["updateCapitalization"]["numberOfShares"], "25");

    let log = m.ok(Some(&s.admin), LOG, json!({ "c": id })).await;
    let log = &log["capitalizationChangelog"];
    assert_eq!(log["count"], 2);
    let (update, create) = (&log["list"][0], &log["list"][1]);
    assert_eq!(update["changeKind"], "UPDATE");
    assert_eq!(update["userId"], json!(s.admin.id));
    assert_eq!(update["before"]["price_per_share"], "3.5");
    assert_eq!(update["after"]["price_per_share"], "4");
    assert_eq!(create["changeKind"], "CREATE");
    assert_eq!(create["userId"], json!(s.bob.id));
    assert!(create["before"].is_null());
    assert_eq!(create["after"]["number_of_shares"], "25");
    assert_eq!(create["after"]["owner_id"], json!(s.carol.id));
}

#[tokio::test]
async fn only_admins_and_members_create_and_update() {
    let s = setup().await;
    let input = json!({ "numberOfShares": "1", "pricePerShare": "1", "lifeCycleStage": "ISSUED" });
    for (who, want) in [
        (Some(&s.alice), 11011),
        (Some(&s.carol), 11011),
        (None, 11001),
    ] {
        refused(&s, who, CREATE, json!({ "o": s.org, "i": input }), want).await;
    }
    // The owner may not change her block's figures; others do not see it.
    let change = json!({ "id": s.alices, "i": { "numberOfShares": "1000" } });
    refused(&s, Some(&s.alice), UPDATE, change.clone(), 11011).await;
    refused(&s, Some(&s.carol), UPDATE, change.clone(), 19003).await;
    refused(&s, None, UPDATE, change.clone(), 11001).await;
    // Another network's admin sees neither the organization nor the block.
    let beta = s.m.network("beta").await;
    let admin = beta.person(&s.m.app, "admin@beta.test", true, false).await;
    for (q, vars) in [
        (CREATE, json!({ "o": s.org, "i": input })),
        (UPDATE, change),
    ] {
        let before = written(&s.m).await;
        let r = beta.call(&s.m.app, Some(&admin), q, vars).await;
        assert_eq!(code(&r), Some(19003), "{}", r.text);
        assert_eq!(written(&s.m).await, before);
    }
    for who in [&s.admin, &s.bob] {
        let r =
            s.m.call(Some(who), CREATE, json!({ "o": s.org, "i": input }))
                .await;
        assert!(r.json["errors"].is_null(), "{}", r.text);
    }
}

#[tokio::test]
async fn refused_creates_and_updates_have_their_codes_and_write_nothing() {
    let s = setup().await;
    let create = |i: Value| json!({ "o": s.org, "i": i });
    let cases = [
        (
            json!({ "numberOfShares": "1.5", "pricePerShare": "1" }),
            16001,
        ),
        (
            json!({ "numberOfShares": "-1", "pricePerShare": "1" }),
            16001,
        ),
        (
            json!({ "numberOfShares": "1", "pricePerShare": "0.000000001" }),
            16002,
        ),
        (
            json!({ "numberOfShares": "1", "pricePerShare": "1", "lifeCycleStage": "MERGED" }),
            16005,
        ),
    ];
    for (input, want) in cases {
        refused(&s, Some(&s.bob), CREATE, create(input), want).await;
    }
    // 150 issued without a limit; authorizing 120 would leave them above it.
    let authorized = json!({ "numberOfShares": "120", "pricePerShare": "1" });
    refused(&s, Some(&s.bob), CREATE, create(authorized), 16013).await;
    // A consumed block never changes.
    operate(
        &s.m,
        &s.org,
        &[&s.daves],
        0,
        &[(Some(&s.dave), "20, 2"), (Some(&s.dave), "20, 2")],
    )
    .await;
    let change = json!({ "id": s.daves, "i": { "pricePerShare": "3" } });
    refused(&s, Some(&s.bob), UPDATE, change, 16012).await;
    let change = json!({ "id": s.alices, "i": { "lifeCycleStage": "DISTRIBUTED" } });
    refused(&s, Some(&s.bob), UPDATE, change, 16005).await;
}

#[tokio::test]
async fn a_split_makes_issued_children_and_conserves_shares() {
    let s = setup().await;
    let m = &s.m;
    let before = live_shares(&s).await;
    let parts = json!([
        { "numberOfShares": "70", "pricePerShare": "1.10" },
        { "numberOfShares": "30", "pricePerShare": "1.50" },
    ]);
    let data = m
        .ok(Some(&s.alice), SPLIT, json!({ "id": s.alices, "p": parts }))
        .await;
    let children = data["splitCapitalization"].as_array().unwrap();
    assert_eq!(children.len(), 2);
    for (c, (shares, price)) in children.iter().zip([("70", "1.1"), ("30", "1.5")]) {
        assert_eq!(c["ownerId"], json!(s.alice.id));
        assert_eq!(c["parentId"], json!(s.alices));
        assert_eq!(c["lifeCycleStage"], "ISSUED");
        assert_eq!(c["numberOfShares"], shares);
        assert_eq!(c["pricePerShare"], price);
    }
    assert_eq!(live_shares(&s).await, before, "a split conserves shares");
    let log = m.ok(Some(&s.alice), LOG, json!({ "c": s.alices })).await;
    let entry = &log["capitalizationChangelog"]["list"][0];
    assert_eq!(entry["changeKind"], "SPLIT");
    assert_eq!(entry["userId"], json!(s.alice.id));
    assert_eq!(entry["before"]["life_cycle_stage"], 1);
    assert_eq!(entry["after"]["life_cycle_stage"], 4);
    let child = children[0]["id"].as_str().unwrap();
    let log = m.ok(Some(&s.alice), LOG, json!({ "c": child })).await;
    assert_eq!(
        log["capitalizationChangelog"]["list"][0]["changeKind"],
        "SPLIT"
    );
    assert!(log["capitalizationChangelog"]["list"][0]["before"].is_null());
}

#[tokio::test]
async fn refused_splits_have_their_codes_and_write_nothing() {
    let s = setup().await;
    let part = |n: &str| json!({ "numberOfShares": n, "pricePerShare": "1" });
    let cases = [
        (&s.alices, json!([part("60"), part("30")]), 16007),
        (&s.alices, json!([part("100")]), 16008),
        (&s.alices, json!([part("100"), part("0")]), 16009),
        (&s.alices, json!([part("50.5"), part("49.5")]), 16001),
        (&s.treasury, json!([part("5"), part("5")]), 16006),
    ];
    for (id, parts, want) in cases {
        refused(
            &s,
            Some(&s.bob),
            SPLIT,
            json!({ "id": id, "p": parts }),
            want,
        )
        .await;
    }
    let ok = json!({ "id": s.alices, "p": [part("50"), part("50")] });
    refused(&s, Some(&s.carol), SPLIT, ok.clone(), 19003).await;
    refused(&s, Some(&s.dave), SPLIT, ok.clone(), 19003).await;
    refused(&s, None, SPLIT, ok.clone(), 11001).await;
    s.m.ok(Some(&s.bob), SPLIT, ok.clone()).await;
    refused(&s, Some(&s.admin), SPLIT, ok, 16012).await;
}

#[tokio::test]
async fn a_merge_makes_one_child_at_the_weighted_price_and_conserves_shares() {
    let s = setup().await;
    let m = &s.m;
    // Dave gets a second block: 40 at 2 and 10 at 1.
    let second = cap(
        m,
        &s.org,
        Some(&s.dave),
        Some(&s.bob),
        "life_cycle_stage, number_of_shares, price_per_share",
        "1, 10, 1",
    )
    .await;
    let before = live_shares(&s).await;
    let data = m
        .ok(
            Some(&s.dave),
            MERGE,
            json!({ "id": s.daves, "o": [second, s.daves] }),
        )
        .await;
    let c = &data["mergeCapitalizations"];
    assert_eq!(c["ownerId"], json!(s.dave.id));
    assert_eq!(c["lifeCycleStage"], "ISSUED");
    assert_eq!(c["numberOfShares"], "50");
    // (40 x 2 + 10 x 1) / 50
    assert_eq!(c["pricePerShare"], "1.8");
    assert_eq!(c["parents"].as_array().unwrap().len(), 2);
    assert_eq!(live_shares(&s).await, before, "a merge conserves shares");
    for parent in [&s.daves, &second] {
        let log = m.ok(Some(&s.dave), LOG, json!({ "c": parent })).await;
        let entry = &log["capitalizationChangelog"]["list"][0];
        assert_eq!(entry["changeKind"], "MERGE");
        assert_eq!(entry["after"]["life_cycle_stage"], 5);
    }
}

#[tokio::test]
async fn refused_merges_have_their_codes_and_write_nothing() {
    let s = setup().await;
    let merge = |id: &str, others: Vec<&str>| json!({ "id": id, "o": others });
    refused(
        &s,
        Some(&s.bob),
        MERGE,
        merge(&s.alices, vec![&s.alices]),
        16010,
    )
    .await;
    refused(
        &s,
        Some(&s.bob),
        MERGE,
        merge(&s.alices, vec![&s.daves]),
        16011,
    )
    .await;
    // Alice may not merge Dave's block with hers: she does not see it.
    refused(
        &s,
        Some(&s.alice),
        MERGE,
        merge(&s.alices, vec![&s.daves]),
        19003,
    )
    .await;
    refused(&s, None, MERGE, merge(&s.alices, vec![&s.daves]), 11001).await;
    let other = cap(
        &s.m,
        &s.org,
        Some(&s.alice),
        Some(&s.bob),
        "life_cycle_stage, number_of_shares, price_per_share",
        "3, 5, 1",
    )
    .await;
    refused(
        &s,
        Some(&s.alice),
        MERGE,
        merge(&s.alices, vec![&other]),
        16006,
    )
    .await;
}
