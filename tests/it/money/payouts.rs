//! Transactions of payouts: the offering's team settles the payouts of its offering into
//! the investor's wallet, and nothing else; attaching a transaction to a payout.

use crowdgraph::error::codes;
use serde_json::json;

use super::*;

const ATTACH: &str = "mutation($t: ID!, $p: ID!) {
    attachTransactionToPayout(transactionId: $t, payoutId: $p) { id payoutId }
}";

/// A payout of `amount` owed to `user` on `offering`, in `currency`; its id.
async fn payout(m: &Market, user: &Person, offering: &str, currency: &str) -> String {
    let id = uuid::Uuid::new_v4().to_string();
    m.sql(&format!(
        "INSERT INTO payouts (id, network_id, user_id, offering_id, payout_amount, currency)
         VALUES ('{id}', '{}', '{}', '{offering}', 25, '{currency}')",
        m.network_id, user.id
    ))
    .await;
    id
}

struct Setup {
    m: Market,
    admin: Person,
    alice: Person,
    bob: Person,
    wallet: String,
    payout: String,
}

/// Bob's organization runs an offering; Alice, an investor, is owed a payout of it and
/// has an EUR wallet.
async fn setup() -> Setup {
    let m = Market::new().await;
    let admin = m.person("admin@x.test", true, false).await;
    let alice = m.person("alice@x.test", false, false).await;
    let bob = m.person("bob@x.test", false, false).await;
    let org = m.org(&bob, "Bob's Bakery").await;
    let offering = m.offering(&bob, &org, json!({ "name": "Ovens" })).await;
    let wallet = wallet_of(&m, &alice, "EUR").await;
    let payout = payout(&m, &alice, &offering, "EUR").await;
    Setup {
        m,
        admin,
        alice,
        bob,
        wallet,
        payout,
    }
}

fn paying(amount: &str, status: &str, payout: &str) -> serde_json::Value {
    json!({ "transactionAmount": amount, "paymentStatus": status, "payoutId": payout })
}

#[tokio::test]
async fn the_offerings_team_pays_its_payouts_into_the_investors_wallet() {
    let s = setup().await;
    let (m, bob) = (&s.m, &s.bob);
    let vars = json!({ "w": s.wallet, "i": paying("25", "PAID", &s.payout) });
    let r = m.call(Some(bob), CREATE_TXN, vars).await;
    let created = at(&r, &["createTransaction"]);
    assert_eq!(created["payoutId"], json!(s.payout));
    assert_eq!(created["userName"], "alice x.test");
    assert_eq!(sums(m, &s.admin, &s.wallet).await.0, "25");
    // The team sees that transaction, not the wallet.
    let id = created["id"].as_str().unwrap().to_owned();
    let q = "query($id: ID!) { transaction(id: $id) { id wallet { id } } }";
    let data = m.ok(Some(bob), q, json!({ "id": id })).await;
    assert!(data["transaction"]["wallet"].is_null());
    refused(
        &m.call(Some(bob), WALLET, json!({ "id": s.wallet })).await,
        codes::NOT_FOUND.number(),
    );
    // Without the payout, the wallet is not the team's to write in.
    refused(
        &txn(m, bob, &s.wallet, "25", Some("PAID")).await,
        codes::NOT_FOUND.number(),
    );
    // A pending payment of the payout is settled by the team.
    let vars = json!({ "w": s.wallet, "i": paying("5", "PENDING", &s.payout) });
    let r = m.call(Some(bob), CREATE_TXN, vars).await;
    let pending = at(&r, &["createTransaction", "id"])
        .as_str()
        .unwrap()
        .to_owned();
    let r = set_status(m, bob, &pending, "PAID").await;
    assert_eq!(at(&r, &["updateTransaction", "paymentStatus"]), "PAID");
    assert_eq!(sums(m, &s.admin, &s.wallet).await.0, "30");
}

#[tokio::test]
async fn a_payout_pays_only_its_own_user_in_its_currency() {
    let s = setup().await;
    let m = &s.m;
    let carol = m.person("carol@x.test", false, false).await;
    let carols = wallet_of(m, &carol, "EUR").await;
    // The team may not pay Alice's payout into Carol's wallet: not theirs to see.
    let vars = json!({ "w": carols, "i": paying("25", "PAID", &s.payout) });
    refused(
        &m.call(Some(&s.bob), CREATE_TXN, vars.clone()).await,
        codes::NOT_FOUND.number(),
    );
    // An admin is refused too, for the payout's sake.
    refused(
        &m.call(Some(&s.admin), CREATE_TXN, vars).await,
        codes::PAYOUT_CONFLICT.number(),
    );
    let usd = wallet_of(m, &s.alice, "USD").await;
    let vars = json!({ "w": usd, "i": paying("25", "PAID", &s.payout) });
    refused(
        &m.call(Some(&s.admin), CREATE_TXN, vars).await,
        codes::PAYOUT_CONFLICT.number(),
    );
    assert_eq!(rows_of(m, &carols).await + rows_of(m, &usd).await, 0);
}

#[tokio::test]
async fn a_transaction_is_attached_to_one_payout_of_its_user() {
    let s = setup().await;
    let m = &s.m;
    let id = txn_ok(m, &s.admin, &s.wallet, "25", "PAID").await;
    // The team may not attach a transaction it cannot see.
    let vars = json!({ "t": id, "p": s.payout });
    refused(
        &m.call(Some(&s.bob), ATTACH, vars.clone()).await,
        codes::NOT_FOUND.number(),
    );
    let r = m.call(Some(&s.alice), ATTACH, vars.clone()).await;
    assert_eq!(
        at(&r, &["attachTransactionToPayout", "payoutId"]),
        &json!(s.payout)
    );
    // Again is no change; the team now sees it, and still may not re-attach it.
    m.ok(Some(&s.admin), ATTACH, vars.clone()).await;
    m.ok(Some(&s.bob), ATTACH, vars).await;
    let other = payout(m, &s.alice, &offering_of(m, &s.payout).await, "EUR").await;
    let r = m
        .call(Some(&s.admin), ATTACH, json!({ "t": id, "p": other }))
        .await;
    refused(&r, codes::PAYOUT_CONFLICT.number());
    let r = m
        .call(
            Some(&s.admin),
            UPDATE_TXN,
            json!({ "id": id, "i": { "payoutId": null } }),
        )
        .await;
    refused(&r, codes::BAD_REQUEST.number());
    // Another user's payout, or one in another currency, is refused.
    let carol = m.person("carol@x.test", false, false).await;
    let offering = offering_of(m, &s.payout).await;
    let fresh = txn_ok(m, &s.admin, &s.wallet, "1", "PAID").await;
    for p in [
        payout(m, &carol, &offering, "EUR").await,
        payout(m, &s.alice, &offering, "USD").await,
    ] {
        let r = m
            .call(Some(&s.admin), ATTACH, json!({ "t": fresh, "p": p }))
            .await;
        refused(&r, codes::PAYOUT_CONFLICT.number());
    }
    // Through updateTransaction as well.
    let r = m
        .call(
            Some(&s.alice),
            UPDATE_TXN,
            json!({ "id": fresh, "i": { "payoutId": s.payout } }),
        )
        .await;
    assert_eq!(at(&r, &["updateTransaction", "payoutId"]), &json!(s.payout));
}

async fn offering_of(m: &Market, payout: &str) -> String {
    use diesel::sql_types::Uuid as SqlUuid;
    use diesel_async::RunQueryDsl;
    #[derive(diesel::QueryableByName)]
    struct Row {
        #[diesel(sql_type = SqlUuid)]
        offering_id: uuid::Uuid,
    }
    let mut conn = m.app.db.conn().await;
    let q = format!("SELECT offering_id FROM payouts WHERE id = '{payout}'");
    let rows: Vec<Row> = diesel::sql_query(q).load(&mut conn).await.unwrap();
    rows[0].offering_id.to_string()
}
