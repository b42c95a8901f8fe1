//! Every documented exception 10001–10022 with its status and messages.

use crowdgraph::seed::DEMO_NETWORK;
use serde_json::json;
use std::collections::BTreeSet;

use crate::common::TestResponse;
use crate::common::account::{
    AGE_SECRETS, FORGOT, NEWSLETTER, RESEND, RESET, RESET_URL, URL, VERIFY, anon, as_user,
    assert_documented, registered, sql,
};
use crate::common::exceptions::DOCUMENTED;
use crate::common::graphql::login;
use crate::common::identity::{last_link, seeded};

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
        &anon(&app, d, RESEND, json!({ "url": URL, "e": "not an email" })).await,
        10020,
    );
    check(
        &as_user(&app, &alice, RESEND, json!({ "url": URL })).await,
        10021,
    );
    // Anonymous: an unknown and a verified address answer like an unverified one (null),
    // not 10019/10021, so the caller learns nothing about accounts.
    for e in [
        "nobody@example.com",
        "alice@example.com",
        "grace@example.com",
    ] {
        let r = anon(&app, d, RESEND, json!({ "url": URL, "e": e })).await;
        assert_eq!(
            r.json,
            json!({ "data": { "resendVerificationEmail": null } }),
            "{e}"
        );
    }
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
    // An unknown address answers like a known one (not 10011): no enumeration.
    let unknown = anon(
        &app,
        d,
        FORGOT,
        json!({ "e": "nobody@example.com", "url": RESET_URL }),
    )
    .await;
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
    assert!(r.json["data"]["forgotPassword"].is_string(), "{}", r.text);
    assert_eq!(
        r.json, unknown.json,
        "known and unknown addresses answer alike"
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

    // 10011 is never raised: anonymous callers are not told whether an address exists.
    let documented: BTreeSet<i64> = DOCUMENTED
        .iter()
        .map(|(c, ..)| *c)
        .filter(|c| *c != 10011)
        .collect();
    assert_eq!(seen, documented);
}
