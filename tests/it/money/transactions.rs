//! Transactions through GraphQL: the "who may" table of `docs/money.md` row by row, every
//! refusal with its code and nothing written, and transactions' visibility.

use crowdgraph::error::codes;
use serde_json::json;

use super::*;

/// A market with an admin and Alice's EUR wallet holding 100 (credited by the admin).
async fn funded() -> (Market, Person, Person, String) {
    let m = Market::new().await;
    let admin = m.person("admin@x.test", true, false).await;
    let alice = m.person("alice@x.test", false, false).await;
    let w = wallet_of(&m, &alice, "EUR").await;
    txn_ok(&m, &admin, &w, "100", "PAID").await;
    (m, admin, alice, w)
}

#[tokio::test]
async fn the_owner_takes_money_out_and_announces_deposits() {
    let (m, admin, alice, w) = funded().await;
    txn_ok(&m, &alice, &w, "-30", "PAID").await;
    assert_eq!(
        sums(&m, &admin, &w).await,
        ("70".into(), "0".into(), "70".into())
    );
    txn_ok(&m, &alice, &w, "-20.5", "PENDING").await;
    assert_eq!(
        sums(&m, &admin, &w).await,
        ("70".into(), "20.5".into(), "49.5".into())
    );
    // A pending deposit counts nowhere until it is Paid.
    let deposit = txn_ok(&m, &alice, &w, "10", "PENDING").await;
    assert_eq!(
        sums(&m, &admin, &w).await,
        ("70".into(), "20.5".into(), "49.5".into())
    );
    set_status(&m, &admin, &deposit, "PAID").await;
    assert_eq!(
        sums(&m, &admin, &w).await,
        ("80".into(), "20.5".into(), "59.5".into())
    );
}

#[tokio::test]
async fn the_owner_may_not_record_money_received_unless_the_network_allows_it() {
    let (m, admin, alice, w) = funded().await;
    // Paid is the default status, as in the REST reference.
    let r = txn(&m, &alice, &w, "10", None).await;
    refused(&r, codes::MAY_NOT_CREDIT.number());
    let r = txn(&m, &alice, &w, "10", Some("PAID")).await;
    refused(&r, codes::MAY_NOT_CREDIT.number());
    for status in ["CANCELLED", "FAILED"] {
        let r = txn(&m, &alice, &w, "-5", Some(status)).await;
        refused(&r, codes::MAY_NOT_CREDIT.number());
    }
    assert_eq!(rows_of(&m, &w).await, 1);
    // Admins may record a failed payment.
    txn_ok(&m, &admin, &w, "-5", "FAILED").await;
    m.sql(&format!(
        "UPDATE networks SET settings = '{{\"wallet_self_credit\": true}}' WHERE id = '{}'",
        m.network_id
    ))
    .await;
    txn_ok(&m, &alice, &w, "10", "PAID").await;
    assert_eq!(sums(&m, &admin, &w).await.0, "110");
}

#[tokio::test]
async fn the_owner_cancels_but_only_admins_settle() {
    let (m, admin, alice, w) = funded().await;
    let pending = txn_ok(&m, &alice, &w, "-40", "PENDING").await;
    for status in ["PAID", "FAILED"] {
        let r = set_status(&m, &alice, &pending, status).await;
        refused(&r, codes::MAY_NOT_SETTLE.number());
    }
    let r = set_status(&m, &alice, &pending, "CANCELLED").await;
    assert_eq!(at(&r, &["updateTransaction", "paymentStatus"]), "CANCELLED");
    assert_eq!(
        sums(&m, &admin, &w).await,
        ("100".into(), "0".into(), "100".into())
    );
    // Final: nobody changes it again, admins included, nor back to Pending.
    for status in ["PAID", "PENDING", "FAILED"] {
        let r = set_status(&m, &admin, &pending, status).await;
        refused(&r, codes::TRANSACTION_FINAL.number());
    }
    // The same status again is no change.
    let r = set_status(&m, &admin, &pending, "CANCELLED").await;
    assert_eq!(at(&r, &["updateTransaction", "paymentStatus"]), "CANCELLED");
    let settled = txn_ok(&m, &alice, &w, "-60", "PENDING").await;
    let r = set_status(&m, &admin, &settled, "PAID").await;
    assert_eq!(at(&r, &["updateTransaction", "paymentStatus"]), "PAID");
    assert_eq!(
        sums(&m, &admin, &w).await,
        ("40".into(), "0".into(), "40".into())
    );
    let r = set_status(&m, &admin, &settled, "PENDING").await;
    refused(&r, codes::TRANSACTION_FINAL.number());
}

#[tokio::test]
async fn a_debit_larger_than_the_free_balance_is_refused_and_writes_nothing() {
    let (m, admin, alice, w) = funded().await;
    txn_ok(&m, &alice, &w, "-50", "PENDING").await;
    for (amount, status) in [("-50.01", "PAID"), ("-51", "PENDING")] {
        let r = txn(&m, &alice, &w, amount, Some(status)).await;
        refused(&r, codes::INSUFFICIENT_FUNDS.number());
        // Admins cannot overdraw a wallet either.
        let r = txn(&m, &admin, &w, amount, Some(status)).await;
        refused(&r, codes::INSUFFICIENT_FUNDS.number());
    }
    assert_eq!(rows_of(&m, &w).await, 2);
    txn_ok(&m, &alice, &w, "-50", "PAID").await;
    assert_eq!(
        sums(&m, &admin, &w).await,
        ("50".into(), "50".into(), "0".into())
    );
}

#[tokio::test]
async fn amounts_are_not_zero_and_fit_their_currency() {
    let m = Market::new().await;
    let admin = m.person("admin@x.test", true, false).await;
    let alice = m.person("alice@x.test", false, false).await;
    let eur = wallet_of(&m, &alice, "EUR").await;
    let jpy = wallet_of(&m, &alice, "JPY").await;
    let bhd = wallet_of(&m, &alice, "BHD").await;
    for amount in ["0", "0.0000", "-0"] {
        let r = txn(&m, &admin, &eur, amount, Some("PAID")).await;
        refused(&r, codes::ZERO_AMOUNT.number());
    }
    refused(
        &txn(&m, &admin, &eur, "1.001", Some("PAID")).await,
        codes::AMOUNT_TOO_PRECISE.number(),
    );
    refused(
        &txn(&m, &admin, &jpy, "1.5", Some("PAID")).await,
        codes::AMOUNT_TOO_PRECISE.number(),
    );
    txn_ok(&m, &admin, &bhd, "1.001", "PAID").await;
    txn_ok(&m, &admin, &jpy, "1500", "PAID").await;
    // A float never touches money: a JSON number is not a Money value.
    let r = m
        .call(
            Some(&admin),
            CREATE_TXN,
            json!({ "w": eur, "i": { "transactionAmount": 1.5 } }),
        )
        .await;
    assert!(r.json["data"].is_null(), "{}", r.text);
    assert_eq!(rows_of(&m, &eur).await, 0);
}

#[tokio::test]
async fn a_transaction_is_in_its_wallets_currency() {
    let (m, admin, _alice, w) = funded().await;
    let input = json!({ "transactionAmount": "5", "transactionCurrency": "USD" });
    let r = m
        .call(Some(&admin), CREATE_TXN, json!({ "w": w, "i": input }))
        .await;
    refused(&r, codes::CURRENCY_MISMATCH.number());
    let input = json!({ "transactionAmount": "5", "transactionCurrency": "EURO" });
    let r = m
        .call(Some(&admin), CREATE_TXN, json!({ "w": w, "i": input }))
        .await;
    refused(&r, codes::CURRENCY_INVALID.number());
    let input = json!({ "transactionAmount": "5", "transactionCurrency": "EUR",
                        "originalTransactionAmount": "5.4", "originalTransactionCurrency": "USD" });
    let r = m
        .call(Some(&admin), CREATE_TXN, json!({ "w": w, "i": input }))
        .await;
    assert_eq!(at(&r, &["createTransaction", "transactionCurrency"]), "EUR");
    // Without a currency the wallet's is taken.
    let r = txn(&m, &admin, &w, "1", Some("PAID")).await;
    assert_eq!(at(&r, &["createTransaction", "transactionCurrency"]), "EUR");
}

#[tokio::test]
async fn money_never_changes_but_descriptions_do() {
    let (m, admin, alice, w) = funded().await;
    let id = txn_ok(&m, &alice, &w, "-10", "PENDING").await;
    for change in [
        json!({ "transactionAmount": "-11" }),
        json!({ "transactionCurrency": "USD" }),
        json!({ "walletId": wallet_of(&m, &alice, "EUR").await }),
    ] {
        let r = m
            .call(Some(&admin), UPDATE_TXN, json!({ "id": id, "i": change }))
            .await;
        refused(&r, codes::MONEY_FIXED.number());
    }
    // Stating the stored money is accepted (REST clients send the whole object back).
    let same = json!({ "transactionAmount": "-10.00", "transactionCurrency": "EUR",
                       "walletId": w, "transactionDescription": "Coffee" });
    let r = m
        .call(Some(&alice), UPDATE_TXN, json!({ "id": id, "i": same }))
        .await;
    assert_eq!(
        at(&r, &["updateTransaction", "transactionDescription"]),
        "Coffee"
    );
    // Settlement records are the platform's.
    let record = json!({ "confirmationNumber": "ABC-1" });
    let r = m
        .call(
            Some(&alice),
            UPDATE_TXN,
            json!({ "id": id, "i": record.clone() }),
        )
        .await;
    refused(&r, codes::FORBIDDEN.number());
    m.ok(Some(&admin), UPDATE_TXN, json!({ "id": id, "i": record }))
        .await;
    // A final transaction keeps its descriptive fields editable.
    set_status(&m, &admin, &id, "PAID").await;
    let note = json!({ "transactionDescription": "Coffee, paid", "custom": { "ref": "r1" } });
    m.ok(Some(&alice), UPDATE_TXN, json!({ "id": id, "i": note }))
        .await;
    let q = "query($id: ID!) { transaction(id: $id) { transactionAmount confirmationNumber custom paidAt } }";
    let data = m.ok(Some(&alice), q, json!({ "id": id })).await;
    let t = &data["transaction"];
    assert_eq!(t["transactionAmount"], "-10");
    assert_eq!(t["confirmationNumber"], "ABC-1");
    assert_eq!(t["custom"]["ref"], "r1");
    assert!(t["paidAt"].is_string());
}

#[tokio::test]
async fn bad_inputs_are_clear_400s() {
    let (m, admin, _alice, w) = funded().await;
    let input = json!({ "transactionAmount": "5", "paymentService": 7 });
    let r = m
        .call(Some(&admin), CREATE_TXN, json!({ "w": w, "i": input }))
        .await;
    refused(&r, codes::BAD_REQUEST.number());
    // An id that names nothing is Not Found, as everywhere in the API.
    for payout in ["not-an-id".to_owned(), uuid::Uuid::new_v4().to_string()] {
        let input = json!({ "transactionAmount": "5", "payoutId": payout });
        let r = m
            .call(Some(&admin), CREATE_TXN, json!({ "w": w, "i": input }))
            .await;
        refused(&r, codes::NOT_FOUND.number());
    }
    assert_eq!(rows_of(&m, &w).await, 1);
}

#[tokio::test]
async fn a_wallets_transactions_are_paged_filtered_and_ordered() {
    let (m, admin, alice, w) = funded().await;
    txn_ok(&m, &alice, &w, "-10", "PENDING").await;
    txn_ok(&m, &alice, &w, "-20", "PAID").await;
    let q = "query($id: ID!, $a: ListArgs!) { wallet(id: $id) { transactions(args: $a) {
        count limit list { transactionAmount paymentStatus } } } }";
    let page = m
        .ok(Some(&alice), q, json!({ "id": w, "a": { "limit": 2 } }))
        .await;
    let t = &page["wallet"]["transactions"];
    assert_eq!(t["count"], 3);
    assert_eq!(t["list"].as_array().unwrap().len(), 2);
    // Newest first by default.
    assert_eq!(t["list"][0]["transactionAmount"], "-20");
    let pending = json!({ "id": w, "a": { "filters": [
        { "attribute": "payment_status", "operator": "EQ", "values": ["0"] }] } });
    let page = m.ok(Some(&admin), q, pending).await;
    assert_eq!(page["wallet"]["transactions"]["count"], 1);
    assert_eq!(
        page["wallet"]["transactions"]["list"][0]["paymentStatus"],
        "PENDING"
    );
    let by_amount = json!({ "id": w, "a": { "orderBy": "transaction_amount", "sort": "ASC" } });
    let page = m.ok(Some(&admin), q, by_amount).await;
    assert_eq!(
        page["wallet"]["transactions"]["list"][0]["transactionAmount"],
        "-20"
    );
}

#[tokio::test]
async fn others_do_not_see_or_write_a_users_transactions() {
    let (m, _admin, alice, w) = funded().await;
    let bob = m.person("bob@x.test", false, false).await;
    let id = txn_ok(&m, &alice, &w, "-10", "PENDING").await;
    let q = "query($id: ID!) { transaction(id: $id) { id userName } }";
    let data = m.ok(Some(&alice), q, json!({ "id": id })).await;
    assert_eq!(data["transaction"]["userName"], "alice x.test");
    refused(
        &m.call(Some(&bob), q, json!({ "id": id })).await,
        codes::NOT_FOUND.number(),
    );
    refused(
        &m.call(None, q, json!({ "id": id })).await,
        codes::NOT_FOUND.number(),
    );
    refused(
        &txn(&m, &bob, &w, "-1", Some("PAID")).await,
        codes::NOT_FOUND.number(),
    );
    refused(
        &set_status(&m, &bob, &id, "CANCELLED").await,
        codes::NOT_FOUND.number(),
    );
    let r = m
        .call(
            None,
            CREATE_TXN,
            json!({ "w": w, "i": { "transactionAmount": "-1" } }),
        )
        .await;
    refused(&r, codes::AUTH_REQUIRED.number());
    assert_eq!(rows_of(&m, &w).await, 2);
}

#[tokio::test]
async fn another_networks_admin_reaches_nothing() {
    let (m, _admin, alice, w) = funded().await;
    let id = txn_ok(&m, &alice, &w, "-10", "PENDING").await;
    let beta = m.network("beta").await;
    let root = beta.person(&m.app, "root@beta.test", true, false).await;
    let q = "query($id: ID!) { transaction(id: $id) { id } }";
    let r = beta.call(&m.app, Some(&root), q, json!({ "id": id })).await;
    refused(&r, codes::NOT_FOUND.number());
    let input = json!({ "transactionAmount": "500" });
    let r = beta
        .call(
            &m.app,
            Some(&root),
            CREATE_TXN,
            json!({ "w": w, "i": input }),
        )
        .await;
    refused(&r, codes::NOT_FOUND.number());
    let change = json!({ "id": id, "i": { "paymentStatus": "PAID" } });
    let r = beta.call(&m.app, Some(&root), UPDATE_TXN, change).await;
    refused(&r, codes::NOT_FOUND.number());
    let attach = "mutation($t: ID!, $p: ID!) { attachTransactionToPayout(transactionId: $t, payoutId: $p) { id } }";
    let vars = json!({ "t": id, "p": uuid::Uuid::new_v4().to_string() });
    let r = beta.call(&m.app, Some(&root), attach, vars).await;
    refused(&r, codes::NOT_FOUND.number());
    assert_eq!(rows_of(&m, &w).await, 2);
}

#[tokio::test]
async fn every_money_change_is_in_the_audit_log_with_its_author() {
    let (m, admin, alice, w) = funded().await;
    let id = txn_ok(&m, &alice, &w, "-10", "PENDING").await;
    set_status(&m, &admin, &id, "PAID").await;
    use diesel::sql_types::{Nullable, Text, Uuid as SqlUuid};
    use diesel_async::RunQueryDsl;
    #[derive(diesel::QueryableByName, Debug, PartialEq)]
    struct Row {
        #[diesel(sql_type = Nullable<SqlUuid>)]
        actor_id: Option<uuid::Uuid>,
        #[diesel(sql_type = Text)]
        action: String,
        #[diesel(sql_type = Nullable<Text>)]
        to_value: Option<String>,
    }
    let mut conn = m.app.db.conn().await;
    let q = format!(
        "SELECT actor_id, action, to_value FROM audit_log
         WHERE object_type = 'transaction' AND object_id = '{id}' ORDER BY at, action"
    );
    let rows: Vec<Row> = diesel::sql_query(q).load(&mut conn).await.unwrap();
    let who = |p: &Person| Some(p.id.parse().unwrap());
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert_eq!(rows[0].actor_id, who(&alice));
    assert_eq!(rows[0].action, "create");
    assert_eq!(rows[1].actor_id, who(&admin));
    assert_eq!(rows[1].to_value.as_deref(), Some("1"));
}
