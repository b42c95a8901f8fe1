//! Mail abuse: requests that send mail are limited per target address and per client
//! address (429, 11022, nothing queued), and anonymous answers identify no one.

use crowdgraph::error::codes;
use crowdgraph::seed::DEMO_NETWORK;
use serde_json::json;

use crate::common::account::{
    FORGOT, NEWSLETTER, RESEND, RESET_URL, URL, anon, assert_error, mails, registered,
};
use crate::common::graphql::login;
use crate::common::identity::seeded;
use crate::common::server;

#[tokio::test]
async fn twenty_five_forgot_password_calls_queue_at_most_the_limit() {
    // The per-client limit is out of the way here; the next test is about it.
    let app = crate::common::TestApp::with_config(|c, _| c.mail_limit_per_client = 1000).await;
    crowdgraph::seed::seed_demo(&app.state.pool).await.unwrap();
    let limit = app.state.config.mail_limit_per_address;
    let mut refused = 0;
    for _ in 0..25 {
        let r = anon(
            &app,
            DEMO_NETWORK,
            FORGOT,
            json!({ "e": "alice@example.com", "url": RESET_URL }),
        )
        .await;
        if r.json["errors"].is_array() {
            assert_error(&r, codes::MAIL_LIMIT.number(), 429);
            refused += 1;
        }
    }
    let queued = mails(&app, DEMO_NETWORK, "alice@example.com").await.len();
    assert_eq!(queued, limit as usize, "mails queued for 25 requests");
    assert_eq!(refused, 25 - limit);
    // Counted the same for an address no account has: the 429 reveals nothing either.
    let mut answers = Vec::new();
    for _ in 0..=limit {
        let r = anon(
            &app,
            DEMO_NETWORK,
            FORGOT,
            json!({ "e": "ghost@example.com", "url": RESET_URL }),
        )
        .await;
        answers.push(r.json["errors"][0]["extensions"]["code"].clone());
    }
    assert_eq!(answers.last().unwrap(), codes::MAIL_LIMIT.number());
    assert!(
        answers[..limit as usize].iter().all(|c| c.is_null()),
        "{answers:?}"
    );
}

#[tokio::test]
async fn one_client_cannot_mail_many_addresses() {
    let app = seeded().await;
    let server = server::start(app.state.clone()).await;
    let limit = app.state.config.mail_limit_per_client;
    let mut codes_seen = Vec::new();
    for i in 0..limit + 2 {
        let answer = server::graphql(
            server.addr,
            &[("network", DEMO_NETWORK)],
            NEWSLETTER,
            json!({ "e": format!("reader{i}@example.com") }),
        )
        .await;
        codes_seen.push(answer.json["errors"][0]["extensions"]["code"].as_i64());
    }
    let over = Some(codes::MAIL_LIMIT.number() as i64);
    assert!(
        codes_seen[..limit as usize].iter().all(Option::is_none),
        "{codes_seen:?}"
    );
    assert_eq!(codes_seen[limit as usize..], [over, over]);
    // The refused sign-ups alerted no admin.
    let alerts = mails(&app, DEMO_NETWORK, "admin@example.com").await.len();
    assert!(alerts <= limit as usize, "{alerts} alerts");
}

#[tokio::test]
async fn anonymous_resend_answers_alike_for_every_address() {
    let app = seeded().await;
    registered(&app, DEMO_NETWORK, "fresh@example.com", "Password123!").await;
    let before = mails(&app, DEMO_NETWORK, "fresh@example.com").await.len();
    let mut answers = Vec::new();
    // Unknown, verified (alice), unverified (fresh).
    for e in [
        "ghost@example.com",
        "alice@example.com",
        "fresh@example.com",
    ] {
        let r = anon(&app, DEMO_NETWORK, RESEND, json!({ "url": URL, "e": e })).await;
        answers.push(r.json);
    }
    assert!(answers.iter().all(|a| *a == answers[0]), "{answers:?}");
    assert_eq!(
        answers[0],
        json!({ "data": { "resendVerificationEmail": null } })
    );
    // Only the unverified account got a mail; the verified one got none.
    assert_eq!(
        mails(&app, DEMO_NETWORK, "fresh@example.com").await.len(),
        before + 1
    );
    assert!(
        mails(&app, DEMO_NETWORK, "alice@example.com")
            .await
            .is_empty()
    );
    // The owner, logged in, may learn more about their own address.
    let alice = login(&app, DEMO_NETWORK, "alice@example.com", "correct horse").await;
    let r = crate::common::account::as_user(&app, &alice, RESEND, json!({ "url": URL })).await;
    assert_eq!(
        r.json["errors"][0]["extensions"]["code"], 10021,
        "{}",
        r.text
    );
}
