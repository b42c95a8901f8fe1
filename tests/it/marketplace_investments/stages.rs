//! Every stage transition for the investor and the offering's team (DESIGN §7).

use crowdgraph::error::codes;
use serde_json::json;

use crate::common::investments::{SET_STAGE, published};
use crate::common::marketplace::{INVESTMENT_STAGES, Market, code, matrix};

/// DESIGN §7 investments: every (from, to) pair for the investor and for the
/// offering's team (admin or organization member).
#[tokio::test]
async fn every_investment_stage_pair_for_investor_and_team() {
    let m = Market::new().await;
    let bob = m.person("bob@x.test", false, false).await;
    let alice = m.person("alice@x.test", false, false).await;
    let admin = m.person("admin@x.test", true, false).await;
    let (_, o) = published(&m, &bob, json!({})).await;
    //                       O R A W S   (to)
    let investor = matrix(
        INVESTMENT_STAGES,
        &[
            ". . . x .", // Open
            ". . . . .", // Rejected
            ". . . x .", // Approved
            ". . . . .", // Withdrawn
            ". . . . .", // Settled
        ],
    );
    let team = matrix(
        INVESTMENT_STAGES,
        &[
            ". x x . x", // Open
            ". . x . .", // Rejected
            ". x . . x", // Approved
            ". . . . .", // Withdrawn
            ". . . . .", // Settled
        ],
    );
    for (label, who, table) in [
        ("investor", &alice, investor),
        ("member", &bob, team.clone()),
        ("admin", &admin, team),
    ] {
        for ((from, from_code), (to, _), allowed) in table {
            let id = m.investment_row(&o, &alice, "10", from_code, 0).await;
            let r = m
                .call(Some(who), SET_STAGE, json!({ "id": id, "s": to }))
                .await;
            if allowed {
                let inv = &r.json["data"]["setInvestmentStage"];
                assert_eq!(
                    inv["lifeCycleStage"], to,
                    "{label} {from}->{to}: {}",
                    r.text
                );
                let stamp = match to {
                    "APPROVED" => "approvedAt",
                    "REJECTED" => "rejectedAt",
                    "WITHDRAWN" => "withdrawnAt",
                    _ => "settledAt",
                };
                assert!(
                    inv[stamp].is_string(),
                    "{label} {from}->{to} stamps {stamp}"
                );
            } else {
                assert_eq!(
                    code(&r),
                    Some(codes::INVESTMENT_STAGE_CONFLICT.number() as i64),
                    "{label} {from}->{to}: {}",
                    r.text
                );
                let message = r.json["errors"][0]["extensions"]["developerMessage"]
                    .as_str()
                    .unwrap();
                assert!(message.contains("investment cannot move from"), "{message}");
            }
        }
    }
    // withdrawInvestment is the investor's DELETE.
    let id = m.investment_row(&o, &alice, "10", 2, 0).await;
    let r = m
        .call(
            Some(&bob),
            "mutation($id: ID!) { withdrawInvestment(id: $id) { id } }",
            json!({ "id": id }),
        )
        .await;
    assert_eq!(
        code(&r),
        Some(codes::INVESTMENT_STAGE_CONFLICT.number() as i64)
    );
    let data = m.ok(Some(&alice), "mutation($id: ID!) { withdrawInvestment(id: $id) { lifeCycleStage viewerCan { withdraw editAmount transitionsTo } } }", json!({ "id": id })).await;
    assert_eq!(
        data["withdrawInvestment"],
        json!({ "lifeCycleStage": "WITHDRAWN", "viewerCan": { "withdraw": false, "editAmount": false, "transitionsTo": [] } })
    );
    // A stranger who sees an Approved investment may not move it.
    let eve = m.person("eve@x.test", false, false).await;
    let id = m.investment_row(&o, &alice, "10", 2, 0).await;
    let r = m
        .call(Some(&eve), SET_STAGE, json!({ "id": id, "s": "SETTLED" }))
        .await;
    assert_eq!(
        code(&r),
        Some(codes::FORBIDDEN.number() as i64),
        "{}",
        r.text
    );
}
