//! `Idempotency-Key` over real HTTP (docs/money.md, "Idempotent writes"): repeats of a
//! REST write or a GraphQL mutation get the first answer without running again; a reused
//! key with another request is a 422, a repeat while the first runs a 409; answers that
//! are not kept leave the key free; keys are scoped by network and user; running rows
//! left by a crash stop blocking.

mod answers;
mod concurrency;

use diesel_async::RunQueryDsl;
use serde_json::json;

use crate::common::TestApp;
use crate::common::marketplace::{Market, Person};
use crate::common::server::{self, Answer, Server};

/// A network `alpha` with the user bob, served on a loopback socket.
struct Fixture {
    market: Market,
    server: Server,
    bob: Person,
}

impl Fixture {
    async fn new() -> Fixture {
        Fixture::over(TestApp::new().await).await
    }

    async fn over(app: TestApp) -> Fixture {
        let market = Market::over(app, "alpha").await;
        let bob = market.person("bob@x.test", false, false).await;
        let server = server::start(market.app.state.clone()).await;
        Fixture {
            market,
            server,
            bob,
        }
    }

    /// `POST /v1/{network}/organizations` as `who`, with `key` when given.
    async fn rest_create(
        &self,
        network: &str,
        who: &Person,
        key: Option<&str>,
        body: &str,
    ) -> Answer {
        let auth = format!("Bearer {}", who.token);
        let mut headers = vec![
            ("authorization", auth.as_str()),
            ("content-type", "application/json"),
        ];
        if let Some(key) = key {
            headers.push(("idempotency-key", key));
        }
        let path = format!("/v1/{network}/organizations");
        server::request(self.server.addr, "POST", &path, &headers, body).await
    }

    /// A GraphQL operation on `alpha` as `who`, with `key` when given.
    async fn graphql(
        &self,
        who: &Person,
        key: Option<&str>,
        query: &str,
        variables: serde_json::Value,
    ) -> Answer {
        let auth = format!("Bearer {}", who.token);
        let mut headers = vec![("network", "alpha"), ("authorization", auth.as_str())];
        if let Some(key) = key {
            headers.push(("idempotency-key", key));
        }
        server::graphql(self.server.addr, &headers, query, variables).await
    }

    /// `createOrganization` named `name` on `alpha` as bob.
    async fn graphql_create(&self, key: Option<&str>, name: &str) -> Answer {
        self.graphql(
            &self.bob,
            key,
            CREATE,
            json!({ "i": { "displayName": name } }),
        )
        .await
    }

    /// The number of rows `sql` (a `SELECT count(*) AS n …`) counts.
    async fn count(&self, sql: &str) -> i64 {
        #[derive(diesel::QueryableByName)]
        struct N {
            #[diesel(sql_type = diesel::sql_types::BigInt)]
            n: i64,
        }
        let mut conn = self.market.app.db.conn().await;
        let row: N = diesel::sql_query(sql).get_result(&mut conn).await.unwrap();
        row.n
    }

    async fn organizations(&self) -> i64 {
        self.count("SELECT count(*) AS n FROM organizations").await
    }

    async fn keys(&self) -> i64 {
        self.count("SELECT count(*) AS n FROM idempotency_keys")
            .await
    }
}

const CREATE: &str =
    "mutation($i: OrganizationInput!) { createOrganization(input: $i) { id displayName } }";

/// Whether the answer carries `Idempotent-Replayed: true`.
fn replayed(answer: &Answer) -> bool {
    answer
        .head
        .to_ascii_lowercase()
        .lines()
        .any(|line| line.trim() == "idempotent-replayed: true")
}

/// The error code of a REST failure or of a GraphQL answer's first error.
fn code(answer: &Answer) -> Option<i64> {
    answer.json["data"]["code"]
        .as_i64()
        .or_else(|| answer.json["errors"][0]["extensions"]["code"].as_i64())
}
