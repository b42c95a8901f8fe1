//! The logged-in user's portfolio (`myPortfolio`, `GET /self/portfolio`;
//! `docs/registry.md`, "The portfolio"): per block of shares they hold, its cost, its
//! dividends, and its children sold, offered and still held.

use std::collections::HashMap;

use async_graphql::{Context, ID, Object, SimpleObject};
use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use uuid::Uuid;

use super::context::ContextExt;
use super::ids::id_of;
use super::scalars::Money;
use crate::domain::portfolio::{self as figures, Child, Line, LineKind};
use crate::error::{ApiError, ApiResult, codes};
use crate::models::portfolio::{self as model, ChildRow, Holding, Period};

/// One child block made from a holding: sold, offered or still held.
#[derive(SimpleObject)]
pub struct PortfolioLine {
    /// The child capitalization.
    pub capitalization_id: ID,
    /// When it was made: for a sale, the date of the sale; otherwise of the split.
    pub sale_date: DateTime<Utc>,
    /// Its shares.
    pub number_of_shares: Money,
    /// Its price per share: for a sale, the sale price.
    pub price_per_share: Money,
    /// For a sale, what the buyer paid (the child's acquisition price times its
    /// acquisition shares); 0 otherwise. Null when too large to be exact.
    pub sales_proceeds: Option<Money>,
    /// What these shares cost: the holding's acquisition price per share times the
    /// child's shares. Null when too large to be exact.
    pub investment_cost: Option<Money>,
    /// The child's transaction cost (0 when none).
    pub transaction_cost: Money,
    /// For a sale, the child's own cost (its acquisition price times its acquisition
    /// shares) less its transaction cost; 0 otherwise. Null when too large to be exact.
    pub capital_gains: Option<Money>,
}

/// One holding of the logged-in user with its figures.
#[derive(SimpleObject)]
pub struct PortfolioEntry {
    /// The capitalization.
    pub capitalization_id: ID,
    /// The display name of its organization.
    pub name: String,
    /// When it was acquired (created).
    pub acquisition_date: DateTime<Utc>,
    /// Its shares now.
    pub number_of_shares: Money,
    /// Sum of the amounts of its Dividend payouts.
    pub dividends_received: Money,
    /// Sum of `salesProceeds` of its sales. Null when too large to be exact.
    pub sales_proceeds: Option<Money>,
    /// Its acquisition price per share times its acquisition shares. Null when too large
    /// to be exact.
    pub investment_cost: Option<Money>,
    /// Its transaction cost (0 when none).
    pub transaction_cost: Money,
    /// Sum of `capitalGains` of its sales. Null when too large to be exact.
    pub capital_gains_realised: Option<Money>,
    /// Its children now held by others, oldest first.
    pub sales: Vec<PortfolioLine>,
    /// Its children the user still owns and offers for sale, oldest first.
    pub offered: Vec<PortfolioLine>,
    /// Its children the user still holds, oldest first.
    pub held: Vec<PortfolioLine>,
}

fn line_of(row: &ChildRow, kind: LineKind, parent_price: Decimal) -> (Line, PortfolioLine) {
    let f = figures::line(
        kind,
        parent_price,
        &Child {
            number_of_shares: row.number_of_shares,
            price_per_share: row.price_per_share,
            price_per_share_at_acquisition: row.price_per_share_at_acquisition,
            number_of_shares_at_acquisition: row.number_of_shares_at_acquisition,
            transaction_cost: row.transaction_cost,
        },
    );
    let line = PortfolioLine {
        capitalization_id: id_of(row.id),
        sale_date: row.created_at,
        number_of_shares: Money(row.number_of_shares),
        price_per_share: Money(row.price_per_share),
        sales_proceeds: f.sales_proceeds.map(Money),
        investment_cost: f.investment_cost.map(Money),
        transaction_cost: Money(f.transaction_cost),
        capital_gains: f.capital_gains.map(Money),
    };
    (f, line)
}

fn entry_of(holding: Holding, children: &[&ChildRow]) -> PortfolioEntry {
    let parent_price = holding.price_per_share_at_acquisition;
    let mut lines = Vec::new();
    let (mut sales, mut offered, mut held) = (Vec::new(), Vec::new(), Vec::new());
    for row in children {
        let Some(kind) = figures::classify(row.owned_by_user, row.life_cycle_stage) else {
            continue;
        };
        let (f, line) = line_of(row, kind, parent_price);
        lines.push(f);
        match kind {
            LineKind::Sold => sales.push(line),
            LineKind::Offered => offered.push(line),
            LineKind::Held => held.push(line),
        }
    }
    let totals = figures::totals(
        parent_price,
        holding.number_of_shares_at_acquisition,
        &lines,
    );
    PortfolioEntry {
        capitalization_id: id_of(holding.id),
        name: holding.name,
        acquisition_date: holding.created_at,
        number_of_shares: Money(holding.number_of_shares),
        dividends_received: Money(holding.dividends_received),
        sales_proceeds: totals.sales_proceeds.map(Money),
        investment_cost: totals.investment_cost.map(Money),
        transaction_cost: Money(holding.transaction_cost),
        capital_gains_realised: totals.capital_gains_realised.map(Money),
        sales,
        offered,
        held,
    }
}

/// The period, refused (15003) when the start is after the end.
fn period(start: Option<NaiveDate>, end: Option<NaiveDate>) -> ApiResult<Period> {
    if let (Some(start), Some(end)) = (start, end)
        && start > end
    {
        return Err(ApiError::new(
            codes::DATE_INVALID,
            "The start date is after the end date.",
            format!("startDate ({start}) is after endDate ({end})."),
        ));
    }
    Ok(Period { start, end })
}

/// Root fields of the portfolio.
#[derive(Default)]
pub struct PortfolioQuery;

#[Object]
impl PortfolioQuery {
    /// The logged-in user's portfolio (GET /self/portfolio): each block of shares they
    /// hold, oldest first, with its figures and its children sold, offered and held.
    /// `startDate` and `endDate` (both inclusive, either may be left out) keep the
    /// holdings acquired by the end, the sales made and the dividends due within the
    /// period; offered and held children are listed as they are now. A start after the
    /// end is refused (15003).
    async fn my_portfolio(
        &self,
        ctx: &Context<'_>,
        start_date: Option<NaiveDate>,
        end_date: Option<NaiveDate>,
    ) -> ApiResult<Vec<PortfolioEntry>> {
        let req = ctx.request();
        let network_id = req.network()?.id;
        let me = req.user()?.id;
        let period = period(start_date, end_date)?;
        let mut conn = ctx.conn().await?;
        let holdings = model::holdings(&mut conn, network_id, me, period).await?;
        let ids: Vec<Uuid> = holdings.iter().map(|h| h.id).collect();
        let rows = model::children(&mut conn, network_id, me, &ids, period).await?;
        let mut by_parent: HashMap<Uuid, Vec<&ChildRow>> = HashMap::new();
        for row in &rows {
            by_parent.entry(row.parent_id).or_default().push(row);
        }
        Ok(holdings
            .into_iter()
            .map(|h| {
                let children = by_parent.remove(&h.id).unwrap_or_default();
                entry_of(h, &children)
            })
            .collect())
    }
}
