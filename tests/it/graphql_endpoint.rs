//! The GraphQL endpoint: `network`, `publicStats`, network resolution, error extensions.

use crowdgraph::error::codes;
use diesel_async::RunQueryDsl;
use serde_json::json;

use crate::common::{TestApp, first_error_code};

/// Inserts an organization and one offering per stage code in `stages`, plus investments
/// `(offering index, user email, amount, stage)`. Returns nothing: tests query the API.
async fn arrange_marketplace(
    app: &TestApp,
    network: &str,
    stages: &[i16],
    investments: &[(usize, &str, &str, i16)],
) {
    let mut conn = app.db.conn().await;
    let sql = format!(
        "WITH n AS (SELECT id FROM networks WHERE name = '{network}'),
              u AS (INSERT INTO users (network_id, email) SELECT id, 'founder@{network}.test' FROM n RETURNING id, network_id)
         INSERT INTO organizations (network_id, author_user_id, contact_point_user_id, display_name)
         SELECT network_id, id, id, 'Org of {network}' FROM u"
    );
    diesel::sql_query(sql).execute(&mut conn).await.unwrap();
    for (i, stage) in stages.iter().enumerate() {
        diesel::sql_query(format!(
            "INSERT INTO offerings (network_id, organization_id, user_id, name, life_cycle_stage)
             SELECT o.network_id, o.id, o.author_user_id, 'offering {i}', {stage}
             FROM organizations o JOIN networks n ON n.id = o.network_id WHERE n.name = '{network}'"
        ))
        .execute(&mut conn)
        .await
        .unwrap();
    }
    for (offering, email, amount, stage) in investments {
        diesel::sql_query(format!(
            "WITH n AS (SELECT id FROM networks WHERE name = '{network}'),
                  u AS (INSERT INTO users (network_id, email) SELECT id, '{email}' FROM n
                        ON CONFLICT DO NOTHING RETURNING id),
                  uid AS (SELECT id FROM u UNION ALL
                          SELECT users.id FROM users, n WHERE users.network_id = n.id AND users.email = '{email}')
             INSERT INTO investments (network_id, offering_id, user_id, investment_amount, life_cycle_stage)
             SELECT n.id, f.id, (SELECT id FROM uid LIMIT 1), {amount}, {stage}
             FROM n JOIN offerings f ON f.network_id = n.id AND f.name = 'offering {offering}'"
        ))
        .execute(&mut conn)
        .await
        .unwrap();
    }
}

const STATS: &str = "{ publicStats { sumSettledInvestments countSettledInvestments \
                     countSettledOfferings countInvestorsWithSettledInvestments } }";

#[tokio::test]
async fn public_stats_count_only_settled_rows_of_the_requested_network() {
    let app = TestApp::new().await;
    let a = app.create_network("alpha").await;
    let b = app.create_network("beta").await;
    // Stages: 8 Settled, 8 Settled, 5 Published. Investment stages: 4 Settled, 2 Approved, 0 Open.
    arrange_marketplace(
        &app,
        &a,
        &[8, 8, 5],
        &[
            (0, "ann@x.test", "1000.50", 4),
            (0, "ann@x.test", "99.50", 4),
            (1, "ben@x.test", "250.0001", 4),
            (1, "cat@x.test", "5000", 2),
            (2, "dan@x.test", "700", 0),
        ],
    )
    .await;
    arrange_marketplace(&app, &b, &[8], &[(0, "eve@x.test", "123456", 4)]).await;

    let response = app.graphql(Some(&a), STATS, json!({})).await;
    assert_eq!(response.status, 200, "{}", response.text);
    assert_eq!(
        response.json["data"]["publicStats"],
        json!({
            "sumSettledInvestments": "1350.0001",
            "countSettledInvestments": 3,
            "countSettledOfferings": 2,
            "countInvestorsWithSettledInvestments": 2,
        })
    );

    let response = app.graphql(Some(&b), STATS, json!({})).await;
    assert_eq!(
        response.json["data"]["publicStats"]["sumSettledInvestments"],
        "123456"
    );
    assert_eq!(
        response.json["data"]["publicStats"]["countSettledOfferings"],
        1
    );
}

#[tokio::test]
async fn public_stats_of_an_empty_network_are_zero() {
    let app = TestApp::new().await;
    let name = app.create_network("empty").await;
    let response = app.graphql(Some(&name), STATS, json!({})).await;
    assert_eq!(
        response.json["data"]["publicStats"],
        json!({
            "sumSettledInvestments": "0",
            "countSettledInvestments": 0,
            "countSettledOfferings": 0,
            "countInvestorsWithSettledInvestments": 0,
        })
    );
}

#[tokio::test]
async fn network_is_named_by_the_network_header() {
    let app = TestApp::new().await;
    app.create_network("gamma").await;
    let response = app
        .graphql(Some("gamma"), "{ network { name globals } }", json!({}))
        .await;
    assert_eq!(
        response.json["data"]["network"],
        json!({ "name": "gamma", "globals": {} })
    );
}

#[tokio::test]
async fn an_unknown_network_is_404_and_a_missing_one_is_400() {
    let app = TestApp::new().await;
    for name in ["nosuch", "Bad Name", "x'; DROP TABLE networks; --"] {
        let response = app
            .graphql(Some(name), "{ network { name } }", json!({}))
            .await;
        assert_eq!(response.status, 404, "{name}: {}", response.text);
        assert_eq!(
            first_error_code(&response),
            Some(codes::NETWORK_UNKNOWN.number() as i64)
        );
    }

    let response = app.graphql(None, "{ network { name } }", json!({})).await;
    assert_eq!(response.status, 200);
    assert_eq!(
        first_error_code(&response),
        Some(codes::NETWORK_REQUIRED.number() as i64)
    );
    let ext = &response.json["errors"][0]["extensions"];
    assert_eq!(ext["status"], 400);
    assert!(ext["userMessage"].is_string() && ext["developerMessage"].is_string());
}

#[tokio::test]
async fn validation_errors_carry_a_code_too() {
    let app = TestApp::new().await;
    let response = app.graphql(None, "{ noSuchField }", json!({})).await;
    assert_eq!(
        first_error_code(&response),
        Some(codes::GRAPHQL_VALIDATION.number() as i64),
        "{}",
        response.text
    );
    let response = app.graphql(None, "{ unclosed", json!({})).await;
    assert_eq!(
        first_error_code(&response),
        Some(codes::GRAPHQL_VALIDATION.number() as i64),
        "{}",
        response.text
    );
}

#[tokio::test]
async fn metrics_count_requests_statements_and_errors_per_operation() {
    let app = TestApp::new().await;
    app.create_network("metered").await;
    let body = json!({ "query": "query Stats { publicStats { countSettledOfferings } }", "operationName": "Stats" });
    let request = axum::http::Request::post("/graphql")
        .header("content-type", "application/json")
        .header("network", "metered")
        .header("x-debug-sql", "1")
        .body(axum::body::Body::from(body.to_string()))
        .unwrap();
    let response = app.send(request).await;
    let sql = &response.json["extensions"]["sql"];
    // The network lookup and the statistics query.
    assert_eq!(sql["statements"], 2, "{}", response.text);
    assert!(sql["dbTimeMs"].as_f64().unwrap() > 0.0);
    // Without the header (and the flag) the extension is absent.
    let plain = app
        .graphql(Some("metered"), "{ network { name } }", json!({}))
        .await;
    assert!(plain.json["extensions"].is_null(), "{}", plain.text);
    app.get("/v1/metered/public/stats").await;
    app.get("/v1/nosuch/public/stats").await;

    let metrics = app.get("/metrics").await;
    assert_eq!(metrics.status, 200);
    let text = metrics.text;
    assert!(
        text.contains(r#"crowdgraph_requests_total{operation="graphql:Stats",status="200"} 1"#),
        "{text}"
    );
    assert!(
        text.contains(r#"crowdgraph_sql_statements_sum{operation="graphql:Stats"} 2"#),
        "{text}"
    );
    assert!(text.contains(r#"crowdgraph_requests_total{operation="rest:GET /v1/{network}/public/stats",status="200"} 1"#), "{text}");
    assert!(text.contains(r#"crowdgraph_errors_total{operation="rest:GET /v1/{network}/public/stats",status="404"} 1"#), "{text}");
    assert!(text.contains("crowdgraph_request_seconds_bucket"));
    assert!(text.contains("crowdgraph_db_seconds_bucket"));
}
