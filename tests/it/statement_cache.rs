//! The read path's statements are prepared once per connection and reused (diesel's
//! statement cache; `crowdgraph::db::cached`): PostgreSQL then skips parsing and, after
//! a few runs, planning. `pg_prepared_statements` lists what a session has prepared.

use crowdgraph::domain::list::Page;
use crowdgraph::models::investment::{self, InvestmentWindow};
use crowdgraph::models::offering::{self, FigureStages, OfferingScope, PageExtras};
use crowdgraph::models::{bulletin, organization};
use diesel::sql_types::{BigInt, Text};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use crate::common::TestApp;

#[derive(diesel::QueryableByName)]
struct Prepared {
    #[diesel(sql_type = Text)]
    statement: String,
    #[diesel(sql_type = BigInt)]
    times: i64,
}

/// The statements a page of offerings with nested investments, bulletins, figures and
/// investors runs, once.
async fn read_path(conn: &mut AsyncPgConnection, network: Uuid) {
    let ids = [Uuid::new_v4(), Uuid::new_v4()];
    let (counted, blocking) = (vec![2i16, 4], vec![0i16, 2, 4]);
    let extras = PageExtras {
        count: true,
        figures: Some(FigureStages {
            counted: &counted,
            blocking: &blocking,
        }),
    };
    let page = Page {
        offset: 0,
        limit: 20,
    };
    offering::list(
        conn,
        network,
        &OfferingScope::default(),
        &[],
        None,
        page,
        extras,
    )
    .await
    .unwrap()
    .unwrap();
    let window = InvestmentWindow {
        viewer: None,
        is_admin: false,
        stages: vec![2, 4],
        visibilities: vec![0],
        limit: 10,
    };
    investment::first_of_offerings(conn, network, &ids, &window)
        .await
        .unwrap();
    bulletin::first_of_offerings(conn, network, &ids, None, false, 10)
        .await
        .unwrap();
    offering::figures_of(conn, network, &ids, &counted, &blocking)
        .await
        .unwrap();
    offering::payout_figures_of(conn, network, &ids)
        .await
        .unwrap();
    investment::payout_figures_of(conn, network, &ids)
        .await
        .unwrap();
    organization::users_by_ids(conn, network, &ids)
        .await
        .unwrap();
}

#[tokio::test]
async fn read_path_statements_are_prepared_once_per_connection() {
    let app = TestApp::new().await;
    let mut conn = app.db.conn().await;
    let network = Uuid::new_v4();
    for _ in 0..3 {
        read_path(&mut conn, network).await;
    }
    // The statements diesel prepared on this connection, with how often each text was
    // prepared (once each when the cache works; three times if it is bypassed).
    let prepared: Vec<Prepared> = diesel::sql_query(
        "SELECT statement, count(*) AS times FROM pg_prepared_statements GROUP BY statement",
    )
    .load(&mut conn)
    .await
    .unwrap();
    for p in &prepared {
        assert_eq!(p.times, 1, "prepared {} times: {}", p.times, p.statement);
    }
    let count = |needle: &str| {
        prepared
            .iter()
            .filter(|p| p.statement.contains(needle))
            .count()
    };
    assert_eq!(
        count("FROM \"offerings\""),
        1,
        "the page, with its count and figures"
    );
    assert_eq!(count("LATERAL"), 2, "nested investments and bulletins");
    assert_eq!(
        count("SELECT i.offering_id, COALESCE(SUM(i.investment_amount)"),
        1,
        "figures by the batch"
    );
    assert_eq!(count("AS capital_outstanding"), 2, "payout figures");
    assert_eq!(count("FROM \"users\""), 1, "investors by id");
}
