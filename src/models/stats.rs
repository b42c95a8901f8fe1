//! Platform statistics (`GET /public/stats`, `docs/rest.md`).

use diesel::dsl::{count, count_star, sum};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use rust_decimal::Decimal;
use uuid::Uuid;

use crate::db::schema::{investments, offerings};
use crate::domain::stages::{InvestmentStage, OfferingStage};

/// The public statistics of one network.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicStats {
    /// Sum of `investment_amount` over Settled investments.
    pub sum_settled_investments: Decimal,
    /// Number of Settled investments.
    pub count_settled_investments: i64,
    /// Number of Settled offerings.
    pub count_settled_offerings: i64,
    /// Number of users with at least one Settled investment.
    pub count_investors_with_settled_investments: i64,
}

impl PublicStats {
    /// Computes the statistics of `network_id` in one statement.
    pub async fn fetch(conn: &mut AsyncPgConnection, network_id: Uuid) -> QueryResult<PublicStats> {
        let settled_investments = investments::table
            .filter(investments::network_id.eq(network_id))
            .filter(investments::life_cycle_stage.eq(InvestmentStage::Settled.code()));
        let settled_offerings = offerings::table
            .filter(offerings::network_id.eq(network_id))
            .filter(offerings::life_cycle_stage.eq(OfferingStage::Settled.code()))
            .select(count_star())
            .single_value();
        let (sum_settled, count_settled, investors, count_offerings) = settled_investments
            .select((
                sum(investments::investment_amount),
                count_star(),
                count(investments::user_id).aggregate_distinct(),
                settled_offerings,
            ))
            .get_result::<(Option<Decimal>, i64, i64, Option<i64>)>(conn)
            .await?;
        Ok(PublicStats {
            sum_settled_investments: sum_settled.unwrap_or_default(),
            count_settled_investments: count_settled,
            count_settled_offerings: count_offerings.unwrap_or(0),
            count_investors_with_settled_investments: investors,
        })
    }
}
