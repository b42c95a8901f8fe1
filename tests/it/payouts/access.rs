//! Who may create, read and change payouts: admins and the offering's team write; the
//! user a payout is owed to reads it; everyone else, and every other network, is told
//! nothing exists.

use crowdgraph::error::codes;
use serde_json::json;

use super::*;

const LISTS: &str = "query($inv: ID!, $off: ID!) {
    investmentPayouts(investmentId: $inv) { count list { id } }
    offeringPayouts(offeringId: $off) { count list { id userId } }
}";

const NESTED: &str = "query($inv: ID!, $u: ID!) {
    investment(id: $inv) { payouts { id } }
    user(id: $u) { payouts { id } }
}";

#[tokio::test]
async fn admins_and_the_offerings_team_create_payouts_and_nobody_else() {
    let s = setup().await;
    let m = &s.m;
    let input = json!({ "payoutAmount": "25", "payoutType": "DIVIDEND", "dueDate": "2027-01-31" });
    for who in [&s.admin, &s.bob] {
        let r = create_for_investment(m, who, &s.investment, input.clone()).await;
        let p = &r.json["data"]["createPayout"];
        assert_eq!(p["userId"], json!(s.alice.id), "{}", r.text);
        assert_eq!(p["investmentId"], json!(s.investment));
        assert!(
            p["offeringId"].is_null(),
            "an investor's payout names no offering"
        );
        assert_eq!(p["offeringName"], "Ovens");
        assert_eq!(p["currency"], "EUR", "the offering's currency by default");
        assert_eq!(p["dueDate"], "2027-01-31");
        assert_eq!(p["isPaid"], false);
    }
    // The investor and another user see the investment, but may not create its payouts.
    for who in [&s.alice, &s.carol] {
        let r = create_for_investment(m, who, &s.investment, input.clone()).await;
        refused(&r, codes::FORBIDDEN.number());
    }
    // Anonymous: log in first.
    let r = m
        .call(None, CREATE, json!({ "inv": s.investment, "i": input }))
        .await;
    assert!(r.json["data"].is_null(), "{}", r.text);
    // Another network's admin finds no such investment.
    let beta = m.network("beta").await;
    let outsider = beta.person(&m.app, "root@beta.test", true, false).await;
    let vars = json!({ "inv": s.investment, "i": input });
    let r = beta.call(&m.app, Some(&outsider), CREATE, vars).await;
    refused(&r, codes::NOT_FOUND.number());
    // Exactly one of investment and offering.
    let both = json!({ "inv": s.investment, "off": s.offering, "i": input });
    refused(
        &m.call(Some(&s.admin), CREATE, both).await,
        codes::BAD_REQUEST.number(),
    );
    assert_eq!(payout_rows(m).await, 2);
}

#[tokio::test]
async fn an_offerings_own_payout_is_owed_by_its_borrower() {
    let s = setup().await;
    let m = &s.m;
    let vars = json!({ "off": s.offering, "i": { "payoutAmount": "500", "payoutType": "LOAN_REPAYMENT" } });
    let data = m.ok(Some(&s.bob), CREATE, vars.clone()).await;
    let p = &data["createPayout"];
    assert_eq!(p["userId"], json!(s.bob.id), "the offering's author");
    assert_eq!(p["offeringId"], json!(s.offering));
    assert!(p["investmentId"].is_null());
    assert_eq!(p["payoutType"], "LOAN_REPAYMENT");
    refused(
        &m.call(Some(&s.alice), CREATE, vars).await,
        codes::FORBIDDEN.number(),
    );
    // An investor's payout is not one of the offering's own.
    payout_of(m, &s.admin, &s.investment, "10").await;
    let lists = json!({ "inv": s.investment, "off": s.offering });
    let data = m.ok(Some(&s.admin), LISTS, lists).await;
    assert_eq!(data["offeringPayouts"]["count"], 1);
    assert_eq!(data["investmentPayouts"]["count"], 1);
}

#[tokio::test]
async fn a_payout_is_seen_by_its_user_admins_and_the_team_only() {
    let s = setup().await;
    let m = &s.m;
    let id = payout_of(m, &s.bob, &s.investment, "25").await;
    for who in [&s.alice, &s.bob, &s.admin] {
        let data = m.ok(Some(who), PAYOUT, json!({ "id": id })).await;
        assert_eq!(data["payout"]["id"], json!(id));
        assert_eq!(data["payout"]["userName"], "alice x.test");
    }
    refused(
        &m.call(Some(&s.carol), PAYOUT, json!({ "id": id })).await,
        codes::NOT_FOUND.number(),
    );
    refused(
        &m.call(None, PAYOUT, json!({ "id": id })).await,
        codes::NOT_FOUND.number(),
    );
    let beta = m.network("beta").await;
    let outsider = beta.person(&m.app, "root@beta.test", true, false).await;
    let r = beta
        .call(&m.app, Some(&outsider), PAYOUT, json!({ "id": id }))
        .await;
    refused(&r, codes::NOT_FOUND.number());

    // Lists and nested lists leave out what the viewer may not see.
    let lists = json!({ "inv": s.investment, "off": s.offering });
    let nested = json!({ "inv": s.investment, "u": s.alice.id });
    for (who, n) in [(&s.alice, 1), (&s.bob, 1), (&s.admin, 1), (&s.carol, 0)] {
        let data = m.ok(Some(who), LISTS, lists.clone()).await;
        assert_eq!(data["investmentPayouts"]["count"], n, "{data}");
        let data = m.ok(Some(who), NESTED, nested.clone()).await;
        let listed = |k: &str| data[k]["payouts"].as_array().unwrap().len();
        assert_eq!(listed("investment"), n, "{data}");
        assert_eq!(listed("user"), n, "{data}");
    }
    let mine = m
        .ok(
            Some(&s.alice),
            "{ myPayouts { count list { id } } }",
            json!({}),
        )
        .await;
    assert_eq!(mine["myPayouts"]["list"][0]["id"], json!(id));
    let others = m
        .ok(Some(&s.carol), "{ myPayouts { count } }", json!({}))
        .await;
    assert_eq!(others["myPayouts"]["count"], 0);
}

#[tokio::test]
async fn only_admins_and_the_team_change_a_payout() {
    let s = setup().await;
    let m = &s.m;
    let id = payout_of(m, &s.admin, &s.investment, "25").await;
    let change = json!({ "id": id, "i": { "payoutAmount": "30", "additionalType": "coupon" } });
    refused(
        &m.call(Some(&s.alice), UPDATE, change.clone()).await,
        codes::FORBIDDEN.number(),
    );
    refused(
        &m.call(Some(&s.carol), UPDATE, change.clone()).await,
        codes::NOT_FOUND.number(),
    );
    let data = m.ok(Some(&s.bob), UPDATE, change).await;
    assert_eq!(data["updatePayout"]["payoutAmount"], "30");
    assert_eq!(data["updatePayout"]["additionalType"], "coupon");
}
