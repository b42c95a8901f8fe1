//! Error output: capped in number and length, short parse errors, no suggestions when
//! introspection is off, `__typename` directives checked like any field's.

use crowdgraph::error::codes;
use serde_json::json;

use crate::common::{TestApp, first_error_code};

#[tokio::test]
async fn errors_are_capped_with_a_last_one_counting_the_rest() {
    let app = TestApp::new().await;
    let variables: String = (0..100).map(|i| format!("$v{i}: Int ")).collect();
    let doc = format!("query Q({variables}) {{ __typename }}");
    let response = app.graphql(None, &doc, json!({})).await;
    let errors = response.json["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 21, "{}", response.text);
    let last = &errors[20];
    assert_eq!(last["message"], "80 more errors were left out.");
    assert_eq!(last["extensions"]["code"], codes::ERRORS_LEFT_OUT.number());

    let app = TestApp::with_config(|c, _| c.graphql_max_error_length = 40).await;
    let long_name = "x".repeat(5_000);
    let response = app
        .graphql(None, &format!("{{ {long_name} }}"), json!({}))
        .await;
    let error = &response.json["errors"][0];
    assert_eq!(
        error["message"].as_str().unwrap().chars().count(),
        41,
        "{error}"
    );
    assert!(error["message"].as_str().unwrap().ends_with('…'));
    let developer = error["extensions"]["developerMessage"].as_str().unwrap();
    assert_eq!(developer.chars().count(), 41);
}

#[tokio::test]
async fn a_parse_error_is_one_short_line_with_its_position() {
    let app = TestApp::new().await;
    let response = app.graphql(None, "{ network {\n name\n", json!({})).await;
    assert_eq!(
        first_error_code(&response),
        Some(codes::GRAPHQL_VALIDATION.number() as i64)
    );
    let error = &response.json["errors"][0];
    let message = error["message"].as_str().unwrap();
    assert!(
        message.starts_with("Syntax error at line 3, column 1: expected "),
        "{message}"
    );
    assert!(
        !message.contains('\n') && !message.contains(" | "),
        "{message}"
    );
    assert_eq!(error["extensions"]["developerMessage"], message);
    assert_eq!(error["locations"], json!([{ "line": 3, "column": 1 }]));
}

#[tokio::test]
async fn directives_on_typename_are_checked_like_on_any_field() {
    let app = TestApp::new().await;
    app.create_network("alpha").await;
    for (on_typename, on_field) in [
        ("{ __typename @foo }", "{ network { name @foo } }"),
        (
            "{ __typename @skip(if: false) @skip(if: false) }",
            "{ network { name @skip(if: false) @skip(if: false) } }",
        ),
    ] {
        for doc in [on_typename, on_field] {
            let response = app.graphql(Some("alpha"), doc, json!({})).await;
            assert!(response.json["data"].is_null(), "{doc}: {}", response.text);
            assert_eq!(
                first_error_code(&response),
                Some(codes::GRAPHQL_VALIDATION.number() as i64),
                "{doc}: {}",
                response.text
            );
        }
    }
    let fine = app
        .graphql(None, "{ __typename @include(if: true) }", json!({}))
        .await;
    assert_eq!(
        fine.json["data"]["__typename"], "QueryRoot",
        "{}",
        fine.text
    );
}

#[tokio::test]
async fn no_suggestions_name_the_schema_when_introspection_is_off() {
    let docs = [
        "{ netwrk { name } }",
        "{ network { nme } }",
        "{ publicOfferings(argz: {}) { count } }",
    ];
    let open = TestApp::new().await;
    let response = open.graphql(None, docs[0], json!({})).await;
    assert!(response.text.contains("Did you mean"), "{}", response.text);

    let closed = TestApp::with_config(|c, _| c.graphql_introspection = false).await;
    for doc in docs {
        let response = closed.graphql(None, doc, json!({})).await;
        assert!(
            !response.json["errors"].is_null(),
            "{doc}: {}",
            response.text
        );
        assert!(
            !response.text.contains("Did you mean"),
            "{doc}: {}",
            response.text
        );
    }
}
