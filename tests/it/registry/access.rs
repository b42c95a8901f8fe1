//! Who sees a capitalization: admins, the active members of its organization and its
//! owner; everyone else (other users, anonymous callers, other networks) gets Not Found,
//! and lists leave out what the viewer may not see.

use serde_json::json;

use super::*;
use crate::common::marketplace::code;

const ONE: &str = "query($id: ID!) { capitalization(id: $id) { id ownerId } }";

const OF_ORG: &str = "query($o: ID!) {
    organizationCapitalizations(organizationId: $o) { count list { id } }
}";

const MINE: &str = "{ myCapitalizations { count list { id } } }";

const CHANGELOG: &str = "query($c: ID!) {
    capitalizationChangelog(capitalizationId: $c) { count list { id } }
}";

#[tokio::test]
async fn a_capitalization_is_seen_by_admins_members_and_its_owner_only() {
    let s = setup().await;
    let m = &s.m;
    // (who, Alice's block, the organization's own block)
    let table = [
        ("admin", Some(&s.admin), true, true),
        ("member", Some(&s.bob), true, true),
        ("owner", Some(&s.alice), true, false),
        ("another holder", Some(&s.dave), false, false),
        ("other user", Some(&s.carol), false, false),
        ("anonymous", None, false, false),
    ];
    for (label, who, sees_alices, sees_treasury) in table {
        for (id, want) in [(&s.alices, sees_alices), (&s.treasury, sees_treasury)] {
            let r = m.call(who, ONE, json!({ "id": id })).await;
            if want {
                assert_eq!(
                    r.json["data"]["capitalization"]["id"],
                    json!(id),
                    "{label}: {}",
                    r.text
                );
            } else {
                assert_eq!(code(&r), Some(19003), "{label}: {}", r.text);
                assert!(r.json["data"].is_null(), "{label}: {}", r.text);
            }
            let r = m.call(who, CHANGELOG, json!({ "c": id })).await;
            if want {
                assert!(r.json["errors"].is_null(), "{label}: {}", r.text);
            } else {
                assert_eq!(code(&r), Some(19003), "{label}: {}", r.text);
            }
        }
    }
}

#[tokio::test]
async fn another_networks_admin_and_members_get_not_found() {
    let s = setup().await;
    let beta = s.m.network("beta").await;
    let admin = beta.person(&s.m.app, "admin@beta.test", true, false).await;
    for id in [&s.alices, &s.treasury] {
        let r = beta
            .call(&s.m.app, Some(&admin), ONE, json!({ "id": id }))
            .await;
        assert_eq!(code(&r), Some(19003), "{}", r.text);
    }
    let r = beta
        .call(&s.m.app, Some(&admin), OF_ORG, json!({ "o": s.org }))
        .await;
    assert_eq!(code(&r), Some(19003), "{}", r.text);
    // Alice's token does not work in another network at all.
    let r = beta
        .call(&s.m.app, Some(&s.alice), ONE, json!({ "id": s.alices }))
        .await;
    assert!(r.json["data"].is_null(), "{}", r.text);
}

#[tokio::test]
async fn lists_leave_out_what_the_viewer_may_not_see() {
    let s = setup().await;
    let m = &s.m;
    let all = vec![s.treasury.clone(), s.daves.clone(), s.alices.clone()];
    let table = [
        ("admin", Some(&s.admin), all.clone()),
        ("member", Some(&s.bob), all.clone()),
        ("owner", Some(&s.alice), vec![s.alices.clone()]),
        ("another holder", Some(&s.dave), vec![s.daves.clone()]),
        ("other user", Some(&s.carol), vec![]),
        ("anonymous", None, vec![]),
    ];
    for (label, who, want) in table {
        let data = m.ok(who, OF_ORG, json!({ "o": s.org })).await;
        let page = &data["organizationCapitalizations"];
        assert_eq!(ids(page), want, "{label}");
        assert_eq!(page["count"], json!(want.len()), "{label}");
    }
    // An organization the viewer may not see is Not Found, not an empty list.
    m.force_org_stage(&s.org, 0).await;
    let r = m.call(Some(&s.carol), OF_ORG, json!({ "o": s.org })).await;
    assert_eq!(code(&r), Some(19003), "{}", r.text);
    let data = m.ok(Some(&s.bob), OF_ORG, json!({ "o": s.org })).await;
    assert_eq!(data["organizationCapitalizations"]["count"], 3);
}

#[tokio::test]
async fn my_capitalizations_are_those_i_hold_and_need_a_login() {
    let s = setup().await;
    let m = &s.m;
    let data = m.ok(Some(&s.alice), MINE, json!({})).await;
    assert_eq!(ids(&data["myCapitalizations"]), vec![s.alices.clone()]);
    // Bob manages the organization but holds nothing.
    let data = m.ok(Some(&s.bob), MINE, json!({})).await;
    assert_eq!(data["myCapitalizations"]["count"], 0);
    let r = m.call(None, MINE, json!({})).await;
    assert!(r.json["data"].is_null(), "{}", r.text);
    assert_eq!(code(&r), Some(11001), "{}", r.text);
}

#[tokio::test]
async fn a_member_who_left_no_longer_sees_the_cap_table() {
    let s = setup().await;
    let m = &s.m;
    let carol_id = &s.carol.id;
    m.sql(&format!(
        "INSERT INTO organization_members (network_id, organization_id, user_id, member_type, status) \
         VALUES ('{}', '{}', '{carol_id}', 'member', true)",
        m.network_id, s.org
    ))
    .await;
    let data = m.ok(Some(&s.carol), OF_ORG, json!({ "o": s.org })).await;
    assert_eq!(data["organizationCapitalizations"]["count"], 3);
    let r = m.call(Some(&s.carol), ONE, json!({ "id": s.daves })).await;
    assert!(r.json["errors"].is_null(), "{}", r.text);
    m.sql(&format!(
        "UPDATE organization_members SET status = false WHERE user_id = '{carol_id}'"
    ))
    .await;
    let data = m.ok(Some(&s.carol), OF_ORG, json!({ "o": s.org })).await;
    assert_eq!(data["organizationCapitalizations"]["count"], 0);
    let r = m.call(Some(&s.carol), ONE, json!({ "id": s.daves })).await;
    assert_eq!(code(&r), Some(19003), "{}", r.text);
}
