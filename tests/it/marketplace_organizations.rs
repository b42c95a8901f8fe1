//! Organizations through GraphQL: creation (author, member, contact point), updates by
//! members and admins, members and the contact point, the organization lifecycle,
//! visibility (Hidden, Anonymous), custom fields, lists, and isolation between networks.

use crowdgraph::error::codes;
use serde_json::{Value, json};

use crate::common::marketplace::{Market, ORGANIZATION_STAGES, code, matrix};

const ORG: &str = "query($id: ID!) { organization(id: $id) { id displayName legalName lifeCycleStage visibility userId contactPoint custom members { userId memberType isContactPoint userFullName } viewerCan { edit transitionsTo } address { city country } } }";
const UPDATE: &str = "mutation($id: ID!, $i: OrganizationInput!) { updateOrganization(id: $id, input: $i) { id displayName legalName lifeCycleStage contactPoint submittedAt approvedAt publishedAt canceledAt custom members { userId } address { city country } } }";
const ADD: &str = "mutation($o: ID!, $u: ID!) { addOrganizationMember(organizationId: $o, userId: $u) { contactPoint members { userId memberType } } }";
const REMOVE: &str = "mutation($o: ID!, $u: ID!) { removeOrganizationMember(organizationId: $o, userId: $u) { contactPoint members { userId memberType } } }";

#[tokio::test]
async fn the_creator_is_author_member_and_contact_point() {
    let m = Market::new().await;
    let bob = m.person("bob@x.test", false, false).await;
    let input = json!({
        "displayName": "Helios", "legalName": "Helios Ltd", "visibility": "OPEN",
        "custom": { "risk": "low" }, "address": { "city": "Leeds", "country": "GB" },
        "lifeCycleStage": "SUBMITTED",
    });
    let data = m
        .ok(
            Some(&bob),
            "mutation($i: OrganizationInput!) { createOrganization(input: $i) { id displayName lifeCycleStage userId contactPoint custom submittedAt members { userId memberType isContactPoint } address { city } } }",
            json!({ "i": input }),
        )
        .await;
    let org = &data["createOrganization"];
    assert_eq!(org["displayName"], "Helios");
    assert_eq!(org["lifeCycleStage"], "SUBMITTED");
    assert!(org["submittedAt"].is_string());
    assert_eq!(org["userId"], bob.id.as_str());
    assert_eq!(org["contactPoint"], bob.id.as_str());
    assert_eq!(org["custom"], json!({ "risk": "low" }));
    assert_eq!(org["address"]["city"], "Leeds");
    assert_eq!(
        org["members"],
        json!([{ "userId": bob.id, "memberType": "author", "isContactPoint": true }])
    );

    // display_name is required; anonymous viewers cannot create; only Draft/Submitted.
    let create = "mutation($i: OrganizationInput!) { createOrganization(input: $i) { id } }";
    let r = m
        .call(Some(&bob), create, json!({ "i": { "legalName": "x" } }))
        .await;
    assert_eq!(
        code(&r),
        Some(codes::INVALID_MARKETPLACE_DATA.number() as i64),
        "{}",
        r.text
    );
    let r = m
        .call(None, create, json!({ "i": { "displayName": "x" } }))
        .await;
    assert_eq!(code(&r), Some(codes::AUTH_REQUIRED.number() as i64));
    let r = m
        .call(
            Some(&bob),
            create,
            json!({ "i": { "displayName": "x", "lifeCycleStage": "APPROVED" } }),
        )
        .await;
    assert_eq!(code(&r), Some(codes::INVALID_INITIAL_STAGE.number() as i64));
    // Integration ids are the admins'.
    let r = m
        .call(
            Some(&bob),
            create,
            json!({ "i": { "displayName": "x", "gcenClientId": "g1" } }),
        )
        .await;
    assert_eq!(code(&r), Some(codes::FORBIDDEN.number() as i64));
}

#[tokio::test]
async fn members_and_admins_update_others_cannot() {
    let m = Market::new().await;
    let bob = m.person("bob@x.test", false, false).await;
    let eve = m.person("eve@x.test", false, false).await;
    let admin = m.person("admin@x.test", true, false).await;
    let org = m.org(&bob, "Helios").await;

    // A Draft organization is Not Found for others (never Forbidden).
    let r = m
        .call(
            Some(&eve),
            UPDATE,
            json!({ "id": org, "i": { "legalName": "E" } }),
        )
        .await;
    assert_eq!(
        code(&r),
        Some(codes::NOT_FOUND.number() as i64),
        "{}",
        r.text
    );
    // Visible (Published) but not theirs: Forbidden.
    m.force_org_stage(&org, 5).await;
    let r = m
        .call(
            Some(&eve),
            UPDATE,
            json!({ "id": org, "i": { "legalName": "E" } }),
        )
        .await;
    assert_eq!(
        code(&r),
        Some(codes::FORBIDDEN.number() as i64),
        "{}",
        r.text
    );

    let data = m
        .ok(
            Some(&bob),
            UPDATE,
            json!({ "id": org, "i": { "legalName": "Helios Ltd", "custom": { "a": 1, "b": 2 }, "address": { "city": "York" } } }),
        )
        .await;
    assert_eq!(data["updateOrganization"]["legalName"], "Helios Ltd");
    let data = m
        .ok(
            Some(&admin),
            UPDATE,
            json!({ "id": org, "i": { "legalName": null, "custom": { "a": null, "c": 3 }, "gcenClientId": "G-1" } }),
        )
        .await;
    let o = &data["updateOrganization"];
    assert_eq!(o["legalName"], Value::Null);
    assert_eq!(o["custom"], json!({ "b": 2, "c": 3 }));
    assert_eq!(o["address"]["city"], "York");

    // Custom fields: at most 100.
    let many: serde_json::Map<String, Value> =
        (0..101).map(|i| (format!("f{i}"), json!(i))).collect();
    let r = m
        .call(
            Some(&bob),
            UPDATE,
            json!({ "id": org, "i": { "custom": Value::Object(many) } }),
        )
        .await;
    assert_eq!(
        code(&r),
        Some(codes::CUSTOM_FIELDS_LIMIT.number() as i64),
        "{}",
        r.text
    );
    // display_name cannot be blanked.
    let r = m
        .call(
            Some(&bob),
            UPDATE,
            json!({ "id": org, "i": { "displayName": "  " } }),
        )
        .await;
    assert_eq!(
        code(&r),
        Some(codes::INVALID_MARKETPLACE_DATA.number() as i64)
    );
}

#[tokio::test]
async fn members_come_and_go_and_the_contact_point_follows() {
    let m = Market::new().await;
    let bob = m.person("bob@x.test", false, false).await;
    let carol = m.person("carol@x.test", false, false).await;
    let dan = m.person("dan@x.test", false, false).await;
    let org = m.org(&bob, "Helios").await;

    // The contact point must be an active member.
    let r = m
        .call(
            Some(&bob),
            UPDATE,
            json!({ "id": org, "i": { "contactPoint": carol.id } }),
        )
        .await;
    assert_eq!(
        code(&r),
        Some(codes::CONTACT_POINT_NOT_MEMBER.number() as i64),
        "{}",
        r.text
    );

    let data = m
        .ok(Some(&bob), ADD, json!({ "o": org, "u": carol.id }))
        .await;
    assert_eq!(
        data["addOrganizationMember"]["members"],
        json!([{ "userId": bob.id, "memberType": "author" }, { "userId": carol.id, "memberType": "member" }])
    );
    // Adding twice changes nothing.
    m.ok(Some(&bob), ADD, json!({ "o": org, "u": carol.id }))
        .await;
    // A new member has the author's privileges: carol adds dan and becomes contact.
    m.ok(Some(&carol), ADD, json!({ "o": org, "u": dan.id }))
        .await;
    let data = m
        .ok(
            Some(&carol),
            UPDATE,
            json!({ "id": org, "i": { "contactPoint": carol.id } }),
        )
        .await;
    assert_eq!(
        data["updateOrganization"]["contactPoint"],
        carol.id.as_str()
    );

    // Unknown users and non-members.
    let r = m
        .call(
            Some(&bob),
            ADD,
            json!({ "o": org, "u": uuid::Uuid::new_v4().to_string() }),
        )
        .await;
    assert_eq!(code(&r), Some(codes::NOT_FOUND.number() as i64));
    let eve = m.person("eve@x.test", false, false).await;
    let r = m
        .call(Some(&bob), REMOVE, json!({ "o": org, "u": eve.id }))
        .await;
    assert_eq!(code(&r), Some(codes::NOT_FOUND.number() as i64));

    // The contact leaves: the contact point reverts to the author.
    let data = m
        .ok(Some(&bob), REMOVE, json!({ "o": org, "u": carol.id }))
        .await;
    assert_eq!(
        data["removeOrganizationMember"]["contactPoint"],
        bob.id.as_str()
    );
    // Even the author may leave (dan removes bob); the contact point stays the author.
    m.ok(
        Some(&dan),
        UPDATE,
        json!({ "id": org, "i": { "contactPoint": dan.id } }),
    )
    .await;
    m.ok(Some(&dan), REMOVE, json!({ "o": org, "u": bob.id }))
        .await;
    let data = m
        .ok(Some(&dan), REMOVE, json!({ "o": org, "u": dan.id }))
        .await;
    assert_eq!(
        data["removeOrganizationMember"]["contactPoint"],
        bob.id.as_str()
    );
    // Carol left: she can no longer change it (Draft: Not Found).
    let r = m
        .call(Some(&carol), ADD, json!({ "o": org, "u": carol.id }))
        .await;
    assert_eq!(code(&r), Some(codes::NOT_FOUND.number() as i64));
    // A former member comes back.
    let admin = m.person("admin@x.test", true, false).await;
    let data = m
        .ok(Some(&admin), ADD, json!({ "o": org, "u": bob.id }))
        .await;
    assert_eq!(
        data["addOrganizationMember"]["members"],
        json!([{ "userId": bob.id, "memberType": "author" }])
    );
}

/// DESIGN §7 "Organization: forward only; admin moves stages; members may submit a
/// Draft" (our reading: admins any strictly later stage from a non-final one).
#[tokio::test]
async fn every_organization_stage_pair_for_members_and_admins() {
    let m = Market::new().await;
    let bob = m.person("bob@x.test", false, false).await;
    let admin = m.person("admin@x.test", true, false).await;
    //                    D S R A X P V C   (to)
    let member = matrix(
        ORGANIZATION_STAGES,
        &[
            ". x . . . . . .", // Draft
            ". . . . . . . .", // Submitted
            ". . . . . . . .", // Rejected
            ". . . . . . . .", // Approved
            ". . . . . . . .", // Restricted
            ". . . . . . . .", // Published
            ". . . . . . . .", // Archived
            ". . . . . . . .", // Cancelled
        ],
    );
    let admins = matrix(
        ORGANIZATION_STAGES,
        &[
            ". x x x x x x x",
            ". . x x x x x x",
            ". . . x x x x x",
            ". . . . x x x x",
            ". . . . . x x x",
            ". . . . . . x x",
            ". . . . . . . .",
            ". . . . . . . .",
        ],
    );
    for (who, table) in [(&bob, member), (&admin, admins)] {
        for ((from, from_code), (to, _), allowed) in table {
            let org = m.org(&bob, "Org").await;
            m.force_org_stage(&org, from_code).await;
            let r = m
                .call(
                    Some(who),
                    UPDATE,
                    json!({ "id": org, "i": { "lifeCycleStage": to } }),
                )
                .await;
            if from == to {
                // Same stage: not a transition, nothing changes.
                assert!(r.json["errors"].is_null(), "{from}->{to}: {}", r.text);
                continue;
            }
            if allowed {
                let o = &r.json["data"]["updateOrganization"];
                assert_eq!(o["lifeCycleStage"], to, "{from}->{to}: {}", r.text);
                let stamp = match to {
                    "SUBMITTED" => "submittedAt",
                    "APPROVED" => "approvedAt",
                    "PUBLISHED" => "publishedAt",
                    "CANCELLED" => "canceledAt",
                    _ => "",
                };
                if !stamp.is_empty() {
                    assert!(o[stamp].is_string(), "{from}->{to} stamps {stamp}");
                }
            } else {
                assert_eq!(
                    code(&r),
                    Some(codes::ORGANIZATION_STAGE_CONFLICT.number() as i64),
                    "{from}->{to}: {}",
                    r.text
                );
                let message = r.json["errors"][0]["extensions"]["developerMessage"]
                    .as_str()
                    .unwrap();
                assert!(
                    message.contains("organization cannot move from"),
                    "{message}"
                );
            }
        }
    }
}

#[tokio::test]
async fn visibility_hides_hidden_organizations_and_anonymous_names() {
    let m = Market::new().await;
    let bob = m.person("bob@x.test", false, false).await;
    let eve = m.person("eve@x.test", false, false).await;
    let admin = m.person("admin@x.test", true, false).await;
    let org = m.org(&bob, "Secret Co").await;
    m.ok(
        Some(&bob),
        UPDATE,
        json!({ "id": org, "i": { "legalName": "Secret Co Ltd" } }),
    )
    .await;

    // Stage × viewer (visibility Open): others see Approved, Restricted, Published.
    for (stage, code_, public) in [
        ("DRAFT", 0, false),
        ("SUBMITTED", 1, false),
        ("REJECTED", 2, false),
        ("APPROVED", 3, true),
        ("RESTRICTED", 4, true),
        ("PUBLISHED", 5, true),
        ("ARCHIVED", 6, false),
        ("CANCELLED", 7, false),
    ] {
        m.force_org_stage(&org, code_).await;
        for (label, who, sees) in [
            ("anonymous", None, public),
            ("user", Some(&eve), public),
            ("member", Some(&bob), true),
            ("admin", Some(&admin), true),
        ] {
            let r = m.call(who, ORG, json!({ "id": org })).await;
            if sees {
                assert_eq!(
                    r.json["data"]["organization"]["lifeCycleStage"], stage,
                    "{label} {stage}: {}",
                    r.text
                );
            } else {
                assert_eq!(
                    code(&r),
                    Some(codes::NOT_FOUND.number() as i64),
                    "{label} {stage}"
                );
            }
        }
    }

    m.force_org_stage(&org, 5).await;
    // Published + Hidden: Not Found for others, visible to members and admins.
    m.ok(
        Some(&bob),
        UPDATE,
        json!({ "id": org, "i": { "visibility": "HIDDEN" } }),
    )
    .await;
    let r = m.call(Some(&eve), ORG, json!({ "id": org })).await;
    assert_eq!(code(&r), Some(codes::NOT_FOUND.number() as i64));
    let r = m
        .call(
            None,
            "query($id: ID!) { publicOrganization(id: $id) { id } }",
            json!({ "id": org }),
        )
        .await;
    assert_eq!(code(&r), Some(codes::NOT_FOUND.number() as i64));
    assert!(m.call(Some(&admin), ORG, json!({ "id": org })).await.json["errors"].is_null());

    // Anonymous: names and people hidden from others, shown to members and admins.
    m.ok(
        Some(&bob),
        UPDATE,
        json!({ "id": org, "i": { "visibility": "ANONYMOUS" } }),
    )
    .await;
    let o = m.ok(Some(&eve), ORG, json!({ "id": org })).await["organization"].clone();
    assert_eq!(o["displayName"], Value::Null);
    assert_eq!(o["legalName"], Value::Null);
    assert_eq!(o["userId"], Value::Null);
    assert_eq!(o["members"], json!([]));
    assert_eq!(
        o["viewerCan"],
        json!({ "edit": false, "transitionsTo": [] })
    );
    for who in [&bob, &admin] {
        let o = m.ok(Some(who), ORG, json!({ "id": org })).await["organization"].clone();
        assert_eq!(o["displayName"], "Secret Co");
        assert_eq!(o["legalName"], "Secret Co Ltd");
    }
    // A filter on a name cannot find an Anonymous organization.
    let list = "query($a: ListArgs!) { organizations(args: $a) { count list { id displayName } } }";
    let by_name = json!({ "a": { "filters": [{ "attribute": "display_name", "operator": "EQ", "values": ["Secret Co"] }] } });
    let data = m.ok(Some(&eve), list, by_name.clone()).await;
    assert_eq!(data["organizations"]["count"], 0);
    let data = m.ok(Some(&bob), list, by_name).await;
    assert_eq!(data["organizations"]["count"], 1);
}

#[tokio::test]
async fn organization_lists_page_filter_order_and_refuse_unknown_attributes() {
    let m = Market::new().await;
    let bob = m.person("bob@x.test", false, false).await;
    let eve = m.person("eve@x.test", false, false).await;
    let mut ids = Vec::new();
    for (i, name) in ["Alpha", "Bravo", "Charlie", "Delta"].iter().enumerate() {
        let id = m.org(&bob, name).await;
        m.ok(Some(&bob), UPDATE, json!({ "id": id, "i": { "sector": if i % 2 == 0 { "energy" } else { "food" }, "custom": { "tier": format!("t{i}") } } }))
            .await;
        ids.push(id);
    }
    // Two are public, two are Draft.
    m.force_org_stage(&ids[0], 5).await;
    m.force_org_stage(&ids[1], 3).await;

    let list = "query($a: ListArgs!) { organizations(args: $a) { offset limit count list { displayName } } }";
    let data = m
        .ok(
            Some(&eve),
            list,
            json!({ "a": { "orderBy": "display_name", "sort": "DESC" } }),
        )
        .await;
    assert_eq!(data["organizations"]["count"], 2);
    assert_eq!(data["organizations"]["limit"], 12);
    assert_eq!(
        data["organizations"]["list"],
        json!([{ "displayName": "Bravo" }, { "displayName": "Alpha" }])
    );
    let data = m
        .ok(
            Some(&bob),
            list,
            json!({ "a": { "orderBy": "display_name", "limit": 2, "offset": 1 } }),
        )
        .await;
    assert_eq!(data["organizations"]["count"], 4);
    assert_eq!(
        data["organizations"]["list"],
        json!([{ "displayName": "Bravo" }, { "displayName": "Charlie" }])
    );
    let data = m
        .ok(
            Some(&bob),
            list,
            json!({ "a": { "filters": [
            { "attribute": "sector", "operator": "EQ", "values": ["energy"] },
            { "attribute": "custom__tier", "operator": "IN", "values": ["t2", "t3"] }] } }),
        )
        .await;
    assert_eq!(
        data["organizations"]["list"],
        json!([{ "displayName": "Charlie" }])
    );

    let data = m
        .ok(None, "{ publicOrganizations { count } }", json!({}))
        .await;
    assert_eq!(data["publicOrganizations"]["count"], 2);
    let data = m
        .ok(Some(&bob), "{ myOrganizations { count } }", json!({}))
        .await;
    assert_eq!(data["myOrganizations"]["count"], 4);
    let data = m
        .ok(Some(&eve), "{ myOrganizations { count } }", json!({}))
        .await;
    assert_eq!(data["myOrganizations"]["count"], 0);

    for args in [
        json!({ "orderBy": "password" }),
        json!({ "filters": [{ "attribute": "nope", "operator": "EQ", "values": ["x"] }] }),
        json!({ "limit": 101 }),
        json!({ "filters": [{ "attribute": "founding_date", "operator": "EQ", "values": ["yesterday"] }] }),
    ] {
        let r = m.call(Some(&bob), list, json!({ "a": args })).await;
        assert_eq!(
            code(&r),
            Some(codes::BAD_REQUEST.number() as i64),
            "{args}: {}",
            r.text
        );
        assert_eq!(r.json["errors"][0]["extensions"]["status"], 400);
    }
}

#[tokio::test]
async fn organizations_never_cross_networks() {
    let m = Market::new().await;
    let beta = m.network("beta").await;
    let bob = m.person("bob@x.test", false, false).await;
    let admin_b = beta.person(&m.app, "admin@b.test", true, false).await;
    let eve_b = beta.person(&m.app, "eve@b.test", false, false).await;
    let org = m.org(&bob, "Helios").await;
    m.force_org_stage(&org, 5).await;

    // Reads: not found, not listed.
    let r = beta
        .call(&m.app, Some(&admin_b), ORG, json!({ "id": org }))
        .await;
    assert_eq!(code(&r), Some(codes::NOT_FOUND.number() as i64));
    let r = beta
        .call(
            &m.app,
            None,
            "query($id: ID!) { publicOrganization(id: $id) { id } }",
            json!({ "id": org }),
        )
        .await;
    assert_eq!(code(&r), Some(codes::NOT_FOUND.number() as i64));
    for q in [
        "{ organizations { count } }",
        "{ publicOrganizations { count } }",
        "{ myOrganizations { count } }",
    ] {
        let r = beta.call(&m.app, Some(&admin_b), q, json!({})).await;
        let data = r.json["data"]
            .as_object()
            .unwrap()
            .values()
            .next()
            .unwrap()
            .clone();
        assert_eq!(data["count"], 0, "{q}");
    }
    // Writes: not found.
    let r = beta
        .call(
            &m.app,
            Some(&admin_b),
            UPDATE,
            json!({ "id": org, "i": { "legalName": "x" } }),
        )
        .await;
    assert_eq!(code(&r), Some(codes::NOT_FOUND.number() as i64));
    let r = beta
        .call(
            &m.app,
            Some(&admin_b),
            ADD,
            json!({ "o": org, "u": eve_b.id }),
        )
        .await;
    assert_eq!(code(&r), Some(codes::NOT_FOUND.number() as i64));
    let r = beta
        .call(
            &m.app,
            Some(&admin_b),
            REMOVE,
            json!({ "o": org, "u": bob.id }),
        )
        .await;
    assert_eq!(code(&r), Some(codes::NOT_FOUND.number() as i64));
    // A user of beta cannot be added to an organization of alpha.
    let r = m
        .call(Some(&bob), ADD, json!({ "o": org, "u": eve_b.id }))
        .await;
    assert_eq!(code(&r), Some(codes::NOT_FOUND.number() as i64));
    // A token of alpha does not work on beta.
    let r = beta
        .call(&m.app, Some(&bob), ORG, json!({ "id": org }))
        .await;
    assert_eq!(code(&r), Some(codes::TOKEN_INVALID.number() as i64));
    // Nothing changed.
    let o = m.ok(Some(&bob), ORG, json!({ "id": org })).await;
    assert_eq!(o["organization"]["legalName"], Value::Null);
    assert_eq!(o["organization"]["members"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn address_and_bank_details_are_checked_part_by_part() {
    let m = Market::new().await;
    let bob = m.person("bob@x.test", false, false).await;
    let create = "mutation($i: OrganizationInput!) { createOrganization(input: $i) { id address { city country } bankAccount { bankCurrency } } }";
    let with = |extra: Value| {
        let mut input = json!({ "displayName": "Helios" });
        input
            .as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        json!({ "i": input })
    };
    // A wrong ISO code is invalid marketplace data, naming the part.
    for (extra, field) in [
        (json!({ "address": { "country": "gb" } }), "address.country"),
        (
            json!({ "bankAccount": { "bankCurrency": "euro" } }),
            "bank_currency",
        ),
    ] {
        let r = m.call(Some(&bob), create, with(extra)).await;
        assert_eq!(
            code(&r),
            Some(codes::INVALID_MARKETPLACE_DATA.number() as i64),
            "{}",
            r.text
        );
        let message = r.json["errors"][0]["extensions"]["developerMessage"]
            .as_str()
            .unwrap();
        assert!(message.starts_with(field), "{message}");
    }
    // A part that is too long is a bad request.
    let long = "x".repeat(20_001);
    let r = m
        .call(
            Some(&bob),
            create,
            with(json!({ "address": { "city": long } })),
        )
        .await;
    assert_eq!(
        code(&r),
        Some(codes::BAD_REQUEST.number() as i64),
        "{}",
        r.text
    );
    // Parts are trimmed, blank ones dropped.
    let data = m
        .ok(
            Some(&bob),
            create,
            with(json!({ "address": { "city": "  Leeds ", "country": "GB" }, "bankAccount": { "bankCurrency": "GBP" } })),
        )
        .await;
    assert_eq!(
        data["createOrganization"]["address"],
        json!({ "city": "Leeds", "country": "GB" })
    );
    assert_eq!(
        data["createOrganization"]["bankAccount"]["bankCurrency"],
        "GBP"
    );
}
