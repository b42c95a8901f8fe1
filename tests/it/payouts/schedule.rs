//! `generatePaymentSchedule`: the listed form (all or nothing), the computed form for an
//! investment and for an offering (split among its Settled investments), who may, and
//! the refusals with their codes.

use std::collections::BTreeMap;
use std::str::FromStr;

use crowdgraph::error::codes;
use rust_decimal::Decimal;
use serde_json::{Value, json};

use super::*;

const GENERATE: &str = "mutation($inv: ID, $off: ID, $p: [PayoutInput!], $s: ScheduleInput) {
    generatePaymentSchedule(investmentId: $inv, offeringId: $off, payouts: $p, schedule: $s) {
        id userId investmentId offeringId offeringName payoutType currency dueDate
        payoutAmount isPaid custom
    }
}";

fn dec(v: &Value) -> Decimal {
    Decimal::from_str(v.as_str().expect("a decimal string")).unwrap()
}

fn list(n: usize) -> Value {
    let items: Vec<Value> = (0..n)
        .map(|i| json!({ "payoutAmount": format!("{}", 100 + i), "payoutType": "LOAN_REPAYMENT", "dueDate": "2027-01-31" }))
        .collect();
    Value::Array(items)
}

fn created(r: &TestResponse) -> Vec<Value> {
    assert!(r.json["errors"].is_null(), "{}", r.text);
    r.json["data"]["generatePaymentSchedule"]
        .as_array()
        .unwrap()
        .clone()
}

#[tokio::test]
async fn a_listed_schedule_is_created_whole_or_not_at_all() {
    let s = setup().await;
    let m = &s.m;
    let vars = json!({ "inv": s.investment, "p": list(3) });
    let payouts = created(&m.call(Some(&s.bob), GENERATE, vars).await);
    let amounts: Vec<&str> = payouts
        .iter()
        .map(|p| p["payoutAmount"].as_str().unwrap())
        .collect();
    assert_eq!(amounts, ["100", "101", "102"], "in the order listed");
    for p in &payouts {
        assert_eq!(p["userId"], json!(s.alice.id));
        assert_eq!(p["investmentId"], json!(s.investment));
        assert_eq!(p["currency"], "EUR");
        assert_eq!(p["offeringName"], "Ovens");
        assert_eq!(p["isPaid"], false);
    }
    assert_eq!(payout_rows(m).await, 3);

    // One bad item among good ones: nothing is written.
    let mut items = list(3);
    items[1]["payoutAmount"] = json!("-5");
    let r = m
        .call(
            Some(&s.admin),
            GENERATE,
            json!({ "inv": s.investment, "p": items }),
        )
        .await;
    refused(&r, codes::PAYOUT_AMOUNT_INVALID.number());
    assert!(
        r.text.contains("payouts[1]"),
        "names the bad item: {}",
        r.text
    );
    let mut items = list(3);
    items[2]["dueDate"] = json!("2027-02-30");
    let r = m
        .call(
            Some(&s.admin),
            GENERATE,
            json!({ "inv": s.investment, "p": items }),
        )
        .await;
    refused(&r, codes::DATE_INVALID.number());
    assert_eq!(payout_rows(m).await, 3);

    // Empty, oversized, and neither or both forms.
    let r = m
        .call(
            Some(&s.admin),
            GENERATE,
            json!({ "inv": s.investment, "p": [] }),
        )
        .await;
    refused(&r, codes::SCHEDULE_EMPTY.number());
    let r = m
        .call(
            Some(&s.admin),
            GENERATE,
            json!({ "inv": s.investment, "p": list(1201) }),
        )
        .await;
    refused(&r, codes::SCHEDULE_TOO_LARGE.number());
    let r = m
        .call(Some(&s.admin), GENERATE, json!({ "inv": s.investment }))
        .await;
    refused(&r, codes::BAD_REQUEST.number());
    let both = json!({ "inv": s.investment, "off": s.offering, "p": list(1) });
    refused(
        &m.call(Some(&s.admin), GENERATE, both).await,
        codes::BAD_REQUEST.number(),
    );
    assert_eq!(payout_rows(m).await, 3);

    // The cap itself is allowed, in one request.
    let vars = json!({ "inv": s.investment, "p": list(1200) });
    assert_eq!(
        created(&m.call(Some(&s.admin), GENERATE, vars).await).len(),
        1200
    );
    assert_eq!(payout_rows(m).await, 1203);
}

#[tokio::test]
async fn only_admins_and_the_offerings_team_generate_schedules_in_their_network() {
    let s = setup().await;
    let m = &s.m;
    let vars = json!({ "inv": s.investment, "p": list(2) });
    for who in [&s.alice, &s.carol] {
        refused(
            &m.call(Some(who), GENERATE, vars.clone()).await,
            codes::FORBIDDEN.number(),
        );
    }
    let r = m.call(None, GENERATE, vars.clone()).await;
    assert!(r.json["data"].is_null(), "{}", r.text);
    let beta = m.network("beta").await;
    let outsider = beta.person(&m.app, "root@beta.test", true, false).await;
    let r = beta
        .call(&m.app, Some(&outsider), GENERATE, vars.clone())
        .await;
    refused(&r, codes::NOT_FOUND.number());
    let off = json!({ "off": s.offering, "p": list(2) });
    let r = beta
        .call(&m.app, Some(&outsider), GENERATE, off.clone())
        .await;
    refused(&r, codes::NOT_FOUND.number());
    assert_eq!(payout_rows(m).await, 0);

    // An offering's listed schedule is the borrower's own.
    let payouts = created(&m.call(Some(&s.bob), GENERATE, off).await);
    assert_eq!(payouts.len(), 2);
    for p in &payouts {
        assert_eq!(p["userId"], json!(s.bob.id));
        assert_eq!(p["offeringId"], json!(s.offering));
        assert!(p["investmentId"].is_null());
    }
}

#[tokio::test]
async fn an_investment_schedule_needs_the_investment_settled() {
    let s = setup().await;
    let m = &s.m;
    let approved = m.investment_row(&s.offering, &s.carol, "500", 2, 0).await;
    let r = m
        .call(
            Some(&s.admin),
            GENERATE,
            json!({ "inv": approved, "p": list(2) }),
        )
        .await;
    refused(&r, codes::NOT_SETTLED.number());
    let terms = json!({ "annualRate": "5", "periods": 3, "frequency": "MONTHLY", "firstDueDate": "2027-01-31" });
    let r = m
        .call(
            Some(&s.admin),
            GENERATE,
            json!({ "inv": approved, "s": terms }),
        )
        .await;
    refused(&r, codes::NOT_SETTLED.number());
    assert_eq!(payout_rows(m).await, 0);
}

#[tokio::test]
async fn a_computed_investment_schedule_sums_exactly_to_principal_and_interest() {
    let s = setup().await;
    let m = &s.m;
    let terms = json!({
        "principal": "1000", "annualRate": "7.5", "periods": 12, "frequency": "MONTHLY",
        "firstDueDate": "2027-01-31", "dayCount": "ACTUAL_365", "additionalType": "loan"
    });
    let payouts = created(
        &m.call(
            Some(&s.bob),
            GENERATE,
            json!({ "inv": s.investment, "s": terms }),
        )
        .await,
    );
    assert_eq!(payouts.len(), 12);
    let (mut total, mut principal, mut interest) = (Decimal::ZERO, Decimal::ZERO, Decimal::ZERO);
    for (k, p) in payouts.iter().enumerate() {
        assert_eq!(
            p["payoutType"], "LOAN_REPAYMENT",
            "the default of computed schedules"
        );
        assert_eq!(p["userId"], json!(s.alice.id));
        assert_eq!(p["currency"], "EUR");
        assert_eq!(p["custom"]["installment"], json!(k + 1));
        let amount = dec(&p["payoutAmount"]);
        assert!(amount.scale() <= 2, "rounded to cents: {amount}");
        let (pr, int) = (
            dec(&p["custom"]["principal"]),
            dec(&p["custom"]["interest"]),
        );
        assert_eq!(amount, pr + int);
        total += amount;
        principal += pr;
        interest += int;
    }
    assert_eq!(payouts[0]["dueDate"], "2027-01-31");
    assert_eq!(payouts[11]["dueDate"], "2027-12-31");
    assert_eq!(principal, Decimal::from(1000));
    assert_eq!(total, principal + interest);
    assert!(interest > Decimal::ZERO);

    // Without a principal, the investment's amount is lent.
    let terms = json!({ "annualRate": "0", "periods": 4, "frequency": "QUARTERLY", "firstDueDate": "2027-03-31" });
    let payouts = created(
        &m.call(
            Some(&s.admin),
            GENERATE,
            json!({ "inv": s.investment, "s": terms }),
        )
        .await,
    );
    let total: Decimal = payouts.iter().map(|p| dec(&p["payoutAmount"])).sum();
    assert_eq!(total, Decimal::from(1000));
    assert_eq!(payout_rows(m).await, 16);
}

#[tokio::test]
async fn bad_terms_get_their_codes_and_write_nothing() {
    let s = setup().await;
    let m = &s.m;
    let base = json!({ "annualRate": "5", "periods": 12, "frequency": "MONTHLY", "firstDueDate": "2027-01-31" });
    let with = |k: &str, v: Value| {
        let mut t = base.clone();
        t[k] = v;
        json!({ "inv": s.investment, "s": t })
    };
    let cases = [
        (with("periods", json!(0)), codes::SCHEDULE_EMPTY),
        (with("periods", json!(1201)), codes::SCHEDULE_TOO_LARGE),
        (
            with("annualRate", json!("-1")),
            codes::SCHEDULE_TERMS_INVALID,
        ),
        (with("principal", json!("0")), codes::SCHEDULE_TERMS_INVALID),
        (
            with("principal", json!("10.001")),
            codes::SCHEDULE_TERMS_INVALID,
        ),
        (with("firstDueDate", json!("soon")), codes::DATE_INVALID),
        (with("currency", json!("XYZ")), codes::CURRENCY_INVALID),
    ];
    for (vars, want) in cases {
        refused(&m.call(Some(&s.admin), GENERATE, vars).await, want.number());
    }
    let both = json!({ "inv": s.investment, "p": list(1), "s": base });
    refused(
        &m.call(Some(&s.admin), GENERATE, both).await,
        codes::BAD_REQUEST.number(),
    );
    assert_eq!(payout_rows(m).await, 0);
}

#[tokio::test]
async fn an_offering_schedule_is_split_among_its_settled_investments() {
    let s = setup().await;
    let m = &s.m;
    let terms = json!({
        "principal": "4000", "annualRate": "6", "periods": 4, "frequency": "QUARTERLY",
        "firstDueDate": "2027-03-31", "method": "EQUAL_PRINCIPAL"
    });
    let approved = m.investment_row(&s.offering, &s.carol, "700", 2, 0).await;
    let carol = m.investment_row(&s.offering, &s.carol, "2000", 4, 0).await;
    let vars = json!({ "off": s.offering, "s": terms.clone() });
    let payouts = created(&m.call(Some(&s.bob), GENERATE, vars).await);
    assert_eq!(
        payouts.len(),
        8,
        "one payout per Settled investment per installment"
    );
    let mut by_investment: BTreeMap<String, Decimal> = BTreeMap::new();
    for pair in payouts.chunks(2) {
        assert_eq!(
            pair[0]["dueDate"], pair[1]["dueDate"],
            "installment by installment"
        );
        let principal: Decimal = pair.iter().map(|p| dec(&p["custom"]["principal"])).sum();
        assert_eq!(
            principal,
            Decimal::from(1000),
            "the parts sum to the installment"
        );
        for p in pair {
            let id = p["investmentId"].as_str().unwrap().to_owned();
            assert_ne!(id, approved, "an Approved investment gets nothing");
            let owner = if id == carol { &s.carol } else { &s.alice };
            assert_eq!(p["userId"], json!(owner.id));
            assert!(p["offeringId"].is_null(), "an investor's payout");
            assert_eq!(p["offeringName"], "Ovens");
            *by_investment.entry(id).or_default() += dec(&p["custom"]["principal"]);
        }
    }
    // 1000 a quarter splits 333.33 / 666.67: the left-over cent goes to the larger
    // remainder, Carol's, every time.
    assert_eq!(
        by_investment[&s.investment],
        Decimal::from_str("1333.32").unwrap()
    );
    assert_eq!(by_investment[&carol], Decimal::from_str("2666.68").unwrap());
    assert_eq!(payout_rows(m).await, 8);
    // Others may not; an offering without Settled investments has nobody to pay.
    let vars = json!({ "off": s.offering, "s": terms.clone() });
    refused(
        &m.call(Some(&s.alice), GENERATE, vars).await,
        codes::FORBIDDEN.number(),
    );
    let (_, empty) = published(
        m,
        &s.bob,
        json!({ "name": "Empty", "currency": "EUR", "fundingGoal": "10" }),
    )
    .await;
    let vars = json!({ "off": empty, "s": terms });
    refused(
        &m.call(Some(&s.bob), GENERATE, vars).await,
        codes::NOT_SETTLED.number(),
    );
    assert_eq!(payout_rows(m).await, 8);
}
