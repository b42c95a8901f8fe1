//! The user field visibility matrix.

use crowdgraph::error::codes;
use crowdgraph::seed::DEMO_NETWORK;
use serde_json::json;

use crate::common::first_error_code;
use crate::common::graphql::{bearer, gql, login};
use crate::common::identity::seeded;

/// Viewer × target visibility × field class, through `user(id)`: self and admins see
/// everything; others never see private fields (null), see no names of Anonymous users,
/// and do not find Hidden users at all.
#[tokio::test]
async fn user_field_visibility_matrix() {
    let app = seeded().await;
    let register = "mutation($i: RegisterInput!) { register(input: $i) { user { id } } }";
    let mut targets = Vec::new();
    for (email, visibility) in [
        ("open@x.test", "OPEN"),
        ("hidden@x.test", "HIDDEN"),
        ("anon@x.test", "ANONYMOUS"),
    ] {
        let input = json!({ "email": email, "password": "Password123!", "url": "https://x.example/v",
                            "givenName": "Tess", "jobTitle": "CFO", "visibility": visibility });
        let r = gql(
            &app,
            &[("network", DEMO_NETWORK)],
            register,
            json!({ "i": input }),
        )
        .await;
        let id = r.json["data"]["register"]["user"]["id"]
            .as_str()
            .unwrap()
            .to_owned();
        targets.push((email, visibility, id));
    }
    let vip_token = {
        let r = gql(&app, &[("network", DEMO_NETWORK)], register, json!({ "i": { "email": "vip@x.test", "password": "Password123!", "url": "https://x.example/v" } })).await;
        let id = r.json["data"]["register"]["user"]["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let admin = login(&app, DEMO_NETWORK, "admin@example.com", "demo-admin-pass").await;
        let set = "mutation($id: ID!) { setUserVip(userId: $id, isVip: true) { id } }";
        gql(
            &app,
            &[("authorization", &bearer(&admin))],
            set,
            json!({ "id": id }),
        )
        .await;
        login(&app, DEMO_NETWORK, "vip@x.test", "Password123!").await
    };
    let admin = login(&app, DEMO_NETWORK, "admin@example.com", "demo-admin-pass").await;
    let other = login(&app, DEMO_NETWORK, "bob@example.com", "pässwörd").await;
    let query = "query($id: ID!) { user(id: $id) { email jobTitle givenName } }";

    // (viewer, target visibility) → expected (found, private shown, public shown, name shown)
    type Expect = (bool, bool, bool, bool);
    let cases: [(&str, &str, Expect); 15] = [
        ("anonymous", "OPEN", (true, false, true, true)),
        ("anonymous", "HIDDEN", (false, false, false, false)),
        ("anonymous", "ANONYMOUS", (true, false, true, false)),
        ("other", "OPEN", (true, false, true, true)),
        ("other", "HIDDEN", (false, false, false, false)),
        ("other", "ANONYMOUS", (true, false, true, false)),
        ("vip", "OPEN", (true, false, true, true)),
        ("vip", "HIDDEN", (false, false, false, false)),
        ("vip", "ANONYMOUS", (true, false, true, false)),
        ("admin", "OPEN", (true, true, true, true)),
        ("admin", "HIDDEN", (true, true, true, true)),
        ("admin", "ANONYMOUS", (true, true, true, true)),
        ("self", "OPEN", (true, true, true, true)),
        ("self", "HIDDEN", (true, true, true, true)),
        ("self", "ANONYMOUS", (true, true, true, true)),
    ];
    for (viewer, visibility, (found, private, public, name)) in cases {
        let (email, _, id) = targets.iter().find(|t| t.1 == visibility).unwrap();
        let self_token;
        let auth = match viewer {
            "anonymous" => None,
            "other" => Some(bearer(&other)),
            "vip" => Some(bearer(&vip_token)),
            "admin" => Some(bearer(&admin)),
            _ => {
                self_token = login(&app, DEMO_NETWORK, email, "Password123!").await;
                Some(bearer(&self_token))
            }
        };
        let headers: Vec<(&str, &str)> = match &auth {
            Some(a) => vec![("authorization", a.as_str())],
            None => vec![("network", DEMO_NETWORK)],
        };
        let r = gql(&app, &headers, query, json!({ "id": id })).await;
        let user = &r.json["data"]["user"];
        let case = format!("{viewer} viewing {visibility}: {}", r.text);
        if !found {
            assert_eq!(
                first_error_code(&r),
                Some(codes::NOT_FOUND.number() as i64),
                "{case}"
            );
            continue;
        }
        assert_eq!(user["email"].is_string(), private, "{case}");
        assert_eq!(user["jobTitle"] == "CFO", public, "{case}");
        assert_eq!(user["givenName"] == "Tess", name, "{case}");
    }
}
