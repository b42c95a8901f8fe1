//! Helpers of the marketplace tests: a network with users whose tokens are issued
//! directly (no password hashing), GraphQL calls as a given user, and direct SQL to
//! arrange stages that the API would take many calls to reach.

use crowdgraph::domain::token;
use crowdgraph::models::auth_token::NewAuthToken;
use crowdgraph::models::user::NewUser;
use diesel_async::RunQueryDsl;
use serde_json::{Value, json};
use uuid::Uuid;

use super::graphql::gql;
use super::{TestApp, TestResponse, first_error_code};

/// A logged-in user of a test network.
#[derive(Debug, Clone)]
pub struct Person {
    /// The user's id.
    pub id: String,
    /// A live session token.
    pub token: String,
}

/// A test app with one network (more can be added with [`Market::network`]).
pub struct Market {
    /// The app.
    pub app: TestApp,
    /// The main network's name.
    pub name: String,
    /// The main network's id.
    pub network_id: Uuid,
}

impl Market {
    /// A fresh database with the network `alpha`.
    pub async fn new() -> Market {
        let app = TestApp::new().await;
        Market::over(app, "alpha").await
    }

    /// A market over an existing app, with a new network `name`.
    pub async fn over(app: TestApp, name: &str) -> Market {
        app.create_network(name).await;
        let network_id = network_id(&app, name).await;
        Market {
            app,
            name: name.to_owned(),
            network_id,
        }
    }

    /// Another network in the same database (same app), for cross-network tests.
    pub async fn network(&self, name: &str) -> Tenant {
        self.app.create_network(name).await;
        Tenant {
            name: name.to_owned(),
            network_id: network_id(&self.app, name).await,
        }
    }

    /// The main network as a [`Tenant`].
    pub fn tenant(&self) -> Tenant {
        Tenant {
            name: self.name.clone(),
            network_id: self.network_id,
        }
    }

    /// A user of the main network with a session token.
    pub async fn person(&self, email: &str, is_admin: bool, is_vip: bool) -> Person {
        self.tenant()
            .person(&self.app, email, is_admin, is_vip)
            .await
    }

    /// Runs a GraphQL operation on the main network as `who` (anonymous when `None`).
    pub async fn call(&self, who: Option<&Person>, query: &str, variables: Value) -> TestResponse {
        self.tenant().call(&self.app, who, query, variables).await
    }

    /// Like [`Market::call`], returning `data` and failing on any error.
    pub async fn ok(&self, who: Option<&Person>, query: &str, variables: Value) -> Value {
        let response = self.call(who, query, variables).await;
        assert!(
            response.json["errors"].is_null(),
            "unexpected errors: {}",
            response.text
        );
        response.json["data"].clone()
    }

    /// Runs `query` three times as `who`, checking each answer's `data` with `check`
    /// (which fails on what it does not accept); the fewest SQL statements a run took
    /// (the first may prepare statements the others reuse) and the last `data`.
    pub async fn fewest_statements(
        &self,
        who: Option<&Person>,
        query: &str,
        variables: Value,
        check: impl Fn(&Value),
    ) -> (usize, Value) {
        let mut best = usize::MAX;
        let mut data = Value::Null;
        for _ in 0..3 {
            let counter = crowdgraph::db::metrics::StatementCounter::new();
            let r = counter
                .clone()
                .scope(self.call(who, query, variables.clone()))
                .await;
            assert!(r.json["errors"].is_null(), "{}", r.text);
            best = best.min(counter.get());
            data = r.json["data"].clone();
            check(&data);
        }
        (best, data)
    }

    /// Runs SQL directly (arranging data).
    pub async fn sql(&self, sql: &str) {
        let mut conn = self.app.db.conn().await;
        diesel::sql_query(sql).execute(&mut conn).await.unwrap();
    }

    /// Creates an organization as `who` and returns its id.
    pub async fn org(&self, who: &Person, name: &str) -> String {
        let data = self
            .ok(
                Some(who),
                "mutation($i: OrganizationInput!) { createOrganization(input: $i) { id } }",
                json!({ "i": { "displayName": name } }),
            )
            .await;
        data["createOrganization"]["id"]
            .as_str()
            .unwrap()
            .to_owned()
    }

    /// Creates an offering as `who` under `org` with `input` and returns its id.
    pub async fn offering(&self, who: &Person, org: &str, input: Value) -> String {
        let data = self
            .ok(
                Some(who),
                "mutation($o: ID!, $i: OfferingInput!) { createOffering(organizationId: $o, input: $i) { id } }",
                json!({ "o": org, "i": input }),
            )
            .await;
        data["createOffering"]["id"].as_str().unwrap().to_owned()
    }

    /// Sets an offering's stage code directly.
    pub async fn force_offering_stage(&self, id: &str, code: i16) {
        self.sql(&format!(
            "UPDATE offerings SET life_cycle_stage = {code} WHERE id = '{id}'"
        ))
        .await;
    }

    /// Sets an organization's stage code directly.
    pub async fn force_org_stage(&self, id: &str, code: i16) {
        self.sql(&format!(
            "UPDATE organizations SET life_cycle_stage = {code} WHERE id = '{id}'"
        ))
        .await;
    }

    /// Inserts an investment directly and returns its id.
    pub async fn investment_row(
        &self,
        offering: &str,
        user: &Person,
        amount: &str,
        stage: i16,
        visibility: i16,
    ) -> String {
        #[derive(diesel::QueryableByName)]
        struct Id {
            #[diesel(sql_type = diesel::sql_types::Uuid)]
            id: Uuid,
        }
        let mut conn = self.app.db.conn().await;
        let row: Id = diesel::sql_query(format!(
            "INSERT INTO investments (network_id, offering_id, user_id, investment_amount, \
             life_cycle_stage, visibility) VALUES ('{}', '{offering}', '{}', {amount}, {stage}, \
             {visibility}) RETURNING id",
            self.network_id, user.id
        ))
        .get_result(&mut conn)
        .await
        .unwrap();
        row.id.to_string()
    }
}

/// A network of the test database.
#[derive(Debug, Clone)]
pub struct Tenant {
    /// Its name.
    pub name: String,
    /// Its id.
    pub network_id: Uuid,
}

impl Tenant {
    /// A user of this network with a session token.
    pub async fn person(&self, app: &TestApp, email: &str, is_admin: bool, is_vip: bool) -> Person {
        let mut conn = app.db.conn().await;
        let (given, family) = email.split_once('@').unwrap_or((email, "x"));
        let id = NewUser {
            network_id: self.network_id,
            email,
            password_hash: None,
            is_admin,
            is_vip,
            email_verified: true,
            given_name: Some(given),
            family_name: Some(family),
        }
        .insert(&mut conn)
        .await
        .unwrap();
        let token = token::generate();
        NewAuthToken {
            network_id: self.network_id,
            user_id: id,
            token_hash: &token::hash(&token),
            expires_at: chrono::Utc::now() + chrono::TimeDelta::hours(2),
            user_agent: None,
            client_addr: None,
        }
        .insert(&mut conn)
        .await
        .unwrap();
        Person {
            id: id.to_string(),
            token,
        }
    }

    /// Runs a GraphQL operation on this network as `who` (anonymous when `None`).
    pub async fn call(
        &self,
        app: &TestApp,
        who: Option<&Person>,
        query: &str,
        variables: Value,
    ) -> TestResponse {
        match who {
            Some(p) => {
                let auth = format!("Bearer {}", p.token);
                gql(
                    app,
                    &[("network", &self.name), ("authorization", &auth)],
                    query,
                    variables,
                )
                .await
            }
            None => gql(app, &[("network", &self.name)], query, variables).await,
        }
    }
}

async fn network_id(app: &TestApp, name: &str) -> Uuid {
    let mut conn = app.db.conn().await;
    crowdgraph::models::network::Network::find_by_name(&mut conn, name)
        .await
        .unwrap()
        .unwrap()
        .id
}

/// The error code of a response, if it failed.
pub fn code(response: &TestResponse) -> Option<i64> {
    first_error_code(response)
}

/// The offering stages in code order with their GraphQL names.
pub const OFFERING_STAGES: &[(&str, i16)] = &[
    ("DRAFT", 0),
    ("SUBMITTED", 1),
    ("REJECTED", 2),
    ("APPROVED", 3),
    ("RESTRICTED", 4),
    ("PUBLISHED", 5),
    ("CLOSING", 7),
    ("SETTLED", 8),
    ("CANCELED", 9),
];

/// The investment stages in code order with their GraphQL names.
pub const INVESTMENT_STAGES: &[(&str, i16)] = &[
    ("OPEN", 0),
    ("REJECTED", 1),
    ("APPROVED", 2),
    ("WITHDRAWN", 3),
    ("SETTLED", 4),
];

/// The organization stages in code order with their GraphQL names.
pub const ORGANIZATION_STAGES: &[(&str, i16)] = &[
    ("DRAFT", 0),
    ("SUBMITTED", 1),
    ("REJECTED", 2),
    ("APPROVED", 3),
    ("RESTRICTED", 4),
    ("PUBLISHED", 5),
    ("ARCHIVED", 6),
    ("CANCELLED", 7),
];

/// One cell of a transition matrix: from, to, allowed.
pub type Transition<'a> = ((&'a str, i16), (&'a str, i16), bool);

/// Reads a transition matrix: one row per from-stage, one column per to-stage, `x`
/// allowed, `.` refused (both in the order of `stages`).
pub fn matrix<'a>(stages: &'a [(&'a str, i16)], rows: &[&str]) -> Vec<Transition<'a>> {
    assert_eq!(rows.len(), stages.len());
    let mut out = Vec::new();
    for (from, row) in stages.iter().zip(rows) {
        let cells: Vec<char> = row.chars().filter(|c| !c.is_whitespace()).collect();
        assert_eq!(cells.len(), stages.len(), "row {row:?}");
        for (to, cell) in stages.iter().zip(cells) {
            out.push((*from, *to, cell == 'x'));
        }
    }
    out
}
