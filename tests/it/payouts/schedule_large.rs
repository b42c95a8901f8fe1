//! A computed schedule of 1,000 installments for an offering with 500 Settled
//! investments: its 500,000 payouts are written by one database transaction (every row
//! carries the same creating transaction id), each installment's parts add up exactly to
//! the installment the schedule generator computes, and a failure in the last of a
//! schedule's insert statements leaves nothing written. Only such a large schedule may run
//! past the request time limit, up to the bulk one.

use std::collections::BTreeMap;
use std::str::FromStr;

use chrono::NaiveDate;
use crowdgraph::domain::schedule::{
    DayCount, Frequency, Interest, Method, ScheduleTerms, compute_schedule,
};
use diesel::sql_types::{BigInt, Date, Numeric};
use diesel_async::RunQueryDsl;
use rust_decimal::Decimal;
use serde_json::json;

use crowdgraph::error::codes;

use super::*;
use crate::common::TestApp;
use crate::common::marketplace::code;

const GENERATE_IDS: &str = "mutation($off: ID!, $s: ScheduleInput!) {
    generatePaymentSchedule(offeringId: $off, schedule: $s) { id }
}";

/// Adds `n` investors to the setup's offering, each with a Settled investment of a
/// different amount, by SQL (the API's investment flow is tested elsewhere).
async fn add_settled(s: &Setup, n: usize) {
    s.m.sql(&format!(
        "WITH u AS (
           INSERT INTO users (network_id, email, given_name, family_name)
           SELECT '{net}', 'investor' || i || '@x.test', 'Investor', i::text
           FROM generate_series(1, {n}) AS i
           RETURNING id, family_name::int AS i)
         INSERT INTO investments (network_id, offering_id, user_id, investment_amount,
                                  life_cycle_stage, visibility)
         SELECT '{net}', '{off}', id, 100 + (i * 37) % 900, 4, 0 FROM u",
        net = s.m.network_id,
        off = s.offering,
    ))
    .await;
}

#[derive(diesel::QueryableByName)]
struct Written {
    #[diesel(sql_type = BigInt)]
    rows: i64,
    #[diesel(sql_type = BigInt)]
    transactions: i64,
    #[diesel(sql_type = BigInt)]
    audited: i64,
}

async fn written(m: &Market) -> Written {
    let mut conn = m.app.db.conn().await;
    diesel::sql_query(format!(
        "SELECT (SELECT count(*) FROM payouts WHERE network_id = '{net}') AS rows,
                (SELECT count(DISTINCT xmin::text) FROM payouts WHERE network_id = '{net}')
                  AS transactions,
                (SELECT count(*) FROM audit_log WHERE object_type = 'payout') AS audited",
        net = m.network_id
    ))
    .get_result(&mut conn)
    .await
    .unwrap()
}

#[derive(diesel::QueryableByName)]
struct DueTotal {
    #[diesel(sql_type = Date)]
    due_date: NaiveDate,
    #[diesel(sql_type = Numeric)]
    total: Decimal,
    #[diesel(sql_type = BigInt)]
    parts: i64,
}

#[tokio::test]
async fn a_thousand_installments_for_500_investors_are_one_transaction() {
    let s = setup().await;
    let m = &s.m;
    add_settled(&s, 499).await;
    let terms = json!({
        "annualRate": "7.25", "periods": 1000, "frequency": "MONTHLY",
        "firstDueDate": "2027-01-31", "payoutType": "LOAN_REPAYMENT"
    });
    let r = m
        .call(
            Some(&s.bob),
            GENERATE_IDS,
            json!({ "off": s.offering, "s": terms }),
        )
        .await;
    assert!(
        r.json["errors"].is_null(),
        "{}",
        &r.text[..r.text.len().min(2000)]
    );
    let ids = r.json["data"]["generatePaymentSchedule"]
        .as_array()
        .unwrap();
    assert_eq!(
        ids.len(),
        500_000,
        "one payout per investment per installment"
    );

    let w = written(m).await;
    assert_eq!(w.rows, 500_000);
    assert_eq!(
        w.transactions, 1,
        "every payout was created by the same transaction"
    );
    assert_eq!(w.audited, 500_000, "each creation is in the audit log");

    // Each installment's 500 parts add up to the installment the generator computes for
    // the sum of the Settled investments.
    let mut conn = m.app.db.conn().await;
    let principal: Decimal = {
        #[derive(diesel::QueryableByName)]
        struct P {
            #[diesel(sql_type = Numeric)]
            p: Decimal,
        }
        let p: P = diesel::sql_query(format!(
            "SELECT sum(investment_amount) AS p FROM investments
             WHERE offering_id = '{}' AND life_cycle_stage = 4",
            s.offering
        ))
        .get_result(&mut conn)
        .await
        .unwrap();
        p.p
    };
    let expected = compute_schedule(&ScheduleTerms {
        principal,
        annual_rate_percent: Decimal::from_str("7.25").unwrap(),
        periods: 1000,
        frequency: Frequency::Monthly,
        first_due_date: NaiveDate::from_ymd_opt(2027, 1, 31).unwrap(),
        method: Method::EqualInstallments,
        interest: Interest::DecliningBalance,
        day_count: DayCount::Thirty360,
        minor_unit: 2,
    })
    .unwrap();
    let sums: Vec<DueTotal> = diesel::sql_query(format!(
        "SELECT due_date, sum(payout_amount) AS total, count(*) AS parts FROM payouts
         WHERE network_id = '{}' GROUP BY due_date ORDER BY due_date",
        m.network_id
    ))
    .load(&mut conn)
    .await
    .unwrap();
    let got: BTreeMap<NaiveDate, (Decimal, i64)> = sums
        .into_iter()
        .map(|d| (d.due_date, (d.total, d.parts)))
        .collect();
    let want: BTreeMap<NaiveDate, (Decimal, i64)> = expected
        .iter()
        .map(|i| (i.due_date, (i.total, 500)))
        .collect();
    assert_eq!(got.len(), 1000);
    assert!(got == want, "the parts of each installment add up to it");
}

#[tokio::test]
async fn a_failure_in_a_schedules_last_statement_writes_nothing() {
    let s = setup().await;
    let m = &s.m;
    // 5 investments × 1,000 installments is more rows than one insert statement takes,
    // so the last installment's rows are written by a later statement than the first's.
    add_settled(&s, 4).await;
    const { assert!(5 * 1000 > crowdgraph::models::payout::INSERT_CHUNK) };
    m.sql(
        "CREATE FUNCTION refuse_last() RETURNS trigger LANGUAGE plpgsql AS
           $$ BEGIN RAISE EXCEPTION 'injected failure'; END $$",
    )
    .await;
    m.sql(
        "CREATE TRIGGER refuse_last BEFORE INSERT ON payouts FOR EACH ROW
           WHEN (NEW.custom ->> 'installment' = '1000') EXECUTE FUNCTION refuse_last()",
    )
    .await;
    let terms = json!({
        "principal": "50000", "annualRate": "5", "periods": 1000, "frequency": "WEEKLY",
        "firstDueDate": "2027-01-04"
    });
    let r = m
        .call(
            Some(&s.bob),
            GENERATE_IDS,
            json!({ "off": s.offering, "s": terms.clone() }),
        )
        .await;
    assert!(r.json["data"].is_null(), "{}", r.text);
    assert!(!r.text.contains("injected"), "no database text: {}", r.text);
    let w = written(m).await;
    assert_eq!(w.rows, 0, "the first statement's rows were rolled back too");
    assert_eq!(w.audited, 0);

    // Without the fault the same request writes every payout.
    m.sql("DROP TRIGGER refuse_last ON payouts").await;
    let r = m
        .call(
            Some(&s.bob),
            GENERATE_IDS,
            json!({ "off": s.offering, "s": terms }),
        )
        .await;
    assert!(r.json["errors"].is_null(), "{}", r.text);
    let w = written(m).await;
    assert_eq!((w.rows, w.transactions), (5000, 1));
}

#[tokio::test]
async fn only_a_large_schedule_may_run_past_the_request_time_limit() {
    let terms = json!({
        "principal": "50000", "annualRate": "5", "periods": 1000, "frequency": "WEEKLY",
        "firstDueDate": "2027-01-04"
    });
    // 10,000 payouts take longer than 300 ms (checking the input takes far less): under the
    // bulk limit they are written.
    let app = TestApp::with_config(|c, _| {
        c.request_timeout_ms = 300;
        c.bulk_request_timeout_ms = 120_000;
    })
    .await;
    let s = setup_in(Market::over(app, "alpha").await).await;
    add_settled(&s, 9).await;
    let vars = json!({ "off": s.offering, "s": terms.clone() });
    let r = s.m.call(Some(&s.bob), GENERATE_IDS, vars).await;
    assert!(r.json["errors"].is_null(), "{}", r.text);
    assert_eq!(written(&s.m).await.rows, 10_000);

    // With no longer bulk limit the same schedule times out, and nothing is written.
    let app = TestApp::with_config(|c, _| {
        c.request_timeout_ms = 300;
        c.bulk_request_timeout_ms = 300;
    })
    .await;
    let s = setup_in(Market::over(app, "alpha").await).await;
    add_settled(&s, 9).await;
    let vars = json!({ "off": s.offering, "s": terms });
    let r = s.m.call(Some(&s.bob), GENERATE_IDS, vars).await;
    assert_eq!(
        code(&r),
        Some(i64::from(codes::REQUEST_TIMEOUT.number())),
        "{}",
        r.text
    );
    // The cancelled transaction rolls back (its statement may still be finishing).
    let mut rows = written(&s.m).await.rows;
    for _ in 0..50 {
        if rows == 0 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        rows = written(&s.m).await.rows;
    }
    assert_eq!(rows, 0);
}
