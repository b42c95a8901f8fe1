//! Keys under concurrency and across scopes: simultaneous duplicates, other users and
//! networks, rows still running and rows left running by a crash.

use std::sync::Arc;

use crowdgraph::domain::idempotency::fingerprint;

use diesel_async::RunQueryDsl;

use super::{Fixture, code, replayed};
use crate::common::TestApp;

const HELIOS: &str = r#"{"display_name":"Helios"}"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn simultaneous_duplicates_run_once_and_the_others_replay_or_wait() {
    let f = Arc::new(Fixture::new().await);
    let barrier = Arc::new(tokio::sync::Barrier::new(8));
    let mut tasks = Vec::new();
    for _ in 0..8 {
        let (f, barrier) = (f.clone(), barrier.clone());
        tasks.push(tokio::spawn(async move {
            barrier.wait().await;
            f.rest_create("alpha", &f.bob, Some("race"), HELIOS).await
        }));
    }
    let mut answers = Vec::new();
    for task in tasks {
        answers.push(task.await.unwrap());
    }
    assert_eq!(f.organizations().await, 1);
    let ran: Vec<_> = answers
        .iter()
        .filter(|a| a.status == 200 && !replayed(a))
        .collect();
    assert_eq!(ran.len(), 1, "{answers:?}");
    for answer in &answers {
        match answer.status {
            200 => assert_eq!(answer.text, ran[0].text),
            409 => assert_eq!(code(answer), Some(14015), "{}", answer.text),
            other => panic!("unexpected {other}: {}", answer.text),
        }
    }
    // Once the first is done, a repeat is a replay.
    let later = f.rest_create("alpha", &f.bob, Some("race"), HELIOS).await;
    assert!(replayed(&later));
    assert_eq!(later.text, ran[0].text);
}

#[tokio::test]
async fn one_key_of_two_users_or_two_networks_never_collides() {
    let f = Fixture::new().await;
    let alice = f.market.person("alice@x.test", false, false).await;
    let beta = f.market.network("beta").await;
    let carol = beta
        .person(&f.market.app, "carol@x.test", false, false)
        .await;
    let bob = f.rest_create("alpha", &f.bob, Some("shared"), HELIOS).await;
    let alice = f.rest_create("alpha", &alice, Some("shared"), HELIOS).await;
    let carol = f.rest_create("beta", &carol, Some("shared"), HELIOS).await;
    for answer in [&bob, &alice, &carol] {
        assert_eq!(answer.status, 200, "{}", answer.text);
        assert!(!replayed(answer));
    }
    assert_ne!(bob.text, alice.text);
    assert_eq!(f.organizations().await, 3);
    assert_eq!(f.keys().await, 3);
}

#[tokio::test]
async fn a_running_first_request_makes_a_repeat_wait_until_it_counts_as_abandoned() {
    let f = Fixture::new().await;
    let running = |key: &str, fingerprint: &[u8], age: &str| {
        format!(
            "INSERT INTO idempotency_keys (network_id, viewer_id, key, fingerprint, created_at) \
             VALUES ('{}', '{}', '{key}', decode('{}', 'hex'), now() - interval '{age}')",
            f.market.network_id,
            f.bob.id,
            hex::encode(fingerprint)
        )
    };
    let same = fingerprint("POST", "/v1/alpha/organizations", "", HELIOS.as_bytes());
    // Still running (claimed a second ago): a repeat is told to wait.
    f.market.sql(&running("fresh", &same, "1 second")).await;
    let wait = f.rest_create("alpha", &f.bob, Some("fresh"), HELIOS).await;
    assert_eq!(wait.status, 409, "{}", wait.text);
    assert_eq!(code(&wait), Some(14015));
    // Past the request time limit but within the bulk one (a large schedule may still be
    // writing): still running.
    f.market.sql(&running("bulk", &same, "2 minutes")).await;
    let wait = f.rest_create("alpha", &f.bob, Some("bulk"), HELIOS).await;
    assert_eq!(code(&wait), Some(14015), "{}", wait.text);
    // Older than the bulk time limit: its process is gone and the key free again, for
    // any request.
    f.market.sql(&running("crashed", &[0; 32], "1 hour")).await;
    let ran = f
        .rest_create("alpha", &f.bob, Some("crashed"), HELIOS)
        .await;
    assert_eq!(ran.status, 200, "{}", ran.text);
    assert!(!replayed(&ran));
    assert_eq!(f.organizations().await, 1);
    let again = f
        .rest_create("alpha", &f.bob, Some("crashed"), HELIOS)
        .await;
    assert!(replayed(&again));
    assert_eq!(again.text, ran.text);
    assert_eq!(f.organizations().await, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_request_that_times_out_releases_its_key_at_once() {
    let app = TestApp::with_config(|c, db| {
        c.request_timeout_ms = 1000;
        db.statement_timeout_ms = 1500;
    })
    .await;
    let f = Fixture::over(app).await;
    // Another session holds a lock that blocks the insert, so the request times out
    // while it runs (and its statement a little later).
    let mut blocker = f.market.app.db.conn().await;
    for sql in ["BEGIN", "LOCK TABLE organizations IN SHARE MODE"] {
        diesel::sql_query(sql).execute(&mut blocker).await.unwrap();
    }
    let timed_out = f.rest_create("alpha", &f.bob, Some("slow"), HELIOS).await;
    assert_eq!(timed_out.status, 503, "{}", timed_out.text);
    assert_eq!(code(&timed_out), Some(19009));
    // The key is released in the background as the request is cancelled (on a pooled
    // connection, once the cancelled statement has ended), while the lock is still held.
    let mut left = f.keys().await;
    for _ in 0..150 {
        if left == 0 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        left = f.keys().await;
    }
    assert_eq!(left, 0, "the timed-out claim is still there");
    diesel::sql_query("ROLLBACK")
        .execute(&mut blocker)
        .await
        .unwrap();
    let retry = f.rest_create("alpha", &f.bob, Some("slow"), HELIOS).await;
    assert_eq!(retry.status, 200, "{}", retry.text);
    assert!(!replayed(&retry));
    assert_eq!(f.organizations().await, 1);
}
