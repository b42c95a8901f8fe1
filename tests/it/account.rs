//! Account flows through GraphQL: email verification (and resend), forgotten and reset
//! passwords, changing the login email, newsletter sign-up; every documented exception
//! 10001–10022 with its status and messages; the `link_origins` rule for mailed links;
//! isolation between networks.

use std::collections::BTreeSet;

use crowdgraph::error::codes;
use crowdgraph::models::mail::{self as outbox, kind};
use crowdgraph::models::network::Network;
use crowdgraph::seed::{self, DEMO_NETWORK};
use diesel_async::RunQueryDsl;
use serde_json::{Value, json};

use crate::common::exceptions::DOCUMENTED;
use crate::common::graphql::{bearer, gql, login};
use crate::common::identity::{last_link, seeded};
use crate::common::{TestApp, TestResponse, first_error_code};

const REGISTER: &str = "mutation($i: RegisterInput!) { register(input: $i) { user { id } } }";
const VERIFY: &str = "mutation($u: ID!, $s: String!) { verifyEmail(userId: $u, secret: $s) }";
const RESEND: &str =
    "mutation($url: String!, $e: String) { resendVerificationEmail(url: $url, email: $e) }";
const FORGOT: &str =
    "mutation($e: String!, $url: String!) { forgotPassword(email: $e, url: $url) }";
const RESET: &str = "mutation($u: ID!, $s: String!, $p: String!, $c: String!) { resetPassword(userId: $u, secret: $s, password: $p, passwordConfirm: $c) }";
const CHANGE_EMAIL: &str = "mutation($n: String!, $c: String!, $url: String!) { changeEmail(newEmail: $n, newEmailConfirm: $c, verifyEmailUrl: $url) { token user { id email emailVerified } } }";
const NEWSLETTER: &str = "mutation($e: String!) { newsletterSignUp(email: $e) }";
const ME: &str = "{ me { id email emailVerified } }";

const URL: &str = "https://front.example/verify";
const RESET_URL: &str = "https://front.example/reset-password";

/// Checks that `r` failed with the documented exception `code`, exactly as documented.
fn assert_documented(r: &TestResponse, code: i64) {
    let &(_, status, user, developer) = DOCUMENTED
        .iter()
        .find(|(c, ..)| *c == code)
        .unwrap_or_else(|| panic!("{code} is not documented"));
    let error = &r.json["errors"][0];
    let ext = &error["extensions"];
    assert_eq!(ext["code"], code, "{}", r.text);
    assert_eq!(ext["status"], status, "{}", r.text);
    assert_eq!(ext["userMessage"], user, "{}", r.text);
    assert_eq!(ext["developerMessage"], developer, "{}", r.text);
    assert_eq!(error["message"], user, "{}", r.text);
    // Inside an executed operation: HTTP 200, the status is in the extensions.
    assert_eq!(r.status, 200, "{}", r.text);
}

/// Checks the code and status of the first error of `r`.
fn assert_error(r: &TestResponse, code: u32, status: u16) {
    assert_eq!(first_error_code(r), Some(i64::from(code)), "{}", r.text);
    assert_eq!(
        r.json["errors"][0]["extensions"]["status"], status,
        "{}",
        r.text
    );
}

async fn anon(app: &TestApp, network: &str, query: &str, variables: Value) -> TestResponse {
    gql(app, &[("network", network)], query, variables).await
}

async fn as_user(app: &TestApp, token: &str, query: &str, variables: Value) -> TestResponse {
    gql(app, &[("authorization", &bearer(token))], query, variables).await
}

async fn register(
    app: &TestApp,
    network: &str,
    email: &str,
    password: &str,
    url: &str,
) -> TestResponse {
    let input = json!({ "email": email, "password": password, "url": url });
    anon(app, network, REGISTER, json!({ "i": input })).await
}

async fn registered(app: &TestApp, network: &str, email: &str, password: &str) -> String {
    let r = register(app, network, email, password, URL).await;
    r.json["data"]["register"]["user"]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("register failed: {}", r.text))
        .to_owned()
}

async fn me(app: &TestApp, token: &str) -> TestResponse {
    as_user(app, token, ME, json!({})).await
}

/// Ages every secret past its 24 hours (the row keeps `expires_at > created_at`).
const AGE_SECRETS: &str = "UPDATE user_secrets SET created_at = now() - interval '25 hours', \
                           expires_at = now() - interval '1 minute'";

async fn sql(app: &TestApp, statement: &str) {
    let mut conn = app.db.conn().await;
    diesel::sql_query(statement)
        .execute(&mut conn)
        .await
        .unwrap();
}

/// The outbox mails of `network` to `to`, newest first.
async fn mails(app: &TestApp, network: &str, to: &str) -> Vec<outbox::OutboxMail> {
    let mut conn = app.db.conn().await;
    let net = Network::find_by_name(&mut conn, network)
        .await
        .unwrap()
        .unwrap();
    outbox::list_for(&mut conn, net.id, to).await.unwrap()
}

#[tokio::test]
async fn register_verify_then_login_as_verified() {
    let app = seeded().await;
    let id = registered(&app, DEMO_NETWORK, "carol@example.com", "Password123!").await;
    let (link_user, secret) = last_link(&app, DEMO_NETWORK, "carol@example.com").await;
    assert_eq!(link_user, id);

    let token = login(&app, DEMO_NETWORK, "carol@example.com", "Password123!").await;
    assert_eq!(
        me(&app, &token).await.json["data"]["me"]["emailVerified"],
        false
    );

    // Anonymous, as the front-end page behind the link calls it.
    let r = anon(&app, DEMO_NETWORK, VERIFY, json!({ "u": id, "s": secret })).await;
    assert_eq!(r.json["data"]["verifyEmail"], id.as_str(), "{}", r.text);
    let token = login(&app, DEMO_NETWORK, "carol@example.com", "Password123!").await;
    assert_eq!(
        me(&app, &token).await.json["data"]["me"]["emailVerified"],
        true
    );

    // The link works once: a second click says "already verified" (the caller holds a
    // real link of this user), a made-up secret does not learn even that.
    let again = anon(&app, DEMO_NETWORK, VERIFY, json!({ "u": id, "s": secret })).await;
    assert_documented(&again, 10021);
    let made_up = anon(
        &app,
        DEMO_NETWORK,
        VERIFY,
        json!({ "u": id, "s": "cg_nope" }),
    )
    .await;
    assert_error(&made_up, codes::VERIFY_SECRET_INVALID.number(), 400);

    // Resending to a verified user is refused.
    let r = as_user(&app, &token, RESEND, json!({ "url": URL })).await;
    assert_documented(&r, 10021);
}

#[tokio::test]
async fn resend_issues_a_new_link_and_the_old_one_stops_working() {
    let app = seeded().await;
    let id = registered(&app, DEMO_NETWORK, "dave@example.com", "Password123!").await;
    let (_, first) = last_link(&app, DEMO_NETWORK, "dave@example.com").await;
    let token = login(&app, DEMO_NETWORK, "dave@example.com", "Password123!").await;

    let r = as_user(
        &app,
        &token,
        RESEND,
        json!({ "url": "https://front.example/v2" }),
    )
    .await;
    assert_eq!(
        r.json["data"]["resendVerificationEmail"],
        id.as_str(),
        "{}",
        r.text
    );
    let (_, second) = last_link(&app, DEMO_NETWORK, "dave@example.com").await;
    assert_ne!(first, second);
    let newest = &mails(&app, DEMO_NETWORK, "dave@example.com").await[0];
    assert_eq!(newest.kind, kind::VERIFY_EMAIL);
    assert!(
        newest
            .body_text
            .contains("https://front.example/v2?user_id=")
    );

    // Anonymous resend names the account by email (the reference's 10017/10019/10020).
    let r = anon(
        &app,
        DEMO_NETWORK,
        RESEND,
        json!({ "url": URL, "e": "DAVE@example.com" }),
    )
    .await;
    assert_eq!(
        r.json["data"]["resendVerificationEmail"],
        id.as_str(),
        "{}",
        r.text
    );
    let (_, third) = last_link(&app, DEMO_NETWORK, "dave@example.com").await;

    for stale in [&first, &second] {
        let r = anon(&app, DEMO_NETWORK, VERIFY, json!({ "u": id, "s": stale })).await;
        assert_error(&r, codes::VERIFY_SECRET_INVALID.number(), 400);
    }
    let r = anon(&app, DEMO_NETWORK, VERIFY, json!({ "u": id, "s": third })).await;
    assert_eq!(r.json["data"]["verifyEmail"], id.as_str(), "{}", r.text);

    // A logged-in user cannot have the mail sent for another address.
    let alice = login(&app, DEMO_NETWORK, "alice@example.com", "correct horse").await;
    let r = as_user(
        &app,
        &alice,
        RESEND,
        json!({ "url": URL, "e": "dave@example.com" }),
    )
    .await;
    assert_error(&r, codes::FORBIDDEN.number(), 403);
}

#[tokio::test]
async fn an_expired_verification_link_is_refused() {
    let app = seeded().await;
    let id = registered(&app, DEMO_NETWORK, "erin@example.com", "Password123!").await;
    let (_, secret) = last_link(&app, DEMO_NETWORK, "erin@example.com").await;
    sql(&app, AGE_SECRETS).await;
    let r = anon(&app, DEMO_NETWORK, VERIFY, json!({ "u": id, "s": secret })).await;
    assert_error(&r, codes::VERIFY_LINK_EXPIRED.number(), 409);
    // Missing parameters (no documented code for verifyEmail): 19002 naming them.
    let r = anon(&app, DEMO_NETWORK, VERIFY, json!({ "u": "", "s": secret })).await;
    assert_error(&r, codes::BAD_REQUEST.number(), 400);
    assert_eq!(
        r.json["errors"][0]["extensions"]["developerMessage"],
        "Parameter missing: user_id"
    );
    let r = anon(&app, DEMO_NETWORK, VERIFY, json!({ "u": id, "s": " " })).await;
    assert_eq!(
        r.json["errors"][0]["extensions"]["developerMessage"],
        "Parameter missing: secret"
    );
}

#[tokio::test]
async fn forgot_then_reset_password_ends_sessions_and_lifts_the_lock() {
    let app = seeded().await;
    let old_token = login(&app, DEMO_NETWORK, "alice@example.com", "correct horse").await;
    // Lock the account with failed logins: even the right password is refused.
    for _ in 0..5 {
        anon(
            &app,
            DEMO_NETWORK,
            "mutation { login(email: \"alice@example.com\", password: \"wrong-one\") { token } }",
            json!({}),
        )
        .await;
    }
    let locked = anon(
        &app,
        DEMO_NETWORK,
        "mutation { login(email: \"alice@example.com\", password: \"correct horse\") { token } }",
        json!({}),
    )
    .await;
    assert_error(&locked, codes::LOGIN_LOCKED.number(), 429);

    let r = anon(
        &app,
        DEMO_NETWORK,
        FORGOT,
        json!({ "e": " Alice@Example.com ", "url": RESET_URL }),
    )
    .await;
    let user_id = r.json["data"]["forgotPassword"]
        .as_str()
        .unwrap_or_else(|| panic!("{}", r.text))
        .to_owned();
    let mail = &mails(&app, DEMO_NETWORK, "alice@example.com").await[0];
    assert_eq!(mail.kind, kind::RESET_PASSWORD);
    assert!(
        mail.body_text
            .contains(&format!("{RESET_URL}?user_id={user_id}&secret=")),
        "{}",
        mail.body_text
    );
    let (link_user, secret) = last_link(&app, DEMO_NETWORK, "alice@example.com").await;
    assert_eq!(link_user, user_id);

    let vars = json!({ "u": user_id, "s": secret, "p": "New-passw0rd", "c": "New-passw0rd" });
    let r = anon(&app, DEMO_NETWORK, RESET, vars.clone()).await;
    assert_eq!(
        r.json["data"]["resetPassword"],
        user_id.as_str(),
        "{}",
        r.text
    );

    // Old sessions are dead, the old password too, the lock is gone.
    assert_eq!(me(&app, &old_token).await.status, 401);
    let old = anon(
        &app,
        DEMO_NETWORK,
        "mutation { login(email: \"alice@example.com\", password: \"correct horse\") { token } }",
        json!({}),
    )
    .await;
    assert_error(&old, codes::BAD_CREDENTIALS.number(), 401);
    let token = login(&app, DEMO_NETWORK, "alice@example.com", "New-passw0rd").await;
    assert_eq!(
        me(&app, &token).await.json["data"]["me"]["email"],
        "alice@example.com"
    );

    // The secret works once.
    let again = anon(&app, DEMO_NETWORK, RESET, vars).await;
    assert_documented(&again, 10003);

    // A newer request supersedes an older link.
    anon(
        &app,
        DEMO_NETWORK,
        FORGOT,
        json!({ "e": "alice@example.com", "url": RESET_URL }),
    )
    .await;
    let (_, older) = last_link(&app, DEMO_NETWORK, "alice@example.com").await;
    anon(
        &app,
        DEMO_NETWORK,
        FORGOT,
        json!({ "e": "alice@example.com", "url": RESET_URL }),
    )
    .await;
    let (_, newer) = last_link(&app, DEMO_NETWORK, "alice@example.com").await;
    let r = anon(
        &app,
        DEMO_NETWORK,
        RESET,
        json!({ "u": user_id, "s": older, "p": "Another-pass1", "c": "Another-pass1" }),
    )
    .await;
    assert_documented(&r, 10003);
    let r = anon(
        &app,
        DEMO_NETWORK,
        RESET,
        json!({ "u": user_id, "s": newer, "p": "x", "c": "x" }),
    )
    .await;
    assert_error(&r, codes::WEAK_PASSWORD.number(), 400);
    // A refused attempt does not use the secret up.
    let r = anon(
        &app,
        DEMO_NETWORK,
        RESET,
        json!({ "u": user_id, "s": newer, "p": "Another-pass1", "c": "Another-pass1" }),
    )
    .await;
    assert_eq!(
        r.json["data"]["resetPassword"],
        user_id.as_str(),
        "{}",
        r.text
    );
    login(&app, DEMO_NETWORK, "alice@example.com", "Another-pass1").await;
}

#[tokio::test]
async fn an_expired_reset_link_is_refused_with_10004() {
    let app = seeded().await;
    anon(
        &app,
        DEMO_NETWORK,
        FORGOT,
        json!({ "e": "bob@example.com", "url": RESET_URL }),
    )
    .await;
    let (user_id, secret) = last_link(&app, DEMO_NETWORK, "bob@example.com").await;
    sql(&app, AGE_SECRETS).await;
    let r = anon(
        &app,
        DEMO_NETWORK,
        RESET,
        json!({ "u": user_id, "s": secret, "p": "New-passw0rd", "c": "New-passw0rd" }),
    )
    .await;
    assert_documented(&r, 10004);
    // Nothing changed.
    login(&app, DEMO_NETWORK, "bob@example.com", "pässwörd").await;
}

#[tokio::test]
async fn change_email_moves_the_login_and_needs_a_new_verification() {
    let app = seeded().await;
    let token = login(&app, DEMO_NETWORK, "bob@example.com", "pässwörd").await;
    let other_session = login(&app, DEMO_NETWORK, "bob@example.com", "pässwörd").await;
    // A reset link mailed to the old address must die with the change.
    anon(
        &app,
        DEMO_NETWORK,
        FORGOT,
        json!({ "e": "bob@example.com", "url": RESET_URL }),
    )
    .await;
    let (bob_id, reset_secret) = last_link(&app, DEMO_NETWORK, "bob@example.com").await;

    let vars = json!({ "n": "Robert@New.example", "c": "robert@new.example", "url": URL });
    let r = as_user(&app, &token, CHANGE_EMAIL, vars).await;
    let session = &r.json["data"]["changeEmail"];
    assert_eq!(
        session["user"],
        json!({ "id": bob_id, "email": "Robert@New.example", "emailVerified": false }),
        "{}",
        r.text
    );
    let new_token = session["token"].as_str().unwrap().to_owned();

    // Every earlier session ended; the new token works.
    assert_eq!(me(&app, &token).await.status, 401);
    assert_eq!(me(&app, &other_session).await.status, 401);
    assert_eq!(
        me(&app, &new_token).await.json["data"]["me"]["email"],
        "Robert@New.example"
    );

    // The old address no longer logs in; the new one does.
    let old = anon(
        &app,
        DEMO_NETWORK,
        "mutation { login(email: \"bob@example.com\", password: \"pässwörd\") { token } }",
        json!({}),
    )
    .await;
    assert_error(&old, codes::BAD_CREDENTIALS.number(), 401);
    let token = login(&app, DEMO_NETWORK, "robert@new.example", "pässwörd").await;

    let r = anon(
        &app,
        DEMO_NETWORK,
        RESET,
        json!({ "u": bob_id, "s": reset_secret, "p": "New-passw0rd", "c": "New-passw0rd" }),
    )
    .await;
    assert_documented(&r, 10003);

    // The verification mail went to the new address.
    let (link_user, secret) = last_link(&app, DEMO_NETWORK, "robert@new.example").await;
    assert_eq!(link_user, bob_id);
    assert_eq!(
        me(&app, &token).await.json["data"]["me"]["emailVerified"],
        false
    );
    let r = anon(
        &app,
        DEMO_NETWORK,
        VERIFY,
        json!({ "u": bob_id, "s": secret }),
    )
    .await;
    assert_eq!(r.json["data"]["verifyEmail"], bob_id.as_str(), "{}", r.text);
    assert_eq!(
        me(&app, &token).await.json["data"]["me"]["emailVerified"],
        true
    );
}

#[tokio::test]
async fn a_changed_email_invalidates_older_verification_links() {
    let app = seeded().await;
    let id = registered(&app, DEMO_NETWORK, "frank@example.com", "Password123!").await;
    let (_, old_secret) = last_link(&app, DEMO_NETWORK, "frank@example.com").await;
    let token = login(&app, DEMO_NETWORK, "frank@example.com", "Password123!").await;
    let vars = json!({ "n": "frank@other.example", "c": "frank@other.example", "url": URL });
    let r = as_user(&app, &token, CHANGE_EMAIL, vars).await;
    assert!(
        r.json["data"]["changeEmail"]["token"].is_string(),
        "{}",
        r.text
    );
    let r = anon(
        &app,
        DEMO_NETWORK,
        VERIFY,
        json!({ "u": id, "s": old_secret }),
    )
    .await;
    assert_error(&r, codes::VERIFY_SECRET_INVALID.number(), 400);
}

#[tokio::test]
async fn change_email_refusals() {
    let app = seeded().await;
    let token = login(&app, DEMO_NETWORK, "bob@example.com", "pässwörd").await;
    let cases = [
        (
            json!({ "n": "a@new.example", "c": "b@new.example", "url": URL }),
            codes::EMAILS_DIFFER.number(),
            409,
        ),
        (
            json!({ "n": "not-an-email", "c": "not-an-email", "url": URL }),
            codes::INVALID_EMAIL.number(),
            400,
        ),
        (
            json!({ "n": "ALICE@example.com", "c": "alice@example.com", "url": URL }),
            codes::EMAIL_TAKEN.number(),
            409,
        ),
        (
            json!({ "n": "b2@new.example", "c": "b2@new.example", "url": "javascript:alert(1)" }),
            codes::BAD_REQUEST.number(),
            400,
        ),
    ];
    for (vars, code, status) in cases {
        let r = as_user(&app, &token, CHANGE_EMAIL, vars).await;
        assert_error(&r, code, status);
    }
    let r = as_user(
        &app,
        &token,
        CHANGE_EMAIL,
        json!({ "n": "a@new.example", "c": "b@new.example", "url": URL }),
    )
    .await;
    assert_eq!(
        r.json["errors"][0]["extensions"]["userMessage"],
        "Email addresses do not match"
    );
    // Nothing changed, the session still works; anonymous callers are refused.
    assert_eq!(
        me(&app, &token).await.json["data"]["me"]["email"],
        "bob@example.com"
    );
    let r = anon(
        &app,
        DEMO_NETWORK,
        CHANGE_EMAIL,
        json!({ "n": "a@new.example", "c": "a@new.example", "url": URL }),
    )
    .await;
    assert_error(&r, codes::AUTH_REQUIRED.number(), 401);
}

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

#[tokio::test]
async fn every_documented_exception_answers_as_documented() {
    let app = seeded().await;
    let d = DEMO_NETWORK;
    let mut seen = BTreeSet::new();
    let mut check = |r: &TestResponse, code: i64| {
        assert_documented(r, code);
        seen.insert(code);
    };
    let alice = login(&app, d, "alice@example.com", "correct horse").await;
    let grace = registered(&app, d, "grace@example.com", "Password123!").await;

    // resendVerificationEmail (the reference lists these under verifyEmail).
    check(&anon(&app, d, RESEND, json!({ "url": URL })).await, 10017);
    check(
        &anon(&app, d, RESEND, json!({ "url": URL, "e": "" })).await,
        10017,
    );
    check(
        &as_user(&app, &alice, RESEND, json!({ "url": " " })).await,
        10018,
    );
    check(
        &anon(
            &app,
            d,
            RESEND,
            json!({ "url": "", "e": "grace@example.com" }),
        )
        .await,
        10018,
    );
    check(
        &anon(
            &app,
            d,
            RESEND,
            json!({ "url": URL, "e": "nobody@example.com" }),
        )
        .await,
        10019,
    );
    check(
        &anon(&app, d, RESEND, json!({ "url": URL, "e": "not an email" })).await,
        10020,
    );
    check(
        &as_user(&app, &alice, RESEND, json!({ "url": URL })).await,
        10021,
    );
    check(
        &anon(
            &app,
            d,
            RESEND,
            json!({ "url": URL, "e": "alice@example.com" }),
        )
        .await,
        10021,
    );
    // verifyEmail of a user that does not exist (or a malformed id).
    let nil = uuid::Uuid::nil().to_string();
    check(
        &anon(&app, d, VERIFY, json!({ "u": nil, "s": "x" })).await,
        10019,
    );
    check(
        &anon(&app, d, VERIFY, json!({ "u": "42", "s": "x" })).await,
        10019,
    );

    // forgotPassword.
    check(
        &anon(&app, d, FORGOT, json!({ "e": "", "url": RESET_URL })).await,
        10009,
    );
    check(
        &anon(
            &app,
            d,
            FORGOT,
            json!({ "e": "alice@example.com", "url": "  " }),
        )
        .await,
        10010,
    );
    check(
        &anon(
            &app,
            d,
            FORGOT,
            json!({ "e": "nobody@example.com", "url": RESET_URL }),
        )
        .await,
        10011,
    );
    check(
        &anon(
            &app,
            d,
            FORGOT,
            json!({ "e": "alice@@example", "url": RESET_URL }),
        )
        .await,
        10012,
    );
    let r = anon(
        &app,
        d,
        FORGOT,
        json!({ "e": "grace@example.com", "url": RESET_URL }),
    )
    .await;
    assert_eq!(
        r.json["data"]["forgotPassword"],
        grace.as_str(),
        "{}",
        r.text
    );
    let (_, secret) = last_link(&app, d, "grace@example.com").await;

    // resetPassword.
    let reset = |u: &str, s: &str, p: &str, c: &str| json!({ "u": u, "s": s, "p": p, "c": c });
    let pw = "New-passw0rd";
    check(
        &anon(&app, d, RESET, reset(&grace, &secret, pw, "Other-passw0rd")).await,
        10001,
    );
    check(
        &anon(&app, d, RESET, reset(&nil, &secret, pw, pw)).await,
        10002,
    );
    check(
        &anon(&app, d, RESET, reset("not-a-uuid", &secret, pw, pw)).await,
        10002,
    );
    check(
        &anon(&app, d, RESET, reset(&grace, "cg_wrong", pw, pw)).await,
        10003,
    );
    check(
        &anon(&app, d, RESET, reset("", &secret, pw, pw)).await,
        10005,
    );
    check(
        &anon(&app, d, RESET, reset(&grace, " ", pw, pw)).await,
        10006,
    );
    check(
        &anon(&app, d, RESET, reset(&grace, &secret, "", pw)).await,
        10007,
    );
    check(
        &anon(&app, d, RESET, reset(&grace, &secret, pw, "")).await,
        10008,
    );
    sql(&app, AGE_SECRETS).await;
    check(
        &anon(&app, d, RESET, reset(&grace, &secret, pw, pw)).await,
        10004,
    );

    // newsletterSignUp.
    check(
        &anon(&app, d, NEWSLETTER, json!({ "e": "john.doe@" })).await,
        10022,
    );
    check(&anon(&app, d, NEWSLETTER, json!({ "e": "" })).await, 10022);

    let documented: BTreeSet<i64> = DOCUMENTED.iter().map(|(c, ..)| *c).collect();
    assert_eq!(seen, documented);
}

#[tokio::test]
async fn link_origins_restrict_where_mailed_links_point() {
    let app = seeded().await;
    // Without the setting any absolute http(s) URL is accepted.
    let r = register(
        &app,
        DEMO_NETWORK,
        "heidi@example.com",
        "Password123!",
        "https://anywhere.example/v",
    )
    .await;
    assert!(
        r.json["data"]["register"]["user"]["id"].is_string(),
        "{}",
        r.text
    );

    sql(
        &app,
        "UPDATE networks SET settings = settings || '{\"link_origins\": [\"https://app.example.com\", \"http://localhost:3000\"]}' WHERE name = 'demo'",
    )
    .await;
    let evil = "https://app.example.com.evil.example/verify";
    let r = register(&app, DEMO_NETWORK, "ivan@example.com", "Password123!", evil).await;
    assert_error(&r, codes::LINK_ORIGIN_REFUSED.number(), 400);
    let message = r.json["errors"][0]["extensions"]["developerMessage"]
        .as_str()
        .unwrap();
    assert!(
        message.starts_with("`url`") && message.contains("https://app.example.com"),
        "{message}"
    );
    assert!(
        mails(&app, DEMO_NETWORK, "ivan@example.com")
            .await
            .is_empty()
    );

    let r = anon(
        &app,
        DEMO_NETWORK,
        FORGOT,
        json!({ "e": "alice@example.com", "url": evil }),
    )
    .await;
    assert_error(&r, codes::LINK_ORIGIN_REFUSED.number(), 400);
    let r = anon(
        &app,
        DEMO_NETWORK,
        RESEND,
        json!({ "e": "heidi@example.com", "url": evil }),
    )
    .await;
    assert_error(&r, codes::LINK_ORIGIN_REFUSED.number(), 400);
    let bob = login(&app, DEMO_NETWORK, "bob@example.com", "pässwörd").await;
    let r = as_user(
        &app,
        &bob,
        CHANGE_EMAIL,
        json!({ "n": "b@new.example", "c": "b@new.example", "url": evil }),
    )
    .await;
    assert_error(&r, codes::LINK_ORIGIN_REFUSED.number(), 400);
    assert!(
        r.json["errors"][0]["extensions"]["developerMessage"]
            .as_str()
            .unwrap()
            .starts_with("`verifyEmailUrl`")
    );
    assert!(
        mails(&app, DEMO_NETWORK, "alice@example.com")
            .await
            .is_empty()
    );

    // Allowed origins work (path, query and fragment are free).
    let r = register(
        &app,
        DEMO_NETWORK,
        "ivan@example.com",
        "Password123!",
        "https://app.example.com/verify?lang=en",
    )
    .await;
    assert!(
        r.json["data"]["register"]["user"]["id"].is_string(),
        "{}",
        r.text
    );
    let r = anon(
        &app,
        DEMO_NETWORK,
        FORGOT,
        json!({ "e": "alice@example.com", "url": "http://localhost:3000/reset#x" }),
    )
    .await;
    assert!(r.json["data"]["forgotPassword"].is_string(), "{}", r.text);
}

#[tokio::test]
async fn secrets_and_user_ids_never_cross_networks() {
    let app = seeded().await;
    seed::create_network(
        &app.state.pool,
        "other",
        "boss@other.test",
        "other-password",
    )
    .await
    .unwrap();
    // A reset link of the demo network.
    anon(
        &app,
        DEMO_NETWORK,
        FORGOT,
        json!({ "e": "alice@example.com", "url": RESET_URL }),
    )
    .await;
    let (demo_alice, demo_secret) = last_link(&app, DEMO_NETWORK, "alice@example.com").await;
    let pw = "New-passw0rd";
    let reset = |u: &str, s: &str| json!({ "u": u, "s": s, "p": pw, "c": pw });

    // The demo user id names nobody in the other network.
    let r = anon(&app, "other", RESET, reset(&demo_alice, &demo_secret)).await;
    assert_documented(&r, 10002);
    let r = anon(
        &app,
        "other",
        VERIFY,
        json!({ "u": demo_alice, "s": demo_secret }),
    )
    .await;
    assert_documented(&r, 10019);
    // An account with the same email in the other network does not accept the demo secret.
    let other_alice = registered(&app, "other", "alice@example.com", "Another123!").await;
    assert_ne!(other_alice, demo_alice);
    let r = anon(&app, "other", RESET, reset(&other_alice, &demo_secret)).await;
    assert_documented(&r, 10003);
    let (_, other_verify) = last_link(&app, "other", "alice@example.com").await;
    let r = anon(
        &app,
        DEMO_NETWORK,
        VERIFY,
        json!({ "u": demo_alice, "s": other_verify }),
    )
    .await;
    assert_error(&r, codes::VERIFY_SECRET_INVALID.number(), 400);
    // Unknown in the other network, and mails stay in their network's outbox.
    let r = anon(
        &app,
        "other",
        FORGOT,
        json!({ "e": "bob@example.com", "url": RESET_URL }),
    )
    .await;
    assert_documented(&r, 10011);
    assert!(mails(&app, "other", "bob@example.com").await.is_empty());
    // Both passwords are unchanged; the demo secret still works in its own network.
    login(&app, "other", "alice@example.com", "Another123!").await;
    let r = anon(&app, DEMO_NETWORK, RESET, reset(&demo_alice, &demo_secret)).await;
    assert_eq!(
        r.json["data"]["resetPassword"],
        demo_alice.as_str(),
        "{}",
        r.text
    );
    login(&app, DEMO_NETWORK, "alice@example.com", pw).await;
    login(&app, "other", "alice@example.com", "Another123!").await;

    // Newsletter sign-ups are per network: each network's admins get their own alert.
    for network in [DEMO_NETWORK, "other"] {
        let r = anon(&app, network, NEWSLETTER, json!({ "e": "fan@example.com" })).await;
        assert!(r.json["data"]["newsletterSignUp"].is_string(), "{}", r.text);
    }
    assert_eq!(
        mails(&app, DEMO_NETWORK, "admin@example.com").await.len(),
        1
    );
    assert_eq!(mails(&app, "other", "boss@other.test").await.len(), 1);
}
