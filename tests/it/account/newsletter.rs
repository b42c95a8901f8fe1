//! Newsletter sign-up.

use crowdgraph::models::mail::kind;
use crowdgraph::seed::DEMO_NETWORK;
use diesel_async::RunQueryDsl;
use serde_json::json;

use crate::common::account::{NEWSLETTER, anon, mails};
use crate::common::identity::seeded;

#[tokio::test]
async fn newsletter_sign_up_alerts_the_admins_once() {
    let app = seeded().await;
    let r = anon(
        &app,
        DEMO_NETWORK,
        NEWSLETTER,
        json!({ "e": " John.Doe@test.com " }),
    )
    .await;
    assert_eq!(
        r.json["data"]["newsletterSignUp"],
        "The email address John.Doe@test.com requested to sign up to the newsletter list.",
        "{}",
        r.text
    );
    let alerts = mails(&app, DEMO_NETWORK, "admin@example.com").await;
    assert_eq!(alerts.len(), 1);
    assert_eq!(alerts[0].kind, kind::NEWSLETTER_SIGNUP);
    assert!(alerts[0].body_text.contains("John.Doe@test.com"));

    // Again, in another letter case: the same answer, no second row, no second alert.
    let r = anon(
        &app,
        DEMO_NETWORK,
        NEWSLETTER,
        json!({ "e": "john.doe@TEST.com" }),
    )
    .await;
    assert!(r.json["data"]["newsletterSignUp"].is_string(), "{}", r.text);
    assert_eq!(
        mails(&app, DEMO_NETWORK, "admin@example.com").await.len(),
        1
    );

    // A user's address is linked to the user.
    let r = anon(
        &app,
        DEMO_NETWORK,
        NEWSLETTER,
        json!({ "e": "Alice@example.com" }),
    )
    .await;
    assert!(r.json["data"]["newsletterSignUp"].is_string(), "{}", r.text);
    assert_eq!(
        mails(&app, DEMO_NETWORK, "admin@example.com").await.len(),
        2
    );
    let mut conn = app.db.conn().await;
    #[derive(diesel::QueryableByName)]
    struct Row {
        #[diesel(sql_type = diesel::sql_types::Text)]
        email: String,
        #[diesel(sql_type = diesel::sql_types::Bool)]
        linked: bool,
    }
    let rows: Vec<Row> = diesel::sql_query(
        "SELECT s.email, (s.user_id IS NOT DISTINCT FROM u.id) AS linked
         FROM newsletter_signups s LEFT JOIN users u
           ON u.network_id = s.network_id AND lower(u.email) = lower(s.email)
         ORDER BY s.created_at",
    )
    .load(&mut conn)
    .await
    .unwrap();
    let rows: Vec<(String, bool)> = rows.into_iter().map(|r| (r.email, r.linked)).collect();
    assert_eq!(
        rows,
        vec![
            ("John.Doe@test.com".to_owned(), true),
            ("Alice@example.com".to_owned(), true)
        ]
    );
}
