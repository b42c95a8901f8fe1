//! Every investment rule at, below and above its limit (DESIGN §8), self-approval, amount changes.

use crowdgraph::error::codes;
use serde_json::json;

use crate::common::investments::{INVEST, SET_STAGE, UPDATE, invest, published};
use crate::common::marketplace::{Market, code};

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
