//! An organization's cap table as of a moment (`organizationCapTable`;
//! `docs/registry.md`, "Cap table").

use async_graphql::{Context, ID, Object, SimpleObject};
use chrono::{DateTime, Utc};
use rust_decimal::Decimal;

use super::ids::id_of;
use super::marketplace::organization::Organization;
use super::scalars::Money;
use crate::domain::cap_table::percentages;
use crate::domain::stages::CapitalizationType;
use crate::error::{ApiError, ApiResult};
use crate::graphql::context::ContextExt;
use crate::models::cap_table::{self as model, Holding};

/// One holder's issued shares of one type.
#[derive(SimpleObject)]
pub struct CapTableHolder {
    /// The holding user; null for the organization itself (Treasury shares).
    pub owner_id: Option<ID>,
    /// Their Issued, Offered and Treasury shares of the type.
    pub number_of_shares: Money,
    /// Their share of the type's shares, in percent, to 4 decimal places; the
    /// percentages of a type add up to exactly 100 (largest remainder rounding).
    pub percentage: Money,
}

/// The holders of one capitalization type.
#[derive(SimpleObject)]
pub struct CapTableType {
    /// The type.
    pub capitalization_type: Option<CapitalizationType>,
    /// All issued shares of the type.
    pub total_shares: Money,
    /// Its holders, largest first.
    pub holders: Vec<CapTableHolder>,
}

/// Who held the organization's issued shares at a moment.
#[derive(SimpleObject)]
pub struct CapTable {
    /// The moment.
    pub as_of: DateTime<Utc>,
    /// One entry per type with shares, Equity first.
    pub types: Vec<CapTableType>,
}

fn table_of(as_of: DateTime<Utc>, rows: Vec<Holding>) -> CapTable {
    let mut types: Vec<(i16, Vec<Holding>)> = Vec::new();
    for row in rows {
        match types.last_mut() {
            Some((t, list)) if *t == row.capitalization_type => list.push(row),
            _ => types.push((row.capitalization_type, vec![row])),
        }
    }
    let types = types
        .into_iter()
        .map(|(code, list)| {
            let shares: Vec<Decimal> = list.iter().map(|h| h.number_of_shares).collect();
            let percent = percentages(&shares);
            CapTableType {
                capitalization_type: CapitalizationType::from_code(code),
                total_shares: Money(shares.iter().sum()),
                holders: list
                    .into_iter()
                    .zip(percent)
                    .map(|(h, p)| CapTableHolder {
                        owner_id: h.owner_id.map(id_of),
                        number_of_shares: Money(h.number_of_shares),
                        percentage: Money(p),
                    })
                    .collect(),
            }
        })
        .collect();
    CapTable { as_of, types }
}

/// Root fields of the cap table.
#[derive(Default)]
pub struct CapTableQuery;

#[Object]
impl CapTableQuery {
    /// The organization's cap table as it stood at `asOf` (now when left out), rebuilt
    /// from the capitalizations' change log: per type, each holder's Issued, Offered and
    /// Treasury shares and their percentage. For admins and the organization's active
    /// members; Not Found for anyone else.
    async fn organization_cap_table(
        &self,
        ctx: &Context<'_>,
        organization_id: ID,
        as_of: Option<DateTime<Utc>>,
    ) -> ApiResult<CapTable> {
        let viewer = ctx.request().viewer;
        let network_id = ctx.request().network()?.id;
        let organization = Organization::fetch(ctx, &organization_id, viewer).await?;
        if organization.actor().is_none() {
            return Err(ApiError::not_found("organization"));
        }
        let as_of = as_of.unwrap_or_else(Utc::now);
        let mut conn = ctx.conn().await?;
        let rows = model::holdings(&mut conn, network_id, organization.row().id, as_of).await?;
        Ok(table_of(as_of, rows))
    }
}
