//! The admins' `auditLog` query: entries written by real mutations, with their actor and
//! request; filters, time ranges, paging and order; who may read it; one network only.

use serde_json::{Value, json};
use uuid::Uuid;

use crate::common::graphql::gql;
use crate::common::marketplace::{Market, Person, code};

const LOG: &str =
    "query($a: ListArgs = {}, $t: String, $o: ID, $u: ID, $s: DateTime, $e: DateTime) {
  auditLog(args: $a, objectType: $t, objectId: $o, actorId: $u, since: $s, until: $e) {
    offset limit count
    list { at actorId actor { id } requestId objectType objectId action fromValue toValue details }
  }
}";

const SUBMIT: &str =
    "mutation($id: ID!) { updateOffering(id: $id, input: { lifeCycleStage: SUBMITTED }) { id } }";

/// The `auditLog` page `who` gets with `vars`.
async fn log(m: &Market, who: &Person, vars: Value) -> Value {
    m.ok(Some(who), LOG, vars).await["auditLog"].clone()
}

/// `(objectType, objectId, action)` of each entry of a page.
fn what(page: &Value) -> Vec<(String, String, String)> {
    let text = |e: &Value, k: &str| e[k].as_str().unwrap_or_default().to_owned();
    page["list"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                text(e, "objectType"),
                text(e, "objectId"),
                text(e, "action"),
            )
        })
        .collect()
}

fn entry(object_type: &str, id: &str, action: &str) -> (String, String, String) {
    (object_type.into(), id.into(), action.into())
}

/// Submits an offering as `who` with the request id `request`.
async fn submit(m: &Market, who: &Person, offering: &str, request: Uuid) {
    let auth = format!("Bearer {}", who.token);
    let response = gql(
        &m.app,
        &[
            ("network", &m.name),
            ("authorization", &auth),
            ("x-request-id", &request.to_string()),
        ],
        SUBMIT,
        json!({ "id": offering }),
    )
    .await;
    assert!(response.json["errors"].is_null(), "{}", response.text);
}

#[tokio::test]
async fn an_admin_reads_the_entries_of_real_mutations_newest_first() {
    let m = Market::new().await;
    let admin = m.person("admin@example.com", true, false).await;
    let alice = m.person("alice@example.com", false, false).await;
    let org = m.org(&alice, "Acme").await;
    let offering = m
        .offering(&alice, &org, json!({ "name": "Seed round" }))
        .await;
    let request = Uuid::new_v4();
    submit(&m, &alice, &offering, request).await;
    // A change outside the API has no actor and no request.
    m.force_offering_stage(&offering, 3).await;

    let page = log(&m, &admin, json!({})).await;
    assert_eq!(
        (page["offset"].clone(), page["limit"].clone()),
        (json!(0), json!(12))
    );
    assert_eq!(page["count"], 4, "{page}");
    assert_eq!(
        what(&page),
        [
            entry("offering", &offering, "life_cycle_stage"),
            entry("offering", &offering, "life_cycle_stage"),
            entry("offering", &offering, "create"),
            entry("organization", &org, "create"),
        ]
    );
    let list = page["list"].as_array().unwrap();
    let system = &list[0];
    assert_eq!(
        (&system["actorId"], &system["actor"], &system["requestId"]),
        (&Value::Null, &Value::Null, &Value::Null)
    );
    assert_eq!(
        (&system["fromValue"], &system["toValue"]),
        (&json!("1"), &json!("3"))
    );
    let submitted = &list[1];
    assert_eq!(submitted["actorId"], json!(alice.id));
    assert_eq!(submitted["actor"]["id"], json!(alice.id));
    assert_eq!(submitted["requestId"], json!(request.to_string()));
    assert_eq!(
        (&submitted["fromValue"], &submitted["toValue"]),
        (&json!("0"), &json!("1"))
    );
    assert_eq!(submitted["details"], json!({}));
    let created = &list[3];
    assert_eq!(created["actor"]["id"], json!(alice.id));
    assert_eq!(created["fromValue"], Value::Null);
    // Every request of the API has a request id, even when the client sent none.
    assert!(
        created["requestId"]
            .as_str()
            .is_some_and(|r| r.parse::<Uuid>().is_ok()),
        "{created}"
    );
    assert_ne!(created["requestId"], submitted["requestId"]);
    // The default order is by time: each entry is no newer than the one before it.
    let times: Vec<&str> = list.iter().map(|e| e["at"].as_str().unwrap()).collect();
    let parsed: Vec<chrono::DateTime<chrono::Utc>> =
        times.iter().map(|t| t.parse().unwrap()).collect();
    assert!(parsed.windows(2).all(|w| w[0] >= w[1]), "{times:?}");
}

#[tokio::test]
async fn filters_narrow_by_object_actor_request_and_time() {
    let m = Market::new().await;
    let admin = m.person("admin@example.com", true, false).await;
    let alice = m.person("alice@example.com", false, false).await;
    let bob = m.person("bob@example.com", false, false).await;
    let acme = m.org(&alice, "Acme").await;
    let offering = m.offering(&alice, &acme, json!({ "name": "Seed" })).await;
    let request = Uuid::new_v4();
    submit(&m, &alice, &offering, request).await;
    let bobs = m.org(&bob, "Bob's").await;
    let all = log(&m, &admin, json!({})).await;
    assert_eq!(all["count"], 4, "{all}");

    let by_object = [
        entry("offering", &offering, "life_cycle_stage"),
        entry("offering", &offering, "create"),
    ];
    let page = log(&m, &admin, json!({ "o": offering })).await;
    assert_eq!(
        (page["count"].clone(), what(&page)),
        (json!(2), by_object.to_vec())
    );
    let filter = |attribute: &str, operator: &str, values: Value| json!({ "a": { "filters": [{ "attribute": attribute, "operator": operator, "values": values }] } });
    let page = log(&m, &admin, filter("object_id", "EQ", json!([offering]))).await;
    assert_eq!(what(&page), by_object);

    let page = log(&m, &admin, json!({ "u": bob.id })).await;
    assert_eq!(what(&page), [entry("organization", &bobs, "create")]);
    let page = log(&m, &admin, filter("actor_id", "IN", json!([bob.id]))).await;
    assert_eq!(what(&page), [entry("organization", &bobs, "create")]);
    let page = log(&m, &admin, json!({ "u": alice.id, "t": "organization" })).await;
    assert_eq!(what(&page), [entry("organization", &acme, "create")]);
    let page = log(
        &m,
        &admin,
        filter("object_type", "EQ", json!(["organization"])),
    )
    .await;
    assert_eq!(page["count"], 2);

    let page = log(&m, &admin, filter("request_id", "EQ", json!([request]))).await;
    assert_eq!(
        what(&page),
        [entry("offering", &offering, "life_cycle_stage")]
    );
    let page = log(&m, &admin, filter("action", "EQ", json!(["create"]))).await;
    assert_eq!(page["count"], 3);

    // since is included, until excluded: the instant of an entry splits the log there.
    let list = all["list"].as_array().unwrap();
    let submitted_at = list[1]["at"].clone();
    assert_eq!(list[1]["action"], "life_cycle_stage");
    let page = log(&m, &admin, json!({ "s": submitted_at })).await;
    assert_eq!(
        what(&page),
        [
            entry("organization", &bobs, "create"),
            entry("offering", &offering, "life_cycle_stage"),
        ]
    );
    let page = log(&m, &admin, json!({ "e": submitted_at })).await;
    assert_eq!(
        what(&page),
        [
            entry("offering", &offering, "create"),
            entry("organization", &acme, "create"),
        ]
    );
    let bobs_at = list[0]["at"].clone();
    let page = log(&m, &admin, json!({ "s": submitted_at, "e": bobs_at })).await;
    assert_eq!(
        what(&page),
        [entry("offering", &offering, "life_cycle_stage")]
    );

    // The `at` filter compares whole UTC days.
    let day = &submitted_at.as_str().unwrap()[..10];
    let page = log(&m, &admin, filter("at", "BETWEEN", json!([day, day]))).await;
    assert_eq!(page["count"], 4);
    let page = log(&m, &admin, filter("at", "GT", json!([day]))).await;
    assert_eq!(page["count"], 0);
}

#[tokio::test]
async fn pages_count_every_match_and_follow_the_asked_order() {
    let m = Market::new().await;
    let admin = m.person("admin@example.com", true, false).await;
    let alice = m.person("alice@example.com", false, false).await;
    let mut orgs = Vec::new();
    for name in ["A", "B", "C", "D", "E"] {
        orgs.push(m.org(&alice, name).await);
    }
    let page = log(&m, &admin, json!({ "a": { "limit": 2 } })).await;
    assert_eq!(
        (page["count"].clone(), page["limit"].clone()),
        (json!(5), json!(2))
    );
    let ids = |page: &Value| -> Vec<String> { what(page).into_iter().map(|w| w.1).collect() };
    assert_eq!(ids(&page), [orgs[4].clone(), orgs[3].clone()]);
    let page = log(&m, &admin, json!({ "a": { "limit": 2, "offset": 4 } })).await;
    assert_eq!(
        (page["count"].clone(), ids(&page)),
        (json!(5), vec![orgs[0].clone()])
    );
    let page = log(
        &m,
        &admin,
        json!({ "a": { "orderBy": "at", "sort": "ASC", "limit": 3 } }),
    )
    .await;
    assert_eq!(ids(&page), orgs[..3]);

    for bad in [json!({ "limit": 101 }), json!({ "offset": -1 })] {
        let response = m.call(Some(&admin), LOG, json!({ "a": bad })).await;
        assert_eq!(code(&response), Some(19002), "{}", response.text);
    }
}

#[tokio::test]
async fn unknown_attributes_and_bad_values_are_refused() {
    let m = Market::new().await;
    let admin = m.person("admin@example.com", true, false).await;
    for (vars, message) in [
        (
            json!({ "a": { "orderBy": "network_id" } }),
            "Unknown attribute",
        ),
        (
            json!({ "a": { "filters": [{ "attribute": "details", "operator": "EQ", "values": ["x"] }] } }),
            "Unknown attribute",
        ),
        (
            json!({ "a": { "filters": [{ "attribute": "custom__x", "operator": "EQ", "values": ["x"] }] } }),
            "no custom fields",
        ),
        (
            json!({ "a": { "filters": [{ "attribute": "object_id", "operator": "EQ", "values": ["nope"] }] } }),
            "not an identifier",
        ),
        (json!({ "o": "nope" }), "not an id"),
    ] {
        let response = m.call(Some(&admin), LOG, vars.clone()).await;
        assert_eq!(code(&response), Some(19002), "{vars}: {}", response.text);
        assert!(response.text.contains(message), "{vars}: {}", response.text);
    }
}

#[tokio::test]
async fn only_admins_of_the_network_read_its_log() {
    let m = Market::new().await;
    let admin = m.person("admin@example.com", true, false).await;
    let alice = m.person("alice@example.com", false, false).await;
    let org = m.org(&alice, "Acme").await;

    let refusal = |r: &crate::common::TestResponse| {
        let status = r.json["errors"][0]["extensions"]["status"].as_i64();
        (code(r), status, r.json["data"]["auditLog"].is_null())
    };
    let response = m.call(Some(&alice), LOG, json!({})).await;
    assert_eq!(
        refusal(&response),
        (Some(11011), Some(403), true),
        "{}",
        response.text
    );
    let response = m.call(None, LOG, json!({})).await;
    assert_eq!(
        refusal(&response),
        (Some(11001), Some(401), true),
        "{}",
        response.text
    );

    // An admin of another network sees none of this network's rows, even by id, and
    // this network's admin none of the other's.
    let beta = m.network("beta").await;
    let beta_admin = beta.person(&m.app, "admin@beta.example", true, false).await;
    let beta_user = beta
        .person(&m.app, "carol@beta.example", false, false)
        .await;
    let response = beta
        .call(
            &m.app,
            Some(&beta_user),
            "mutation($i: OrganizationInput!) { createOrganization(input: $i) { id } }",
            json!({ "i": { "displayName": "Beta org" } }),
        )
        .await;
    let beta_org = response.json["data"]["createOrganization"]["id"].clone();
    assert!(beta_org.is_string(), "{}", response.text);
    let response = beta.call(&m.app, Some(&beta_admin), LOG, json!({})).await;
    let page = &response.json["data"]["auditLog"];
    assert_eq!(page["count"], 1, "{}", response.text);
    assert_eq!(page["list"][0]["objectId"], beta_org);
    for vars in [json!({ "o": org }), json!({ "u": alice.id })] {
        let response = beta
            .call(&m.app, Some(&beta_admin), LOG, vars.clone())
            .await;
        let page = &response.json["data"]["auditLog"];
        assert_eq!(page["count"], 0, "{vars}: {}", response.text);
        assert_eq!(page["list"], json!([]), "{vars}");
    }
    let page = log(&m, &admin, json!({})).await;
    assert_eq!(what(&page), [entry("organization", &org, "create")]);
}
