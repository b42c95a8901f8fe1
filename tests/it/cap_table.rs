//! An organization's cap table as of a moment (`docs/registry.md`, "Cap table"): rebuilt
//! from the change log at three dates, percentages to 4 places adding up to 100, and who
//! may read it. Rows and their change log are arranged in SQL.

use diesel::QueryableByName;
use diesel::sql_types::Text;
use diesel_async::RunQueryDsl;
use serde_json::{Value, json};

use crate::common::marketplace::{Market, Person, code};

const CAP_TABLE: &str = "query($id: ID!, $at: DateTime) {
  organizationCapTable(organizationId: $id, asOf: $at) {
    types { capitalizationType totalShares holders { ownerId numberOfShares percentage } }
  }
}";

async fn one(m: &Market, sql: &str) -> String {
    #[derive(QueryableByName)]
    struct V {
        #[diesel(sql_type = Text)]
        v: String,
    }
    let mut conn = m.app.db.conn().await;
    let row: V = diesel::sql_query(sql).get_result(&mut conn).await.unwrap();
    row.v
}

/// A capitalization of `org` as it is now (`owner` NULL or a quoted id).
async fn cap(m: &Market, org: &str, owner: &str, kind: i16, stage: i16, shares: &str) -> String {
    one(
        m,
        &format!(
            "INSERT INTO capitalizations (network_id, organization_id, owner_id, \
             capitalization_type, life_cycle_stage, number_of_shares, price_per_share) \
             VALUES ('{}', '{org}', {owner}, {kind}, {stage}, {shares}, 1) RETURNING id::text AS v",
            m.network_id
        ),
    )
    .await
}

/// A change of `cap` at `at` leaving it as `after`.
async fn change(m: &Market, cap: &str, kind: i16, after: Value, at: &str) {
    m.sql(&format!(
        "INSERT INTO capitalization_changelog \
         (network_id, capitalization_id, change_kind, after, created_at) \
         VALUES ('{}', '{cap}', {kind}, '{after}'::jsonb, '{at}')",
        m.network_id
    ))
    .await;
}

/// A holder's owner id, shares and percentage, the figures normalized.
type Holder = (Value, String, String);

/// `(type, holders)` of a table.
fn rows(data: &Value) -> Vec<(String, Vec<Holder>)> {
    data["organizationCapTable"]["types"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            let holders = t["holders"]
                .as_array()
                .unwrap()
                .iter()
                .map(|h| {
                    let n: rust_decimal::Decimal =
                        h["numberOfShares"].as_str().unwrap().parse().unwrap();
                    let p: rust_decimal::Decimal =
                        h["percentage"].as_str().unwrap().parse().unwrap();
                    (
                        h["ownerId"].clone(),
                        n.normalize().to_string(),
                        p.normalize().to_string(),
                    )
                })
                .collect();
            (
                t["capitalizationType"].as_str().unwrap().to_owned(),
                holders,
            )
        })
        .collect()
}

#[tokio::test]
async fn the_cap_table_at_three_dates_follows_the_change_log() {
    let m = Market::new().await;
    let admin = m.person("admin@x.test", true, false).await;
    let alice = m.person("alice@x.test", false, false).await;
    let bob = m.person("bob@x.test", false, false).await;
    let carol = m.person("carol@x.test", false, false).await;
    let dave = m.person("dave@x.test", false, false).await;
    let org = m.org(&bob, "Acme").await;
    m.force_org_stage(&org, 5).await;
    let q = |p: &Person| format!("'{}'", p.id);

    let authorized = cap(&m, &org, "NULL", 0, 0, "1000").await;
    let alices = cap(&m, &org, &q(&alice), 0, 1, "150").await;
    let daves = cap(&m, &org, &q(&carol), 0, 1, "50").await;
    let treasury = cap(&m, &org, "NULL", 0, 3, "50").await;
    let preferred = cap(&m, &org, &q(&alice), 1, 1, "10").await;
    let jan = "2026-01-01T10:00:00Z";
    let state = |owner: Option<&Person>, kind: i16, stage: i16, shares: &str| {
        json!({ "owner_id": owner.map(|p| p.id.clone()), "capitalization_type": kind,
                "life_cycle_stage": stage, "number_of_shares": shares })
    };
    change(&m, &authorized, 0, state(None, 0, 0, "1000"), jan).await;
    change(&m, &alices, 0, state(Some(&alice), 0, 1, "100"), jan).await;
    change(&m, &treasury, 0, state(None, 0, 3, "50"), jan).await;
    change(
        &m,
        &preferred,
        0,
        state(Some(&alice), 1, 1, "10"),
        "2026-01-15T10:00:00Z",
    )
    .await;
    change(
        &m,
        &daves,
        0,
        state(Some(&dave), 0, 1, "50"),
        "2026-02-01T10:00:00Z",
    )
    .await;
    // In March Alice gets 50 more and Dave's block goes to Carol.
    change(
        &m,
        &alices,
        1,
        state(Some(&alice), 0, 1, "150"),
        "2026-03-01T10:00:00Z",
    )
    .await;
    change(
        &m,
        &daves,
        1,
        state(Some(&carol), 0, 1, "50"),
        "2026-03-01T10:00:00Z",
    )
    .await;

    let at = |when: &str| json!({ "id": org, "at": when });
    let a = json!(alice.id);
    let jan10 = m
        .ok(Some(&bob), CAP_TABLE, at("2026-01-10T00:00:00Z"))
        .await;
    assert_eq!(
        rows(&jan10),
        vec![(
            "EQUITY".to_owned(),
            vec![
                (a.clone(), "100".to_owned(), "66.6667".to_owned()),
                (Value::Null, "50".to_owned(), "33.3333".to_owned()),
            ]
        )]
    );
    let feb10 = m
        .ok(Some(&admin), CAP_TABLE, at("2026-02-10T00:00:00Z"))
        .await;
    let mut equity = vec![
        (a.clone(), "100".to_owned(), "50".to_owned()),
        (Value::Null, "50".to_owned(), "25".to_owned()),
        (json!(dave.id), "50".to_owned(), "25".to_owned()),
    ];
    let got = rows(&feb10);
    // Dave and the organization hold as many: the organization comes first.
    assert_eq!(got[0].1, equity, "{feb10}");
    assert_eq!(
        got[1],
        (
            "PREFERRED_EQUITY".to_owned(),
            vec![(a.clone(), "10".to_owned(), "100".to_owned())]
        )
    );
    let mar10 = m
        .ok(Some(&bob), CAP_TABLE, at("2026-03-10T00:00:00Z"))
        .await;
    equity = vec![
        (a.clone(), "150".to_owned(), "60".to_owned()),
        (Value::Null, "50".to_owned(), "20".to_owned()),
        (json!(carol.id), "50".to_owned(), "20".to_owned()),
    ];
    assert_eq!(rows(&mar10)[0].1, equity, "{mar10}");
    // Now is March's table too.
    let now = m.ok(Some(&bob), CAP_TABLE, json!({ "id": org })).await;
    assert_eq!(rows(&now), rows(&mar10));
    assert_eq!(
        now["organizationCapTable"]["types"][0]["totalShares"]
            .as_str()
            .unwrap()
            .parse::<rust_decimal::Decimal>()
            .unwrap(),
        "250".parse().unwrap()
    );

    // Not a member (though a holder), anonymous, another network's admin: Not Found.
    assert_eq!(
        code(&m.call(Some(&alice), CAP_TABLE, at(jan)).await),
        Some(19003)
    );
    assert_eq!(code(&m.call(None, CAP_TABLE, at(jan)).await), Some(19003));
    let other = m.network("beta").await;
    let stranger = other.person(&m.app, "admin@x.test", true, false).await;
    let theirs = other
        .call(&m.app, Some(&stranger), CAP_TABLE, at(jan))
        .await;
    assert_eq!(code(&theirs), Some(19003), "{}", theirs.text);
}
