//! Wallets: creation (currency, owner, cap), who sees them, `User.wallets`, `myWallets`,
//! and other networks.

use crowdgraph::error::codes;
use serde_json::json;

use super::*;

#[tokio::test]
async fn a_new_wallet_is_empty_in_its_currency() {
    let m = Market::new().await;
    let alice = m.person("alice@x.test", false, false).await;
    let data = m
        .ok(Some(&alice), CREATE_WALLET, json!({ "c": "EUR" }))
        .await;
    let w = &data["createWallet"];
    assert_eq!(w["currency"], "EUR");
    assert_eq!(w["userId"], json!(alice.id));
    for key in ["balance", "committedBalance", "freeBalance"] {
        assert_eq!(w[key], "0", "{key}");
    }
}

#[tokio::test]
async fn a_currency_must_be_a_current_iso_4217_code() {
    let m = Market::new().await;
    let alice = m.person("alice@x.test", false, false).await;
    for bad in ["EURO", "eur", "XYZ", "VES", "", "E U"] {
        let r = m
            .call(Some(&alice), CREATE_WALLET, json!({ "c": bad }))
            .await;
        refused(&r, codes::CURRENCY_INVALID.number());
    }
    for good in ["JPY", "BHD", "CHF"] {
        m.ok(Some(&alice), CREATE_WALLET, json!({ "c": good }))
            .await;
    }
}

#[tokio::test]
async fn only_admins_create_wallets_for_others() {
    let m = Market::new().await;
    let admin = m.person("admin@x.test", true, false).await;
    let alice = m.person("alice@x.test", false, false).await;
    let bob = m.person("bob@x.test", false, false).await;
    let vars = json!({ "c": "EUR", "u": alice.id });
    let r = m.call(Some(&bob), CREATE_WALLET, vars.clone()).await;
    refused(&r, codes::NOT_YOUR_WALLET.number());
    let data = m.ok(Some(&admin), CREATE_WALLET, vars).await;
    assert_eq!(data["createWallet"]["userId"], json!(alice.id));
    let r = m.call(None, CREATE_WALLET, json!({ "c": "EUR" })).await;
    refused(&r, codes::AUTH_REQUIRED.number());
}

#[tokio::test]
async fn a_user_has_at_most_twenty_wallets_even_when_created_at_once() {
    let m = Market::new().await;
    let alice = m.person("alice@x.test", false, false).await;
    for _ in 0..15 {
        wallet_of(&m, &alice, "EUR").await;
    }
    // Ten at once for the last five places: exactly five get in.
    let calls = (0..10).map(|_| m.call(Some(&alice), CREATE_WALLET, json!({ "c": "USD" })));
    let answers = futures_util::future::join_all(calls).await;
    let made = answers
        .iter()
        .filter(|r| r.json["errors"].is_null())
        .count();
    assert_eq!(made, 5);
    for r in answers.iter().filter(|r| !r.json["errors"].is_null()) {
        refused(r, codes::COLLECTION_LIMIT.number());
    }
    let data = m
        .ok(
            Some(&alice),
            "{ myWallets(args: {limit: 100}) { count } }",
            json!({}),
        )
        .await;
    assert_eq!(data["myWallets"]["count"], 20);
}

#[tokio::test]
async fn a_wallet_is_seen_by_its_owner_and_admins_only() {
    let m = Market::new().await;
    let admin = m.person("admin@x.test", true, false).await;
    let alice = m.person("alice@x.test", false, false).await;
    let bob = m.person("bob@x.test", false, false).await;
    let w = wallet_of(&m, &alice, "EUR").await;
    let data = m.ok(Some(&alice), WALLET, json!({ "id": w })).await;
    assert_eq!(data["wallet"]["userName"], "alice x.test");
    m.ok(Some(&admin), WALLET, json!({ "id": w })).await;
    let r = m.call(Some(&bob), WALLET, json!({ "id": w })).await;
    refused(&r, codes::NOT_FOUND.number());
    let r = m.call(None, WALLET, json!({ "id": w })).await;
    refused(&r, codes::NOT_FOUND.number());

    let list = "query($u: ID!) { user(id: $u) { wallets { id currency } } }";
    let mine = m.ok(Some(&alice), list, json!({ "u": alice.id })).await;
    assert_eq!(mine["user"]["wallets"][0]["id"], json!(w));
    let theirs = m.ok(Some(&admin), list, json!({ "u": alice.id })).await;
    assert_eq!(theirs["user"]["wallets"].as_array().unwrap().len(), 1);
    let others = m.ok(Some(&bob), list, json!({ "u": alice.id })).await;
    assert_eq!(others["user"]["wallets"], json!([]));
}

#[tokio::test]
async fn my_wallets_is_a_list_like_every_other() {
    let m = Market::new().await;
    let alice = m.person("alice@x.test", false, false).await;
    let bob = m.person("bob@x.test", false, false).await;
    let first = wallet_of(&m, &alice, "EUR").await;
    wallet_of(&m, &alice, "USD").await;
    wallet_of(&m, &alice, "GBP").await;
    wallet_of(&m, &bob, "EUR").await;
    let q =
        "query($a: ListArgs!) { myWallets(args: $a) { offset limit count list { id currency } } }";
    let page = m.ok(Some(&alice), q, json!({ "a": { "limit": 2 } })).await;
    assert_eq!(page["myWallets"]["count"], 3);
    assert_eq!(page["myWallets"]["limit"], 2);
    // Oldest first by default.
    assert_eq!(page["myWallets"]["list"][0]["id"], json!(first));
    let filter = json!({ "a": { "filters": [
        { "attribute": "currency", "operator": "EQ", "values": ["USD"] }
    ] } });
    let usd = m.ok(Some(&alice), q, filter).await;
    assert_eq!(usd["myWallets"]["count"], 1);
    assert_eq!(usd["myWallets"]["list"][0]["currency"], "USD");
    let ordered = json!({ "a": { "orderBy": "currency", "sort": "DESC" } });
    let page = m.ok(Some(&alice), q, ordered).await;
    assert_eq!(page["myWallets"]["list"][0]["currency"], "USD");
    let bad = json!({ "a": { "orderBy": "owner_password" } });
    let r = m.call(Some(&alice), q, bad).await;
    refused(&r, codes::BAD_REQUEST.number());
}

#[tokio::test]
async fn wallets_of_another_network_are_not_found() {
    let m = Market::new().await;
    let alice = m.person("alice@x.test", false, false).await;
    let w = wallet_of(&m, &alice, "EUR").await;
    let beta = m.network("beta").await;
    let beta_admin = beta.person(&m.app, "root@beta.test", true, false).await;
    let r = beta
        .call(&m.app, Some(&beta_admin), WALLET, json!({ "id": w }))
        .await;
    refused(&r, codes::NOT_FOUND.number());
    // Nor can another network's admin create a wallet for this network's user.
    let vars = json!({ "c": "EUR", "u": alice.id });
    let r = beta
        .call(&m.app, Some(&beta_admin), CREATE_WALLET, vars)
        .await;
    refused(&r, codes::NOT_FOUND.number());
    let mine = "{ myWallets { count } }";
    let data = beta.call(&m.app, Some(&beta_admin), mine, json!({})).await;
    assert_eq!(data.json["data"]["myWallets"]["count"], 0, "{}", data.text);
}
