//! Visibility of Hidden and Anonymous investments, the lists and nested investments (`docs/visibility.md`).

use crowdgraph::error::codes;
use serde_json::{Value, json};

use crate::common::investments::published;
use crate::common::marketplace::{Market, code};

#[tokio::test]
async fn hidden_and_anonymous_investments_and_the_lists() {
    let m = Market::new().await;
    let bob = m.person("bob@x.test", false, false).await;
    let alice = m.person("alice@x.test", false, false).await;
    let eve = m.person("eve@x.test", false, false).await;
    let admin = m.person("admin@x.test", true, false).await;
    let (_, o) = published(&m, &bob, json!({ "fundingGoal": "1000" })).await;
    // alice: Open, Approved, Settled (Open visibility), Approved Hidden, Settled Anonymous.
    let open = m.investment_row(&o, &alice, "10", 0, 0).await;
    let approved = m.investment_row(&o, &alice, "20", 2, 0).await;
    let settled = m.investment_row(&o, &alice, "30", 4, 0).await;
    let hidden = m.investment_row(&o, &alice, "40", 2, 1).await;
    let anonymous = m.investment_row(&o, &alice, "50", 4, 2).await;
    let mine = m.investment_row(&o, &eve, "5", 0, 0).await;

    let list = "query($o: ID!) { offeringInvestments(offeringId: $o, args: { orderBy: \"investment_amount\" }) { count list { id userId userName userEmail user { id } } } }";
    let ids = |v: &Value| -> Vec<String> {
        v["offeringInvestments"]["list"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["id"].as_str().unwrap().to_owned())
            .collect()
    };
    // Others: Approved/Settled, not Hidden, plus their own; Anonymous without investor.
    let data = m.ok(Some(&eve), list, json!({ "o": o })).await;
    assert_eq!(
        ids(&data),
        [
            mine.clone(),
            approved.clone(),
            settled.clone(),
            anonymous.clone()
        ]
    );
    let anon_row = &data["offeringInvestments"]["list"][3];
    assert_eq!(anon_row["userId"], Value::Null);
    assert_eq!(anon_row["user"], Value::Null);
    assert_eq!(anon_row["userName"], Value::Null);
    let approved_row = &data["offeringInvestments"]["list"][1];
    assert_eq!(approved_row["userId"], alice.id.as_str());
    assert_eq!(approved_row["userName"], "alice x.test");
    assert_eq!(approved_row["userEmail"], Value::Null);
    // Anonymous visitors see the same public set.
    let data = m.ok(None, list, json!({ "o": o })).await;
    assert_eq!(
        ids(&data),
        [approved.clone(), settled.clone(), anonymous.clone()]
    );
    // A filter on the investor cannot find Anonymous investments.
    let data = m
        .ok(Some(&eve), "query($o: ID!, $u: String!) { offeringInvestments(offeringId: $o, args: { filters: [{ attribute: \"user_id\", operator: EQ, values: [$u] }] }) { count } }", json!({ "o": o, "u": alice.id }))
        .await;
    assert_eq!(data["offeringInvestments"]["count"], 2);
    // The team, admins: everything, with investors.
    for who in [&bob, &admin] {
        let data = m.ok(Some(who), list, json!({ "o": o })).await;
        assert_eq!(data["offeringInvestments"]["count"], 6);
        assert_eq!(
            data["offeringInvestments"]["list"][5]["userId"],
            alice.id.as_str()
        );
        assert_eq!(
            data["offeringInvestments"]["list"][5]["userEmail"],
            "alice@x.test"
        );
    }
    // Single investments: the same rule; Hidden and Open ones are Not Found to others.
    let one = "query($id: ID!) { investment(id: $id) { id userId } }";
    for (id, sees) in [
        (&open, false),
        (&approved, true),
        (&settled, true),
        (&hidden, false),
        (&anonymous, true),
    ] {
        let r = m.call(Some(&eve), one, json!({ "id": id })).await;
        assert_eq!(r.json["errors"].is_null(), sees, "{id}: {}", r.text);
        for who in [&alice, &bob, &admin] {
            assert!(m.call(Some(who), one, json!({ "id": id })).await.json["errors"].is_null());
        }
    }
    // My investments: all of them.
    let data = m
        .ok(Some(&alice), "{ myInvestments { count } }", json!({}))
        .await;
    assert_eq!(data["myInvestments"]["count"], 5);
    // Another user's investments: Settled and Open-visibility only; all to self/admin.
    let q = "query($u: ID!) { userInvestments(userId: $u) { count list { id } } }";
    let data = m.ok(Some(&eve), q, json!({ "u": alice.id })).await;
    assert_eq!(data["userInvestments"]["list"], json!([{ "id": settled }]));
    assert_eq!(
        m.ok(Some(&admin), q, json!({ "u": alice.id })).await["userInvestments"]["count"],
        5
    );
    assert_eq!(
        m.ok(Some(&alice), q, json!({ "u": alice.id })).await["userInvestments"]["count"],
        5
    );
    // The offering's team sees its own offering's investments there too.
    assert_eq!(
        m.ok(Some(&bob), q, json!({ "u": alice.id })).await["userInvestments"]["count"],
        5
    );
    // A Hidden user is Not Found.
    m.sql(&format!(
        "UPDATE users SET visibility = 1 WHERE id = '{}'",
        alice.id
    ))
    .await;
    let r = m.call(Some(&eve), q, json!({ "u": alice.id })).await;
    assert_eq!(code(&r), Some(codes::NOT_FOUND.number() as i64));
    // Her Open-visibility investments stay listed, but name no investor to others: not
    // even the id of a Hidden user, in a list or alone. The team still sees who invested.
    let data = m.ok(Some(&eve), list, json!({ "o": o })).await;
    let approved_row = &data["offeringInvestments"]["list"][1];
    assert_eq!(approved_row["id"], approved.as_str());
    assert_eq!(approved_row["userId"], Value::Null, "{approved_row}");
    assert_eq!(approved_row["user"], Value::Null);
    assert_eq!(approved_row["userName"], Value::Null);
    let alone = m.ok(Some(&eve), one, json!({ "id": approved })).await;
    assert_eq!(alone["investment"]["userId"], Value::Null, "{alone}");
    let data = m.ok(Some(&bob), list, json!({ "o": o })).await;
    assert_eq!(
        data["offeringInvestments"]["list"][5]["userId"],
        alice.id.as_str()
    );
    // Not Found when the offering is not visible.
    m.force_offering_stage(&o, 0).await;
    let r = m.call(Some(&eve), list, json!({ "o": o })).await;
    assert_eq!(code(&r), Some(codes::NOT_FOUND.number() as i64));
    let r = m.call(Some(&eve), one, json!({ "id": approved })).await;
    assert_eq!(code(&r), Some(codes::NOT_FOUND.number() as i64));
}

#[tokio::test]
async fn nested_investments_apply_the_visibility_rule() {
    let m = Market::new().await;
    let bob = m.person("bob@x.test", false, false).await;
    let alice = m.person("alice@x.test", false, false).await;
    let eve = m.person("eve@x.test", false, false).await;
    let (_, o) = published(&m, &bob, json!({})).await;
    m.investment_row(&o, &alice, "10", 0, 0).await;
    m.investment_row(&o, &alice, "20", 2, 0).await;
    m.investment_row(&o, &alice, "30", 2, 1).await;
    m.investment_row(&o, &alice, "40", 4, 2).await;
    m.investment_row(&o, &eve, "50", 0, 0).await;
    let q = "query($id: ID!) { offering(id: $id) { investments(limit: 10) { investmentAmount userId } } }";
    let amounts = |v: &Value| -> Vec<String> {
        let mut a: Vec<String> = v["offering"]["investments"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["investmentAmount"].as_str().unwrap().to_owned())
            .collect();
        a.sort();
        a
    };
    assert_eq!(
        amounts(&m.ok(Some(&eve), q, json!({ "id": o })).await),
        ["20", "40", "50"]
    );
    assert_eq!(
        amounts(&m.ok(None, q, json!({ "id": o })).await),
        ["20", "40"]
    );
    assert_eq!(
        amounts(&m.ok(Some(&bob), q, json!({ "id": o })).await),
        ["10", "20", "30", "40", "50"]
    );
    let q2 = "query($id: ID!) { offering(id: $id) { investments(limit: 2) { investmentAmount } } }";
    assert_eq!(
        m.ok(Some(&bob), q2, json!({ "id": o })).await["offering"]["investments"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    let r = m
        .call(
            Some(&bob),
            "query($id: ID!) { offering(id: $id) { investments(limit: 0) { id } } }",
            json!({ "id": o }),
        )
        .await;
    assert_eq!(code(&r), Some(codes::BAD_REQUEST.number() as i64));
}
