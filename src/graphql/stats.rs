//! Public platform statistics (`GET /public/stats`, `docs/rest.md`).

use async_graphql::{Context, Object, SimpleObject};

use super::context::ContextExt;
use super::scalars::Money;
use crate::error::ApiResult;
use crate::models::stats::PublicStats as StatsRow;

/// Platform-wide figures anyone may see, e.g. for a home page.
#[derive(SimpleObject)]
pub struct PublicStats {
    /// Sum of `investmentAmount` over all Settled investments of the network.
    pub sum_settled_investments: Money,
    /// Number of Settled investments.
    pub count_settled_investments: i64,
    /// Number of Settled offerings.
    pub count_settled_offerings: i64,
    /// Number of users with at least one Settled investment.
    pub count_investors_with_settled_investments: i64,
}

impl From<StatsRow> for PublicStats {
    fn from(row: StatsRow) -> Self {
        Self {
            sum_settled_investments: Money(row.sum_settled_investments),
            count_settled_investments: row.count_settled_investments,
            count_settled_offerings: row.count_settled_offerings,
            count_investors_with_settled_investments: row.count_investors_with_settled_investments,
        }
    }
}

/// Root fields with statistics.
#[derive(Default)]
pub struct StatsQuery;

#[Object]
impl StatsQuery {
    /// The public statistics of the request's network.
    async fn public_stats(&self, ctx: &Context<'_>) -> ApiResult<PublicStats> {
        let network_id = ctx.request().network()?.id;
        let mut conn = ctx.conn().await?;
        Ok(StatsRow::fetch(&mut conn, network_id).await?.into())
    }
}
