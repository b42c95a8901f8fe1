//! Offerings through GraphQL: visibility per viewer and stage (DESIGN §6), every stage
//! transition for members and admins (§7) with stamps, cancel rules, editable fields,
//! public and featured lists, viewerCan, and isolation between networks.

use crowdgraph::error::codes;
use serde_json::{Value, json};

use crate::common::marketplace::{Market, OFFERING_STAGES, Person, code, matrix};

const OFFERING: &str = "query($id: ID!) { offering(id: $id) { id lifeCycleStage name } }";
const SET_STAGE: &str = "mutation($id: ID!, $s: OfferingStage!) { setOfferingStage(id: $id, stage: $s) { lifeCycleStage submittedAt publishedAt settledAt canceledAt } }";
const UPDATE: &str = "mutation($id: ID!, $i: OfferingInput!) { updateOffering(id: $id, input: $i) { id name lifeCycleStage fundingGoal minCommitment maxCommitment isFeatured custom submittedAt } }";

/// bob creates the organization and the offering, adds carol, then leaves: bob is the
/// offering's author only, carol a member of its organization only.
async fn author_and_member(m: &Market) -> (Person, Person, String, String) {
    let bob = m.person("bob@x.test", false, false).await;
    let carol = m.person("carol@x.test", false, false).await;
    let org = m.org(&bob, "Helios").await;
    m.ok(
        Some(&bob),
        "mutation($o: ID!, $u: ID!) { addOrganizationMember(organizationId: $o, userId: $u) { id } }",
        json!({ "o": org, "u": carol.id }),
    )
    .await;
    let offering = m
        .offering(
            &bob,
            &org,
            json!({ "name": "Solar", "isSecondaryOffering": false }),
        )
        .await;
    m.ok(
        Some(&carol),
        "mutation($o: ID!, $u: ID!) { removeOrganizationMember(organizationId: $o, userId: $u) { id } }",
        json!({ "o": org, "u": bob.id }),
    )
    .await;
    (bob, carol, org, offering)
}

/// DESIGN §6, offerings: columns anonymous, user, VIP, admin, member, author.
#[tokio::test]
async fn offering_visibility_for_every_viewer_and_stage() {
    let m = Market::new().await;
    let (author, member, org, offering) = author_and_member(&m).await;
    m.force_org_stage(&org, 5).await;
    let user = m.person("user@x.test", false, false).await;
    let vip = m.person("vip@x.test", false, true).await;
    let admin = m.person("admin@x.test", true, false).await;
    const T: bool = true;
    const F: bool = false;
    let table: &[(&str, i16, [bool; 6])] = &[
        ("DRAFT", 0, [F, F, F, T, T, T]),
        ("SUBMITTED", 1, [F, F, F, T, T, T]),
        ("REJECTED", 2, [F, F, F, T, T, T]),
        ("APPROVED", 3, [F, F, F, T, T, T]),
        ("RESTRICTED", 4, [F, F, T, T, T, T]),
        ("PUBLISHED", 5, [T, T, T, T, T, T]),
        ("CLOSING", 7, [T, T, T, T, T, T]),
        ("SETTLED", 8, [T, T, T, T, T, T]),
        ("CANCELED", 9, [F, F, F, T, T, T]),
    ];
    let viewers: [(&str, Option<&Person>); 6] = [
        ("anonymous", None),
        ("user", Some(&user)),
        ("vip", Some(&vip)),
        ("admin", Some(&admin)),
        ("member", Some(&member)),
        ("author", Some(&author)),
    ];
    let list = "{ offerings(args: { limit: 100 }) { count list { id } } }";
    for (stage, stage_code, expected) in table {
        m.force_offering_stage(&offering, *stage_code).await;
        for ((label, who), sees) in viewers.iter().zip(expected) {
            let r = m.call(*who, OFFERING, json!({ "id": offering })).await;
            if *sees {
                assert_eq!(
                    r.json["data"]["offering"]["lifeCycleStage"], *stage,
                    "{label} {stage}: {}",
                    r.text
                );
            } else {
                assert_eq!(
                    code(&r),
                    Some(codes::NOT_FOUND.number() as i64),
                    "{label} {stage}: {}",
                    r.text
                );
                assert_eq!(r.json["errors"][0]["extensions"]["status"], 404);
            }
            let data = m.ok(*who, list, json!({})).await;
            let listed = data["offerings"]["list"]
                .as_array()
                .unwrap()
                .iter()
                .any(|o| o["id"] == offering.as_str());
            assert_eq!(listed, *sees, "{label} lists a {stage} offering");
        }
        // The public routes answer the anonymous set, whoever asks.
        let public = expected[0];
        for who in [None, Some(&admin)] {
            let r = m
                .call(
                    who,
                    "query($id: ID!) { publicOffering(id: $id) { id } }",
                    json!({ "id": offering }),
                )
                .await;
            assert_eq!(
                r.json["errors"].is_null(),
                public,
                "publicOffering {stage}: {}",
                r.text
            );
            let data = m.ok(who, "{ publicOfferings { count } }", json!({})).await;
            assert_eq!(
                data["publicOfferings"]["count"],
                if public { 1 } else { 0 },
                "publicOfferings {stage}"
            );
        }
    }
}

/// DESIGN §7: every (from, to) pair through `setOfferingStage`, for the offering's team
/// and for an admin.
#[tokio::test]
async fn every_offering_stage_pair_for_members_and_admins() {
    let m = Market::new().await;
    let bob = m.person("bob@x.test", false, false).await;
    let admin = m.person("admin@x.test", true, false).await;
    let org = m.org(&bob, "Helios").await;
    //                  D S R A X P L T C   (to; X Restricted, L Closing, T Settled)
    let member = matrix(
        OFFERING_STAGES,
        &[
            ". x . . . . . . x", // Draft
            ". . . . . . . . x", // Submitted
            ". . . . . . . . .", // Rejected
            ". . . . . . . . .", // Approved
            ". . . . . . . . .", // Restricted
            ". . . . . . . . .", // Published
            ". . . . . . . . .", // Closing
            ". . . . . . . . .", // Settled
            ". . . . . . . . .", // Canceled
        ],
    );
    let admins = matrix(
        OFFERING_STAGES,
        &[
            ". x x x . . . . x", // Draft
            "x . x x . . . . x", // Submitted
            ". x . x . . . . x", // Rejected
            ". . x . x x . . x", // Approved
            ". . . . . x x . x", // Restricted
            ". . . . . . x . x", // Published
            ". . . . . . . x x", // Closing
            ". . . . . . . . .", // Settled
            ". . . . . . . . .", // Canceled
        ],
    );
    for (who, table) in [(&bob, member), (&admin, admins)] {
        for ((from, from_code), (to, _), allowed) in table {
            let id = m
                .offering(&bob, &org, json!({ "name": format!("{from}->{to}") }))
                .await;
            m.force_offering_stage(&id, from_code).await;
            let r = m
                .call(Some(who), SET_STAGE, json!({ "id": id, "s": to }))
                .await;
            if allowed {
                let o = &r.json["data"]["setOfferingStage"];
                assert_eq!(o["lifeCycleStage"], to, "{from}->{to}: {}", r.text);
                let stamp = match to {
                    "SUBMITTED" => Some("submittedAt"),
                    "PUBLISHED" => Some("publishedAt"),
                    "SETTLED" => Some("settledAt"),
                    "CANCELED" => Some("canceledAt"),
                    _ => None,
                };
                if let Some(stamp) = stamp {
                    assert!(
                        o[stamp].is_string(),
                        "{from}->{to} stamps {stamp}: {}",
                        r.text
                    );
                }
            } else {
                assert_eq!(
                    code(&r),
                    Some(codes::OFFERING_STAGE_CONFLICT.number() as i64),
                    "{from}->{to}: {}",
                    r.text
                );
                assert_eq!(r.json["errors"][0]["extensions"]["status"], 409);
                let message = r.json["errors"][0]["extensions"]["developerMessage"]
                    .as_str()
                    .unwrap();
                assert!(message.contains("offering cannot move from"), "{message}");
            }
        }
    }
    // Creation: Draft (default) or Submitted only.
    let r = m
        .call(
            Some(&admin),
            "mutation($o: ID!) { createOffering(organizationId: $o, input: { lifeCycleStage: PUBLISHED }) { id } }",
            json!({ "o": org }),
        )
        .await;
    assert_eq!(
        code(&r),
        Some(codes::INVALID_INITIAL_STAGE.number() as i64),
        "{}",
        r.text
    );
    let data = m
        .ok(
            Some(&bob),
            "mutation($o: ID!) { createOffering(organizationId: $o, input: { lifeCycleStage: SUBMITTED }) { lifeCycleStage submittedAt } }",
            json!({ "o": org }),
        )
        .await;
    assert_eq!(data["createOffering"]["lifeCycleStage"], "SUBMITTED");
    assert!(data["createOffering"]["submittedAt"].is_string());
}

#[tokio::test]
async fn cancel_needs_no_open_approved_or_settled_investment() {
    let m = Market::new().await;
    let bob = m.person("bob@x.test", false, false).await;
    let alice = m.person("alice@x.test", false, false).await;
    let admin = m.person("admin@x.test", true, false).await;
    let org = m.org(&bob, "Helios").await;
    let cancel = "mutation($id: ID!) { cancelOffering(id: $id) { lifeCycleStage canceledAt } }";
    for (stage, blocks) in [(0, true), (1, false), (2, true), (3, false), (4, true)] {
        let id = m.offering(&bob, &org, json!({})).await;
        m.force_offering_stage(&id, 5).await;
        let inv = m.investment_row(&id, &alice, "100", stage, 0).await;
        // Withdrawn and Rejected ones never block.
        m.investment_row(&id, &alice, "50", 3, 0).await;
        m.investment_row(&id, &alice, "50", 1, 0).await;
        let r = m.call(Some(&admin), cancel, json!({ "id": id })).await;
        if blocks {
            assert_eq!(
                code(&r),
                Some(codes::OFFERING_HAS_INVESTMENTS.number() as i64),
                "stage {stage}: {}",
                r.text
            );
            // viewerCan agrees.
            let data = m
                .ok(
                    Some(&admin),
                    "query($id: ID!) { offering(id: $id) { viewerCan { cancel transitionsTo } } }",
                    json!({ "id": id }),
                )
                .await;
            assert_eq!(data["offering"]["viewerCan"]["cancel"], false);
            m.sql(&format!(
                "UPDATE investments SET life_cycle_stage = 3 WHERE id = '{inv}'"
            ))
            .await;
            let data = m.ok(Some(&admin), cancel, json!({ "id": id })).await;
            assert_eq!(data["cancelOffering"]["lifeCycleStage"], "CANCELED");
        } else {
            let o = &r.json["data"]["cancelOffering"];
            assert_eq!(o["lifeCycleStage"], "CANCELED", "stage {stage}: {}", r.text);
            assert!(o["canceledAt"].is_string());
        }
    }
    // A member cancels their Draft.
    let id = m.offering(&bob, &org, json!({})).await;
    let data = m.ok(Some(&bob), cancel, json!({ "id": id })).await;
    assert_eq!(data["cancelOffering"]["lifeCycleStage"], "CANCELED");
}

#[tokio::test]
async fn fields_are_editable_by_the_team_while_draft_or_submitted() {
    let m = Market::new().await;
    let bob = m.person("bob@x.test", false, false).await;
    let admin = m.person("admin@x.test", true, false).await;
    let eve = m.person("eve@x.test", false, false).await;
    let org = m.org(&bob, "Helios").await;
    let id = m
        .offering(
            &bob,
            &org,
            json!({ "name": "Solar", "fundingGoal": "100000", "custom": { "risk": "low" } }),
        )
        .await;

    let data = m
        .ok(Some(&bob), UPDATE, json!({ "id": id, "i": { "name": "Solar A", "minCommitment": "500", "maxCommitment": "5000.50", "custom": { "term": "5y" } } }))
        .await;
    let o = &data["updateOffering"];
    assert_eq!(o["name"], "Solar A");
    assert_eq!(o["minCommitment"], "500");
    assert_eq!(o["maxCommitment"], "5000.5");
    assert_eq!(o["custom"], json!({ "risk": "low", "term": "5y" }));
    // Amounts are strings: a JSON number is refused.
    let r = m
        .call(
            Some(&bob),
            UPDATE,
            json!({ "id": id, "i": { "fundingGoal": 100 } }),
        )
        .await;
    assert!(!r.json["errors"].is_null());
    // Rules across fields, on the merged values.
    let r = m
        .call(
            Some(&bob),
            UPDATE,
            json!({ "id": id, "i": { "minCommitment": "6000" } }),
        )
        .await;
    assert_eq!(
        code(&r),
        Some(codes::INVALID_MARKETPLACE_DATA.number() as i64),
        "{}",
        r.text
    );
    let r = m
        .call(
            Some(&bob),
            UPDATE,
            json!({ "id": id, "i": { "openDate": "2030-01-02", "closeDate": "2030-01-01" } }),
        )
        .await;
    assert_eq!(
        code(&r),
        Some(codes::INVALID_MARKETPLACE_DATA.number() as i64)
    );
    let r = m
        .call(
            Some(&bob),
            UPDATE,
            json!({ "id": id, "i": { "currency": "euro" } }),
        )
        .await;
    assert_eq!(
        code(&r),
        Some(codes::INVALID_MARKETPLACE_DATA.number() as i64)
    );
    let r = m
        .call(
            Some(&bob),
            UPDATE,
            json!({ "id": id, "i": { "fundingGoal": "-1" } }),
        )
        .await;
    assert_eq!(
        code(&r),
        Some(codes::INVALID_MARKETPLACE_DATA.number() as i64)
    );
    // Featured is the admins' call.
    let r = m
        .call(
            Some(&bob),
            UPDATE,
            json!({ "id": id, "i": { "isFeatured": true } }),
        )
        .await;
    assert_eq!(code(&r), Some(codes::FORBIDDEN.number() as i64));
    // Submitting through update stamps submittedAt; fields still editable.
    let data = m
        .ok(
            Some(&bob),
            UPDATE,
            json!({ "id": id, "i": { "name": "Solar B", "lifeCycleStage": "SUBMITTED" } }),
        )
        .await;
    assert_eq!(data["updateOffering"]["lifeCycleStage"], "SUBMITTED");
    assert!(data["updateOffering"]["submittedAt"].is_string());
    m.ok(
        Some(&bob),
        UPDATE,
        json!({ "id": id, "i": { "name": "Solar C" } }),
    )
    .await;
    // Members may not publish through update either.
    let r = m
        .call(
            Some(&bob),
            UPDATE,
            json!({ "id": id, "i": { "lifeCycleStage": "PUBLISHED" } }),
        )
        .await;
    assert_eq!(
        code(&r),
        Some(codes::OFFERING_STAGE_CONFLICT.number() as i64)
    );
    // Approved: no more edits by the team; admins still edit.
    m.force_offering_stage(&id, 3).await;
    let r = m
        .call(
            Some(&bob),
            UPDATE,
            json!({ "id": id, "i": { "name": "Late" } }),
        )
        .await;
    assert_eq!(
        code(&r),
        Some(codes::OFFERING_NOT_EDITABLE.number() as i64),
        "{}",
        r.text
    );
    let data = m
        .ok(
            Some(&admin),
            UPDATE,
            json!({ "id": id, "i": { "name": "Final", "isFeatured": true } }),
        )
        .await;
    assert_eq!(data["updateOffering"]["isFeatured"], true);
    // Others: Not Found while invisible, Forbidden once visible.
    let r = m
        .call(
            Some(&eve),
            UPDATE,
            json!({ "id": id, "i": { "name": "x" } }),
        )
        .await;
    assert_eq!(code(&r), Some(codes::NOT_FOUND.number() as i64));
    m.force_offering_stage(&id, 5).await;
    let r = m
        .call(
            Some(&eve),
            UPDATE,
            json!({ "id": id, "i": { "name": "x" } }),
        )
        .await;
    assert_eq!(code(&r), Some(codes::FORBIDDEN.number() as i64));
    // Creating under someone else's organization: Forbidden (visible) / Not Found.
    let create = "mutation($o: ID!) { createOffering(organizationId: $o, input: {}) { id } }";
    let r = m.call(Some(&eve), create, json!({ "o": org })).await;
    assert_eq!(code(&r), Some(codes::NOT_FOUND.number() as i64));
    m.force_org_stage(&org, 5).await;
    let r = m.call(Some(&eve), create, json!({ "o": org })).await;
    assert_eq!(code(&r), Some(codes::FORBIDDEN.number() as i64));
}

#[tokio::test]
async fn secondary_offerings_point_at_a_visible_primary() {
    let m = Market::new().await;
    let bob = m.person("bob@x.test", false, false).await;
    let alice = m.person("alice@x.test", false, false).await;
    let org = m.org(&bob, "Fund").await;
    let primary = m.offering(&bob, &org, json!({ "name": "Primary" })).await;
    m.force_offering_stage(&primary, 8).await;
    let alice_org = m.org(&alice, "Alice SPV").await;
    let data = m
        .ok(
            Some(&alice),
            "mutation($o: ID!, $i: OfferingInput!) { createOffering(organizationId: $o, input: $i) { isSecondaryOffering numOfShares pricePerShare primaryOfferingId primaryOffering { name } } }",
            json!({ "o": alice_org, "i": { "isSecondaryOffering": true, "primaryOfferingId": primary, "numOfShares": "50000", "pricePerShare": "1.25" } }),
        )
        .await;
    let o = &data["createOffering"];
    assert_eq!(o["isSecondaryOffering"], true);
    assert_eq!(o["numOfShares"], "50000");
    assert_eq!(o["pricePerShare"], "1.25");
    assert_eq!(o["primaryOffering"]["name"], "Primary");
    // A primary the viewer cannot see (Draft of someone else) is refused.
    let hidden = m.offering(&bob, &org, json!({})).await;
    let r = m
        .call(
            Some(&alice),
            "mutation($o: ID!, $i: OfferingInput!) { createOffering(organizationId: $o, input: $i) { id } }",
            json!({ "o": alice_org, "i": { "primaryOfferingId": hidden } }),
        )
        .await;
    assert_eq!(
        code(&r),
        Some(codes::INVALID_MARKETPLACE_DATA.number() as i64),
        "{}",
        r.text
    );
}

#[tokio::test]
async fn lists_public_featured_mine_users_and_organizations() {
    let m = Market::new().await;
    let bob = m.person("bob@x.test", false, false).await;
    let eve = m.person("eve@x.test", false, false).await;
    let admin = m.person("admin@x.test", true, false).await;
    let org = m.org(&bob, "Helios").await;
    m.force_org_stage(&org, 5).await;
    let mut ids = Vec::new();
    for (i, stage) in [5, 7, 8, 4, 0].into_iter().enumerate() {
        let id = m
            .offering(&bob, &org, json!({ "name": format!("O{i}"), "fundingGoal": format!("{}", 1000 * (i + 1)), "custom": { "sector": if i % 2 == 0 { "solar" } else { "wind" } } }))
            .await;
        m.force_offering_stage(&id, stage).await;
        ids.push(id);
    }
    m.ok(
        Some(&admin),
        UPDATE,
        json!({ "id": ids[0], "i": { "isFeatured": true } }),
    )
    .await;
    m.ok(
        Some(&admin),
        UPDATE,
        json!({ "id": ids[3], "i": { "isFeatured": true } }),
    )
    .await;

    let names = |v: &Value, field: &str| -> Vec<String> {
        v[field]["list"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o["name"].as_str().unwrap().to_owned())
            .collect()
    };
    let data = m
        .ok(
            None,
            "{ featuredOfferings { count list { name } } }",
            json!({}),
        )
        .await;
    assert_eq!(names(&data, "featuredOfferings"), ["O0"]);
    let data = m.ok(None, "{ publicOfferings(args: { orderBy: \"funding_goal\", sort: DESC }) { list { name } } }", json!({})).await;
    assert_eq!(names(&data, "publicOfferings"), ["O2", "O1", "O0"]);
    let data = m
        .ok(Some(&bob), "{ myOfferings { count } }", json!({}))
        .await;
    assert_eq!(data["myOfferings"]["count"], 5);
    let q = "query($u: ID!) { userOfferings(userId: $u) { count } }";
    assert_eq!(
        m.ok(Some(&eve), q, json!({ "u": bob.id })).await["userOfferings"]["count"],
        3
    );
    assert_eq!(
        m.ok(Some(&admin), q, json!({ "u": bob.id })).await["userOfferings"]["count"],
        5
    );
    let q = "query($o: ID!) { organizationOfferings(organizationId: $o, args: { filters: [{ attribute: \"custom__sector\", operator: EQ, values: [\"solar\"] }] }) { list { name } } }";
    let data = m.ok(Some(&eve), q, json!({ "o": org })).await;
    assert_eq!(names(&data, "organizationOfferings"), ["O2", "O0"]);
    let data = m
        .ok(Some(&eve), "{ offerings(args: { filters: [{ attribute: \"funding_goal\", operator: BETWEEN, values: [\"2000\", \"3000\"] }], orderBy: \"name\" }) { list { name } } }", json!({}))
        .await;
    assert_eq!(names(&data, "offerings"), ["O1", "O2"]);
    let r = m
        .call(
            Some(&eve),
            "{ offerings(args: { orderBy: \"amount\" }) { count } }",
            json!({}),
        )
        .await;
    assert_eq!(code(&r), Some(codes::BAD_REQUEST.number() as i64));
    let r = m.call(Some(&eve), "{ offerings(args: { filters: [{ attribute: \"is_featured\", operator: GT, values: [\"1\"] }] }) { count } }", json!({})).await;
    assert_eq!(code(&r), Some(codes::BAD_REQUEST.number() as i64));
}

#[tokio::test]
async fn viewer_can_tells_front_ends_what_is_allowed() {
    let m = Market::new().await;
    let bob = m.person("bob@x.test", false, false).await;
    let eve = m.person("eve@x.test", false, false).await;
    let vip = m.person("vip@x.test", false, true).await;
    let admin = m.person("admin@x.test", true, false).await;
    let org = m.org(&bob, "Helios").await;
    let id = m.offering(&bob, &org, json!({})).await;
    let q = "query($id: ID!) { offering(id: $id) { viewerCan { edit submit cancel invest addBulletin transitionsTo } } }";
    let can = m.ok(Some(&bob), q, json!({ "id": id })).await["offering"]["viewerCan"].clone();
    assert_eq!(
        can,
        json!({ "edit": true, "submit": true, "cancel": true, "invest": false, "addBulletin": true, "transitionsTo": ["SUBMITTED", "CANCELED"] })
    );
    let can = m.ok(Some(&admin), q, json!({ "id": id })).await["offering"]["viewerCan"].clone();
    assert_eq!(
        can["transitionsTo"],
        json!(["SUBMITTED", "REJECTED", "APPROVED", "CANCELED"])
    );
    m.force_offering_stage(&id, 4).await;
    let can = m.ok(Some(&vip), q, json!({ "id": id })).await["offering"]["viewerCan"].clone();
    assert_eq!(
        can,
        json!({ "edit": false, "submit": false, "cancel": false, "invest": true, "addBulletin": false, "transitionsTo": [] })
    );
    m.force_offering_stage(&id, 5).await;
    let can = m.ok(Some(&eve), q, json!({ "id": id })).await["offering"]["viewerCan"].clone();
    assert_eq!(can["invest"], true);
    let can = m.ok(None, q, json!({ "id": id })).await["offering"]["viewerCan"].clone();
    assert_eq!(can["invest"], false);
    let can = m.ok(Some(&bob), q, json!({ "id": id })).await["offering"]["viewerCan"].clone();
    assert_eq!(can["edit"], false);
    assert_eq!(can["transitionsTo"], json!([]));
}

#[tokio::test]
async fn offerings_never_cross_networks() {
    let m = Market::new().await;
    let beta = m.network("beta").await;
    let bob = m.person("bob@x.test", false, false).await;
    let admin_b = beta.person(&m.app, "admin@b.test", true, false).await;
    let org = m.org(&bob, "Helios").await;
    m.force_org_stage(&org, 5).await;
    let id = m.offering(&bob, &org, json!({ "name": "Solar" })).await;
    m.ok(
        Some(&bob),
        "mutation($id: ID!) { submitOffering(id: $id) { id } }",
        json!({ "id": id }),
    )
    .await;
    m.force_offering_stage(&id, 5).await;
    m.sql(&format!(
        "UPDATE offerings SET is_featured = true WHERE id = '{id}'"
    ))
    .await;

    let in_b = |q: &'static str, v: Value| {
        let beta = beta.clone();
        let app = &m.app;
        let who = admin_b.clone();
        async move { beta.call(app, Some(&who), q, v).await }
    };
    for q in [
        "query($id: ID!) { offering(id: $id) { id } }",
        "query($id: ID!) { publicOffering(id: $id) { id } }",
        "query($id: ID!) { organizationOfferings(organizationId: $id) { count } }",
        "mutation($id: ID!) { updateOffering(id: $id, input: { name: \"x\" }) { id } }",
        "mutation($id: ID!) { setOfferingStage(id: $id, stage: CLOSING) { id } }",
        "mutation($id: ID!) { submitOffering(id: $id) { id } }",
        "mutation($id: ID!) { cancelOffering(id: $id) { id } }",
        "mutation($id: ID!) { createOffering(organizationId: $id, input: {}) { id } }",
    ] {
        let target = if q.contains("organization") || q.contains("createOffering") {
            &org
        } else {
            &id
        };
        let r = in_b(q, json!({ "id": target })).await;
        assert_eq!(
            code(&r),
            Some(codes::NOT_FOUND.number() as i64),
            "{q}: {}",
            r.text
        );
    }
    let r = in_b(
        "query($u: ID!) { userOfferings(userId: $u) { count } }",
        json!({ "u": bob.id }),
    )
    .await;
    assert_eq!(code(&r), Some(codes::NOT_FOUND.number() as i64));
    for q in [
        "{ offerings { count } }",
        "{ publicOfferings { count } }",
        "{ featuredOfferings { count } }",
        "{ myOfferings { count } }",
    ] {
        let r = in_b(q, json!({})).await;
        let count = r.json["data"].as_object().unwrap().values().next().unwrap()["count"].clone();
        assert_eq!(count, 0, "{q}: {}", r.text);
    }
    // Nothing changed in alpha.
    let data = m
        .ok(
            Some(&bob),
            "query($id: ID!) { offering(id: $id) { name lifeCycleStage } }",
            json!({ "id": id }),
        )
        .await;
    assert_eq!(
        data["offering"],
        json!({ "name": "Solar", "lifeCycleStage": "PUBLISHED" })
    );
}

/// Lists order and filter by the derived figures of DESIGN §9 too (computed in SQL from
/// the investment rows, never stored).
#[tokio::test]
async fn offerings_order_and_filter_by_derived_figures() {
    let app = crate::common::identity::seeded().await;
    let query = "query($args: ListArgs!) { publicOfferings(args: $args) { count list { name amountRaised investorCount } } }";
    let run = |args: serde_json::Value| {
        let app = &app;
        async move {
            let r = app
                .graphql(
                    Some(crowdgraph::seed::DEMO_NETWORK),
                    query,
                    serde_json::json!({ "args": args }),
                )
                .await;
            assert!(r.json["errors"].is_null(), "{}", r.text);
            r.json["data"]["publicOfferings"].clone()
        }
    };
    let page = run(serde_json::json!({ "orderBy": "amount_raised", "sort": "DESC" })).await;
    assert_eq!(page["list"][0]["name"], "Northwind Community Bond");
    assert_eq!(page["list"][0]["amountRaised"], "3700");
    assert_eq!(page["list"][1]["amountRaised"], "0");
    let page = run(serde_json::json!({ "orderBy": "amount_raised", "sort": "ASC" })).await;
    assert_eq!(page["list"][0]["amountRaised"], "0");
    let page = run(serde_json::json!({ "filters": [{ "attribute": "amount_raised", "operator": "GT", "values": ["3699.99"] }] })).await;
    assert_eq!(page["count"], 1);
    let page = run(serde_json::json!({ "filters": [{ "attribute": "investor_count", "operator": "EQ", "values": ["2"] }] })).await;
    assert_eq!(page["list"][0]["investorCount"], 2);
    let page = run(serde_json::json!({ "filters": [{ "attribute": "raised_percent", "operator": "BETWEEN", "values": ["3", "4"] }] })).await;
    assert_eq!(page["count"], 1, "3700 of 100000 is 3.7%");
}
