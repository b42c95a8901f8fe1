//! Invitations: mail, hashed single-use secret, validation, limits, who may read them.

use crowdgraph::db::schema::invitations;
use crowdgraph::domain::token;
use crowdgraph::error::codes;
use crowdgraph::models::invitation::Invitation as InvitationRow;
use crowdgraph::seed::DEMO_NETWORK;
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::common::first_error_code;
use crate::common::identity::seeded;
use crate::common::outreach::{
    ADMIN, ALICE, BOB, CREATE_INVITATION, INVITATION, MY_INVITATIONS, RESPOND, RowText, Session,
    anonymous, data, error, exec, invitation_link, network_id,
};

#[tokio::test]
async fn an_invitation_is_mailed_with_a_hashed_single_use_secret() {
    let app = seeded().await;
    let alice = Session::new(&app, DEMO_NETWORK, ALICE).await;
    let input = json!({
        "email": " John.Doe@test.com ", "givenName": "John", "familyName": "Doe",
        "organizationName": "JD, Inc", "url": "https://front.example/join?lang=en",
    });
    let r = alice
        .call(&app, CREATE_INVITATION, json!({ "i": input }))
        .await;
    let inv = data(&r, "createInvitation").clone();
    assert_eq!(inv["email"], "John.Doe@test.com");
    assert_eq!(inv["givenName"], "John");
    assert_eq!(inv["familyName"], "Doe");
    assert_eq!(inv["organizationName"], "JD, Inc");
    assert_eq!(inv["expired"], false);
    assert_eq!(inv["respondedAt"], Value::Null);
    assert_eq!(inv["registeredUserId"], Value::Null);
    let created = chrono::DateTime::parse_from_rfc3339(inv["createdAt"].as_str().unwrap()).unwrap();
    let expires = chrono::DateTime::parse_from_rfc3339(inv["expiresAt"].as_str().unwrap()).unwrap();
    let validity = expires - created;
    assert!(
        (validity - chrono::TimeDelta::days(7)).num_seconds().abs() < 60,
        "{validity}"
    );
    let me = alice.call(&app, "{ me { id } }", json!({})).await;
    assert_eq!(inv["authorId"], me.json["data"]["me"]["id"]);

    // The mail's link carries the id and a secret; only the secret's hash is stored.
    let (invitation_id, secret) = invitation_link(&app, "john.doe@test.com").await;
    assert_eq!(invitation_id, inv["id"].as_str().unwrap());
    assert!(secret.len() > 40);
    let id = Uuid::parse_str(&invitation_id).unwrap();
    let mut conn = app.db.conn().await;
    let stored: Option<String> = invitations::table
        .find(id)
        .select(invitations::secret_hash)
        .first(&mut conn)
        .await
        .unwrap();
    assert_eq!(stored.as_deref(), Some(token::hash(&secret).as_str()));
    let row: RowText =
        diesel::sql_query("SELECT row_to_json(i)::text AS t FROM invitations i WHERE i.id = $1")
            .bind::<diesel::sql_types::Uuid, _>(id)
            .get_result(&mut conn)
            .await
            .unwrap();
    assert!(
        !row.t.contains(&secret),
        "the secret is never stored in clear"
    );
    assert!(!r.text.contains(&secret) && !r.text.contains(&token::hash(&secret)));

    // The invitee opens the link: details to prefill the registration, respondedAt set.
    let wrong = anonymous(
        &app,
        DEMO_NETWORK,
        RESPOND,
        json!({ "id": invitation_id, "s": "cg_wrong" }),
    )
    .await;
    assert_eq!(error(&wrong), (codes::NOT_FOUND.number() as i64, 404));
    let opened = anonymous(
        &app,
        DEMO_NETWORK,
        RESPOND,
        json!({ "id": invitation_id, "s": secret }),
    )
    .await;
    let prefill = data(&opened, "respondToInvitation");
    assert_eq!(prefill["email"], "John.Doe@test.com");
    assert_eq!(prefill["organizationName"], "JD, Inc");
    let read = alice
        .call(
            &app,
            "query($id: ID!) { invitation(id: $id) { respondedAt } }",
            json!({ "id": invitation_id }),
        )
        .await;
    let responded = data(&read, "invitation")["respondedAt"].clone();
    assert!(responded.is_string(), "{}", read.text);
    // Opening it again keeps the first moment.
    anonymous(
        &app,
        DEMO_NETWORK,
        RESPOND,
        json!({ "id": invitation_id, "s": secret }),
    )
    .await;
    let read = alice
        .call(
            &app,
            "query($id: ID!) { invitation(id: $id) { respondedAt } }",
            json!({ "id": invitation_id }),
        )
        .await;
    assert_eq!(data(&read, "invitation")["respondedAt"], responded);

    // Registration through the link uses the secret up: it works once.
    let net = network_id(&app, DEMO_NETWORK).await;
    let bob_id: Uuid = crowdgraph::models::user::User::find_by_email(&mut conn, net, BOB.0)
        .await
        .unwrap()
        .unwrap()
        .id;
    let hash = token::hash(&secret);
    let claimed = InvitationRow::claim(&mut conn, net, id, &hash, bob_id)
        .await
        .unwrap();
    assert_eq!(claimed.unwrap().registered_user_id, Some(bob_id));
    assert!(
        InvitationRow::claim(&mut conn, net, id, &hash, bob_id)
            .await
            .unwrap()
            .is_none()
    );
    let again = anonymous(
        &app,
        DEMO_NETWORK,
        RESPOND,
        json!({ "id": invitation_id, "s": secret }),
    )
    .await;
    assert_eq!(error(&again), (codes::NOT_FOUND.number() as i64, 404));
    let read = alice
        .call(
            &app,
            "query($id: ID!) { invitation(id: $id) { registeredUserId } }",
            json!({ "id": invitation_id }),
        )
        .await;
    assert_eq!(
        data(&read, "invitation")["registeredUserId"],
        bob_id.to_string()
    );
}

#[tokio::test]
async fn an_expired_invitation_link_is_refused() {
    let app = seeded().await;
    let alice = Session::new(&app, DEMO_NETWORK, ALICE).await;
    let input = json!({ "email": "late@test.com", "url": "https://front.example/join?lang=en" });
    let r = alice
        .call(&app, CREATE_INVITATION, json!({ "i": input }))
        .await;
    data(&r, "createInvitation");
    let (id, secret) = invitation_link(&app, "late@test.com").await;
    exec(
        &app,
        &format!(
            "UPDATE invitations SET expires_at = now() - interval '1 second' WHERE id = '{id}'"
        ),
    )
    .await;
    let r = anonymous(
        &app,
        DEMO_NETWORK,
        RESPOND,
        json!({ "id": id, "s": secret }),
    )
    .await;
    assert_eq!(
        error(&r),
        (codes::INVITATION_EXPIRED.number() as i64, 410),
        "{}",
        r.text
    );
    let r = alice
        .call(
            &app,
            "query($id: ID!) { invitation(id: $id) { expired respondedAt } }",
            json!({ "id": id }),
        )
        .await;
    assert_eq!(
        data(&r, "invitation"),
        &json!({ "expired": true, "respondedAt": null })
    );
    let mut conn = app.db.conn().await;
    let net = network_id(&app, DEMO_NETWORK).await;
    let bob = crowdgraph::models::user::User::find_by_email(&mut conn, net, BOB.0)
        .await
        .unwrap()
        .unwrap();
    let claimed = InvitationRow::claim(
        &mut conn,
        net,
        Uuid::parse_str(&id).unwrap(),
        &token::hash(&secret),
        bob.id,
    )
    .await
    .unwrap();
    assert!(claimed.is_none(), "an expired secret cannot be used");
}

#[tokio::test]
async fn invitation_input_is_validated_and_nothing_is_written_on_error() {
    let app = seeded().await;
    let alice = Session::new(&app, DEMO_NETWORK, ALICE).await;
    let ok_url = "https://front.example/join";
    let cases = [
        (
            json!({ "email": "not-an-email", "url": ok_url }),
            codes::INVALID_EMAIL.number(),
        ),
        (
            json!({ "email": "a@b.example", "url": "javascript:alert(1)" }),
            codes::BAD_REQUEST.number(),
        ),
        (
            json!({ "email": "a@b.example", "url": "/relative" }),
            codes::BAD_REQUEST.number(),
        ),
        (
            json!({ "email": "a@b.example", "url": ok_url, "givenName": "x".repeat(201) }),
            codes::BAD_REQUEST.number(),
        ),
    ];
    for (input, code) in cases {
        let r = alice
            .call(&app, CREATE_INVITATION, json!({ "i": input }))
            .await;
        assert_eq!(
            first_error_code(&r),
            Some(code as i64),
            "{input}: {}",
            r.text
        );
    }
    let mut conn = app.db.conn().await;
    let n: i64 = invitations::table
        .count()
        .get_result(&mut conn)
        .await
        .unwrap();
    assert_eq!(n, 0);
    let mails: i64 = crowdgraph::db::schema::mail_outbox::table
        .count()
        .get_result(&mut conn)
        .await
        .unwrap();
    assert_eq!(mails, 0);

    // Anonymous visitors cannot invite.
    let input = json!({ "email": "a@b.example", "url": ok_url });
    let r = anonymous(&app, DEMO_NETWORK, CREATE_INVITATION, json!({ "i": input })).await;
    assert_eq!(error(&r), (codes::AUTH_REQUIRED.number() as i64, 401));
}

#[tokio::test]
async fn a_user_may_send_at_most_fifty_invitations_a_day() {
    let app = seeded().await;
    exec(
        &app,
        "INSERT INTO invitations (network_id, author_id, email)
         SELECT u.network_id, u.id, 'x' || g || '@example.com'
         FROM users u, generate_series(1, 50) g WHERE u.email = 'alice@example.com'",
    )
    .await;
    let alice = Session::new(&app, DEMO_NETWORK, ALICE).await;
    let input = json!({ "email": "one.more@test.com", "url": "https://front.example/join" });
    let r = alice
        .call(&app, CREATE_INVITATION, json!({ "i": input }))
        .await;
    assert_eq!(
        error(&r),
        (codes::INVITATION_LIMIT.number() as i64, 429),
        "{}",
        r.text
    );
    // Another user is not affected.
    let bob = Session::new(&app, DEMO_NETWORK, BOB).await;
    let r = bob
        .call(&app, CREATE_INVITATION, json!({ "i": input }))
        .await;
    data(&r, "createInvitation");
}

#[tokio::test]
async fn invitations_are_read_by_their_author_and_admins_only() {
    let app = seeded().await;
    let alice = Session::new(&app, DEMO_NETWORK, ALICE).await;
    let bob = Session::new(&app, DEMO_NETWORK, BOB).await;
    let admin = Session::new(&app, DEMO_NETWORK, ADMIN).await;
    let url = "https://front.example/join";
    let mut ids = Vec::new();
    for email in ["first@test.com", "second@test.com"] {
        let r = alice
            .call(
                &app,
                CREATE_INVITATION,
                json!({ "i": { "email": email, "url": url } }),
            )
            .await;
        ids.push(
            data(&r, "createInvitation")["id"]
                .as_str()
                .unwrap()
                .to_owned(),
        );
    }
    let r = bob
        .call(
            &app,
            CREATE_INVITATION,
            json!({ "i": { "email": "bobs@test.com", "url": url } }),
        )
        .await;
    let bobs = data(&r, "createInvitation")["id"]
        .as_str()
        .unwrap()
        .to_owned();

    // Own list: newest first, filterable, paged.
    let r = alice.call(&app, MY_INVITATIONS, json!({})).await;
    let page = data(&r, "myInvitations");
    assert_eq!(page["count"], 2);
    assert_eq!(page["limit"], 12);
    assert_eq!(page["list"][0]["email"], "second@test.com");
    assert_eq!(page["list"][1]["email"], "first@test.com");
    let args = json!({ "a": { "filters": [{ "attribute": "email", "operator": "EQ", "values": ["first@test.com"] }] } });
    let r = alice.call(&app, MY_INVITATIONS, args).await;
    assert_eq!(
        data(&r, "myInvitations")["list"],
        json!([{ "id": ids[0], "email": "first@test.com" }])
    );
    let today = chrono::Utc::now().date_naive().to_string();
    let args = json!({ "a": { "limit": 1, "offset": 1, "orderBy": "created_at", "sort": "ASC",
        "filters": [{ "attribute": "created_at", "operator": "EQ", "values": [today] }] } });
    let r = alice.call(&app, MY_INVITATIONS, args).await;
    let page = data(&r, "myInvitations");
    assert_eq!(
        (page["count"].as_i64(), page["offset"].as_i64()),
        (Some(2), Some(1))
    );
    assert_eq!(page["list"][0]["email"], "second@test.com");
    for bad in [
        json!({ "orderBy": "secret_hash" }),
        json!({ "filters": [{ "attribute": "custom__x", "operator": "EQ", "values": ["1"] }] }),
        json!({ "orderBy": "custom__x" }),
        json!({ "limit": 101 }),
    ] {
        let r = alice.call(&app, MY_INVITATIONS, json!({ "a": bad })).await;
        assert_eq!(
            error(&r),
            (codes::BAD_REQUEST.number() as i64, 400),
            "{bad}: {}",
            r.text
        );
    }

    // One invitation: the author and admins; for anybody else it does not exist.
    let r = alice.call(&app, INVITATION, json!({ "id": ids[0] })).await;
    assert_eq!(data(&r, "invitation")["email"], "first@test.com");
    let r = admin.call(&app, INVITATION, json!({ "id": ids[0] })).await;
    assert_eq!(data(&r, "invitation")["email"], "first@test.com");
    let r = bob.call(&app, INVITATION, json!({ "id": ids[0] })).await;
    assert_eq!(error(&r), (codes::NOT_FOUND.number() as i64, 404));
    let r = alice.call(&app, INVITATION, json!({ "id": bobs })).await;
    assert_eq!(error(&r), (codes::NOT_FOUND.number() as i64, 404));
    let r = alice
        .call(&app, INVITATION, json!({ "id": "not-a-uuid" }))
        .await;
    assert_eq!(error(&r), (codes::NOT_FOUND.number() as i64, 404));
    let r = anonymous(&app, DEMO_NETWORK, INVITATION, json!({ "id": ids[0] })).await;
    assert_eq!(error(&r), (codes::AUTH_REQUIRED.number() as i64, 401));

    // The admins' list holds everybody's; it is theirs only.
    let all = "{ invitations { count } }";
    let r = admin.call(&app, all, json!({})).await;
    assert_eq!(data(&r, "invitations")["count"], 3);
    let r = alice.call(&app, all, json!({})).await;
    assert_eq!(error(&r), (codes::FORBIDDEN.number() as i64, 403));
}
