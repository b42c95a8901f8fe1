//! Nothing of one network is read or changed from another.

use crowdgraph::error::codes;
use crowdgraph::seed::DEMO_NETWORK;
use serde_json::{Value, json};

use crate::common::first_error_code;
use crate::common::graphql::gql;
use crate::common::identity::seeded;
use crate::common::outreach::{
    ADMIN, ALICE, APPLICATION, CREATE_INVITATION, GLOBALS, INVITATION, MY_INVITATIONS,
    PUBLIC_APPLICATIONS, RESPOND, SET_GLOBALS, Session, WITHDRAW, anonymous, create_application,
    data, demo_organization, error, invitation_link, other_network, set_stage,
};

#[tokio::test]
async fn nothing_of_one_network_is_read_or_changed_from_another() {
    let app = seeded().await;
    let boss = other_network(&app).await;
    let admin = Session::new(&app, DEMO_NETWORK, ADMIN).await;
    let alice = Session::new(&app, DEMO_NETWORK, ALICE).await;

    // Globals: each network its own.
    let r = admin
        .call(&app, SET_GLOBALS, json!({ "v": { "who": "demo" } }))
        .await;
    data(&r, "setGlobals");
    let r = boss
        .call(&app, SET_GLOBALS, json!({ "v": { "who": "other" } }))
        .await;
    assert_eq!(data(&r, "setGlobals"), &json!({ "who": "other" }));
    let r = anonymous(&app, DEMO_NETWORK, GLOBALS, json!({})).await;
    assert_eq!(data(&r, "globals"), &json!({ "who": "demo" }));
    let r = anonymous(&app, "other", GLOBALS, json!({})).await;
    assert_eq!(data(&r, "globals"), &json!({ "who": "other" }));
    // A token of one network never acts in another, whatever the request names.
    let r = gql(
        &app,
        &[("authorization", admin.auth.as_str()), ("network", "other")],
        SET_GLOBALS,
        json!({ "v": { "who": "intruder" } }),
    )
    .await;
    assert_eq!(r.status, 401);
    assert_eq!(
        first_error_code(&r),
        Some(codes::TOKEN_INVALID.number() as i64)
    );
    let r = anonymous(&app, "other", GLOBALS, json!({})).await;
    assert_eq!(data(&r, "globals"), &json!({ "who": "other" }));

    // Invitations of demo are invisible in other, even to its admin and with the secret.
    let input = json!({ "email": "friend@test.com", "url": "https://front.example/join?lang=en" });
    let r = alice
        .call(&app, CREATE_INVITATION, json!({ "i": input }))
        .await;
    data(&r, "createInvitation");
    let (invitation_id, secret) = invitation_link(&app, "friend@test.com").await;
    let r = boss
        .call(&app, INVITATION, json!({ "id": invitation_id }))
        .await;
    assert_eq!(error(&r), (codes::NOT_FOUND.number() as i64, 404));
    let r = boss
        .call(&app, "{ invitations { count } }", json!({}))
        .await;
    assert_eq!(data(&r, "invitations")["count"], 0);
    let r = boss.call(&app, MY_INVITATIONS, json!({})).await;
    assert_eq!(data(&r, "myInvitations")["count"], 0);
    let r = anonymous(
        &app,
        "other",
        RESPOND,
        json!({ "id": invitation_id, "s": secret }),
    )
    .await;
    assert_eq!(error(&r), (codes::NOT_FOUND.number() as i64, 404));
    let r = alice
        .call(&app, INVITATION, json!({ "id": invitation_id }))
        .await;
    assert_eq!(
        data(&r, "invitation")["respondedAt"],
        Value::Null,
        "{}",
        r.text
    );

    // Applications: not listed, read or moved across; ids of another network's rows
    // do not exist.
    let org = demo_organization(&app).await;
    let r = alice
        .call(
            &app,
            &create_application(),
            json!({ "i": { "organizationId": org.to_string() } }),
        )
        .await;
    let demo_app = data(&r, "createApplication")["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let r = admin
        .call(
            &app,
            &set_stage(),
            json!({ "id": demo_app, "s": "APPROVED" }),
        )
        .await;
    data(&r, "setApplicationStage");
    let r = anonymous(&app, "other", PUBLIC_APPLICATIONS, json!({})).await;
    assert_eq!(data(&r, "publicApplications")["count"], 0);
    let r = boss
        .call(&app, "{ applications { count } }", json!({}))
        .await;
    assert_eq!(data(&r, "applications")["count"], 0);
    let r = anonymous(&app, "other", APPLICATION, json!({ "id": demo_app })).await;
    assert_eq!(error(&r), (codes::NOT_FOUND.number() as i64, 404));
    let r = boss
        .call(
            &app,
            &set_stage(),
            json!({ "id": demo_app, "s": "REJECTED" }),
        )
        .await;
    assert_eq!(error(&r), (codes::NOT_FOUND.number() as i64, 404));
    let r = boss.call(&app, WITHDRAW, json!({ "id": demo_app })).await;
    assert_eq!(error(&r), (codes::NOT_FOUND.number() as i64, 404));
    let r = boss
        .call(
            &app,
            &create_application(),
            json!({ "i": { "organizationId": org.to_string() } }),
        )
        .await;
    assert_eq!(
        error(&r),
        (codes::NOT_FOUND.number() as i64, 404),
        "{}",
        r.text
    );
    let alice_id =
        alice.call(&app, "{ me { id } }", json!({})).await.json["data"]["me"]["id"].clone();
    let r = boss
        .call(
            &app,
            &create_application(),
            json!({ "i": { "userId": alice_id } }),
        )
        .await;
    assert_eq!(
        error(&r),
        (codes::NOT_FOUND.number() as i64, 404),
        "{}",
        r.text
    );
    let r = anonymous(&app, DEMO_NETWORK, APPLICATION, json!({ "id": demo_app })).await;
    assert_eq!(
        data(&r, "application")["lifeCycleStage"],
        "APPROVED",
        "unchanged"
    );
}
