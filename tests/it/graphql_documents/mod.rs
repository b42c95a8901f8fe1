//! GraphQL documents (#12): work bounds before validation, error output, NUL characters,
//! standard clients at the defaults (introspection, null propagation, persisted queries).

use std::time::Instant;

use serde_json::json;

use crate::common::TestApp;

const INTROSPECTION: &str = include_str!("introspection_query.graphql");

fn doubling_bomb(levels: usize) -> String {
    let mut doc = String::from("{ ...F0 }\nfragment F0 on QueryRoot { __typename }");
    for i in 1..=levels {
        doc.push_str(&format!("\nfragment F{i} on QueryRoot {{ ...F{j} ...F{j} }}", j = i - 1));
    }
    doc.replacen("{ ...F0 }", &format!("{{ ...F{levels} }}"), 1)
}

#[tokio::test]
async fn explore() {
    let app = TestApp::new().await;
    app.create_network("alpha").await;
    let r = app.graphql(None, "{ network { name } }", json!({})).await;
    println!("ROOT: {}", r.text);
    let r = app.graphql(None, "{ __typename network { name } }", json!({})).await;
    println!("ROOT2: {}", r.text);
    let r = app.graphql(Some("alpha"), "{ network { name } me { id } }", json!({})).await;
    println!("ROOT3: {}", r.text);
    let t = Instant::now();
    let r = app.graphql(None, INTROSPECTION, json!({})).await;
    println!("INTRO: {:?} {} {}", t.elapsed(), r.status, &r.text[..300.min(r.text.len())]);
    println!("tokens {:?}", crowdgraph::graphql::tokens::scan(INTROSPECTION, 100000));
    println!("measures {:?}", crowdgraph::graphql::measure::measure(&async_graphql::parser::parse_query(INTROSPECTION).unwrap()));
    let t = Instant::now();
    let r = app.graphql(None, &doubling_bomb(26), json!({})).await;
    println!("BOMB: {:?} {}", t.elapsed(), r.text);
    for k in [10, 11] {
        let t = Instant::now();
        let r = app.graphql(None, &doubling_bomb(k), json!({})).await;
        println!("BOMB{k}: {:?} {}", t.elapsed(), &r.text[..200.min(r.text.len())]);
    }
    let many = format!("{{ network {{ {} }} }}", "name ".repeat(1990));
    let t = Instant::now();
    let r = app.graphql(Some("alpha"), &many, json!({})).await;
    println!("MANY: {:?} {}", t.elapsed(), &r.text[..200.min(r.text.len())]);
    let many = format!("{{ {} }}", "network { name } ".repeat(600));
    let t = Instant::now();
    let r = app.graphql(Some("alpha"), &many, json!({})).await;
    println!("MANY2: {:?} {}", t.elapsed(), &r.text[..200.min(r.text.len())]);
    let r = app.graphql(None, "{ unclosed", json!({})).await;
    println!("PARSE: {}", r.text);
    let r = app.graphql(None, "{ __typename @foo }", json!({})).await;
    println!("DIR: {}", r.text);
    let r = app.graphql(None, "{ __typename @skip(if: true) @skip(if: true) @skip(if: true) }", json!({})).await;
    println!("DUP: {}", r.text);
}
