//! A page of investments with their payouts costs the same statements for 2 and for 12
//! investments: the payouts of the whole page, with their derived figures, are one
//! statement.

use serde_json::json;

use super::*;

const PAGE: &str = "query($o: ID!) {
    offeringInvestments(offeringId: $o, args: { limit: 50 }) {
        count
        list { id payouts { id isPaid paidAt transactionsPaid offeringName } }
    }
}";

async fn statements(m: &Market, who: &Person, offering: &str) -> (usize, usize) {
    let (best, data) = m
        .fewest_statements(Some(who), PAGE, json!({ "o": offering }), |data| {
            for investment in data["offeringInvestments"]["list"].as_array().unwrap() {
                assert_eq!(
                    investment["payouts"].as_array().unwrap().len(),
                    2,
                    "{investment}"
                );
            }
        })
        .await;
    (
        best,
        data["offeringInvestments"]["list"]
            .as_array()
            .unwrap()
            .len(),
    )
}

async fn add_investments(s: &Setup, n: usize, start: usize) {
    for i in start..start + n {
        let investor =
            s.m.person(&format!("investor{i}@x.test"), false, false)
                .await;
        let investment = s.m.investment_row(&s.offering, &investor, "10", 4, 0).await;
        for amount in ["1", "2"] {
            payout_of(&s.m, &s.admin, &investment, amount).await;
        }
    }
}

#[tokio::test]
async fn nested_payouts_cost_the_same_statements_for_2_and_12_investments() {
    let s = setup().await;
    // The setup's own investment gets its two payouts too.
    for amount in ["1", "2"] {
        payout_of(&s.m, &s.admin, &s.investment, amount).await;
    }
    add_investments(&s, 1, 0).await;
    let (small, rows) = statements(&s.m, &s.bob, &s.offering).await;
    assert_eq!(rows, 2);
    add_investments(&s, 10, 1).await;
    let (large, rows) = statements(&s.m, &s.bob, &s.offering).await;
    assert_eq!(rows, 12);
    assert_eq!(
        small, large,
        "{small} statements for 2 investments, {large} for 12"
    );
}

const MINE: &str = "{
    myPayouts(args: { limit: 50 }) {
        list {
            id investment { id investmentAmount offering { name } } offering { id name }
            transactions(args: { limit: 5 }) { count list { id transactionAmount } }
        }
    }
}";

/// Statements of Alice's payout page, with its length; every payout shows its investment
/// and its transactions (two each, arranged by SQL: 1 then 2).
async fn my_page(s: &Setup) -> (usize, usize) {
    s.m.sql(
        "INSERT INTO transactions (network_id, user_id, payout_id, transaction_amount,
                                   payment_status, paid_at, created_at)
         SELECT p.network_id, p.user_id, p.id, a, 1, now(), now() + a * interval '1 second'
         FROM payouts p, (VALUES (1), (2)) AS v (a)
         WHERE NOT EXISTS (SELECT 1 FROM transactions t WHERE t.payout_id = p.id)",
    )
    .await;
    let (best, data) = s
        .m
        .fewest_statements(Some(&s.alice), MINE, json!({}), |data| {
            for payout in data["myPayouts"]["list"].as_array().unwrap() {
                assert!(payout["investment"]["id"].is_string(), "{payout}");
                assert_eq!(payout["investment"]["offering"]["name"], "Ovens");
                assert_eq!(payout["transactions"]["count"], 2, "{payout}");
                let amounts = &payout["transactions"]["list"];
                assert_eq!(
                    amounts,
                    &json!([{ "id": amounts[0]["id"], "transactionAmount": "2" }, { "id": amounts[1]["id"], "transactionAmount": "1" }]),
                    "newest first"
                );
            }
        })
        .await;
    (best, data["myPayouts"]["list"].as_array().unwrap().len())
}

#[tokio::test]
async fn a_page_of_payouts_reads_their_investments_and_transactions_in_one_statement_each() {
    let s = setup().await;
    payout_of(&s.m, &s.admin, &s.investment, "1").await;
    let second = s.m.investment_row(&s.offering, &s.alice, "10", 4, 0).await;
    payout_of(&s.m, &s.admin, &second, "1").await;
    let (small, rows) = my_page(&s).await;
    assert_eq!(rows, 2);
    for _ in 0..10 {
        let more = s.m.investment_row(&s.offering, &s.alice, "10", 4, 0).await;
        payout_of(&s.m, &s.admin, &more, "1").await;
    }
    let (large, rows) = my_page(&s).await;
    assert_eq!(rows, 12);
    assert_eq!(
        small, large,
        "{small} statements for 2 payouts with their investments and transactions, {large} for 12"
    );
}
