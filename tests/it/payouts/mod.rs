//! Payouts through the API (`docs/money.md`, "Payouts"): who may create, read and change
//! them, the figures derived from their transactions, the refusals with their codes, the
//! REST routes, and the statements of nested payout lists.

mod access;
mod figures;
mod rest;
mod schedule;
mod schedule_large;
mod schedule_rest;
mod statements;

use serde_json::{Value, json};

use crate::common::TestResponse;
use crate::common::investments::published;
use crate::common::marketplace::{Market, Person, code};

/// Creates a payout of an investment or an offering.
pub const CREATE: &str = "mutation($inv: ID, $off: ID, $i: PayoutInput!) {
    createPayout(investmentId: $inv, offeringId: $off, input: $i) {
        id userId investmentId offeringId offeringName payoutType currency dueDate
        payoutAmount isPaid paidAt transactionsPaid additionalType
    }
}";

/// Changes a payout.
pub const UPDATE: &str = "mutation($id: ID!, $i: PayoutUpdateInput!) {
    updatePayout(id: $id, input: $i) { id payoutAmount dueDate additionalType isPaid }
}";

/// Reads a payout with its derived figures.
pub const PAYOUT: &str = "query($id: ID!) {
    payout(id: $id) {
        id userId userName isPaid paidAt transactionsPaid payoutAmount payoutType
        offeringName investmentId offeringId
        transactions { count list { id transactionAmount paymentStatus paidAt } }
    }
}";

/// An organization of Bob's with a published EUR offering; Alice holds a Settled
/// investment in it and an EUR wallet; Carol is another user of the network.
pub struct Setup {
    pub m: Market,
    pub admin: Person,
    pub alice: Person,
    pub bob: Person,
    pub carol: Person,
    pub offering: String,
    pub investment: String,
}

pub async fn setup() -> Setup {
    setup_in(Market::new().await).await
}

/// [`setup`] in the network of `m`.
pub async fn setup_in(m: Market) -> Setup {
    let admin = m.person("admin@x.test", true, false).await;
    let alice = m.person("alice@x.test", false, false).await;
    let bob = m.person("bob@x.test", false, false).await;
    let carol = m.person("carol@x.test", false, false).await;
    let (_, offering) = published(
        &m,
        &bob,
        json!({ "name": "Ovens", "currency": "EUR", "fundingGoal": "10000" }),
    )
    .await;
    let investment = m.investment_row(&offering, &alice, "1000", 4, 0).await;
    Setup {
        m,
        admin,
        alice,
        bob,
        carol,
        offering,
        investment,
    }
}

/// Creates a payout of `investment` as `who` with `input`.
pub async fn create_for_investment(
    m: &Market,
    who: &Person,
    investment: &str,
    input: Value,
) -> TestResponse {
    m.call(Some(who), CREATE, json!({ "inv": investment, "i": input }))
        .await
}

/// Like [`create_for_investment`], failing on an error; the payout's id.
pub async fn payout_of(m: &Market, who: &Person, investment: &str, amount: &str) -> String {
    let r = create_for_investment(m, who, investment, json!({ "payoutAmount": amount })).await;
    assert!(r.json["errors"].is_null(), "{}", r.text);
    r.json["data"]["createPayout"]["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// Asserts `r` failed with `want`.
pub fn refused(r: &TestResponse, want: u32) {
    assert_eq!(code(r), Some(i64::from(want)), "{}", r.text);
    assert!(r.json["data"].is_null(), "{}", r.text);
}

/// Number of payouts of the network, by SQL.
pub async fn payout_rows(m: &Market) -> i64 {
    use diesel::sql_types::BigInt;
    use diesel_async::RunQueryDsl;
    #[derive(diesel::QueryableByName)]
    struct N {
        #[diesel(sql_type = BigInt)]
        n: i64,
    }
    let mut conn = m.app.db.conn().await;
    let q = format!(
        "SELECT count(*) AS n FROM payouts WHERE network_id = '{}'",
        m.network_id
    );
    let rows: Vec<N> = diesel::sql_query(q).load(&mut conn).await.unwrap();
    rows[0].n
}
