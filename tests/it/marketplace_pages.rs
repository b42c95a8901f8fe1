//! A page of offerings reads its count and each offering's figures in its own statement
//! when the query asks for them (docs/performance.md): the answers must be the same as
//! those of the batch loaders that single offerings use.

use serde_json::{Value, json};

use crate::common::marketplace::Market;

const FIGURES: &str = "id amountRaised raisedPercent investmentCount investorCount viewerCan { cancel transitionsTo }";

#[tokio::test]
async fn page_figures_equal_the_figures_of_each_offering() {
    let m = Market::new().await;
    let admin = m.person("admin@x.test", true, false).await;
    let bob = m.person("bob@x.test", false, false).await;
    let alice = m.person("alice@x.test", false, false).await;
    let carol = m.person("carol@x.test", false, false).await;
    let org = m.org(&bob, "Helios").await;

    // Every investment stage (Open 0, Rejected 1, Approved 2, Withdrawn 3, Settled 4):
    // Approved and Settled count, Open/Approved/Settled block cancelling.
    let mixed = m
        .offering(&bob, &org, json!({ "fundingGoal": "1000" }))
        .await;
    m.sql(&format!(
        "UPDATE offerings SET external_commitments = 50 WHERE id = '{mixed}'"
    ))
    .await;
    for (who, amount, stage) in [
        (&alice, "100", 2),
        (&carol, "200", 4),
        (&alice, "25.5", 2),
        (&alice, "300", 0),
        (&carol, "400", 3),
        (&carol, "500", 1),
    ] {
        m.investment_row(&mixed, who, amount, stage, 0).await;
    }
    let empty = m
        .offering(&bob, &org, json!({ "fundingGoal": "1000" }))
        .await;
    let open_only = m.offering(&bob, &org, json!({})).await;
    m.investment_row(&open_only, &alice, "70", 0, 0).await;
    for id in [&mixed, &empty, &open_only] {
        m.force_offering_stage(id, 5).await;
    }

    let page = m
        .ok(
            Some(&admin),
            &format!("{{ offerings(args: {{ limit: 10 }}) {{ count list {{ {FIGURES} }} }} }}"),
            json!({}),
        )
        .await;
    let list = page["offerings"]["list"].as_array().unwrap();
    assert_eq!(list.len(), 3);
    for listed in list {
        let single = m
            .ok(
                Some(&admin),
                &format!("query($id: ID!) {{ offering(id: $id) {{ {FIGURES} }} }}"),
                json!({ "id": listed["id"] }),
            )
            .await;
        assert_eq!(listed, &single["offering"], "offering {}", listed["id"]);
    }

    let by_id = |id: &str| -> Value {
        list.iter()
            .find(|o| o["id"] == id)
            .cloned()
            .unwrap_or_else(|| panic!("{id} missing"))
    };
    let mixed = by_id(&mixed);
    let raised: f64 = mixed["amountRaised"].as_str().unwrap().parse().unwrap();
    assert_eq!(raised, 375.5, "100 + 200 + 25.5 counted, plus 50 external");
    assert_eq!(mixed["investmentCount"], 3);
    assert_eq!(mixed["investorCount"], 2);
    assert_eq!(mixed["raisedPercent"], "37.55");
    assert_eq!(mixed["viewerCan"]["cancel"], false);
    let empty = by_id(&empty);
    assert_eq!(empty["amountRaised"], "0");
    assert_eq!(empty["investmentCount"], 0);
    assert_eq!(empty["investorCount"], 0);
    assert_eq!(empty["viewerCan"]["cancel"], true);
    let open_only = by_id(&open_only);
    assert_eq!(open_only["investmentCount"], 0);
    assert_eq!(
        open_only["viewerCan"]["cancel"], false,
        "an Open investment blocks"
    );
}

#[tokio::test]
async fn page_counts_past_the_end_and_without_matches() {
    let m = Market::new().await;
    let admin = m.person("admin@x.test", true, false).await;
    let bob = m.person("bob@x.test", false, false).await;
    let org = m.org(&bob, "Helios").await;
    for _ in 0..3 {
        m.offering(&bob, &org, json!({})).await;
    }
    let page = |args: Value, selection: &'static str| {
        let (m, admin) = (&m, &admin);
        async move {
            let data = m
                .ok(
                    Some(admin),
                    &format!("query($a: ListArgs!) {{ offerings(args: $a) {{ {selection} }} }}"),
                    json!({ "a": args }),
                )
                .await;
            data["offerings"].clone()
        }
    };

    let p = page(json!({ "limit": 2 }), "count list { id }").await;
    assert_eq!(
        (p["count"].clone(), p["list"].as_array().unwrap().len()),
        (json!(3), 2)
    );
    let p = page(json!({ "limit": 2, "offset": 2 }), "count list { id }").await;
    assert_eq!(
        (p["count"].clone(), p["list"].as_array().unwrap().len()),
        (json!(3), 1)
    );
    let p = page(json!({ "limit": 2, "offset": 5 }), "count list { id }").await;
    assert_eq!(p["count"], 3, "an empty page past the end still counts");
    assert!(p["list"].as_array().unwrap().is_empty());
    let none =
        json!({ "filters": [{ "attribute": "name", "operator": "EQ", "values": ["nope"] }] });
    let p = page(none, "count list { id }").await;
    assert_eq!(p["count"], 0);
    let p = page(json!({}), "count").await;
    assert_eq!(p["count"], 3, "count alone");
    let p = page(json!({ "limit": 1 }), "offset limit list { id }").await;
    assert_eq!(
        p["list"].as_array().unwrap().len(),
        1,
        "a page without its count"
    );
}
