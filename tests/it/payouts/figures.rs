//! The figures derived from a payout's transactions (`isPaid`, `paidAt`,
//! `transactionsPaid`) from real transactions; a paid payout keeps its amounts; bad input
//! is refused with its own code and writes nothing; a borrower's repayment out of a wallet
//! pays the offering's own payout.

use crowdgraph::error::codes;
use serde_json::{Value, json};

use super::*;
use crate::money::{CREATE_TXN, set_status, wallet_of};

/// Pays `amount` of `payout` into `wallet` as `who`, with `status`; the transaction's id.
async fn pay(
    m: &Market,
    who: &Person,
    wallet: &str,
    payout: &str,
    amount: &str,
    status: &str,
) -> String {
    let input = json!({ "transactionAmount": amount, "paymentStatus": status, "payoutId": payout });
    let data = m
        .ok(Some(who), CREATE_TXN, json!({ "w": wallet, "i": input }))
        .await;
    data["createTransaction"]["id"].as_str().unwrap().to_owned()
}

async fn read(m: &Market, who: &Person, id: &str) -> Value {
    m.ok(Some(who), PAYOUT, json!({ "id": id })).await["payout"].clone()
}

/// The `paidAt` of the transaction `id`, as its payout lists it.
fn paid_at_of(payout: &Value, id: &str) -> Value {
    let list = payout["transactions"]["list"].as_array().unwrap();
    list.iter().find(|t| t["id"] == json!(id)).unwrap()["paidAt"].clone()
}

#[tokio::test]
async fn paid_when_the_paid_transactions_reach_the_amount() {
    let s = setup().await;
    let (m, admin) = (&s.m, &s.admin);
    let wallet = wallet_of(m, &s.alice, "EUR").await;
    let id = payout_of(m, admin, &s.investment, "100").await;

    // Pending and cancelled payments count for nothing.
    let pending = pay(m, admin, &wallet, &id, "500", "PENDING").await;
    let p = read(m, admin, &id).await;
    assert_eq!(
        (p["isPaid"].clone(), p["transactionsPaid"].clone()),
        (json!(false), json!(0))
    );
    set_status(m, admin, &pending, "CANCELLED").await;

    // Partly paid.
    pay(m, admin, &wallet, &id, "40", "PAID").await;
    let p = read(m, admin, &id).await;
    assert_eq!(p["isPaid"], false);
    assert!(p["paidAt"].is_null());
    assert_eq!(p["transactionsPaid"], 1);

    // Exactly paid: paid at the moment of the payment that reached the amount.
    let reaching = pay(m, admin, &wallet, &id, "60", "PAID").await;
    let p = read(m, &s.alice, &id).await;
    assert_eq!(p["isPaid"], true);
    assert_eq!(p["transactionsPaid"], 2);
    assert_eq!(p["transactions"]["count"], 3);
    let when = paid_at_of(&p, &reaching);
    assert!(when.is_string(), "{p}");
    assert_eq!(p["paidAt"], when);

    // Over-paid: still paid since then.
    pay(m, admin, &wallet, &id, "10", "PAID").await;
    let p = read(m, &s.bob, &id).await;
    assert_eq!(p["isPaid"], true);
    assert_eq!(p["transactionsPaid"], 3);
    assert_eq!(p["paidAt"], when);

    // A payout paid at once by one larger payment.
    let other = payout_of(m, admin, &s.investment, "5").await;
    let big = pay(m, admin, &wallet, &other, "8", "PAID").await;
    let p = read(m, admin, &other).await;
    assert_eq!(p["paidAt"], paid_at_of(&p, &big));
    assert_eq!(p["transactionsPaid"], 1);
}

#[tokio::test]
async fn a_borrower_repays_the_offerings_own_payout_out_of_a_wallet() {
    let s = setup().await;
    let (m, admin, bob) = (&s.m, &s.admin, &s.bob);
    let wallet = wallet_of(m, bob, "EUR").await;
    let top_up = json!({ "transactionAmount": "1000", "paymentStatus": "PAID" });
    m.ok(Some(admin), CREATE_TXN, json!({ "w": wallet, "i": top_up }))
        .await;
    let vars = json!({ "off": s.offering, "i": { "payoutAmount": "600", "payoutType": "LOAN_REPAYMENT" } });
    let id = m.ok(Some(bob), CREATE, vars).await["createPayout"]["id"]
        .as_str()
        .unwrap()
        .to_owned();

    // Money leaving the borrower's wallet pays what the borrower owes.
    pay(m, bob, &wallet, &id, "-250", "PAID").await;
    let p = read(m, admin, &id).await;
    assert_eq!(
        (p["isPaid"].clone(), p["transactionsPaid"].clone()),
        (json!(false), json!(1))
    );
    let reaching = pay(m, bob, &wallet, &id, "-350", "PAID").await;
    let p = read(m, bob, &id).await;
    assert_eq!(p["isPaid"], true, "{p}");
    assert_eq!(p["paidAt"], paid_at_of(&p, &reaching));

    // A correction back into the wallet (a repayment reversed) makes it owed again.
    pay(m, admin, &wallet, &id, "100", "PAID").await;
    let p = read(m, admin, &id).await;
    assert_eq!(p["isPaid"], false, "{p}");
    assert!(p["paidAt"].is_null());
    let w = m
        .ok(
            Some(bob),
            "query($id: ID!) { wallet(id: $id) { balance } }",
            json!({ "id": wallet }),
        )
        .await;
    assert_eq!(w["wallet"]["balance"], "500");
}

#[tokio::test]
async fn a_paid_payout_keeps_its_amounts_and_due_date() {
    let s = setup().await;
    let (m, admin) = (&s.m, &s.admin);
    let wallet = wallet_of(m, &s.alice, "EUR").await;
    let id = payout_of(m, admin, &s.investment, "20").await;
    // Unpaid: the amount may change.
    let vars = json!({ "id": id, "i": { "payoutAmount": "25", "dueDate": "2027-03-01" } });
    m.ok(Some(admin), UPDATE, vars).await;
    pay(m, admin, &wallet, &id, "25", "PAID").await;
    for change in [
        json!({ "payoutAmount": "30" }),
        json!({ "lateFee": "1" }),
        json!({ "dueDate": "2027-04-01" }),
        json!({ "dueDate": null }),
    ] {
        let r = m
            .call(Some(&s.bob), UPDATE, json!({ "id": id, "i": change }))
            .await;
        refused(&r, codes::PAYOUT_PAID.number());
    }
    // Restating them changes nothing; descriptive fields still change.
    let vars = json!({ "id": id, "i": {
        "payoutAmount": "25", "dueDate": "2027-03-01", "additionalType": "final",
        "payoutType": "CAPITAL_GAIN", "custom": { "batch": "7" }
    } });
    let data = m.ok(Some(&s.bob), UPDATE, vars).await;
    assert_eq!(data["updatePayout"]["additionalType"], "final");
    assert_eq!(data["updatePayout"]["payoutAmount"], "25");
    assert_eq!(data["updatePayout"]["isPaid"], true);
}

#[tokio::test]
async fn bad_amounts_and_dates_are_refused_with_their_codes_and_nothing_is_written() {
    let s = setup().await;
    let m = &s.m;
    let table = [
        (
            json!({ "payoutAmount": "-5" }),
            codes::PAYOUT_AMOUNT_INVALID,
        ),
        (
            json!({ "payoutAmount": "5", "lateFee": "-0.01" }),
            codes::PAYOUT_AMOUNT_INVALID,
        ),
        (
            json!({ "payoutAmount": "5", "dueDate": "2027-13-45" }),
            codes::DATE_INVALID,
        ),
        (
            json!({ "payoutAmount": "5", "dueDate": "soon" }),
            codes::DATE_INVALID,
        ),
        (
            json!({ "payoutAmount": "5", "currency": "XYZ" }),
            codes::CURRENCY_INVALID,
        ),
    ];
    for (input, want) in table {
        let r = create_for_investment(m, &s.admin, &s.investment, input).await;
        refused(&r, want.number());
    }
    assert_eq!(payout_rows(m).await, 0);
    let id = payout_of(m, &s.admin, &s.investment, "5").await;
    let r = m
        .call(
            Some(&s.admin),
            UPDATE,
            json!({ "id": id, "i": { "dueDate": "31/01/2027" } }),
        )
        .await;
    refused(&r, codes::DATE_INVALID.number());
    let r = m
        .call(
            Some(&s.admin),
            UPDATE,
            json!({ "id": id, "i": { "minimumPayment": "-1" } }),
        )
        .await;
    refused(&r, codes::PAYOUT_AMOUNT_INVALID.number());
    let p = read(m, &s.admin, &id).await;
    assert_eq!(p["payoutAmount"], "5");
    // The audit log holds the creation of the one payout written.
    assert_eq!(audit_rows(m, &id).await, 1);
}

async fn audit_rows(m: &Market, id: &str) -> i64 {
    use diesel::sql_types::BigInt;
    use diesel_async::RunQueryDsl;
    #[derive(diesel::QueryableByName)]
    struct N {
        #[diesel(sql_type = BigInt)]
        n: i64,
    }
    let mut conn = m.app.db.conn().await;
    let q = format!(
        "SELECT count(*) AS n FROM audit_log
         WHERE object_type = 'payout' AND object_id = '{id}' AND action = 'create'"
    );
    let rows: Vec<N> = diesel::sql_query(q).load(&mut conn).await.unwrap();
    rows[0].n
}
