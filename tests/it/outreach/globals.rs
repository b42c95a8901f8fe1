//! The network's globals.

use crowdgraph::error::codes;
use crowdgraph::seed::DEMO_NETWORK;
use serde_json::{Value, json};

use crate::common::identity::seeded;
use crate::common::outreach::{
    ADMIN, ALICE, GLOBALS, SET_GLOBALS, Session, anonymous, data, error,
};

#[tokio::test]
async fn globals_are_public_and_only_admins_merge_them() {
    let app = seeded().await;
    let read = anonymous(&app, DEMO_NETWORK, GLOBALS, json!({})).await;
    assert_eq!(data(&read, "globals"), &json!({}));

    let admin = Session::new(&app, DEMO_NETWORK, ADMIN).await;
    let set = admin
        .call(
            &app,
            SET_GLOBALS,
            json!({ "v": { "currency": "GBP", "fees": { "entry": "1.5" }, "max-bids": 3 } }),
        )
        .await;
    assert_eq!(
        data(&set, "setGlobals"),
        &json!({ "currency": "GBP", "fees": { "entry": "1.5" }, "max-bids": 3 })
    );
    // Merge: a null removes, other keys stay.
    let set = admin
        .call(
            &app,
            SET_GLOBALS,
            json!({ "v": { "fees": null, "terms_url": "https://x.example/terms" } }),
        )
        .await;
    let want = json!({ "currency": "GBP", "max-bids": 3, "terms_url": "https://x.example/terms" });
    assert_eq!(data(&set, "setGlobals"), &want);
    // Anybody reads them, logged in or not.
    let read = anonymous(&app, DEMO_NETWORK, GLOBALS, json!({})).await;
    assert_eq!(data(&read, "globals"), &want);
    let alice = Session::new(&app, DEMO_NETWORK, ALICE).await;
    assert_eq!(
        data(&alice.call(&app, GLOBALS, json!({})).await, "globals"),
        &want
    );

    // Validation.
    let cases = [
        (json!({ "bad key": 1 }), (codes::BAD_REQUEST.number(), 400)),
        (json!({ "": 1 }), (codes::BAD_REQUEST.number(), 400)),
        (
            json!(["not", "an", "object"]),
            (codes::BAD_REQUEST.number(), 400),
        ),
        (
            json!({ "k": "x".repeat(70_000) }),
            (codes::GLOBALS_LIMIT.number(), 400),
        ),
    ];
    for (values, (code, status)) in cases {
        let r = admin.call(&app, SET_GLOBALS, json!({ "v": values })).await;
        assert_eq!(error(&r), (code as i64, status), "{}", r.text);
    }
    let many: serde_json::Map<String, Value> =
        (0..98).map(|i| (format!("k{i}"), json!(i))).collect();
    let r = admin.call(&app, SET_GLOBALS, json!({ "v": many })).await;
    assert_eq!(
        error(&r),
        (codes::GLOBALS_LIMIT.number() as i64, 400),
        "3 + 98 keys: {}",
        r.text
    );
    let read = anonymous(&app, DEMO_NETWORK, GLOBALS, json!({})).await;
    assert_eq!(
        data(&read, "globals"),
        &want,
        "refused changes leave nothing"
    );

    // Non-admins cannot set them.
    let r = alice
        .call(&app, SET_GLOBALS, json!({ "v": { "x": 1 } }))
        .await;
    assert_eq!(error(&r), (codes::FORBIDDEN.number() as i64, 403));
    let r = anonymous(&app, DEMO_NETWORK, SET_GLOBALS, json!({ "v": { "x": 1 } })).await;
    assert_eq!(error(&r), (codes::AUTH_REQUIRED.number() as i64, 401));
}
