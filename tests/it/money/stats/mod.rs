//! The logged-in user's payout statistics (`myStats`, `GET /self/stats`; `docs/money.md`,
//! "Statistics of a user"): a dataset with every payout type, partly, exactly and over-paid
//! payouts, transactions that do not count, payouts that are not the viewer's (another
//! investor's, a non-Settled investment's, an offering's own, another network's); the
//! figures equal a plain SQL computation written here and the figures worked out by hand.

mod graphql;
mod rest;

use diesel::sql_types::Numeric;
use diesel_async::RunQueryDsl;
use rust_decimal::Decimal;
use serde_json::{Value, json};
use uuid::Uuid;

use super::{Market, Person};
use crate::common::marketplace::Tenant;

/// The six figures, received then outstanding, each as dividends, capital gains, loan
/// repayments.
type Six = [Decimal; 6];

const SETTLED: i16 = 4;
const APPROVED: i16 = 2;

fn six(figures: [&str; 6]) -> Six {
    figures.map(|f| f.parse().unwrap())
}

/// Inserts a payout of `investment` (or, when `None`, of `offering` itself) owed to
/// `user`; its id.
#[allow(clippy::too_many_arguments)]
async fn payout(
    m: &Market,
    net: &Tenant,
    user: &Person,
    offering: &str,
    investment: Option<&str>,
    kind: i16,
    amount: &str,
    due: Option<&str>,
) -> String {
    let id = Uuid::new_v4().to_string();
    let investment = investment.map_or("NULL".to_owned(), |i| format!("'{i}'"));
    let due = due.map_or("NULL".to_owned(), |d| format!("'{d}'"));
    m.sql(&format!(
        "INSERT INTO payouts (id, network_id, user_id, offering_id, investment_id, payout_type,
                              payout_amount, due_date)
         VALUES ('{id}', '{}', '{}', '{offering}', {investment}, {kind}, {amount}, {due})",
        net.network_id, user.id
    ))
    .await;
    id
}

/// Records payments of `payout` by `user`: `(amount, payment_status code)` each.
async fn pay(m: &Market, net: &Tenant, user: &Person, payout: &str, payments: &[(&str, i16)]) {
    for (amount, status) in payments {
        m.sql(&format!(
            "INSERT INTO transactions (network_id, user_id, payout_id, payment_status,
                                       transaction_amount)
             VALUES ('{}', '{}', '{payout}', {status}, {amount})",
            net.network_id, user.id
        ))
        .await;
    }
}

/// An investment row of `user` in `offering` of `net`; its id.
async fn investment(m: &Market, net: &Tenant, offering: &str, user: &Person, stage: i16) -> String {
    let id = Uuid::new_v4().to_string();
    m.sql(&format!(
        "INSERT INTO investments (id, network_id, offering_id, user_id, investment_amount,
                                  life_cycle_stage)
         VALUES ('{id}', '{}', '{offering}', '{}', 1000, {stage})",
        net.network_id, user.id
    ))
    .await;
    id
}

/// An offering of a new organization of `owner` in `net`; its id.
async fn offering_in(m: &Market, net: &Tenant, owner: &Person) -> String {
    let call = async |q: &str, vars: Value| {
        let r = net.call(&m.app, Some(owner), q, vars).await;
        assert!(r.json["errors"].is_null(), "{}", r.text);
        r.json["data"].clone()
    };
    let q = "mutation($i: OrganizationInput!) { createOrganization(input: $i) { id } }";
    let org = call(q, json!({ "i": { "displayName": "Borrower" } })).await;
    let q = "mutation($o: ID!, $i: OfferingInput!) {
        createOffering(organizationId: $o, input: $i) { id }
    }";
    let vars = json!({ "o": org["createOrganization"]["id"], "i": { "name": "Loan" } });
    let data = call(q, vars).await;
    data["createOffering"]["id"].as_str().unwrap().to_owned()
}

struct Data {
    m: Market,
    alice: Person,
    carol: Person,
    beta: Tenant,
    dave: Person,
}

/// Alice holds two Settled investments and an Approved one; Carol, another investor, and
/// Dave, of the network `beta`, have payouts of their own.
async fn dataset() -> Data {
    let m = Market::new().await;
    let alpha = m.tenant();
    let (bob, alice) = (
        m.person("bob@x.test", false, false).await,
        m.person("alice@x.test", false, false).await,
    );
    let carol = m.person("carol@x.test", false, false).await;
    let offering = offering_in(&m, &alpha, &bob).await;
    let second = offering_in(&m, &alpha, &bob).await;
    let (a1, a2) = (
        investment(&m, &alpha, &offering, &alice, SETTLED).await,
        investment(&m, &alpha, &second, &alice, SETTLED).await,
    );
    let p = async |inv: &str, off: &str, kind, amount, due, payments: &[(&str, i16)]| {
        let id = payout(&m, &alpha, &alice, off, Some(inv), kind, amount, due).await;
        pay(&m, &alpha, &alice, &id, payments).await;
    };
    // Dividends: partly paid (Pending, Cancelled and Failed payments do not count), and
    // exactly paid.
    p(
        &a1,
        &offering,
        0,
        "100",
        Some("2026-01-31"),
        &[("40", 1), ("30", 0), ("20", 2)],
    )
    .await;
    p(
        &a1,
        &offering,
        0,
        "50",
        Some("2026-03-01"),
        &[("20", 1), ("30", 1)],
    )
    .await;
    // Capital gains: over-paid (owes nothing, received in full), and unpaid without a due
    // date.
    p(
        &a1,
        &offering,
        1,
        "200",
        Some("2026-02-15"),
        &[("150", 1), ("100", 1)],
    )
    .await;
    p(&a1, &offering, 1, "80", None, &[]).await;
    // Loan repayments: partly paid with a failed payment, only pending, and a payout of
    // the second investment exactly paid.
    p(
        &a1,
        &offering,
        2,
        "300",
        Some("2026-01-01"),
        &[("100", 1), ("50", 3)],
    )
    .await;
    p(
        &a1,
        &offering,
        2,
        "120.5",
        Some("2026-12-31"),
        &[("120.5", 0)],
    )
    .await;
    p(
        &a2,
        &second,
        2,
        "10.25",
        Some("2026-02-01"),
        &[("10.25", 1)],
    )
    .await;
    // Not Alice's figures: her Approved investment, the offering's own repayment plan
    // (owed to her, but no investment's), Carol's Settled investment.
    let open = investment(&m, &alpha, &offering, &alice, APPROVED).await;
    p(
        &open,
        &offering,
        0,
        "999",
        Some("2026-02-01"),
        &[("500", 1)],
    )
    .await;
    let own = payout(
        &m,
        &alpha,
        &alice,
        &offering,
        None,
        2,
        "555",
        Some("2026-02-01"),
    )
    .await;
    pay(&m, &alpha, &alice, &own, &[("55", 1)]).await;
    let c = investment(&m, &alpha, &offering, &carol, SETTLED).await;
    let cp = payout(
        &m,
        &alpha,
        &carol,
        &offering,
        Some(&c),
        0,
        "777",
        Some("2026-02-01"),
    )
    .await;
    pay(&m, &alpha, &carol, &cp, &[("111", 1)]).await;
    // Another network.
    let beta = m.network("beta").await;
    let dave = beta.person(&m.app, "dave@x.test", false, false).await;
    let beta_offering = offering_in(&m, &beta, &dave).await;
    let d = investment(&m, &beta, &beta_offering, &dave, SETTLED).await;
    let dp = payout(
        &m,
        &beta,
        &dave,
        &beta_offering,
        Some(&d),
        0,
        "333",
        Some("2026-02-01"),
    )
    .await;
    pay(&m, &beta, &dave, &dp, &[("33", 1)]).await;
    Data {
        m,
        alice,
        carol,
        beta,
        dave,
    }
}

#[derive(diesel::QueryableByName)]
struct Expected {
    #[diesel(sql_type = Numeric)]
    rd: Decimal,
    #[diesel(sql_type = Numeric)]
    rc: Decimal,
    #[diesel(sql_type = Numeric)]
    rl: Decimal,
    #[diesel(sql_type = Numeric)]
    od: Decimal,
    #[diesel(sql_type = Numeric)]
    oc: Decimal,
    #[diesel(sql_type = Numeric)]
    ol: Decimal,
}

/// The figures by plain SQL: every payout of the user's Settled investments with its Paid
/// sum (a left join), kept by `BETWEEN` on its due date when a bound is given.
async fn oracle(
    m: &Market,
    net: &Tenant,
    user: &Person,
    start: Option<&str>,
    end: Option<&str>,
) -> Six {
    let kept = match (start, end) {
        (None, None) => "TRUE".to_owned(),
        (s, e) => format!(
            "p.due_date BETWEEN '{}' AND '{}'",
            s.unwrap_or("0001-01-01"),
            e.unwrap_or("9999-12-31")
        ),
    };
    let sql = format!(
        "SELECT
            COALESCE(SUM(CASE WHEN kind = 0 THEN paid END), 0) AS rd,
            COALESCE(SUM(CASE WHEN kind = 1 THEN paid END), 0) AS rc,
            COALESCE(SUM(CASE WHEN kind = 2 THEN paid END), 0) AS rl,
            COALESCE(SUM(CASE WHEN kind = 0 THEN GREATEST(amount - paid, 0) END), 0) AS od,
            COALESCE(SUM(CASE WHEN kind = 1 THEN GREATEST(amount - paid, 0) END), 0) AS oc,
            COALESCE(SUM(CASE WHEN kind = 2 THEN GREATEST(amount - paid, 0) END), 0) AS ol
         FROM (
            SELECT p.id, p.payout_type AS kind, p.payout_amount AS amount,
                   COALESCE(SUM(CASE WHEN t.payment_status = 1 THEN t.transaction_amount END), 0)
                       AS paid
            FROM payouts p
            JOIN investments i ON i.id = p.investment_id
            LEFT JOIN transactions t ON t.payout_id = p.id
            WHERE p.network_id = '{}' AND i.user_id = '{}' AND i.life_cycle_stage = {SETTLED}
              AND {kept}
            GROUP BY p.id
         ) per_payout",
        net.network_id, user.id
    );
    let mut conn = m.app.db.conn().await;
    let e: Expected = diesel::sql_query(sql).get_result(&mut conn).await.unwrap();
    [e.rd, e.rc, e.rl, e.od, e.oc, e.ol]
}
