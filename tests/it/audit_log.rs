//! The audit log: every lifecycle change is recorded by the database in the transaction
//! that makes it, with the actor and the request; rows are never updated or deleted.

use diesel::sql_types::{Nullable, Text, Uuid as SqlUuid};
use diesel_async::RunQueryDsl;
use serde_json::json;
use uuid::Uuid;

use crate::common::graphql::gql;
use crate::common::marketplace::Market;

#[derive(diesel::QueryableByName, Debug, PartialEq)]
struct Entry {
    #[diesel(sql_type = Nullable<SqlUuid>)]
    actor_id: Option<Uuid>,
    #[diesel(sql_type = Nullable<SqlUuid>)]
    request_id: Option<Uuid>,
    #[diesel(sql_type = Text)]
    object_type: String,
    #[diesel(sql_type = Text)]
    action: String,
    #[diesel(sql_type = Nullable<Text>)]
    from_value: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    to_value: Option<String>,
}

async fn entries(m: &Market, object_id: &str) -> Vec<Entry> {
    let mut conn = m.app.db.conn().await;
    diesel::sql_query(
        "SELECT actor_id, request_id::uuid AS request_id, object_type, action, from_value, to_value
         FROM audit_log WHERE object_id = $1::uuid ORDER BY id",
    )
    .bind::<Text, _>(object_id)
    .load(&mut conn)
    .await
    .unwrap()
}

const SUBMIT: &str =
    "mutation($id: ID!) { updateOffering(id: $id, input: { lifeCycleStage: SUBMITTED }) { id } }";

#[tokio::test]
async fn a_stage_change_is_recorded_with_its_actor_and_request() {
    let m = Market::new().await;
    let alice = m.person("alice@example.com", false, false).await;
    let org = m.org(&alice, "Acme").await;
    let offering = m
        .offering(&alice, &org, json!({ "name": "Seed round" }))
        .await;
    let request = Uuid::new_v4();
    let auth = format!("Bearer {}", alice.token);
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

    let alice_id: Uuid = alice.id.parse().unwrap();
    let rows = entries(&m, &offering).await;
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert_eq!(
        (rows[0].object_type.as_str(), rows[0].action.as_str()),
        ("offering", "create")
    );
    assert_eq!(rows[0].actor_id, Some(alice_id));
    assert_eq!(
        rows[1],
        Entry {
            actor_id: Some(alice_id),
            request_id: Some(request),
            object_type: "offering".into(),
            action: "life_cycle_stage".into(),
            from_value: Some("0".into()),
            to_value: Some("1".into()),
        }
    );
    let org_rows = entries(&m, &org).await;
    assert_eq!(org_rows.len(), 1, "{org_rows:?}");
    assert_eq!(
        (org_rows[0].object_type.as_str(), org_rows[0].actor_id),
        ("organization", Some(alice_id))
    );
}

#[tokio::test]
async fn rows_of_the_log_are_never_updated_or_deleted() {
    let m = Market::new().await;
    let alice = m.person("alice@example.com", false, false).await;
    m.org(&alice, "Acme").await;
    let mut conn = m.app.db.conn().await;
    for change in [
        "UPDATE audit_log SET action = 'edited'",
        "DELETE FROM audit_log",
        "TRUNCATE audit_log",
    ] {
        let e = diesel::sql_query(change)
            .execute(&mut conn)
            .await
            .unwrap_err()
            .to_string();
        assert!(e.contains("append-only"), "{change}: {e}");
    }
}
