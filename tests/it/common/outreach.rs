//! Helpers of the GraphQL outreach tests: demo users and sessions, the globals,
//! invitation and application operations, and a second network.

use super::graphql::{gql, login};
use super::{TestApp, TestResponse};
use crowdgraph::db::schema::{networks, organizations};
use crowdgraph::seed::{self, DEMO_NETWORK};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use serde_json::Value;
use uuid::Uuid;

pub const ADMIN: (&str, &str) = ("admin@example.com", "demo-admin-pass");
pub const ALICE: (&str, &str) = ("alice@example.com", "correct horse");
pub const BOB: (&str, &str) = ("bob@example.com", "pässwörd");

pub const GLOBALS: &str = "{ globals }";
pub const SET_GLOBALS: &str = "mutation($v: JSON!) { setGlobals(values: $v) }";
pub const CREATE_INVITATION: &str = "mutation($i: InvitationInput!) { createInvitation(input: $i) { id authorId email givenName familyName organizationName createdAt expiresAt expired respondedAt registeredUserId } }";
pub const INVITATION: &str = "query($id: ID!) { invitation(id: $id) { id email authorId } }";
pub const MY_INVITATIONS: &str =
    "query($a: ListArgs = {}) { myInvitations(args: $a) { offset limit count list { id email } } }";
pub const RESPOND: &str = "mutation($id: ID!, $s: String!) { respondToInvitation(invitationId: $id, secret: $s) { invitationId email givenName familyName organizationName expiresAt } }";
pub const APPLICATION_FIELDS: &str = "id authorId userId userName offeringId organizationId lifeCycleStage additionalType code description fundingGoal investmentAmount interestRate numberOfShares pricePerShare term custom info { type value } createdAt updatedAt";

/// A logged-in user's headers.
pub struct Session {
    pub auth: String,
}

impl Session {
    pub async fn new(app: &TestApp, network: &str, (email, password): (&str, &str)) -> Session {
        Session {
            auth: format!("Bearer {}", login(app, network, email, password).await),
        }
    }

    pub async fn call(&self, app: &TestApp, query: &str, variables: Value) -> TestResponse {
        gql(app, &[("authorization", &self.auth)], query, variables).await
    }
}

pub async fn anonymous(
    app: &TestApp,
    network: &str,
    query: &str,
    variables: Value,
) -> TestResponse {
    gql(app, &[("network", network)], query, variables).await
}

/// `(code, status)` of the first error.
pub fn error(response: &TestResponse) -> (i64, i64) {
    let ext = &response.json["errors"][0]["extensions"];
    (
        ext["code"]
            .as_i64()
            .unwrap_or_else(|| panic!("no error: {}", response.text)),
        ext["status"].as_i64().unwrap(),
    )
}

pub fn data<'a>(response: &'a TestResponse, field: &str) -> &'a Value {
    let value = &response.json["data"][field];
    assert!(
        !value.is_null() && response.json["errors"].is_null(),
        "{field}: {}",
        response.text
    );
    value
}

pub async fn network_id(app: &TestApp, name: &str) -> Uuid {
    let mut conn = app.db.conn().await;
    networks::table
        .filter(networks::name.eq(name))
        .select(networks::id)
        .first(&mut conn)
        .await
        .unwrap()
}

pub async fn exec(app: &TestApp, sql: &str) {
    let mut conn = app.db.conn().await;
    diesel::sql_query(sql).execute(&mut conn).await.unwrap();
}

/// A second network with its own admin; returns the admin's session.
pub async fn other_network(app: &TestApp) -> Session {
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

/// The `invitation_id` and `secret` of the newest mail to `to`, checking its link.
pub async fn invitation_link(app: &TestApp, to: &str) -> (String, String) {
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
pub struct RowText {
    #[diesel(sql_type = diesel::sql_types::Text)]
    pub t: String,
}

pub fn create_application() -> String {
    format!(
        "mutation($i: ApplicationInput = {{}}) {{ createApplication(input: $i) {{ {APPLICATION_FIELDS} }} }}"
    )
}

pub fn set_stage() -> String {
    format!(
        "mutation($id: ID!, $s: ApplicationStage!) {{ setApplicationStage(id: $id, stage: $s) {{ {APPLICATION_FIELDS} }} }}"
    )
}

pub const WITHDRAW: &str =
    "mutation($id: ID!) { withdrawApplication(id: $id) { id lifeCycleStage } }";
pub const APPLICATION: &str =
    "query($id: ID!) { application(id: $id) { id lifeCycleStage userName } }";
pub const PUBLIC_APPLICATIONS: &str = "query($a: ListArgs = {}) { publicApplications(args: $a) { count list { id userName lifeCycleStage investmentAmount } } }";
pub const MY_APPLICATIONS: &str =
    "query($a: ListArgs = {}) { myApplications(args: $a) { count list { id lifeCycleStage } } }";

pub async fn demo_organization(app: &TestApp) -> Uuid {
    let net = network_id(app, DEMO_NETWORK).await;
    let mut conn = app.db.conn().await;
    organizations::table
        .filter(organizations::network_id.eq(net))
        .select(organizations::id)
        .first(&mut conn)
        .await
        .unwrap()
}
