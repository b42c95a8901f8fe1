//! `GET /self/stats`: the manual's keys, money as strings, the query string's dates.

use axum::body::Body;
use axum::http::Request;
use crowdgraph::error::codes;

use super::*;
use crate::common::TestResponse;

/// The REST keys, in the same order.
const KEYS: [&str; 6] = [
    "total_dividends_received",
    "total_capitalgains_received",
    "total_loanrepayments_received",
    "outstanding_dividends",
    "outstanding_capitalgains",
    "outstanding_loanrepayments",
];

/// `GET /v1/alpha/self/stats?{query}` as `who` (anonymous when `None`).
async fn rest_stats(m: &Market, who: Option<&Person>, query: &str) -> TestResponse {
    let mut request = Request::get(format!("/v1/{}/self/stats?{query}", m.name));
    if let Some(p) = who {
        request = request.header("authorization", format!("Bearer {}", p.token));
    }
    m.app.send(request.body(Body::empty()).unwrap()).await
}

fn rest_failed(r: &TestResponse, status: u16, code: u32) {
    assert_eq!(r.status, status, "{}", r.text);
    assert_eq!(r.json["outcome"], "failure", "{}", r.text);
    assert_eq!(r.json["data"]["code"], code, "{}", r.text);
}

#[tokio::test]
async fn rest_answers_the_manuals_six_keys_as_strings_filtered_by_the_query_string() {
    let d = dataset().await;
    let (m, alpha) = (&d.m, d.m.tenant());
    for (query, s, e) in [
        ("", None, None),
        (
            "start_date=2026-01-31&end_date=2026-02-15",
            Some("2026-01-31"),
            Some("2026-02-15"),
        ),
        ("end_date=2026-01-31", None, Some("2026-01-31")),
    ] {
        let r = rest_stats(m, Some(&d.alice), query).await;
        assert_eq!(r.status, 200, "{}", r.text);
        assert_eq!(r.json["outcome"], "success", "{}", r.text);
        let data = r.json["data"].as_object().unwrap();
        let mut keys: Vec<&str> = data.keys().map(String::as_str).collect();
        keys.sort_unstable();
        let mut want = KEYS.to_vec();
        want.sort_unstable();
        assert_eq!(keys, want, "{query}");
        let got: Six = KEYS.map(|k| {
            data[k]
                .as_str()
                .unwrap_or_else(|| panic!("{k}: {data:?}"))
                .parse()
                .unwrap()
        });
        assert_eq!(got, oracle(m, &alpha, &d.alice, s, e).await, "{query}");
    }
    let r = rest_stats(
        m,
        Some(&d.alice),
        "start_date=2026-01-31&end_date=2026-02-15",
    )
    .await;
    assert_eq!(r.json["data"]["total_capitalgains_received"], "250");
    assert_eq!(r.json["data"]["outstanding_dividends"], "60");
    for bad in [
        "start_date=2026-13-01",
        "end_date=31.01.2026",
        "start_date=2026-2-1",
    ] {
        rest_failed(&rest_stats(m, Some(&d.alice), bad).await, 400, 15003);
    }
    let after = "start_date=2026-02-02&end_date=2026-02-01";
    rest_failed(&rest_stats(m, Some(&d.alice), after).await, 400, 15003);
    rest_failed(
        &rest_stats(m, None, "").await,
        401,
        codes::AUTH_REQUIRED.number(),
    );
}
