//! Batched loading: the number of SQL statements of a nested query does not grow with
//! the number of rows. Statements are counted with the connection instrumentation of
//! `crowdgraph::db::metrics` around one request.

use crowdgraph::db::metrics::StatementCounter;
use serde_json::{Value, json};

use crate::common::marketplace::{Market, Person};

const NESTED: &str = "{ offerings(args: { limit: 20 }) { count list { id organization { displayName address { city } members { user { id } } } investments(limit: 10) { user { id } } bulletins { id } amountRaised investorCount viewerCan { cancel transitionsTo } } } }";

/// Statements of one request (the fewest of three runs, so an unlucky scheduling of a
/// batch cannot make the test flaky).
async fn statements(m: &Market, who: Option<&Person>, query: &str) -> (usize, Value) {
    let mut best = usize::MAX;
    let mut data = Value::Null;
    for _ in 0..3 {
        let counter = StatementCounter::new();
        let response = counter.clone().scope(m.call(who, query, json!({}))).await;
        assert!(response.json["errors"].is_null(), "{}", response.text);
        best = best.min(counter.get());
        data = response.json["data"].clone();
    }
    (best, data)
}

/// Adds `n` published offerings, each of its own published organization with two
/// members, three approved investments and two bulletins.
async fn add_offerings(m: &Market, n: usize, start: usize, investors: &[Person]) {
    for i in start..start + n {
        let author = m.person(&format!("author{i}@x.test"), false, false).await;
        let member = m.person(&format!("member{i}@x.test"), false, false).await;
        let org = m.org(&author, &format!("Org {i}")).await;
        m.ok(
            Some(&author),
            "mutation($o: ID!, $u: ID!) { addOrganizationMember(organizationId: $o, userId: $u) { id } }",
            json!({ "o": org, "u": member.id }),
        )
        .await;
        m.force_org_stage(&org, 5).await;
        let offering = m
            .offering(&author, &org, json!({ "fundingGoal": "1000" }))
            .await;
        for title in ["One", "Two"] {
            m.ok(
                Some(&author),
                "mutation($o: ID!, $t: String) { createBulletin(offeringId: $o, title: $t) { id } }",
                json!({ "o": offering, "t": title }),
            )
            .await;
        }
        m.force_offering_stage(&offering, 5).await;
        for investor in investors {
            m.investment_row(&offering, investor, "10", 2, 0).await;
        }
    }
}

#[tokio::test]
async fn nested_lists_cost_the_same_statements_for_2_and_20_offerings() {
    let m = Market::new().await;
    let admin = m.person("admin@x.test", true, false).await;
    let user = m.person("user@x.test", false, false).await;
    let mut investors = Vec::new();
    for i in 0..3 {
        investors.push(m.person(&format!("investor{i}@x.test"), false, false).await);
    }

    add_offerings(&m, 2, 0, &investors).await;
    let mut small = Vec::new();
    for who in [Some(&admin), Some(&user), None] {
        let (count, data) = statements(&m, who, NESTED).await;
        let list = data["offerings"]["list"].as_array().unwrap();
        assert_eq!(list.len(), 2);
        assert_eq!(list[0]["investments"].as_array().unwrap().len(), 3);
        small.push(count);
    }

    add_offerings(&m, 18, 2, &investors).await;
    for (i, who) in [Some(&admin), Some(&user), None].into_iter().enumerate() {
        let (count, data) = statements(&m, who, NESTED).await;
        let list = data["offerings"]["list"].as_array().unwrap();
        assert_eq!(list.len(), 20);
        for offering in list {
            assert_eq!(
                offering["organization"]["members"]
                    .as_array()
                    .unwrap()
                    .len(),
                2
            );
            assert_eq!(offering["investments"].as_array().unwrap().len(), 3);
            assert_eq!(offering["bulletins"].as_array().unwrap().len(), 2);
            assert_eq!(offering["amountRaised"], "30");
        }
        assert_eq!(
            count, small[i],
            "viewer {i}: {count} statements for 20 offerings, {} for 2",
            small[i]
        );
        // Sanity: the count is small and non-zero (one statement per kind of row).
        assert!((3..=20).contains(&count), "{count}");
    }
}

/// The nested query of the benchmark's scenario (a) (`bench/offerings.json`).
const BENCH_A: &str = "{ offerings(args: {limit: 20}) { count list { id name lifeCycleStage amountRaised organization { id displayName } investments(limit: 10) { id investmentAmount user { id givenName } } } } }";

/// Scenario (a) nests five deep (offerings, list, investments, user, id) and costs no more
/// statements than that: the credentials, the page with its count and figures, the
/// organizations, and the investments with their investors. Anonymous viewers read the
/// network instead of the credentials (which read it with the user).
#[tokio::test]
async fn the_benchmark_query_costs_no_more_statements_than_its_depth() {
    let m = Market::new().await;
    let admin = m.person("admin@x.test", true, false).await;
    let mut investors = Vec::new();
    for i in 0..3 {
        investors.push(m.person(&format!("investor{i}@x.test"), false, false).await);
    }
    add_offerings(&m, 5, 0, &investors).await;

    let (count, data) = statements(&m, Some(&admin), BENCH_A).await;
    assert_eq!(data["offerings"]["count"], 5);
    let list = data["offerings"]["list"].as_array().unwrap();
    for investment in list[0]["investments"].as_array().unwrap() {
        let given = investment["user"]["givenName"].as_str().unwrap();
        assert!(given.starts_with("investor"), "{investment}");
    }
    assert_eq!(list[0]["amountRaised"], "30");
    assert_eq!(
        count, 5,
        "credentials, page, organizations, investments, investors"
    );

    let (count, data) = statements(&m, None, BENCH_A).await;
    assert_eq!(data["offerings"]["count"], 5);
    assert_eq!(
        count, 5,
        "anonymous: the network instead of the credentials"
    );

    let (count, _) = statements(&m, Some(&admin), "{ offerings { list { id } } }").await;
    assert_eq!(
        count, 2,
        "credentials and the page, nothing for what was not asked"
    );
}
