//! Standard clients at the default configuration: the introspection query of
//! graphql-js, and null propagation of failed non-null fields.

use serde_json::json;

use crate::common::TestApp;

/// `getIntrospectionQuery({ descriptions, specifiedByUrl, directiveIsRepeatable,
/// schemaDescription, inputValueDeprecation })` of graphql-js v16, typed out from its
/// documented shape (`TypeRef` nests `ofType` 9 deep).
const INTROSPECTION: &str = include_str!("introspection_query.graphql");

#[tokio::test]
async fn the_standard_introspection_query_passes_at_the_defaults() {
    let app = TestApp::new().await;
    let response = app.graphql(None, INTROSPECTION, json!({})).await;
    assert!(response.json["errors"].is_null(), "{}", response.text);
    let schema = &response.json["data"]["__schema"];
    assert_eq!(schema["queryType"]["name"], "QueryRoot");
    assert!(schema["types"].as_array().unwrap().len() > 50);
    assert!(
        schema["directives"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["name"] == "include")
    );
}

#[tokio::test]
async fn a_failed_non_null_root_field_makes_data_null() {
    let app = TestApp::new().await;
    app.create_network("alpha").await;
    // `network: Network!` fails without a network; `__typename` alone would be kept.
    let response = app
        .graphql(None, "{ __typename network { name } }", json!({}))
        .await;
    assert_eq!(response.json["data"], json!(null), "{}", response.text);
    assert_eq!(response.json["errors"][0]["path"], json!(["network"]));
    // `me: User!` fails for an anonymous viewer, next to a field that succeeded.
    let response = app
        .graphql(
            Some("alpha"),
            "{ n: network { name } me { id } }",
            json!({}),
        )
        .await;
    assert_eq!(response.json["data"], json!(null), "{}", response.text);
    assert_eq!(response.json["errors"][0]["path"], json!(["me"]));
}
