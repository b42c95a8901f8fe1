//! Helpers of the GraphQL investment tests: the investment operations, a published
//! offering of bob's, and investing as a given person.

use super::marketplace::{Market, Person};
use serde_json::{Value, json};

pub const INVEST: &str = "mutation($o: ID!, $a: Money, $s: InvestmentStage, $d: InvestmentInput) { invest(offeringId: $o, amount: $a, stage: $s, details: $d) { id investmentAmount lifeCycleStage approvedAt visibility userId currency } }";
pub const UPDATE: &str = "mutation($id: ID!, $i: InvestmentUpdateInput!) { updateInvestment(id: $id, input: $i) { id investmentAmount lifeCycleStage numberOfShares custom } }";
pub const SET_STAGE: &str = "mutation($id: ID!, $s: InvestmentStage!) { setInvestmentStage(id: $id, stage: $s) { lifeCycleStage approvedAt rejectedAt withdrawnAt settledAt } }";

/// bob's published organization and an offering with `input`, published.
pub async fn published(m: &Market, bob: &Person, input: Value) -> (String, String) {
    let org = m.org(bob, "Helios").await;
    m.force_org_stage(&org, 5).await;
    let offering = m.offering(bob, &org, input).await;
    m.force_offering_stage(&offering, 5).await;
    (org, offering)
}

pub async fn invest(m: &Market, who: &Person, offering: &str, amount: &str) -> super::TestResponse {
    m.call(Some(who), INVEST, json!({ "o": offering, "a": amount }))
        .await
}
