//! That a marketplace route answers exactly what its GraphQL document returns.

use crowdgraph::rest::convert::to_rest;
use serde_json::{Value, json};

use crate::common::TestApp;
use crate::common::demo::demo;
use crate::common::graphql::{bearer, gql};
use crate::common::identity::seeded;
use crate::common::rest::assert_success;
use crate::common::rest_marketplace::get;

/// Runs a route's document through /graphql with the same variables.
async fn through_graphql(
    app: &TestApp,
    token: &str,
    document: &str,
    variables: Value,
    field: &str,
) -> Value {
    let auth = bearer(token);
    let g = gql(app, &[("authorization", &auth)], document, variables).await;
    assert!(g.json["errors"].is_null(), "{}", g.text);
    to_rest(async_graphql::Value::from_json(g.json["data"][field].clone()).unwrap())
}

macro_rules! route_document {
    ($name:literal, $fragment:literal) => {
        concat!(
            include_str!(concat!("../../../src/rest/documents/", $name, ".graphql")),
            include_str!(concat!(
                "../../../src/rest/documents/fragments_",
                $fragment,
                ".graphql"
            ))
        )
    };
}

#[tokio::test]
async fn marketplace_routes_answer_exactly_what_graphql_returns() {
    let app = seeded().await;
    let d = demo(&app).await;
    let args = json!({ "orderBy": "name", "sort": "DESC", "limit": 5 });

    // Offerings: the list and one.
    let r = get(
        &app,
        "/offerings?orderby=name&sort=desc&limit=5",
        &d.bob_token,
    )
    .await;
    let rest_page = assert_success(&r).clone();
    let graphql = through_graphql(
        &app,
        &d.bob_token,
        route_document!("get_offerings", "offering"),
        json!({ "args": args }),
        "offerings",
    )
    .await;
    assert_eq!(graphql, rest_page);
    assert_eq!(rest_page["count"], 2);
    let r = get(&app, &format!("/offerings/{}", d.solar), &d.alice_token).await;
    let graphql = through_graphql(
        &app,
        &d.alice_token,
        route_document!("get_offering", "offering"),
        json!({ "id": d.solar }),
        "offering",
    )
    .await;
    assert_eq!(&graphql, &assert_success(&r)["offering"]);

    // Investments: the investor's list, an offering's list seen by its team, and one.
    let r = get(
        &app,
        "/self/investments?orderby=created_at&sort=asc",
        &d.alice_token,
    )
    .await;
    let rest_page = assert_success(&r).clone();
    let graphql = through_graphql(
        &app,
        &d.alice_token,
        route_document!("get_self_investments", "investment"),
        json!({ "args": { "orderBy": "created_at", "sort": "ASC" } }),
        "myInvestments",
    )
    .await;
    assert_eq!(graphql, rest_page);
    let r = get(
        &app,
        &format!("/offerings/{}/investments", d.northwind),
        &d.bob_token,
    )
    .await;
    let graphql = through_graphql(
        &app,
        &d.bob_token,
        route_document!("get_offering_investments", "investment"),
        json!({ "offeringId": d.northwind, "args": {} }),
        "offeringInvestments",
    )
    .await;
    assert_eq!(&graphql, assert_success(&r));
    let investment = rest_page["list"][0]["id"].as_str().unwrap().to_owned();
    let r = get(&app, &format!("/investments/{investment}"), &d.alice_token).await;
    let graphql = through_graphql(
        &app,
        &d.alice_token,
        route_document!("get_investment", "investment"),
        json!({ "id": investment }),
        "investment",
    )
    .await;
    assert_eq!(&graphql, &assert_success(&r)["investment"]);
    // Enum codes, not names, and no __typename.
    assert!(graphql["life_cycle_stage"].is_i64());

    // Organizations: one, as a member sees it.
    let r = get(&app, &format!("/organizations/{}", d.helios), &d.bob_token).await;
    let graphql = through_graphql(
        &app,
        &d.bob_token,
        route_document!("get_organization", "organization"),
        json!({ "id": d.helios }),
        "organization",
    )
    .await;
    assert_eq!(&graphql, &assert_success(&r)["organization"]);
}
