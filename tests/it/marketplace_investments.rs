//! Investments through GraphQL: every investment rule at, below and above its limit
//! (DESIGN §8), self-approval, amount changes, every stage transition for the investor
//! and the offering's team (§7), visibility of Hidden and Anonymous investments and the
//! lists (§6), derived figures (§9), bulletins, and isolation between networks.

use crowdgraph::error::codes;
use serde_json::{Value, json};

use crate::common::marketplace::{INVESTMENT_STAGES, Market, Person, code, matrix};

const INVEST: &str = "mutation($o: ID!, $a: Money, $s: InvestmentStage, $d: InvestmentInput) { invest(offeringId: $o, amount: $a, stage: $s, details: $d) { id investmentAmount lifeCycleStage approvedAt visibility userId currency } }";
const UPDATE: &str = "mutation($id: ID!, $i: InvestmentUpdateInput!) { updateInvestment(id: $id, input: $i) { id investmentAmount lifeCycleStage numberOfShares custom } }";
const SET_STAGE: &str = "mutation($id: ID!, $s: InvestmentStage!) { setInvestmentStage(id: $id, stage: $s) { lifeCycleStage approvedAt rejectedAt withdrawnAt settledAt } }";

/// bob's published organization and an offering with `input`, published.
async fn published(m: &Market, bob: &Person, input: Value) -> (String, String) {
    let org = m.org(bob, "Helios").await;
    m.force_org_stage(&org, 5).await;
    let offering = m.offering(bob, &org, input).await;
    m.force_offering_stage(&offering, 5).await;
    (org, offering)
}

async fn invest(
    m: &Market,
    who: &Person,
    offering: &str,
    amount: &str,
) -> crate::common::TestResponse {
    m.call(Some(who), INVEST, json!({ "o": offering, "a": amount }))
        .await
}

#[tokio::test]
async fn each_investment_rule_at_below_and_above_its_limit() {
    let m = Market::new().await;
    let bob = m.person("bob@x.test", false, false).await;
    let today = chrono::Utc::now().date_naive();
    let day = |d: i64| (today + chrono::TimeDelta::days(d)).to_string();

    // min_commitment 100: below refused, at and above accepted.
    let alice = m.person("alice@x.test", false, false).await;
    let (_, o) = published(
        &m,
        &bob,
        json!({ "minCommitment": "100", "currency": "EUR" }),
    )
    .await;
    let r = invest(&m, &alice, &o, "99.9999").await;
    assert_eq!(
        code(&r),
        Some(codes::BELOW_MIN_COMMITMENT.number() as i64),
        "{}",
        r.text
    );
    assert_eq!(r.json["errors"][0]["extensions"]["status"], 409);
    let r = invest(&m, &alice, &o, "100").await;
    assert_eq!(
        r.json["data"]["invest"]["investmentAmount"], "100",
        "{}",
        r.text
    );
    assert_eq!(r.json["data"]["invest"]["currency"], "EUR");
    assert!(invest(&m, &alice, &o, "100.0001").await.json["errors"].is_null());
    // Amount defaults to 0, which is below a min_commitment.
    let r = m.call(Some(&alice), INVEST, json!({ "o": o })).await;
    assert_eq!(code(&r), Some(codes::BELOW_MIN_COMMITMENT.number() as i64));
    // Negative amounts are refused before anything else.
    let r = invest(&m, &alice, &o, "-5").await;
    assert_eq!(code(&r), Some(codes::NEGATIVE_AMOUNT.number() as i64));
    // Money is a string, never a JSON number.
    let r = m
        .call(Some(&alice), INVEST, json!({ "o": o, "a": 100 }))
        .await;
    assert!(!r.json["errors"].is_null());

    // max_commitment 1000 over the investor's Open + Approved + Settled total: Open ones
    // count too (DESIGN §8), Rejected and Withdrawn do not.
    let (_, o) = published(&m, &bob, json!({ "maxCommitment": "1000" })).await;
    let carol = m.person("carol@x.test", false, false).await;
    m.investment_row(&o, &carol, "300", 0, 0).await; // Open
    m.investment_row(&o, &carol, "200", 2, 0).await; // Approved
    m.investment_row(&o, &carol, "100", 4, 0).await; // Settled
    m.investment_row(&o, &carol, "5000", 1, 0).await; // Rejected
    m.investment_row(&o, &carol, "5000", 3, 0).await; // Withdrawn
    m.investment_row(&o, &alice, "900", 0, 0).await; // someone else's
    let r = invest(&m, &carol, &o, "400.0001").await;
    assert_eq!(
        code(&r),
        Some(codes::ABOVE_MAX_COMMITMENT.number() as i64),
        "{}",
        r.text
    );
    let message = r.json["errors"][0]["extensions"]["developerMessage"]
        .as_str()
        .unwrap();
    assert!(message.contains("at most 400 more"), "{message}");
    assert!(invest(&m, &carol, &o, "399.9999").await.json["errors"].is_null());
    assert!(invest(&m, &carol, &o, "0.0001").await.json["errors"].is_null());
    let r = invest(&m, &carol, &o, "0.0001").await;
    assert_eq!(code(&r), Some(codes::ABOVE_MAX_COMMITMENT.number() as i64));

    // max_overfunding_amount 5000 over all non-Rejected, non-Withdrawn investments.
    let (_, o) = published(&m, &bob, json!({ "maxOverfundingAmount": "5000" })).await;
    m.investment_row(&o, &carol, "2000", 0, 0).await;
    m.investment_row(&o, &carol, "1000", 2, 0).await;
    m.investment_row(&o, &carol, "1000", 4, 0).await;
    m.investment_row(&o, &carol, "9000", 1, 0).await;
    m.investment_row(&o, &carol, "9000", 3, 0).await;
    let r = invest(&m, &alice, &o, "1000.0001").await;
    assert_eq!(
        code(&r),
        Some(codes::ABOVE_MAX_OVERFUNDING.number() as i64),
        "{}",
        r.text
    );
    assert!(invest(&m, &alice, &o, "999").await.json["errors"].is_null());
    assert!(invest(&m, &alice, &o, "1").await.json["errors"].is_null());
    let r = invest(&m, &alice, &o, "0.0001").await;
    assert_eq!(code(&r), Some(codes::ABOVE_MAX_OVERFUNDING.number() as i64));

    // open_date: before refused, on and after accepted.
    for (open, ok) in [(1, false), (0, true), (-1, true)] {
        let (_, o) = published(&m, &bob, json!({ "openDate": day(open) })).await;
        let r = invest(&m, &alice, &o, "10").await;
        if ok {
            assert!(r.json["errors"].is_null(), "open {open}: {}", r.text);
        } else {
            assert_eq!(
                code(&r),
                Some(codes::BEFORE_OPEN_DATE.number() as i64),
                "open {open}"
            );
        }
    }
    // close_date: after refused, on and before accepted.
    for (close, ok) in [(-1, false), (0, true), (1, true)] {
        let (_, o) = published(&m, &bob, json!({ "closeDate": day(close) })).await;
        let r = invest(&m, &alice, &o, "10").await;
        if ok {
            assert!(r.json["errors"].is_null(), "close {close}: {}", r.text);
        } else {
            assert_eq!(
                code(&r),
                Some(codes::AFTER_CLOSE_DATE.number() as i64),
                "close {close}"
            );
        }
    }

    // Stage: Published for all, Restricted for VIP users only; others not open (or,
    // when the offering is not visible, Not Found).
    let vip = m.person("vip@x.test", false, true).await;
    let admin = m.person("admin@x.test", true, false).await;
    let (_, o) = published(&m, &bob, json!({})).await;
    for (stage, user_code, vip_code) in [
        (
            0,
            Some(codes::NOT_FOUND.number()),
            Some(codes::NOT_FOUND.number()),
        ),
        (
            3,
            Some(codes::NOT_FOUND.number()),
            Some(codes::NOT_FOUND.number()),
        ),
        (4, Some(codes::NOT_FOUND.number()), None),
        (5, None, None),
        (
            7,
            Some(codes::OFFERING_NOT_OPEN.number()),
            Some(codes::OFFERING_NOT_OPEN.number()),
        ),
        (
            8,
            Some(codes::OFFERING_NOT_OPEN.number()),
            Some(codes::OFFERING_NOT_OPEN.number()),
        ),
        (
            9,
            Some(codes::NOT_FOUND.number()),
            Some(codes::NOT_FOUND.number()),
        ),
    ] {
        m.force_offering_stage(&o, stage).await;
        for (who, want) in [(&alice, user_code), (&vip, vip_code)] {
            let r = invest(&m, who, &o, "10").await;
            assert_eq!(
                code(&r),
                want.map(|c| c as i64),
                "stage {stage}: {}",
                r.text
            );
        }
        // An admin sees every offering but invests only where investments are open.
        let r = invest(&m, &admin, &o, "10").await;
        let want = match stage {
            5 => None,
            _ => Some(codes::OFFERING_NOT_OPEN.number() as i64),
        };
        assert_eq!(code(&r), want, "admin, stage {stage}: {}", r.text);
    }
    // Anonymous viewers cannot invest.
    let r = m.call(None, INVEST, json!({ "o": o, "a": "10" })).await;
    assert_eq!(code(&r), Some(codes::AUTH_REQUIRED.number() as i64));
}

#[tokio::test]
async fn approved_at_creation_needs_the_network_setting() {
    let m = Market::new().await;
    let bob = m.person("bob@x.test", false, false).await;
    let alice = m.person("alice@x.test", false, false).await;
    let (_, o) = published(&m, &bob, json!({})).await;
    let r = m
        .call(
            Some(&alice),
            INVEST,
            json!({ "o": o, "a": "10", "s": "APPROVED" }),
        )
        .await;
    assert_eq!(
        code(&r),
        Some(codes::SELF_APPROVAL_DISABLED.number() as i64),
        "{}",
        r.text
    );
    assert_eq!(r.json["errors"][0]["extensions"]["status"], 403);
    let r = m
        .call(
            Some(&alice),
            INVEST,
            json!({ "o": o, "a": "10", "s": "SETTLED" }),
        )
        .await;
    assert_eq!(code(&r), Some(codes::INVALID_INITIAL_STAGE.number() as i64));
    m.sql(&format!(
        "UPDATE networks SET settings = '{{\"allow_self_approval\": true}}' WHERE id = '{}'",
        m.network_id
    ))
    .await;
    let data = m
        .ok(
            Some(&alice),
            INVEST,
            json!({ "o": o, "a": "10", "s": "APPROVED" }),
        )
        .await;
    assert_eq!(data["invest"]["lifeCycleStage"], "APPROVED");
    assert!(data["invest"]["approvedAt"].is_string());
    let data = m
        .ok(Some(&alice), INVEST, json!({ "o": o, "a": "10" }))
        .await;
    assert_eq!(data["invest"]["lifeCycleStage"], "OPEN");
}

#[tokio::test]
async fn the_investor_changes_the_amount_while_open_under_the_same_rules() {
    let m = Market::new().await;
    let bob = m.person("bob@x.test", false, false).await;
    let alice = m.person("alice@x.test", false, false).await;
    let (_, o) = published(
        &m,
        &bob,
        json!({ "minCommitment": "10", "maxCommitment": "1000", "maxOverfundingAmount": "1500" }),
    )
    .await;
    let id = invest(&m, &alice, &o, "600").await.json["data"]["invest"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    // The investment itself is not counted twice.
    let data = m.ok(Some(&alice), UPDATE, json!({ "id": id, "i": { "investmentAmount": "1000", "numberOfShares": "10", "custom": { "source": "web" } } })).await;
    assert_eq!(data["updateInvestment"]["investmentAmount"], "1000");
    assert_eq!(data["updateInvestment"]["numberOfShares"], "10");
    let r = m
        .call(
            Some(&alice),
            UPDATE,
            json!({ "id": id, "i": { "investmentAmount": "1000.01" } }),
        )
        .await;
    assert_eq!(
        code(&r),
        Some(codes::ABOVE_MAX_COMMITMENT.number() as i64),
        "{}",
        r.text
    );
    let r = m
        .call(
            Some(&alice),
            UPDATE,
            json!({ "id": id, "i": { "investmentAmount": "5" } }),
        )
        .await;
    assert_eq!(code(&r), Some(codes::BELOW_MIN_COMMITMENT.number() as i64));
    m.investment_row(&o, &bob, "600", 0, 0).await;
    let r = m
        .call(
            Some(&alice),
            UPDATE,
            json!({ "id": id, "i": { "investmentAmount": "901" } }),
        )
        .await;
    assert_eq!(code(&r), Some(codes::ABOVE_MAX_OVERFUNDING.number() as i64));
    m.ok(
        Some(&alice),
        UPDATE,
        json!({ "id": id, "i": { "investmentAmount": "900" } }),
    )
    .await;
    // The team does not change amounts; others may not touch it at all.
    let r = m
        .call(
            Some(&bob),
            UPDATE,
            json!({ "id": id, "i": { "investmentAmount": "100" } }),
        )
        .await;
    assert_eq!(code(&r), Some(codes::FORBIDDEN.number() as i64));
    let eve = m.person("eve@x.test", false, false).await;
    let r = m
        .call(
            Some(&eve),
            UPDATE,
            json!({ "id": id, "i": { "investmentAmount": "100" } }),
        )
        .await;
    assert_eq!(code(&r), Some(codes::NOT_FOUND.number() as i64));
    // Approved: the investor can no longer edit; the team still sets details.
    m.ok(Some(&bob), SET_STAGE, json!({ "id": id, "s": "APPROVED" }))
        .await;
    let r = m
        .call(
            Some(&alice),
            UPDATE,
            json!({ "id": id, "i": { "investmentAmount": "100" } }),
        )
        .await;
    assert_eq!(
        code(&r),
        Some(codes::INVESTMENT_NOT_EDITABLE.number() as i64),
        "{}",
        r.text
    );
    let r = m
        .call(
            Some(&alice),
            UPDATE,
            json!({ "id": id, "i": { "numberOfShares": "1" } }),
        )
        .await;
    assert_eq!(
        code(&r),
        Some(codes::INVESTMENT_NOT_EDITABLE.number() as i64)
    );
    let data = m
        .ok(
            Some(&bob),
            UPDATE,
            json!({ "id": id, "i": { "numberOfShares": "9", "lifeCycleStage": "SETTLED" } }),
        )
        .await;
    assert_eq!(data["updateInvestment"]["lifeCycleStage"], "SETTLED");
    assert_eq!(
        data["updateInvestment"]["custom"],
        json!({ "source": "web" })
    );
}

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
    // Not Found when the offering is not visible.
    m.force_offering_stage(&o, 0).await;
    let r = m.call(Some(&eve), list, json!({ "o": o })).await;
    assert_eq!(code(&r), Some(codes::NOT_FOUND.number() as i64));
    let r = m.call(Some(&eve), one, json!({ "id": approved })).await;
    assert_eq!(code(&r), Some(codes::NOT_FOUND.number() as i64));
}

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
async fn bulletins_are_posted_by_the_team_and_read_by_whoever_sees_the_offering() {
    let m = Market::new().await;
    let bob = m.person("bob@x.test", false, false).await;
    let eve = m.person("eve@x.test", false, false).await;
    let admin = m.person("admin@x.test", true, false).await;
    let org = m.org(&bob, "Helios").await;
    let o = m.offering(&bob, &org, json!({})).await;
    let post = "mutation($o: ID!, $t: String, $b: String) { createBulletin(offeringId: $o, title: $t, body: $b) { id title body lifeCycleStage offeringId userId } }";
    let data = m
        .ok(
            Some(&bob),
            post,
            json!({ "o": o, "t": "News", "b": "Great news" }),
        )
        .await;
    assert_eq!(data["createBulletin"]["title"], "News");
    assert_eq!(data["createBulletin"]["lifeCycleStage"], 0);
    assert_eq!(data["createBulletin"]["userId"], bob.id.as_str());
    m.ok(
        Some(&admin),
        post,
        json!({ "o": o, "t": "From the admins" }),
    )
    .await;
    let r = m.call(Some(&bob), post, json!({ "o": o })).await;
    assert_eq!(code(&r), Some(codes::BAD_REQUEST.number() as i64));
    // Draft: others do not see the offering, hence neither its bulletins.
    let list = "query($o: ID!) { offeringBulletins(offeringId: $o) { count list { title } } }";
    let r = m.call(Some(&eve), list, json!({ "o": o })).await;
    assert_eq!(code(&r), Some(codes::NOT_FOUND.number() as i64));
    let r = m.call(Some(&eve), post, json!({ "o": o, "t": "x" })).await;
    assert_eq!(code(&r), Some(codes::NOT_FOUND.number() as i64));
    m.force_offering_stage(&o, 5).await;
    let data = m.ok(None, list, json!({ "o": o })).await;
    assert_eq!(data["offeringBulletins"]["count"], 2);
    assert_eq!(
        data["offeringBulletins"]["list"][0]["title"],
        "From the admins"
    );
    let r = m.call(Some(&eve), post, json!({ "o": o, "t": "x" })).await;
    assert_eq!(code(&r), Some(codes::FORBIDDEN.number() as i64));
    // Withdrawn bulletins are the team's only.
    m.sql("UPDATE bulletins SET life_cycle_stage = 3 WHERE title = 'News'")
        .await;
    assert_eq!(
        m.ok(Some(&eve), list, json!({ "o": o })).await["offeringBulletins"]["count"],
        1
    );
    assert_eq!(
        m.ok(Some(&bob), list, json!({ "o": o })).await["offeringBulletins"]["count"],
        2
    );
    let nested = "query($id: ID!) { offering(id: $id) { bulletins(limit: 5) { title } } }";
    assert_eq!(
        m.ok(Some(&eve), nested, json!({ "id": o })).await["offering"]["bulletins"],
        json!([{ "title": "From the admins" }])
    );
    assert_eq!(
        m.ok(Some(&bob), nested, json!({ "id": o })).await["offering"]["bulletins"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
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
