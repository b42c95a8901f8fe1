//! Every exception table of an in-scope route of `seeds/002_338b46960d33f2b9.txt`,
//! through that route: code, HTTP status and both messages, byte for byte (the texts are
//! `account::DOCUMENTED`, copied from the seeds), in the REST failure envelope. Only the
//! Public account routes have such tables (`scripts/seed_routes.py` lists them).

use std::collections::BTreeSet;

use axum::http::Method;
use crowdgraph::seed::DEMO_NETWORK;
use diesel_async::RunQueryDsl;
use serde_json::{Value, json};

use crate::common::exceptions::DOCUMENTED;
use crate::common::graphql::login;
use crate::common::identity::{anon, last_link, seeded};
use crate::common::rest::{assert_success, rest};
use crate::common::{TestApp, TestResponse};

const VERIFY: &str = "/public/verifyEmail";
const RESEND: &str = "/self/resendVerificationEmail";
const FORGOT: &str = "/public/forgotPassword";
const RESET: &str = "/public/resetPassword";
const NEWSLETTER: &str = "/public/newsletterSignUp";
const URL: &str = "https://www.yoursite.com/verify-email";
const RESET_URL: &str = "https://www.yoursite.com/password-reset-page";

/// Checks that `r` is the documented exception `code`, as the seeds print it, in the
/// REST failure envelope.
fn assert_documented(r: &TestResponse, code: i64) {
    let &(_, status, user, developer) = DOCUMENTED
        .iter()
        .find(|(c, ..)| *c == code)
        .unwrap_or_else(|| panic!("{code} is not documented"));
    assert_eq!(i64::from(r.status.as_u16()), status, "{code}: {}", r.text);
    assert_eq!(r.json["outcome"], "failure", "{}", r.text);
    assert_eq!(r.json["status"], status, "{}", r.text);
    let data = &r.json["data"];
    assert_eq!(data["code"], code, "{}", r.text);
    assert_eq!(data["user_message"], user, "{}", r.text);
    assert_eq!(data["developer_message"], developer, "{}", r.text);
}

/// Posts `body` to `path` as a visitor (or as the holder of `token`).
async fn post(app: &TestApp, path: &str, token: Option<&str>, body: Value) -> TestResponse {
    let auth = token.map_or_else(anon, str::to_owned);
    rest(app, Method::POST, path, Some(&auth), Some(body)).await
}

/// Registers `email` (password `Password123!`); returns the id and the verification
/// secret mailed to it.
async fn registered(app: &TestApp, email: &str) -> (String, String) {
    let body = json!({ "email": email, "password": "Password123!", "url": URL });
    let r = post(app, "/users", None, body).await;
    let id = assert_success(&r)["user_id"].as_str().unwrap().to_owned();
    let (link_user, secret) = last_link(app, DEMO_NETWORK, email).await;
    assert_eq!(link_user, id);
    (id, secret)
}

/// The seeds list 10017–10021 under POST /public/verifyEmail; they are the table of
/// POST /self/resendVerificationEmail (docs/errors.md). verifyEmail itself answers 10019
/// and 10021; the others come from the resend route, tested here too.
#[tokio::test]
async fn verify_email_and_resend_answer_their_documented_exceptions() {
    let app = seeded().await;
    let mut seen = BTreeSet::new();
    let mut check = |r: &TestResponse, code: i64| {
        assert_documented(r, code);
        seen.insert(code);
    };
    let (dora, secret) = registered(&app, "dora@test.com").await;

    // The seeds' sample body as-is: user 1234 is nobody here (ids are UUIDs).
    let sample = json!({ "user_id": "1234", "secret": "Jkt8RBs4AsFnl5FmzR2tZ16B0" });
    check(&post(&app, VERIFY, None, sample).await, 10019);
    let nobody = uuid::Uuid::new_v4().to_string();
    let body = json!({ "user_id": nobody, "secret": secret });
    check(&post(&app, VERIFY, None, body).await, 10019);
    let body = json!({ "user_id": dora, "secret": secret });
    assert_success(&post(&app, VERIFY, None, body.clone()).await);
    check(&post(&app, VERIFY, None, body).await, 10021);

    // The resend route: a visitor names the account by email.
    check(
        &post(&app, RESEND, None, json!({ "url": URL })).await,
        10017,
    );
    let body = json!({ "email": "dora@test.com" });
    check(&post(&app, RESEND, None, body).await, 10018);
    // A visitor is not told whether an address is registered or verified (no 10019 or
    // 10021 for them): the same `{"user_id": null}` for every address.
    for email in ["nobody@test.com", "dora@test.com"] {
        let body = json!({ "url": URL, "email": email });
        let data = assert_success(&post(&app, RESEND, None, body).await).clone();
        assert_eq!(data, json!({ "user_id": null }), "{email}");
    }
    let body = json!({ "url": URL, "email": "not an email" });
    check(&post(&app, RESEND, None, body).await, 10020);
    let token = login(&app, DEMO_NETWORK, "dora@test.com", "Password123!").await;
    check(&post(&app, RESEND, Some(&token), json!({})).await, 10018);
    check(
        &post(&app, RESEND, Some(&token), json!({ "url": URL })).await,
        10021,
    );

    assert_eq!(seen, BTreeSet::from([10017, 10018, 10019, 10020, 10021]));
}

#[tokio::test]
async fn forgot_password_answers_its_documented_exceptions() {
    let app = seeded().await;
    let mut seen = BTreeSet::new();
    let mut check = |r: &TestResponse, code: i64| {
        assert_documented(r, code);
        seen.insert(code);
    };
    let body = json!({ "url": RESET_URL });
    check(&post(&app, FORGOT, None, body).await, 10009);
    let body = json!({ "url": RESET_URL, "email": " " });
    check(&post(&app, FORGOT, None, body).await, 10009);
    let body = json!({ "email": "alice@example.com" });
    check(&post(&app, FORGOT, None, body).await, 10010);
    // The seeds' sample body before john.doe@test.com has an account.
    let sample = json!({ "url": RESET_URL, "email": "john.doe@test.com" });
    // Not 10011: the answer must not tell whether an address is registered.
    let unknown = assert_success(&post(&app, FORGOT, None, sample.clone()).await).clone();
    assert_eq!(unknown, json!({ "user_id": null }));
    let body = json!({ "url": RESET_URL, "email": "john.doe@" });
    check(&post(&app, FORGOT, None, body).await, 10012);
    registered(&app, "john.doe@test.com").await;
    let known = assert_success(&post(&app, FORGOT, None, sample).await).clone();
    assert_eq!(known, unknown, "the documented key, identifying no one");

    assert_eq!(seen, BTreeSet::from([10009, 10010, 10012]));
}

#[tokio::test]
async fn reset_password_answers_its_documented_exceptions() {
    let app = seeded().await;
    let mut seen = BTreeSet::new();
    let mut check = |r: &TestResponse, code: i64| {
        assert_documented(r, code);
        seen.insert(code);
    };
    let (john, _) = registered(&app, "john.doe@test.com").await;
    let forgot = json!({ "url": RESET_URL, "email": "john.doe@test.com" });
    assert_success(&post(&app, FORGOT, None, forgot).await);
    let (_, secret) = last_link(&app, DEMO_NETWORK, "john.doe@test.com").await;
    // The seeds' sample body, with its ids made real field by field.
    let sample = |user: &str, secret: &str, password: &str, confirm: &str| {
        let mut body = json!({ "user_id": user, "secret": secret, "password": password, "password_confirm": confirm });
        // An empty value stands for a missing parameter: drop it from the body.
        body.as_object_mut()
            .unwrap()
            .retain(|_, v| v.as_str() != Some(""));
        body
    };
    let pw = "NewPassword123!";
    let nobody = uuid::Uuid::new_v4().to_string();
    let cases: [(Value, i64); 7] = [
        (sample(&john, &secret, pw, "Other123!"), 10001),
        (sample(&nobody, &secret, pw, pw), 10002),
        (sample(&john, "5vnhfv2Afrz13ZctbJ0PrJrhs", pw, pw), 10003),
        (sample("", &secret, pw, pw), 10005),
        (sample(&john, "", pw, pw), 10006),
        (sample(&john, &secret, "", pw), 10007),
        (sample(&john, &secret, pw, ""), 10008),
    ];
    for (body, code) in cases {
        check(&post(&app, RESET, None, body).await, code);
    }
    // The seeds' own user id, 1000, names nobody here.
    check(
        &post(&app, RESET, None, sample("1000", &secret, pw, pw)).await,
        10002,
    );
    // A link older than 24 hours.
    let mut conn = app.db.conn().await;
    diesel::sql_query(
        "UPDATE user_secrets SET created_at = now() - interval '25 hours', \
         expires_at = now() - interval '1 minute'",
    )
    .execute(&mut conn)
    .await
    .unwrap();
    check(
        &post(&app, RESET, None, sample(&john, &secret, pw, pw)).await,
        10004,
    );

    let documented = (10001..=10008).collect::<BTreeSet<i64>>();
    assert_eq!(seen, documented);
}

#[tokio::test]
async fn newsletter_sign_up_answers_its_documented_exception() {
    let app = seeded().await;
    for email in ["john.doe@", "", "not an email"] {
        let r = post(&app, NEWSLETTER, None, json!({ "email": email })).await;
        assert_documented(&r, 10022);
    }
    let r = post(&app, NEWSLETTER, None, json!({})).await;
    assert_documented(&r, 10022);
    let sample = json!({ "email": "john.doe@test.com" });
    let r = post(&app, NEWSLETTER, None, sample).await;
    assert!(
        assert_success(&r)["message"]
            .as_str()
            .unwrap()
            .contains("john.doe@test.com")
    );
}
