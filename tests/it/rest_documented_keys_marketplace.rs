//! Issue #5's acceptance, route by route, for the Organizations, Offerings and
//! Investments sections of `seeds/002_338b46960d33f2b9.txt` (in scope: everything but
//! capitalizations, documents, deal rooms, payouts and payment schedules): each route
//! gets the documented request (the seeds' sample body, with real ids) and every
//! documented key is checked (`rest_seed_keys`).

use axum::http::Method;
use serde_json::{Value, json};

use crate::common::demo::{demo, enrich};
use crate::common::identity::seeded;
use crate::common::rest::ok;
use crate::common::seed_keys::*;

const GET: Method = Method::GET;
const POST: Method = Method::POST;
const PATCH: Method = Method::PATCH;
const DELETE: Method = Method::DELETE;

#[tokio::test]
async fn documented_keys_of_every_organizations_route() {
    let app = seeded().await;
    let d = demo(&app).await;
    enrich(&app, &d).await;
    let (helios, alice) = (&d.helios, &d.alice);
    let members = format!("/organizations/{helios}/members/{alice}");
    // The seeds' primary_offering_id is an integer; ids are UUIDs here (docs/rest.md).
    let sample_offering = json!({
        "funding_goal": "50000", "is_secondary_offering": "1", "primary_offering_id": d.northwind,
        "num_of_shares": "50000", "price_per_share": "1",
    });
    run_table(
        &app,
        vec![
            Call::new(
                POST,
                "/organizations",
                &d.alice_token,
                Shape::Exactly(&["organization_id"]),
            )
            .body(json!({
                "display_name": "My Organization",
                "address": { "building": "One Market Plaza", "street_address": "Spear Tower", "city": "San Francisco" },
                "visibility": "1",
            })),
            Call::new(
                GET,
                "/organizations",
                &d.bob_token,
                Shape::List(ORGANIZATION_KEYS),
            ),
            Call::new(
                GET,
                format!("/organizations/{helios}"),
                &d.bob_token,
                Shape::Wrap("organization", ORGANIZATION_KEYS),
            ),
            Call::new(
                PATCH,
                format!("/organizations/{helios}"),
                &d.bob_token,
                Shape::Exactly(&["organization_id"]),
            )
            .body(json!({ "brief_desc": "New Brief Description" })),
            Call::new(POST, members.clone(), &d.bob_token, Shape::EmptyList),
            Call::new(
                DELETE,
                members,
                &d.bob_token,
                Shape::Exactly(&["org_member_id deleted"]),
            ),
            Call::new(
                GET,
                format!("/organizations/{helios}/offerings"),
                &d.bob_token,
                Shape::List(OFFERING_KEYS),
            ),
            Call::new(
                POST,
                format!("/organizations/{helios}/offerings"),
                &d.bob_token,
                Shape::Exactly(&["offering_id"]),
            )
            .body(sample_offering),
        ],
    )
    .await;
}

#[tokio::test]
async fn documented_keys_of_every_offerings_route() {
    let app = seeded().await;
    let d = demo(&app).await;
    enrich(&app, &d).await;
    // Two Draft offerings of Helios: one to update, one to cancel.
    let path = format!("/organizations/{}/offerings", d.helios);
    let mut drafts = Vec::new();
    for name in ["To update", "To cancel"] {
        let data = ok(&app, POST, &path, &d.bob_token, json!({ "name": name })).await;
        drafts.push(data["offering_id"].as_str().unwrap().to_owned());
    }
    let solar = &d.solar;
    run_table(
        &app,
        vec![
            Call::new(
                GET,
                "/offerings",
                &d.alice_token,
                Shape::List(OFFERING_KEYS),
            ),
            Call::new(
                GET,
                format!("/offerings/{solar}"),
                &d.alice_token,
                Shape::Wrap("offering", OFFERING_KEYS),
            ),
            Call::new(
                PATCH,
                format!("/offerings/{}", drafts[0]),
                &d.bob_token,
                Shape::Exactly(&["offering_id"]),
            )
            .body(json!({ "credit_score": "A+" })),
            Call::new(
                DELETE,
                format!("/offerings/{}", drafts[1]),
                &d.bob_token,
                Shape::Exactly(&["offering_id"]),
            ),
            // The team sees every investment, with its custom fields.
            Call::new(
                GET,
                format!("/offerings/{solar}/investments"),
                &d.bob_token,
                Shape::List(INVESTMENT_KEYS),
            ),
            Call::new(
                POST,
                format!("/offerings/{solar}/investments"),
                &d.alice_token,
                Shape::Exactly(&["investment_id"]),
            )
            .body(json!({ "investment_amount": "10000" })),
            Call::new(
                POST,
                format!("/offerings/{solar}/bulletins"),
                &d.bob_token,
                Shape::Exactly(&["bulletin_id"]),
            )
            .body(json!({ "title": "News story", "body": "Great news about this Offering" })),
            Call::new(
                GET,
                format!("/offerings/{solar}/bulletins"),
                &d.alice_token,
                Shape::List(BULLETIN_KEYS),
            ),
        ],
    )
    .await;
}

#[tokio::test]
async fn documented_keys_of_every_investments_route() {
    let app = seeded().await;
    let d = demo(&app).await;
    let open = enrich(&app, &d).await;
    run_table(
        &app,
        vec![
            Call::new(
                GET,
                format!("/investments/{open}"),
                &d.alice_token,
                Shape::Wrap("investment", INVESTMENT_KEYS),
            ),
            // The offering's team reads it too.
            Call::new(
                GET,
                format!("/investments/{open}"),
                &d.bob_token,
                Shape::Wrap("investment", INVESTMENT_KEYS),
            ),
            Call::new(
                PATCH,
                format!("/investments/{open}"),
                &d.alice_token,
                Shape::Exactly(&["investment_id"]),
            )
            .body(json!({ "investment_amount": "11000" })),
        ],
    )
    .await;
    let r = ok(
        &app,
        GET,
        &format!("/investments/{open}"),
        &d.alice_token,
        Value::Null,
    )
    .await;
    assert_eq!(r["investment"]["investment_amount"], "11000", "{r}");
}
