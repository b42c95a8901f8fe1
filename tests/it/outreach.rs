//! Outreach through GraphQL: the network's globals, invitations (mail, hashed single-use
//! secret, who may read them), applications (creation, lists, stage transitions), and
//! isolation between networks.

use crowdgraph::db::schema::{invitations, networks, organizations};
use crowdgraph::domain::token;
use crowdgraph::error::codes;
use crowdgraph::models::invitation::Invitation as InvitationRow;
use crowdgraph::seed::{self, DEMO_NETWORK};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::common::graphql::{gql, login};
use crate::common::identity::seeded;
use crate::common::{TestApp, TestResponse, first_error_code};

const ADMIN: (&str, &str) = ("admin@example.com", "demo-admin-pass");
const ALICE: (&str, &str) = ("alice@example.com", "correct horse");
const BOB: (&str, &str) = ("bob@example.com", "pässwörd");

const GLOBALS: &str = "{ globals }";
const SET_GLOBALS: &str = "mutation($v: JSON!) { setGlobals(values: $v) }";
const CREATE_INVITATION: &str = "mutation($i: InvitationInput!) { createInvitation(input: $i) { id authorId email givenName familyName organizationName createdAt expiresAt expired respondedAt registeredUserId } }";
const INVITATION: &str = "query($id: ID!) { invitation(id: $id) { id email authorId } }";
const MY_INVITATIONS: &str =
    "query($a: ListArgs = {}) { myInvitations(args: $a) { offset limit count list { id email } } }";
const RESPOND: &str = "mutation($id: ID!, $s: String!) { respondToInvitation(invitationId: $id, secret: $s) { invitationId email givenName familyName organizationName expiresAt } }";
const APPLICATION_FIELDS: &str = "id authorId userId userName offeringId organizationId lifeCycleStage additionalType code description fundingGoal investmentAmount interestRate numberOfShares pricePerShare term custom info { type value } createdAt updatedAt";

/// A logged-in user's headers.
struct Session {
    auth: String,
}

impl Session {
    async fn new(app: &TestApp, network: &str, (email, password): (&str, &str)) -> Session {
        Session {
            auth: format!("Bearer {}", login(app, network, email, password).await),
        }
    }

    async fn call(&self, app: &TestApp, query: &str, variables: Value) -> TestResponse {
        gql(app, &[("authorization", &self.auth)], query, variables).await
    }
}

async fn anonymous(app: &TestApp, network: &str, query: &str, variables: Value) -> TestResponse {
    gql(app, &[("network", network)], query, variables).await
}

/// `(code, status)` of the first error.
fn error(response: &TestResponse) -> (i64, i64) {
    let ext = &response.json["errors"][0]["extensions"];
    (
        ext["code"]
            .as_i64()
            .unwrap_or_else(|| panic!("no error: {}", response.text)),
        ext["status"].as_i64().unwrap(),
    )
}

fn data<'a>(response: &'a TestResponse, field: &str) -> &'a Value {
    let value = &response.json["data"][field];
    assert!(
        !value.is_null() && response.json["errors"].is_null(),
        "{field}: {}",
        response.text
    );
    value
}

async fn network_id(app: &TestApp, name: &str) -> Uuid {
    let mut conn = app.db.conn().await;
    networks::table
        .filter(networks::name.eq(name))
        .select(networks::id)
        .first(&mut conn)
        .await
        .unwrap()
}

async fn exec(app: &TestApp, sql: &str) {
    let mut conn = app.db.conn().await;
    diesel::sql_query(sql).execute(&mut conn).await.unwrap();
}

/// A second network with its own admin; returns the admin's session.
async fn other_network(app: &TestApp) -> Session {
    seed::create_network(
        &app.state.pool,
        "other",
        "boss@other.example",
        "other-admin-pass",
    )
    .await
    .unwrap();
    Session::new(app, "other", ("boss@other.example", "other-admin-pass")).await
}

// ---------------------------------------------------------------------------------------
// Globals
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn globals_are_public_and_only_admins_merge_them() {
    let app = seeded().await;
    let read = anonymous(&app, DEMO_NETWORK, GLOBALS, json!({})).await;
    assert_eq!(data(&read, "globals"), &json!({}));

    let admin = Session::new(&app, DEMO_NETWORK, ADMIN).await;
    let set = admin
        .call(
            &app,
            SET_GLOBALS,
            json!({ "v": { "currency": "GBP", "fees": { "entry": "1.5" }, "max-bids": 3 } }),
        )
        .await;
    assert_eq!(
        data(&set, "setGlobals"),
        &json!({ "currency": "GBP", "fees": { "entry": "1.5" }, "max-bids": 3 })
    );
    // Merge: a null removes, other keys stay.
    let set = admin
        .call(
            &app,
            SET_GLOBALS,
            json!({ "v": { "fees": null, "terms_url": "https://x.example/terms" } }),
        )
        .await;
    let want = json!({ "currency": "GBP", "max-bids": 3, "terms_url": "https://x.example/terms" });
    assert_eq!(data(&set, "setGlobals"), &want);
    // Anybody reads them, logged in or not.
    let read = anonymous(&app, DEMO_NETWORK, GLOBALS, json!({})).await;
    assert_eq!(data(&read, "globals"), &want);
    let alice = Session::new(&app, DEMO_NETWORK, ALICE).await;
    assert_eq!(
        data(&alice.call(&app, GLOBALS, json!({})).await, "globals"),
        &want
    );

    // Validation.
    let cases = [
        (json!({ "bad key": 1 }), (codes::BAD_REQUEST.number(), 400)),
        (json!({ "": 1 }), (codes::BAD_REQUEST.number(), 400)),
        (
            json!(["not", "an", "object"]),
            (codes::BAD_REQUEST.number(), 400),
        ),
        (
            json!({ "k": "x".repeat(70_000) }),
            (codes::GLOBALS_LIMIT.number(), 400),
        ),
    ];
    for (values, (code, status)) in cases {
        let r = admin.call(&app, SET_GLOBALS, json!({ "v": values })).await;
        assert_eq!(error(&r), (code as i64, status), "{}", r.text);
    }
    let many: serde_json::Map<String, Value> =
        (0..98).map(|i| (format!("k{i}"), json!(i))).collect();
    let r = admin.call(&app, SET_GLOBALS, json!({ "v": many })).await;
    assert_eq!(
        error(&r),
        (codes::GLOBALS_LIMIT.number() as i64, 400),
        "3 + 98 keys: {}",
        r.text
    );
    let read = anonymous(&app, DEMO_NETWORK, GLOBALS, json!({})).await;
    assert_eq!(
        data(&read, "globals"),
        &want,
        "refused changes leave nothing"
    );

    // Non-admins cannot set them.
    let r = alice
        .call(&app, SET_GLOBALS, json!({ "v": { "x": 1 } }))
        .await;
    assert_eq!(error(&r), (codes::FORBIDDEN.number() as i64, 403));
    let r = anonymous(&app, DEMO_NETWORK, SET_GLOBALS, json!({ "v": { "x": 1 } })).await;
    assert_eq!(error(&r), (codes::AUTH_REQUIRED.number() as i64, 401));
}

// ---------------------------------------------------------------------------------------
// Invitations
// ---------------------------------------------------------------------------------------

/// The `invitation_id` and `secret` of the newest mail to `to`, checking its link.
async fn invitation_link(app: &TestApp, to: &str) -> (String, String) {
    let mut conn = app.db.conn().await;
    let net = network_id(app, DEMO_NETWORK).await;
    let mails = crowdgraph::models::mail::list_for(&mut conn, net, to)
        .await
        .unwrap();
    let mail = mails
        .as_slice()
        .first()
        .expect("an invitation mail was queued");
    assert_eq!(mail.kind, crowdgraph::models::mail::kind::INVITATION);
    assert!(mail.body_text.contains("7 days"), "{}", mail.body_text);
    let link = mail
        .body_text
        .split_whitespace()
        .find(|w| w.starts_with("https://"))
        .expect("a link in the mail");
    let url = url::Url::parse(link).unwrap();
    assert_eq!(url.host_str(), Some("front.example"));
    assert_eq!(url.path(), "/join");
    let param = |name: &str| {
        url.query_pairs()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.into_owned())
            .unwrap_or_else(|| panic!("{name} in {link}"))
    };
    assert_eq!(param("lang"), "en", "the front end's own parameters stay");
    (param("invitation_id"), param("secret"))
}

#[derive(QueryableByName)]
struct RowText {
    #[diesel(sql_type = diesel::sql_types::Text)]
    t: String,
}

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

// ---------------------------------------------------------------------------------------
// Applications
// ---------------------------------------------------------------------------------------

fn create_application() -> String {
    format!(
        "mutation($i: ApplicationInput = {{}}) {{ createApplication(input: $i) {{ {APPLICATION_FIELDS} }} }}"
    )
}

fn set_stage() -> String {
    format!(
        "mutation($id: ID!, $s: ApplicationStage!) {{ setApplicationStage(id: $id, stage: $s) {{ {APPLICATION_FIELDS} }} }}"
    )
}

const WITHDRAW: &str = "mutation($id: ID!) { withdrawApplication(id: $id) { id lifeCycleStage } }";
const APPLICATION: &str = "query($id: ID!) { application(id: $id) { id lifeCycleStage userName } }";
const PUBLIC_APPLICATIONS: &str = "query($a: ListArgs = {}) { publicApplications(args: $a) { count list { id userName lifeCycleStage investmentAmount } } }";
const MY_APPLICATIONS: &str =
    "query($a: ListArgs = {}) { myApplications(args: $a) { count list { id lifeCycleStage } } }";

async fn demo_organization(app: &TestApp) -> Uuid {
    let net = network_id(app, DEMO_NETWORK).await;
    let mut conn = app.db.conn().await;
    organizations::table
        .filter(organizations::network_id.eq(net))
        .select(organizations::id)
        .first(&mut conn)
        .await
        .unwrap()
}

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

// ---------------------------------------------------------------------------------------
// Tenancy
// ---------------------------------------------------------------------------------------

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
