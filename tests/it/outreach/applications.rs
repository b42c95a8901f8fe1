//! Applications: creation, lists, stage transitions.

use crowdgraph::error::codes;
use crowdgraph::seed::DEMO_NETWORK;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::common::first_error_code;
use crate::common::identity::seeded;
use crate::common::outreach::{
    ADMIN, ALICE, APPLICATION, BOB, MY_APPLICATIONS, PUBLIC_APPLICATIONS, Session, WITHDRAW,
    anonymous, create_application, data, demo_organization, error, exec, set_stage,
};

#[tokio::test]
async fn an_application_is_created_open_with_money_as_strings() {
    let app = seeded().await;
    let alice = Session::new(&app, DEMO_NETWORK, ALICE).await;
    let org = demo_organization(&app).await;
    let input = json!({
        "lifeCycleStage": "OPEN", "additionalType": "bid", "code": "P2P-1",
        "description": "Borrow for a new roof", "fundingGoal": "25000.50",
        "investmentAmount": "10000", "interestRate": "7.25", "numberOfShares": "100",
        "pricePerShare": "12.3456", "term": 36, "organizationId": org.to_string(),
        "custom": { "risk": "B", "score": 7, "dropped": null },
    });
    let r = alice
        .call(&app, &create_application(), json!({ "i": input }))
        .await;
    let a = data(&r, "createApplication");
    assert_eq!(a["lifeCycleStage"], "OPEN");
    assert_eq!(a["fundingGoal"], "25000.5");
    assert_eq!(a["investmentAmount"], "10000");
    assert_eq!(a["interestRate"], "7.25");
    assert_eq!(a["numberOfShares"], "100");
    assert_eq!(a["pricePerShare"], "12.3456");
    assert_eq!(a["term"], 36);
    assert_eq!(a["organizationId"], org.to_string());
    assert_eq!(a["offeringId"], Value::Null);
    assert_eq!(a["custom"], json!({ "risk": "B", "score": 7 }));
    assert_eq!(
        a["info"],
        json!([{ "type": "risk", "value": "B" }, { "type": "score", "value": 7 }])
    );
    assert_eq!(a["authorId"], a["userId"]);
    assert!(a["userName"].is_string(), "{}", r.text);

    // Nothing required: an empty application is fine (the seeds' light model).
    let r = alice.call(&app, &create_application(), json!({})).await;
    assert_eq!(data(&r, "createApplication")["lifeCycleStage"], "OPEN");

    let unknown = Uuid::new_v4().to_string();
    let cases = [
        (
            json!({ "investmentAmount": 10000 }),
            codes::GRAPHQL_VALIDATION.number(),
        ),
        (
            json!({ "investmentAmount": "1e4" }),
            codes::GRAPHQL_VALIDATION.number(),
        ),
        (
            json!({ "investmentAmount": "-1" }),
            codes::BAD_REQUEST.number(),
        ),
        (
            json!({ "interestRate": "100000" }),
            codes::BAD_REQUEST.number(),
        ),
        (json!({ "term": -1 }), codes::BAD_REQUEST.number()),
        (
            json!({ "code": "x".repeat(201) }),
            codes::BAD_REQUEST.number(),
        ),
        (
            json!({ "lifeCycleStage": "APPROVED" }),
            codes::BAD_REQUEST.number(),
        ),
        (
            json!({ "custom": { "bad name": 1 } }),
            codes::BAD_REQUEST.number(),
        ),
        (json!({ "offeringId": unknown }), codes::NOT_FOUND.number()),
        (
            json!({ "organizationId": unknown }),
            codes::NOT_FOUND.number(),
        ),
        (json!({ "offeringId": "nope" }), codes::NOT_FOUND.number()),
        (json!({ "userId": unknown }), codes::FORBIDDEN.number()),
    ];
    for (input, code) in cases {
        let r = alice
            .call(&app, &create_application(), json!({ "i": input }))
            .await;
        assert_eq!(
            first_error_code(&r),
            Some(code as i64),
            "{input}: {}",
            r.text
        );
    }
    let many: serde_json::Map<String, Value> =
        (0..101).map(|i| (format!("f{i}"), json!(i))).collect();
    let r = alice
        .call(
            &app,
            &create_application(),
            json!({ "i": { "custom": many } }),
        )
        .await;
    assert_eq!(error(&r), (codes::CUSTOM_FIELDS_LIMIT.number() as i64, 400));
    let r = alice.call(&app, MY_APPLICATIONS, json!({})).await;
    assert_eq!(
        data(&r, "myApplications")["count"],
        2,
        "refused ones were not written"
    );

    // An admin may apply on a user's behalf; the user must exist in the network.
    let admin = Session::new(&app, DEMO_NETWORK, ADMIN).await;
    let alice_id = a["userId"].as_str().unwrap();
    let r = admin
        .call(
            &app,
            &create_application(),
            json!({ "i": { "userId": alice_id } }),
        )
        .await;
    let on_behalf = data(&r, "createApplication");
    assert_eq!(on_behalf["userId"], alice_id);
    assert_ne!(on_behalf["authorId"], alice_id);
    let r = admin
        .call(
            &app,
            &create_application(),
            json!({ "i": { "userId": unknown } }),
        )
        .await;
    assert_eq!(error(&r), (codes::NOT_FOUND.number() as i64, 404));
    let r = alice.call(&app, MY_APPLICATIONS, json!({})).await;
    assert_eq!(data(&r, "myApplications")["count"], 3);

    let r = anonymous(&app, DEMO_NETWORK, &create_application(), json!({})).await;
    assert_eq!(error(&r), (codes::AUTH_REQUIRED.number() as i64, 401));
}

#[tokio::test]
async fn applications_move_through_their_stages_and_approved_ones_are_public() {
    let app = seeded().await;
    let alice = Session::new(&app, DEMO_NETWORK, ALICE).await;
    let bob = Session::new(&app, DEMO_NETWORK, BOB).await;
    let admin = Session::new(&app, DEMO_NETWORK, ADMIN).await;
    let create =
        |amount: &str| json!({ "i": { "investmentAmount": amount, "custom": { "side": "bid" } } });
    let r = alice.call(&app, &create_application(), create("100")).await;
    let first = data(&r, "createApplication")["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let r = alice.call(&app, &create_application(), create("200")).await;
    let second = data(&r, "createApplication")["id"]
        .as_str()
        .unwrap()
        .to_owned();

    // Open ones are not public; others cannot see them at all.
    let r = anonymous(&app, DEMO_NETWORK, PUBLIC_APPLICATIONS, json!({})).await;
    assert_eq!(data(&r, "publicApplications")["count"], 0);
    let r = bob.call(&app, APPLICATION, json!({ "id": first })).await;
    assert_eq!(error(&r), (codes::NOT_FOUND.number() as i64, 404));
    let r = bob.call(&app, WITHDRAW, json!({ "id": first })).await;
    assert_eq!(error(&r), (codes::NOT_FOUND.number() as i64, 404));

    // Only admins set stages.
    let r = alice
        .call(&app, &set_stage(), json!({ "id": first, "s": "APPROVED" }))
        .await;
    assert_eq!(error(&r), (codes::FORBIDDEN.number() as i64, 403));
    let r = anonymous(
        &app,
        DEMO_NETWORK,
        &set_stage(),
        json!({ "id": first, "s": "APPROVED" }),
    )
    .await;
    assert_eq!(error(&r), (codes::AUTH_REQUIRED.number() as i64, 401));
    let r = admin
        .call(
            &app,
            &set_stage(),
            json!({ "id": Uuid::new_v4().to_string(), "s": "APPROVED" }),
        )
        .await;
    assert_eq!(error(&r), (codes::NOT_FOUND.number() as i64, 404));

    let r = admin
        .call(&app, &set_stage(), json!({ "id": first, "s": "APPROVED" }))
        .await;
    assert_eq!(
        data(&r, "setApplicationStage")["lifeCycleStage"],
        "APPROVED"
    );

    // Approved: listed publicly and readable by anyone.
    let r = anonymous(&app, DEMO_NETWORK, PUBLIC_APPLICATIONS, json!({})).await;
    let page = data(&r, "publicApplications");
    assert_eq!(page["count"], 1);
    assert_eq!(page["list"][0]["id"], first);
    assert_eq!(page["list"][0]["investmentAmount"], "100");
    assert!(
        page["list"][0]["userName"].is_string(),
        "alice is Open: {}",
        r.text
    );
    let r = bob.call(&app, APPLICATION, json!({ "id": first })).await;
    assert_eq!(data(&r, "application")["lifeCycleStage"], "APPROVED");
    let args = json!({ "a": { "filters": [{ "attribute": "custom__side", "operator": "EQ", "values": ["bid"] },
        { "attribute": "investment_amount", "operator": "GT", "values": ["50"] }] } });
    let r = anonymous(&app, DEMO_NETWORK, PUBLIC_APPLICATIONS, args).await;
    assert_eq!(data(&r, "publicApplications")["count"], 1);
    let r = anonymous(
        &app,
        DEMO_NETWORK,
        PUBLIC_APPLICATIONS,
        json!({ "a": { "orderBy": "nope" } }),
    )
    .await;
    assert_eq!(error(&r), (codes::BAD_REQUEST.number() as i64, 400));

    // The applicant's name follows their visibility.
    exec(
        &app,
        "UPDATE users SET visibility = 2 WHERE email = 'alice@example.com'",
    )
    .await;
    let r = anonymous(&app, DEMO_NETWORK, PUBLIC_APPLICATIONS, json!({})).await;
    assert_eq!(
        data(&r, "publicApplications")["list"][0]["userName"],
        Value::Null
    );
    let r = admin.call(&app, APPLICATION, json!({ "id": first })).await;
    assert!(data(&r, "application")["userName"].is_string());
    let r = alice.call(&app, APPLICATION, json!({ "id": first })).await;
    assert!(data(&r, "application")["userName"].is_string());

    // Others may see an Approved one but not withdraw it; the applicant may withdraw
    // only Open ones.
    let r = bob.call(&app, WITHDRAW, json!({ "id": first })).await;
    assert_eq!(error(&r), (codes::FORBIDDEN.number() as i64, 403));
    let r = alice.call(&app, WITHDRAW, json!({ "id": first })).await;
    assert_eq!(
        error(&r),
        (codes::APPLICATION_STAGE_CONFLICT.number() as i64, 409)
    );
    let message = r.json["errors"][0]["extensions"]["developerMessage"]
        .as_str()
        .unwrap();
    assert!(
        message.contains("Approved (2)") && message.contains("Withdrawn (3)"),
        "{message}"
    );
    let r = alice.call(&app, WITHDRAW, json!({ "id": second })).await;
    assert_eq!(
        data(&r, "withdrawApplication")["lifeCycleStage"],
        "WITHDRAWN"
    );
    let r = alice.call(&app, WITHDRAW, json!({ "id": second })).await;
    assert_eq!(
        error(&r),
        (codes::APPLICATION_STAGE_CONFLICT.number() as i64, 409)
    );

    // Admin moves: Approved -> Rejected -> Approved -> Completed; final after that.
    for stage in ["REJECTED", "APPROVED", "COMPLETED"] {
        let r = admin
            .call(&app, &set_stage(), json!({ "id": first, "s": stage }))
            .await;
        assert_eq!(data(&r, "setApplicationStage")["lifeCycleStage"], stage);
    }
    for (id, stage) in [
        (&first, "OPEN"),
        (&first, "APPROVED"),
        (&second, "APPROVED"),
        (&second, "OPEN"),
    ] {
        let r = admin
            .call(&app, &set_stage(), json!({ "id": id, "s": stage }))
            .await;
        assert_eq!(
            error(&r),
            (codes::APPLICATION_STAGE_CONFLICT.number() as i64, 409),
            "{stage}: {}",
            r.text
        );
    }

    // Lists: the applicant's own in every stage; the admins' everything.
    let r = alice.call(&app, MY_APPLICATIONS, json!({})).await;
    assert_eq!(data(&r, "myApplications")["count"], 2);
    let args = json!({ "a": { "filters": [{ "attribute": "life_cycle_stage", "operator": "EQ", "values": ["3"] }] } });
    let r = alice.call(&app, MY_APPLICATIONS, args).await;
    assert_eq!(
        data(&r, "myApplications")["list"],
        json!([{ "id": second, "lifeCycleStage": "WITHDRAWN" }])
    );
    let r = bob.call(&app, MY_APPLICATIONS, json!({})).await;
    assert_eq!(data(&r, "myApplications")["count"], 0);
    let all = "{ applications { count } }";
    let r = admin.call(&app, all, json!({})).await;
    assert_eq!(data(&r, "applications")["count"], 2);
    let r = bob.call(&app, all, json!({})).await;
    assert_eq!(error(&r), (codes::FORBIDDEN.number() as i64, 403));
    let r = anonymous(&app, DEMO_NETWORK, PUBLIC_APPLICATIONS, json!({})).await;
    assert_eq!(
        data(&r, "publicApplications")["count"],
        0,
        "Completed is not listed"
    );
}
