//! A page of organizations with their capitalizations (and the capitalizations' owners)
//! costs the same statements for 2 and for 12 organizations: the capitalizations of the
//! whole page are one statement, their owners another.

use serde_json::json;

use super::*;

const PAGE: &str = "{
    organizations(args: { limit: 50 }) {
        count
        list { id capitalizations { id ownerName valuationGain parentId } }
    }
}";

async fn statements(s: &Setup) -> (usize, usize) {
    let (best, data) =
        s.m.fewest_statements(Some(&s.admin), PAGE, json!({}), |data| {
            for org in data["organizations"]["list"].as_array().unwrap() {
                let caps = org["capitalizations"].as_array().unwrap();
                assert!(caps.len() >= 2, "{org}");
                assert!(caps.iter().all(|c| c["ownerName"].is_string()), "{org}");
            }
        })
        .await;
    (
        best,
        data["organizations"]["list"].as_array().unwrap().len(),
    )
}

async fn add_organizations(s: &Setup, n: usize, start: usize) {
    let columns = "life_cycle_stage, number_of_shares, price_per_share";
    for i in start..start + n {
        let org = s.m.org(&s.bob, &format!("Org {i}")).await;
        let holder = s.m.person(&format!("holder{i}@x.test"), false, false).await;
        for shares in ["10", "20"] {
            cap(
                &s.m,
                &org,
                Some(&holder),
                Some(&s.bob),
                columns,
                &format!("1, {shares}, 1"),
            )
            .await;
        }
    }
}

#[tokio::test]
async fn nested_capitalizations_cost_the_same_statements_for_2_and_12_organizations() {
    let s = setup().await;
    // The setup's organization has an ownerless block: give it to Carol so every listed
    // capitalization has an owner's name to read.
    s.m.sql(&format!(
        "UPDATE capitalizations SET owner_id = '{}' WHERE id = '{}'",
        s.carol.id, s.treasury
    ))
    .await;
    add_organizations(&s, 1, 0).await;
    let (small, rows) = statements(&s).await;
    assert_eq!(rows, 2);
    add_organizations(&s, 10, 1).await;
    let (large, rows) = statements(&s).await;
    assert_eq!(rows, 12);
    assert_eq!(
        small, large,
        "{small} statements for 2 organizations, {large} for 12"
    );
}

const MINE: &str = "{
    myCapitalizations(args: { limit: 50 }) {
        list { id ownerName parentId parent { id } parents { id } children { id } organization { id } }
    }
}";

/// Statements of Alice's page of capitalizations with their lineage, with its length;
/// every block on it is a split child and has a child of its own.
async fn lineage_page(s: &Setup) -> (usize, usize) {
    let (best, data) =
        s.m.fewest_statements(Some(&s.alice), MINE, json!({}), |data| {
            for c in data["myCapitalizations"]["list"].as_array().unwrap() {
                assert_eq!(c["parent"]["id"], c["parentId"], "{c}");
                assert_eq!(c["children"].as_array().unwrap().len(), 1, "{c}");
                assert!(c["organization"]["id"].is_string(), "{c}");
            }
        })
        .await;
    (
        best,
        data["myCapitalizations"]["list"].as_array().unwrap().len(),
    )
}

/// A block of Alice's split from a block of the organization's, with a child of its own
/// split from it.
async fn add_lineage(s: &Setup, n: usize) {
    let columns = "life_cycle_stage, number_of_shares, price_per_share";
    for _ in 0..n {
        let parent = cap(&s.m, &s.org, None, Some(&s.bob), columns, "1, 10, 1").await;
        let block = operate(&s.m, &s.org, &[&parent], 0, &[(Some(&s.alice), "10, 1")])
            .await
            .remove(0);
        operate(&s.m, &s.org, &[&block], 0, &[(Some(&s.bob), "10, 1")]).await;
    }
}

#[tokio::test]
async fn a_page_of_capitalizations_reads_its_lineage_in_fixed_statements() {
    let s = setup().await;
    // Alice sees her blocks' parents and children: make her a member.
    s.m.sql(&format!(
        "INSERT INTO organization_members (network_id, organization_id, user_id, member_type, status) \
         VALUES ('{}', '{}', '{}', 'member', true)",
        s.m.network_id, s.org, s.alice.id
    ))
    .await;
    // Her setup block has no parent (and cannot get one: a child is made by its
    // operation): give it to Bob, so that every block on her page has a lineage.
    s.m.sql(&format!(
        "UPDATE capitalizations SET owner_id = '{}' WHERE id = '{}'",
        s.bob.id, s.alices
    ))
    .await;
    add_lineage(&s, 2).await;
    let (small, rows) = lineage_page(&s).await;
    assert_eq!(rows, 2);
    add_lineage(&s, 10).await;
    let (large, rows) = lineage_page(&s).await;
    assert_eq!(rows, 12);
    assert_eq!(
        small, large,
        "{small} statements for 2 capitalizations with their lineage, {large} for 12"
    );
}
