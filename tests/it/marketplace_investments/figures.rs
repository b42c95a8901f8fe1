//! Derived figures (DESIGN §9) and outstanding payouts.

use serde_json::json;

use crate::common::investments::published;
use crate::common::marketplace::Market;

#[tokio::test]
async fn derived_figures_follow_the_rows() {
    let m = Market::new().await;
    let bob = m.person("bob@x.test", false, false).await;
    let alice = m.person("alice@x.test", false, false).await;
    let carol = m.person("carol@x.test", false, false).await;
    let (_, o) = published(
        &m,
        &bob,
        json!({ "fundingGoal": "10000", "externalCommitments": "1000" }),
    )
    .await;
    let q = "query($id: ID!) { offering(id: $id) { amountRaised raisedPercent investmentCount investorCount } }";
    let data = m.ok(None, q, json!({ "id": o })).await;
    assert_eq!(
        data["offering"],
        json!({ "amountRaised": "1000", "raisedPercent": "10", "investmentCount": 0, "investorCount": 0 })
    );
    m.investment_row(&o, &alice, "1500", 2, 0).await;
    m.investment_row(&o, &alice, "500", 4, 0).await;
    m.investment_row(&o, &carol, "333.33", 4, 2).await;
    m.investment_row(&o, &carol, "9999", 0, 0).await; // Open: not counted
    m.investment_row(&o, &carol, "9999", 1, 0).await; // Rejected
    m.investment_row(&o, &carol, "9999", 3, 0).await; // Withdrawn
    let data = m.ok(None, q, json!({ "id": o })).await;
    assert_eq!(
        data["offering"],
        json!({ "amountRaised": "3333.33", "raisedPercent": "33.33", "investmentCount": 3, "investorCount": 2 })
    );
    // The investment shows its offering's figures too.
    let id = m.investment_row(&o, &alice, "1", 4, 0).await;
    let data = m
        .ok(Some(&alice), "query($id: ID!) { investment(id: $id) { orgId orgName fundingGoal raisedPercent offering { name } } }", json!({ "id": id }))
        .await;
    assert_eq!(data["investment"]["orgName"], "Helios");
    assert_eq!(data["investment"]["fundingGoal"], "10000");
    assert_eq!(data["investment"]["raisedPercent"], "33.34");
}

#[tokio::test]
async fn outstanding_payouts_follow_paid_transactions() {
    let m = Market::new().await;
    let bob = m.person("bob@x.test", false, false).await;
    let alice = m.person("alice@x.test", false, false).await;
    let eve = m.person("eve@x.test", false, false).await;
    let (_, o) = published(&m, &bob, json!({})).await;
    let inv = m.investment_row(&o, &alice, "1000", 4, 0).await;
    let n = m.network_id;
    let u = &alice.id;
    // Three payouts: a dividend of 100 (paid in full by two transactions), a capital gain
    // of 50 (half paid, a failed transaction does not count), a loan repayment of 70.
    m.sql(&format!(
        "WITH p AS (INSERT INTO payouts (network_id, user_id, investment_id, payout_type, payout_amount)
                    VALUES ('{n}', '{u}', '{inv}', 0, 100), ('{n}', '{u}', '{inv}', 1, 50),
                           ('{n}', '{u}', '{inv}', 2, 70) RETURNING id, payout_type)
         INSERT INTO transactions (network_id, user_id, payout_id, payment_status, transaction_amount)
         SELECT '{n}', '{u}', p.id, t.status, t.amount FROM p
         JOIN (VALUES (0, 1, 60), (0, 1, 40), (1, 1, 25), (1, 3, 25)) AS t(kind, status, amount)
           ON t.kind = p.payout_type"
    ))
    .await;
    let q = "query($id: ID!) { offering(id: $id) { capitalOutstanding repaymentsRemaining sumOutstandingPayouts { dividends capitalgains loanrepayments } } }";
    let data = m.ok(Some(&eve), q, json!({ "id": o })).await;
    assert_eq!(
        data["offering"],
        json!({ "capitalOutstanding": "120", "repaymentsRemaining": 2,
                "sumOutstandingPayouts": { "dividends": "0", "capitalgains": "50", "loanrepayments": "70" } })
    );
    let q = "query($id: ID!) { investment(id: $id) { capitalOutstanding repaymentsRemaining } }";
    let data = m.ok(Some(&alice), q, json!({ "id": inv })).await;
    assert_eq!(
        data["investment"],
        json!({ "capitalOutstanding": "120", "repaymentsRemaining": 2 })
    );
    // Someone else's money: null for others.
    let data = m.ok(Some(&eve), q, json!({ "id": inv })).await;
    assert_eq!(
        data["investment"],
        json!({ "capitalOutstanding": null, "repaymentsRemaining": null })
    );
}
