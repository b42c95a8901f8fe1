//! `myStats` over GraphQL.

use crowdgraph::error::codes;
use serde_json::json;

use super::*;
use crate::money::{at, refused};

const STATS: &str = "query($s: NaiveDate, $e: NaiveDate) {
    myStats(startDate: $s, endDate: $e) {
        totalDividendsReceived totalCapitalgainsReceived totalLoanrepaymentsReceived
        outstandingDividends outstandingCapitalgains outstandingLoanrepayments
    }
}";

/// `myStats` of `who` in `net`, parsed.
async fn graphql_stats(
    m: &Market,
    net: &Tenant,
    who: &Person,
    s: Option<&str>,
    e: Option<&str>,
) -> Six {
    let r = net
        .call(&m.app, Some(who), STATS, json!({ "s": s, "e": e }))
        .await;
    let stats = at(&r, &["myStats"]);
    let fields = [
        "totalDividendsReceived",
        "totalCapitalgainsReceived",
        "totalLoanrepaymentsReceived",
        "outstandingDividends",
        "outstandingCapitalgains",
        "outstandingLoanrepayments",
    ];
    fields.map(|f| {
        stats[f]
            .as_str()
            .unwrap_or_else(|| panic!("{f}: {stats}"))
            .parse()
            .unwrap()
    })
}

#[tokio::test]
async fn figures_per_payout_type_equal_a_plain_sql_computation() {
    let d = dataset().await;
    let (m, alpha) = (&d.m, d.m.tenant());
    // Worked out by hand from the dataset, with the bounds inclusive.
    let cases: [(Option<&str>, Option<&str>, [&str; 6]); 5] = [
        (None, None, ["90", "250", "110.25", "60", "80", "320.5"]),
        (
            Some("2026-01-31"),
            Some("2026-02-15"),
            ["40", "250", "10.25", "60", "0", "0"],
        ),
        (
            Some("2026-02-15"),
            None,
            ["50", "250", "0", "0", "0", "120.5"],
        ),
        (
            None,
            Some("2026-01-31"),
            ["40", "0", "100", "60", "0", "200"],
        ),
        (
            Some("2026-03-01"),
            Some("2026-03-01"),
            ["50", "0", "0", "0", "0", "0"],
        ),
    ];
    for (s, e, want) in cases {
        let got = graphql_stats(m, &alpha, &d.alice, s, e).await;
        assert_eq!(got, oracle(m, &alpha, &d.alice, s, e).await, "{s:?}..{e:?}");
        assert_eq!(got, six(want), "{s:?}..{e:?}");
    }
    // A period without payouts is all zeros, written "0".
    let r = m
        .call(Some(&d.alice), STATS, json!({ "s": "2030-01-01" }))
        .await;
    let stats = at(&r, &["myStats"]).as_object().unwrap();
    assert!(stats.values().all(|v| v == "0"), "{stats:?}");
    // Carol's and Dave's figures are their own.
    let carol = graphql_stats(m, &alpha, &d.carol, None, None).await;
    assert_eq!(carol, six(["111", "0", "0", "666", "0", "0"]));
    assert_eq!(carol, oracle(m, &alpha, &d.carol, None, None).await);
    let dave = graphql_stats(m, &d.beta, &d.dave, None, None).await;
    assert_eq!(dave, six(["33", "0", "0", "300", "0", "0"]));
    assert_eq!(dave, oracle(m, &d.beta, &d.dave, None, None).await);
}

#[tokio::test]
async fn a_start_after_the_end_and_anonymous_callers_are_refused() {
    let d = dataset().await;
    let vars = json!({ "s": "2026-02-02", "e": "2026-02-01" });
    refused(
        &d.m.call(Some(&d.alice), STATS, vars).await,
        codes::DATE_INVALID.number(),
    );
    // One day: start equal to end is a period.
    let vars = json!({ "s": "2026-02-01", "e": "2026-02-01" });
    let r = d.m.call(Some(&d.alice), STATS, vars).await;
    assert_eq!(at(&r, &["myStats", "totalLoanrepaymentsReceived"]), "10.25");
    refused(
        &d.m.call(None, STATS, json!({})).await,
        codes::AUTH_REQUIRED.number(),
    );
}
