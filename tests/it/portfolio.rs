//! The logged-in user's portfolio (`docs/registry.md`, "The portfolio"): its figures equal
//! a plain SQL computation over a registry with sales, an offer, a holding and dividends,
//! with and without the period; each user sees only their own; the REST route.
//! The registry's writes are arranged in SQL, a split in one transaction as the database
//! guards require.

use axum::body::Body;
use axum::http::{Method, Request};
use diesel::QueryableByName;
use diesel::sql_types::Text;
use diesel_async::RunQueryDsl;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::common::marketplace::{Market, Person, code};
use crate::common::rest::assert_success;

const PORTFOLIO: &str = "query($s: NaiveDate, $e: NaiveDate) {
  myPortfolio(startDate: $s, endDate: $e) {
    capitalizationId name acquisitionDate numberOfShares dividendsReceived salesProceeds
    investmentCost transactionCost capitalGainsRealised
    sales { ...L } offered { ...L } held { ...L }
  }
}
fragment L on PortfolioLine {
  capitalizationId saleDate numberOfShares pricePerShare salesProceeds investmentCost
  transactionCost capitalGains
}";

struct World {
    m: Market,
    alice: Person,
    carol: Person,
    dave: Person,
    /// Alice's split block.
    split: String,
    /// Alice's block without children.
    plain: String,
    /// Alice's block acquired last.
    late: String,
    /// The children of the split: Dave's, Carol's, Alice's offered and held ones.
    children: [String; 4],
}

async fn one(m: &Market, sql: &str) -> String {
    #[derive(QueryableByName)]
    struct V {
        #[diesel(sql_type = Text)]
        v: String,
    }
    let mut conn = m.app.db.conn().await;
    let row: V = diesel::sql_query(sql).get_result(&mut conn).await.unwrap();
    row.v
}

async fn cap(m: &Market, org: &str, owner: &Person, values: &str) -> String {
    one(
        m,
        &format!(
            "INSERT INTO capitalizations (network_id, organization_id, owner_id, \
             life_cycle_stage, number_of_shares, price_per_share, \
             number_of_shares_at_acquisition, price_per_share_at_acquisition, \
             transaction_cost, created_at) \
             VALUES ('{}', '{org}', '{}', {values}) RETURNING id::text AS v",
            m.network_id, owner.id
        ),
    )
    .await
}

async fn dividend(
    m: &Market,
    offering: &str,
    who: &Person,
    capitalization: &str,
    kind: i16,
    amount: &str,
    due: &str,
) {
    m.sql(&format!(
        "INSERT INTO payouts (network_id, offering_id, user_id, capitalization_id, payout_type, \
         payout_amount, due_date) \
         VALUES ('{}', '{offering}', '{}', '{capitalization}', {kind}, {amount}, {due})",
        m.network_id, who.id
    ))
    .await;
}

async fn world() -> World {
    let m = Market::new().await;
    let alice = m.person("alice@x.test", false, false).await;
    let bob = m.person("bob@x.test", false, false).await;
    let carol = m.person("carol@x.test", false, false).await;
    let dave = m.person("dave@x.test", false, false).await;
    let org = m.org(&bob, "Acme").await;
    m.force_org_stage(&org, 5).await;
    let split = cap(
        &m,
        &org,
        &alice,
        "1, 100, 1.10, 100, 1.10, 3, '2026-01-01T10:00:00Z'",
    )
    .await;
    let plain = cap(
        &m,
        &org,
        &alice,
        "1, 50, 2.5, 50, 2, NULL, '2026-05-01T10:00:00Z'",
    )
    .await;
    let late = cap(
        &m,
        &org,
        &alice,
        "1, 7, 3, 7, 3, 0.5, '2026-09-01T10:00:00Z'",
    )
    .await;

    // The split in one transaction: the children (Issued, created now), their links,
    // then the parent Distributed.
    let ids: Vec<Uuid> = (0..4).map(|_| Uuid::new_v4()).collect();
    let (net, a, c, d) = (m.network_id, &alice.id, &carol.id, &dave.id);
    m.sql(&format!(
        "DO $$ BEGIN
           INSERT INTO capitalizations (id, network_id, organization_id, owner_id, life_cycle_stage,
               number_of_shares, price_per_share, number_of_shares_at_acquisition,
               price_per_share_at_acquisition, transaction_cost) VALUES
             ('{}', '{net}', '{org}', '{d}', 1, 30, 1.60, 30, 1.50, 2),
             ('{}', '{net}', '{org}', '{c}', 1, 20, 2, 20, 2, 1),
             ('{}', '{net}', '{org}', '{a}', 1, 10, 2.20, 10, 1.10, NULL),
             ('{}', '{net}', '{org}', '{a}', 1, 40, 1.10, 40, 1.10, NULL);
           INSERT INTO capitalization_links (network_id, parent_id, child_id, kind)
             SELECT '{net}', '{split}', unnest(ARRAY['{}', '{}', '{}', '{}']::uuid[]), 0;
           UPDATE capitalizations SET life_cycle_stage = 4 WHERE id = '{split}';
         END $$",
        ids[0], ids[1], ids[2], ids[3], ids[0], ids[1], ids[2], ids[3]
    ))
    .await;
    // The sale dates; Alice's third child is offered.
    for (id, at) in [
        (ids[0], "2026-03-10T09:00:00Z"),
        (ids[1], "2026-06-20T09:00:00Z"),
        (ids[2], "2026-03-10T09:00:00Z"),
        (ids[3], "2026-03-10T09:00:00Z"),
    ] {
        m.sql(&format!(
            "UPDATE capitalizations SET created_at = '{at}' WHERE id = '{id}'"
        ))
        .await;
    }
    m.sql(&format!(
        "UPDATE capitalizations SET life_cycle_stage = 2 WHERE id = '{}'",
        ids[2]
    ))
    .await;

    let offering = m.offering(&bob, &org, json!({ "name": "Dividends" })).await;
    dividend(&m, &offering, &alice, &split, 0, "5", "'2026-02-01'").await;
    dividend(&m, &offering, &alice, &split, 0, "7", "'2026-07-01'").await;
    dividend(&m, &offering, &alice, &split, 0, "11", "NULL").await;
    dividend(&m, &offering, &alice, &split, 1, "100", "'2026-05-01'").await;
    dividend(&m, &offering, &alice, &plain, 0, "4.25", "'2026-05-15'").await;
    dividend(
        &m,
        &offering,
        &dave,
        &ids[0].to_string(),
        0,
        "9",
        "'2026-04-01'",
    )
    .await;

    World {
        m,
        alice,
        carol,
        dave,
        split,
        plain,
        late,
        children: ids
            .iter()
            .map(|i| i.to_string())
            .collect::<Vec<_>>()
            .try_into()
            .unwrap(),
    }
}

/// The figures of `holding` computed in plain SQL for `who` over the period (`NULL` or
/// a date literal), as one JSON object with the API's field names.
async fn expected(m: &Market, who: &Person, holding: &str, start: &str, end: &str) -> Value {
    let in_period = |col: &str| {
        format!(
            "(({start}::date IS NULL AND {end}::date IS NULL) OR ({col} IS NOT NULL \
             AND ({start}::date IS NULL OR {col} >= {start}::date) \
             AND ({end}::date IS NULL OR {col} <= {end}::date)))"
        )
    };
    let sale_day = "(k.created_at AT TIME ZONE 'UTC')::date";
    let sql = format!(
        "WITH sold AS (
            SELECT k.* FROM capitalization_links l JOIN capitalizations k ON k.id = l.child_id
            WHERE l.parent_id = '{holding}' AND k.owner_id <> '{who}' AND {sold_in})
         SELECT json_build_object(
            'name', (SELECT o.display_name FROM organizations o JOIN capitalizations c
                     ON c.organization_id = o.id WHERE c.id = '{holding}'),
            'numberOfShares', (SELECT number_of_shares::text FROM capitalizations WHERE id = '{holding}'),
            'dividendsReceived', (SELECT COALESCE(SUM(payout_amount), 0)::text FROM payouts p
                     WHERE p.capitalization_id = '{holding}' AND p.payout_type = 0 AND {div_in}),
            'salesProceeds', (SELECT COALESCE(SUM(price_per_share_at_acquisition
                     * number_of_shares_at_acquisition), 0)::text FROM sold),
            'investmentCost', (SELECT (price_per_share_at_acquisition
                     * number_of_shares_at_acquisition)::text FROM capitalizations WHERE id = '{holding}'),
            'transactionCost', (SELECT COALESCE(transaction_cost, 0)::text FROM capitalizations
                     WHERE id = '{holding}'),
            'capitalGainsRealised', (SELECT COALESCE(SUM(price_per_share_at_acquisition
                     * number_of_shares_at_acquisition - COALESCE(transaction_cost, 0)), 0)::text
                     FROM sold),
            'sales', (SELECT COALESCE(json_agg(id::text ORDER BY created_at, id), '[]') FROM sold)
         )::text AS v",
        who = who.id,
        sold_in = in_period(sale_day),
        div_in = in_period("p.due_date"),
    );
    serde_json::from_str(&one(m, &sql).await).unwrap()
}

/// `v` as a decimal, so that `"45.00"` and `"45"` compare equal.
fn num(v: &Value) -> rust_decimal::Decimal {
    v.as_str().unwrap().parse().unwrap()
}

fn assert_matches(entry: &Value, want: &Value) {
    assert_eq!(entry["name"], want["name"]);
    for key in [
        "numberOfShares",
        "dividendsReceived",
        "salesProceeds",
        "investmentCost",
        "transactionCost",
        "capitalGainsRealised",
    ] {
        assert_eq!(num(&entry[key]), num(&want[key]), "{key} of {entry}");
    }
    let sales: Vec<&Value> = entry["sales"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| &l["capitalizationId"])
        .collect();
    let want_sales: Vec<&Value> = want["sales"].as_array().unwrap().iter().collect();
    assert_eq!(sales, want_sales);
}

fn entry<'a>(portfolio: &'a Value, id: &str) -> &'a Value {
    portfolio
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["capitalizationId"] == id)
        .unwrap_or_else(|| panic!("{id} not in {portfolio}"))
}

fn ids_of(portfolio: &Value) -> Vec<String> {
    portfolio
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["capitalizationId"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn portfolio_figures_equal_a_plain_sql_computation() {
    let w = world().await;
    let m = &w.m;

    // No period: every holding (oldest first), every sale and dividend.
    let all = m.ok(Some(&w.alice), PORTFOLIO, json!({})).await["myPortfolio"].clone();
    assert_eq!(
        ids_of(&all),
        vec![w.split.clone(), w.plain.clone(), w.late.clone()]
    );
    for holding in [&w.split, &w.plain, &w.late] {
        let want = expected(m, &w.alice, holding, "NULL", "NULL").await;
        assert_matches(entry(&all, holding), &want);
    }
    let split = entry(&all, &w.split);
    // 30 x 1.50 + 20 x 2; (45 - 2) + (40 - 1); 5 + 7 + 11.
    assert_eq!(num(&split["salesProceeds"]), "85".parse().unwrap());
    assert_eq!(num(&split["capitalGainsRealised"]), "82".parse().unwrap());
    assert_eq!(num(&split["dividendsReceived"]), "23".parse().unwrap());
    assert_eq!(num(&split["numberOfShares"]), "100".parse().unwrap());
    let sale = &split["sales"][0];
    assert_eq!(sale["capitalizationId"], w.children[0]);
    assert_eq!(sale["saleDate"], "2026-03-10T09:00:00+00:00");
    assert_eq!(num(&sale["pricePerShare"]), "1.6".parse().unwrap());
    // The holding's 1.10 a share x 30 shares.
    assert_eq!(num(&sale["investmentCost"]), "33".parse().unwrap());
    assert_eq!(num(&sale["transactionCost"]), "2".parse().unwrap());
    let offered = split["offered"].as_array().unwrap();
    assert_eq!(offered.len(), 1);
    assert_eq!(offered[0]["capitalizationId"], w.children[2]);
    assert_eq!(num(&offered[0]["salesProceeds"]), "0".parse().unwrap());
    assert_eq!(num(&offered[0]["investmentCost"]), "11".parse().unwrap());
    let held = split["held"].as_array().unwrap();
    assert_eq!(held.len(), 1);
    assert_eq!(held[0]["capitalizationId"], w.children[3]);
    assert_eq!(num(&held[0]["capitalGains"]), "0".parse().unwrap());
    assert_eq!(num(&held[0]["investmentCost"]), "44".parse().unwrap());

    // April to June: holdings acquired by the end, sales and dividends within it.
    let vars = json!({ "s": "2026-04-01", "e": "2026-06-30" });
    let part = m.ok(Some(&w.alice), PORTFOLIO, vars).await["myPortfolio"].clone();
    assert_eq!(ids_of(&part), vec![w.split.clone(), w.plain.clone()]);
    for holding in [&w.split, &w.plain] {
        let want = expected(m, &w.alice, holding, "'2026-04-01'", "'2026-06-30'").await;
        assert_matches(entry(&part, holding), &want);
    }
    let split = entry(&part, &w.split);
    assert_eq!(split["sales"].as_array().unwrap().len(), 1);
    assert_eq!(num(&split["salesProceeds"]), "40".parse().unwrap());
    assert_eq!(num(&split["dividendsReceived"]), "0".parse().unwrap());
    assert_eq!(split["offered"].as_array().unwrap().len(), 1);
    assert_eq!(split["held"].as_array().unwrap().len(), 1);
    assert_eq!(
        num(&entry(&part, &w.plain)["dividendsReceived"]),
        "4.25".parse().unwrap()
    );

    // Only a start: the late holding is back, the March sale still out.
    let since = m
        .ok(Some(&w.alice), PORTFOLIO, json!({ "s": "2026-04-01" }))
        .await["myPortfolio"]
        .clone();
    assert_eq!(ids_of(&since).len(), 3);
    let want = expected(m, &w.alice, &w.split, "'2026-04-01'", "NULL").await;
    assert_matches(entry(&since, &w.split), &want);

    // A start after the end.
    let bad = m
        .call(
            Some(&w.alice),
            PORTFOLIO,
            json!({ "s": "2026-07-01", "e": "2026-06-30" }),
        )
        .await;
    assert_eq!(code(&bad), Some(15003));
}

#[tokio::test]
async fn each_user_sees_only_their_own_portfolio() {
    let w = world().await;
    let m = &w.m;
    // The buyers: each holds the child they bought, made from a block not theirs.
    let dave = m.ok(Some(&w.dave), PORTFOLIO, json!({})).await["myPortfolio"].clone();
    assert_eq!(ids_of(&dave), vec![w.children[0].clone()]);
    let bought = entry(&dave, &w.children[0]);
    assert_eq!(num(&bought["dividendsReceived"]), "9".parse().unwrap());
    assert_eq!(num(&bought["investmentCost"]), "45".parse().unwrap());
    let carol = m.ok(Some(&w.carol), PORTFOLIO, json!({})).await["myPortfolio"].clone();
    assert_eq!(ids_of(&carol), vec![w.children[1].clone()]);

    // Another network's user has none of them; anonymous needs a login.
    let other = m.network("beta").await;
    let stranger = other.person(&m.app, "alice@x.test", true, false).await;
    let theirs = other
        .call(&m.app, Some(&stranger), PORTFOLIO, json!({}))
        .await;
    assert_eq!(
        theirs.json["data"]["myPortfolio"],
        json!([]),
        "{}",
        theirs.text
    );
    let anonymous = m.call(None, PORTFOLIO, json!({})).await;
    assert_eq!(code(&anonymous), Some(11001));
}

#[tokio::test]
async fn the_rest_route_carries_the_reference_manual_keys() {
    let w = world().await;
    let m = &w.m;
    let get = |path: &str| {
        Request::builder()
            .method(Method::GET)
            .uri(format!("/v1/{}{path}", m.name))
            .header("cv-auth", &w.alice.token)
            .body(Body::empty())
            .unwrap()
    };
    let r = m
        .app
        .send(get(
            "/self/portfolio?start_date=2026-04-01&end_date=2026-06-30",
        ))
        .await;
    let data = assert_success(&r).clone();
    let list = data["portfolio"].as_array().unwrap();
    assert_eq!(list.len(), 2, "{data}");
    let first = &list[0];
    for key in [
        "acquisition_date",
        "capital_gains_realised",
        "dividends_received",
        "investment_cost",
        "name",
        "number_of_shares",
        "sales_proceeds",
        "transaction_cost",
        "sales",
        "offered",
        "held",
    ] {
        assert!(first.get(key).is_some(), "{key} missing in {first}");
    }
    assert_eq!(first["name"], "Acme");
    assert_eq!(num(&first["sales_proceeds"]), "40".parse().unwrap());
    let sale = &first["sales"][0];
    for key in [
        "sale_date",
        "number_of_shares",
        "price_per_share",
        "sales_proceeds",
        "investment_cost",
        "transaction_cost",
        "capital_gains",
    ] {
        assert!(sale.get(key).is_some(), "{key} missing in {sale}");
    }
    let bad = m.app.send(get("/self/portfolio?start_date=2026-4-1")).await;
    assert_eq!(bad.status, 400, "{}", bad.text);
}
