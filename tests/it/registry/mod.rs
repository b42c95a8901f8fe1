//! The share registry read through the API (`docs/registry.md`, "Reading the registry"):
//! who sees a capitalization, the value of every field (`valuationGain`, the lineage),
//! the lists with their filters and order, the REST routes, and the statements of the
//! nested lists. Rows are arranged by SQL, splits and merges as the registry's writes
//! make them (one transaction each, which the database's guards require).

mod access;
mod fields;
mod lists;
mod rest;
mod rest_write;
mod statements;
mod write;

use diesel_async::RunQueryDsl;
use serde_json::Value;
use uuid::Uuid;

use crate::common::marketplace::{Market, Person};

/// A Published organization of Bob's (he is its author, so an active member) with three
/// capitalizations: Alice's Issued block of 100 shares, Dave's Issued block of 40, and a
/// Treasury block the organization holds itself. Carol is another user of the network.
pub struct Setup {
    pub m: Market,
    pub admin: Person,
    pub alice: Person,
    pub bob: Person,
    pub carol: Person,
    pub dave: Person,
    pub org: String,
    /// Alice's block.
    pub alices: String,
    /// Dave's block.
    pub daves: String,
    /// The organization's own block.
    pub treasury: String,
}

pub async fn setup() -> Setup {
    let m = Market::new().await;
    let admin = m.person("admin@x.test", true, false).await;
    let alice = m.person("alice@x.test", false, false).await;
    let bob = m.person("bob@x.test", false, false).await;
    let carol = m.person("carol@x.test", false, false).await;
    let dave = m.person("dave@x.test", false, false).await;
    let org = m.org(&bob, "Acme").await;
    m.force_org_stage(&org, 5).await;
    let alices = cap(
        &m,
        &org,
        Some(&alice),
        Some(&bob),
        "life_cycle_stage, number_of_shares, price_per_share, created_at",
        "1, 100, 1.10, '2026-01-01T10:00:00Z'",
    )
    .await;
    let daves = cap(
        &m,
        &org,
        Some(&dave),
        Some(&bob),
        "life_cycle_stage, number_of_shares, price_per_share, created_at",
        "1, 40, 2, '2026-01-02T10:00:00Z'",
    )
    .await;
    let treasury = cap(
        &m,
        &org,
        None,
        Some(&bob),
        "life_cycle_stage, number_of_shares, price_per_share, created_at",
        "3, 10, 1, '2026-01-03T10:00:00Z'",
    )
    .await;
    Setup {
        m,
        admin,
        alice,
        bob,
        carol,
        dave,
        org,
        alices,
        daves,
        treasury,
    }
}

/// Inserts a capitalization of `org` held by `owner` (`None`: the organization), created
/// by `author`, with the extra `columns` set to `values` (SQL literals); its id.
pub async fn cap(
    m: &Market,
    org: &str,
    owner: Option<&Person>,
    author: Option<&Person>,
    columns: &str,
    values: &str,
) -> String {
    let id = |p: Option<&Person>| p.map_or("NULL".to_owned(), |p| format!("'{}'", p.id));
    let sql = format!(
        "INSERT INTO capitalizations (network_id, organization_id, owner_id, author_id, {columns}) \
         VALUES ('{}', '{org}', {}, {}, {values}) RETURNING id",
        m.network_id,
        id(owner),
        id(author)
    );
    returning_id(m, &sql).await
}

/// Makes `children` (each an owner and `number_of_shares, price_per_share` as SQL
/// literals) of `org` from `parents` as the registry's writes do, in one transaction: the
/// children (Issued, created by it), the links (`kind`: 0 split, 1 merge), then the
/// parents Distributed (split) or Merged (merge). The children's ids, in order.
pub async fn operate(
    m: &Market,
    org: &str,
    parents: &[&str],
    kind: i16,
    children: &[(Option<&Person>, &str)],
) -> Vec<String> {
    let id = |p: Option<&Person>| p.map_or("NULL".to_owned(), |p| format!("'{}'", p.id));
    let mut conn = m.app.db.conn().await;
    diesel::sql_query("BEGIN").execute(&mut conn).await.unwrap();
    let mut ids = Vec::new();
    for (owner, values) in children {
        let sql = format!(
            "INSERT INTO capitalizations (network_id, organization_id, owner_id, \
             life_cycle_stage, number_of_shares, price_per_share) \
             VALUES ('{}', '{org}', {}, 1, {values}) RETURNING id",
            m.network_id,
            id(*owner)
        );
        ids.push(returning_id_on(&mut conn, &sql).await);
    }
    for parent in parents {
        for child in &ids {
            diesel::sql_query(format!(
                "INSERT INTO capitalization_links (network_id, parent_id, child_id, kind) \
                 VALUES ('{}', '{parent}', '{child}', {kind})",
                m.network_id
            ))
            .execute(&mut conn)
            .await
            .unwrap();
        }
        let stage = if kind == 1 { 5 } else { 4 };
        diesel::sql_query(format!(
            "UPDATE capitalizations SET life_cycle_stage = {stage} WHERE id = '{parent}'"
        ))
        .execute(&mut conn)
        .await
        .unwrap();
    }
    diesel::sql_query("COMMIT")
        .execute(&mut conn)
        .await
        .unwrap();
    ids
}

/// Records a change of `capitalization` by `who` at `at` (an SQL timestamp literal).
pub async fn change(
    m: &Market,
    capitalization: &str,
    who: Option<&Person>,
    kind: i16,
    before: Option<&str>,
    after: &str,
    at: &str,
) -> String {
    let who = who.map_or("NULL".to_owned(), |p| format!("'{}'", p.id));
    let before = before.map_or("NULL".to_owned(), |b| format!("'{b}'::jsonb"));
    let sql = format!(
        "INSERT INTO capitalization_changelog \
         (network_id, capitalization_id, user_id, change_kind, before, after, created_at) \
         VALUES ('{}', '{capitalization}', {who}, {kind}, {before}, '{after}'::jsonb, '{at}') \
         RETURNING id",
        m.network_id
    );
    returning_id(m, &sql).await
}

async fn returning_id(m: &Market, sql: &str) -> String {
    let mut conn = m.app.db.conn().await;
    returning_id_on(&mut conn, sql).await
}

async fn returning_id_on(conn: &mut diesel_async::AsyncPgConnection, sql: &str) -> String {
    #[derive(diesel::QueryableByName)]
    struct Id {
        #[diesel(sql_type = diesel::sql_types::Uuid)]
        id: Uuid,
    }
    let row: Id = diesel::sql_query(sql).get_result(conn).await.unwrap();
    row.id.to_string()
}

/// The ids of a page's `list`, in order.
pub fn ids(page: &Value) -> Vec<String> {
    page["list"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap().to_owned())
        .collect()
}
