//! Investments never cross networks.

use crowdgraph::error::codes;
use serde_json::{Value, json};

use crate::common::investments::published;
use crate::common::marketplace::{Market, code};

#[tokio::test]
async fn investments_never_cross_networks() {
    let m = Market::new().await;
    let beta = m.network("beta").await;
    let bob = m.person("bob@x.test", false, false).await;
    let alice = m.person("alice@x.test", false, false).await;
    let admin_b = beta.person(&m.app, "admin@b.test", true, false).await;
    let (_, o) = published(&m, &bob, json!({})).await;
    let inv = m.investment_row(&o, &alice, "10", 4, 0).await;
    m.ok(
        Some(&bob),
        "mutation($o: ID!) { createBulletin(offeringId: $o, title: \"t\") { id } }",
        json!({ "o": o }),
    )
    .await;
    let checks: &[(&str, Value)] = &[
        (
            "query($id: ID!) { investment(id: $id) { id } }",
            json!({ "id": inv }),
        ),
        (
            "query($id: ID!) { offeringInvestments(offeringId: $id) { count } }",
            json!({ "id": o }),
        ),
        (
            "query($id: ID!) { offeringBulletins(offeringId: $id) { count } }",
            json!({ "id": o }),
        ),
        (
            "query($id: ID!) { userInvestments(userId: $id) { count } }",
            json!({ "id": alice.id }),
        ),
        (
            "mutation($id: ID!) { invest(offeringId: $id, amount: \"10\") { id } }",
            json!({ "id": o }),
        ),
        (
            "mutation($id: ID!) { updateInvestment(id: $id, input: { numberOfShares: \"1\" }) { id } }",
            json!({ "id": inv }),
        ),
        (
            "mutation($id: ID!) { setInvestmentStage(id: $id, stage: REJECTED) { id } }",
            json!({ "id": inv }),
        ),
        (
            "mutation($id: ID!) { withdrawInvestment(id: $id) { id } }",
            json!({ "id": inv }),
        ),
        (
            "mutation($id: ID!) { createBulletin(offeringId: $id, title: \"x\") { id } }",
            json!({ "id": o }),
        ),
    ];
    for (q, v) in checks {
        let r = beta.call(&m.app, Some(&admin_b), q, v.clone()).await;
        assert_eq!(
            code(&r),
            Some(codes::NOT_FOUND.number() as i64),
            "{q}: {}",
            r.text
        );
    }
    let r = beta
        .call(
            &m.app,
            Some(&admin_b),
            "{ myInvestments { count } }",
            json!({}),
        )
        .await;
    assert_eq!(r.json["data"]["myInvestments"]["count"], 0);
    // Unchanged in alpha.
    let data = m
        .ok(
            Some(&alice),
            "query($id: ID!) { investment(id: $id) { lifeCycleStage numberOfShares } }",
            json!({ "id": inv }),
        )
        .await;
    assert_eq!(
        data["investment"],
        json!({ "lifeCycleStage": "SETTLED", "numberOfShares": null })
    );
    assert_eq!(
        m.ok(
            None,
            "query($id: ID!) { offeringBulletins(offeringId: $id) { count } }",
            json!({ "id": o })
        )
        .await["offeringBulletins"]["count"],
        1
    );
}
