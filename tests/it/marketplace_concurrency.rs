//! DESIGN §8: concurrent `invest` requests never break a cap. Many tokio tasks send
//! `invest` through the router at once, racing for the last of an offering's
//! max_overfunding_amount and for one user's max_commitment; the accepted total never
//! exceeds the cap and every refused request got the rule's own code.

use std::sync::Arc;

use crowdgraph::error::codes;
use rust_decimal::Decimal;
use serde_json::json;

use crate::common::TestApp;
use crate::common::marketplace::{Market, Person, code};

const INVEST: &str =
    "mutation($o: ID!, $a: Money) { invest(offeringId: $o, amount: $a) { id investmentAmount } }";

/// Sends `invest` for each (person, amount) from its own tokio task, all at once; returns
/// the accepted amounts and the error codes of the refused ones.
async fn race(
    m: &Market,
    offering: &str,
    attempts: Vec<(Person, &'static str)>,
) -> (Vec<Decimal>, Vec<Option<i64>>) {
    let app: Arc<TestApp> = Arc::new(TestApp::over_existing(&m.app));
    let tenant = m.tenant();
    let barrier = Arc::new(tokio::sync::Barrier::new(attempts.len()));
    let mut tasks = Vec::new();
    for (person, amount) in attempts {
        let app = app.clone();
        let tenant = tenant.clone();
        let barrier = barrier.clone();
        let offering = offering.to_owned();
        tasks.push(tokio::spawn(async move {
            barrier.wait().await;
            tenant
                .call(
                    &app,
                    Some(&person),
                    INVEST,
                    json!({ "o": offering, "a": amount }),
                )
                .await
        }));
    }
    let mut accepted = Vec::new();
    let mut refused = Vec::new();
    for task in tasks {
        let r = task.await.unwrap();
        match r.json["data"]["invest"]["investmentAmount"].as_str() {
            Some(amount) => accepted.push(amount.parse().unwrap()),
            None => refused.push(code(&r)),
        }
    }
    (accepted, refused)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn parallel_investments_never_exceed_the_overfunding_cap() {
    let app = TestApp::with_config(|_, db| db.pool_size = 8).await;
    let m = Market::over(app, "alpha").await;
    let bob = m.person("bob@x.test", false, false).await;
    let org = m.org(&bob, "Helios").await;
    let offering = m
        .offering(&bob, &org, json!({ "maxOverfundingAmount": "10000" }))
        .await;
    m.force_offering_stage(&offering, 5).await;
    // 9000 already taken: 1000 left for 20 investors asking 300 each (3 fit).
    let early = m.person("early@x.test", false, false).await;
    m.investment_row(&offering, &early, "9000", 0, 0).await;
    let mut attempts = Vec::new();
    for i in 0..20 {
        attempts.push((m.person(&format!("i{i}@x.test"), false, false).await, "300"));
    }
    let (accepted, refused) = race(&m, &offering, attempts).await;
    let total: Decimal = accepted.iter().sum();
    assert_eq!(
        accepted.len(),
        3,
        "accepted {accepted:?}, refused {refused:?}"
    );
    assert!(total <= Decimal::from(1000), "{total}");
    assert_eq!(refused.len(), 17);
    assert!(
        refused
            .iter()
            .all(|c| *c == Some(codes::ABOVE_MAX_OVERFUNDING.number() as i64)),
        "{refused:?}"
    );
    // The rows agree.
    let data = m
        .ok(
            Some(&bob),
            "query($o: ID!) { offeringInvestments(offeringId: $o, args: { limit: 100 }) { count } }",
            json!({ "o": offering }),
        )
        .await;
    assert_eq!(data["offeringInvestments"]["count"], 4);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn parallel_investments_of_one_user_never_exceed_max_commitment() {
    let app = TestApp::with_config(|_, db| db.pool_size = 8).await;
    let m = Market::over(app, "alpha").await;
    let bob = m.person("bob@x.test", false, false).await;
    let alice = m.person("alice@x.test", false, false).await;
    let org = m.org(&bob, "Helios").await;
    let offering = m
        .offering(
            &bob,
            &org,
            json!({ "maxCommitment": "1000", "maxOverfundingAmount": "100000" }),
        )
        .await;
    m.force_offering_stage(&offering, 5).await;
    // alice asks 20 times for 150 at once: 6 fit (900), the 7th would make 1050.
    let attempts = (0..20).map(|_| (alice.clone(), "150")).collect();
    let (accepted, refused) = race(&m, &offering, attempts).await;
    let total: Decimal = accepted.iter().sum();
    assert_eq!(
        accepted.len(),
        6,
        "accepted {accepted:?}, refused {refused:?}"
    );
    assert!(total <= Decimal::from(1000));
    assert!(
        refused
            .iter()
            .all(|c| *c == Some(codes::ABOVE_MAX_COMMITMENT.number() as i64)),
        "{refused:?}"
    );
    let data = m
        .ok(
            Some(&alice),
            "{ myInvestments(args: { limit: 100 }) { count } }",
            json!({}),
        )
        .await;
    assert_eq!(data["myInvestments"]["count"], 6);
}
