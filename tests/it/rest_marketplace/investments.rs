//! The investment routes, and each investment rule as its own exception.

use axum::http::Method;
use crowdgraph::error::codes;
use serde_json::{Value, json};

use crate::common::demo::demo;
use crate::common::identity::{as_user, seeded};
use crate::common::rest::{assert_failure, assert_success, rest};
use crate::common::rest_marketplace::{
    INVESTMENT_KEYS, assert_keys, draft_offering, get, page, publish, register, send, stage_of,
};
use crate::common::snapshot::redacted;

#[tokio::test]
async fn investment_routes_follow_the_seeds() {
    let app = seeded().await;
    let d = demo(&app).await;
    let carol = register(&app, "carol@test.com").await;
    let carol_auth = || as_user(&carol, "Password123!");

    // The seeds' sample body.
    let r = send(
        &app,
        Method::POST,
        &format!("/offerings/{}/investments", d.solar),
        &carol_auth(),
        json!({ "investment_amount": "10000" }),
    )
    .await;
    let data = assert_success(&r);
    assert_eq!(data.as_object().unwrap().len(), 1, "{data}");
    let id = data["investment_id"].as_str().unwrap().to_owned();
    let path = format!("/investments/{id}");
    let r = get(&app, &path, &carol_auth()).await;
    let investment = &assert_success(&r)["investment"];
    assert_keys(investment, INVESTMENT_KEYS);
    redacted().bind(|| insta::assert_json_snapshot!("created_investment", investment));
    assert_eq!(investment["investment_amount"], "10000");
    assert_eq!(investment["life_cycle_stage"], 0);
    assert_eq!(investment["visibility"], 0);
    assert_eq!(investment["offering_id"], d.solar.as_str());
    assert_eq!(investment["user_email"], "carol@test.com");
    assert_eq!(investment["funding_goal"], "250000");

    // The seeds' sample PATCH body.
    let r = send(
        &app,
        Method::PATCH,
        &path,
        &carol_auth(),
        json!({ "investment_amount": "11000" }),
    )
    .await;
    assert_eq!(assert_success(&r), &json!({ "investment_id": id }));
    let r = get(&app, &path, &carol_auth()).await;
    assert_eq!(
        assert_success(&r)["investment"]["investment_amount"],
        "11000"
    );

    // Others do not see an Open investment; the offering's team does, and lists it.
    let r = get(&app, &path, &d.alice_token).await;
    assert_failure(&r, 404, codes::NOT_FOUND.number());
    let r = get(
        &app,
        &format!(
            "/offerings/{}/investments?orderby=investment_amount&sort=desc",
            d.solar
        ),
        &d.bob_token,
    )
    .await;
    let list = page(assert_success(&r));
    assert_eq!(list.len(), 2);
    list.iter().for_each(|i| assert_keys(i, INVESTMENT_KEYS));
    assert_eq!(list[0]["id"], id.as_str());
    let r = get(
        &app,
        &format!("/offerings/{}/investments", d.solar),
        &d.alice_token,
    )
    .await;
    let list = page(assert_success(&r));
    assert_eq!(list.len(), 1, "her own only: {list:?}");

    // The team approves it (a PATCH with life_cycle_stage); the investor may not
    // change the amount any more, others' moves are refused.
    let r = send(
        &app,
        Method::PATCH,
        &path,
        &carol_auth(),
        json!({ "life_cycle_stage": 2 }),
    )
    .await;
    assert_failure(&r, 409, codes::INVESTMENT_STAGE_CONFLICT.number());
    let r = send(
        &app,
        Method::PATCH,
        &path,
        &d.bob_token,
        json!({ "life_cycle_stage": "2" }),
    )
    .await;
    assert_eq!(assert_success(&r), &json!({ "investment_id": id }));
    let r = get(&app, &path, &d.alice_token).await;
    assert_eq!(stage_of(&r, "investment"), 2, "Approved: visible to others");
    let r = send(
        &app,
        Method::PATCH,
        &path,
        &carol_auth(),
        json!({ "investment_amount": "12000" }),
    )
    .await;
    assert_failure(&r, 409, codes::INVESTMENT_NOT_EDITABLE.number());
    let r = send(
        &app,
        Method::PATCH,
        &path,
        &carol_auth(),
        // A JSON number is read from its text; five decimals are one too many.
        json!({ "investment_amount": 12000.00001 }),
    )
    .await;
    assert_failure(&r, 400, codes::BAD_REQUEST.number());
    assert!(
        r.json["data"]["developer_message"]
            .as_str()
            .unwrap()
            .contains("investment_amount")
    );
    let r = send(
        &app,
        Method::PATCH,
        &path,
        &d.alice_token,
        json!({ "term": 3 }),
    )
    .await;
    assert_failure(&r, 403, codes::FORBIDDEN.number());

    // Withdraw (DELETE): the investor only, once.
    let r = rest(&app, Method::DELETE, &path, Some(&d.bob_token), None).await;
    assert_failure(&r, 409, codes::INVESTMENT_STAGE_CONFLICT.number());
    let r = rest(&app, Method::DELETE, &path, Some(&carol_auth()), None).await;
    assert_eq!(assert_success(&r), &json!({ "investment_id": id }));
    let r = get(&app, &path, &carol_auth()).await;
    assert_eq!(stage_of(&r, "investment"), 3);
    let r = rest(&app, Method::DELETE, &path, Some(&carol_auth()), None).await;
    assert_failure(&r, 409, codes::INVESTMENT_STAGE_CONFLICT.number());
    let r = rest(
        &app,
        Method::DELETE,
        &format!("/investments/{}", uuid::Uuid::new_v4()),
        Some(&carol_auth()),
        None,
    )
    .await;
    assert_failure(&r, 404, codes::NOT_FOUND.number());
    let r = get(&app, "/investments/not-an-id", &carol_auth()).await;
    assert_failure(&r, 404, codes::NOT_FOUND.number());
}

#[tokio::test]
async fn every_investment_rule_is_its_own_exception() {
    let app = seeded().await;
    let d = demo(&app).await;
    let invest = |offering: String, body: Value| {
        let app = &app;
        let token = d.alice_token.clone();
        async move {
            send(
                app,
                Method::POST,
                &format!("/offerings/{offering}/investments"),
                &token,
                body,
            )
            .await
        }
    };
    let amount = |a: &str| json!({ "investment_amount": a });

    // Solar: min 500, max 50000 per investor; alice has 1000 Open already.
    let r = invest(d.solar.clone(), amount("-5")).await;
    assert_failure(&r, 400, codes::NEGATIVE_AMOUNT.number());
    let r = invest(d.solar.clone(), amount("100")).await;
    assert_failure(&r, 409, codes::BELOW_MIN_COMMITMENT.number());
    let r = invest(d.solar.clone(), amount("49500")).await;
    assert_failure(&r, 409, codes::ABOVE_MAX_COMMITMENT.number());
    let r = invest(d.solar.clone(), json!({ "investment_amount": 1000.00001 })).await;
    assert_failure(&r, 400, codes::BAD_REQUEST.number());
    let r = invest(d.northwind.clone(), amount("1000")).await;
    assert_failure(&r, 409, codes::OFFERING_NOT_OPEN.number());
    let r = invest(uuid::Uuid::new_v4().to_string(), amount("1000")).await;
    assert_failure(&r, 404, codes::NOT_FOUND.number());

    // Starting stages: Approved needs the network's self-approval; Settled never.
    let r = invest(
        d.solar.clone(),
        json!({ "investment_amount": "600", "life_cycle_stage": 2 }),
    )
    .await;
    assert_failure(&r, 403, codes::SELF_APPROVAL_DISABLED.number());
    let r = invest(
        d.solar.clone(),
        json!({ "investment_amount": "600", "life_cycle_stage": 4 }),
    )
    .await;
    assert_failure(&r, 400, codes::INVALID_INITIAL_STAGE.number());
    let r = invest(
        d.solar.clone(),
        json!({ "investment_amount": "600", "life_cycle_stage": 9 }),
    )
    .await;
    assert_failure(&r, 400, codes::BAD_REQUEST.number());

    // Dates and overfunding, on offerings the admin publishes.
    let future = draft_offering(&app, &d, json!({ "open_date": "2999-01-01" })).await;
    publish(&app, &d, &future).await;
    let r = invest(future, amount("10")).await;
    assert_failure(&r, 409, codes::BEFORE_OPEN_DATE.number());
    let past = draft_offering(&app, &d, json!({ "close_date": "2000-01-01" })).await;
    publish(&app, &d, &past).await;
    let r = invest(past, amount("10")).await;
    assert_failure(&r, 409, codes::AFTER_CLOSE_DATE.number());
    let capped = draft_offering(&app, &d, json!({ "max_overfunding_amount": "1000" })).await;
    publish(&app, &d, &capped).await;
    let r = invest(capped.clone(), amount("1500")).await;
    assert_failure(&r, 409, codes::ABOVE_MAX_OVERFUNDING.number());

    // The documented details (interest_rate, number_of_shares, term, visibility) are
    // taken, an expression of interest (no amount) is 0.
    let r = invest(
        capped.clone(),
        json!({ "investment_amount": "1000", "interest_rate": "5.5", "number_of_shares": "10",
                "term": "12", "visibility": 2 }),
    )
    .await;
    let id = assert_success(&r)["investment_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let r = get(&app, &format!("/investments/{id}"), &d.alice_token).await;
    let investment = &assert_success(&r)["investment"];
    assert_eq!(investment["interest_rate"], "5.5");
    assert_eq!(investment["number_of_shares"], "10");
    assert_eq!(investment["term"], 12);
    assert_eq!(investment["visibility"], 2);
    let r = invest(capped, json!({})).await;
    let id = assert_success(&r)["investment_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let r = get(&app, &format!("/investments/{id}"), &d.alice_token).await;
    assert_eq!(assert_success(&r)["investment"]["investment_amount"], "0");
}
