//! List arguments and pages in GraphQL (docs/product.md, Lists): `limit`/`offset`, `orderBy` + `sort`,
//! typed filters, and pages that carry `offset`, `limit`, `count` and `list`.

use async_graphql::{Context, Enum, InputObject, OutputType, SimpleObject};
use diesel_async::AsyncPgConnection;
use uuid::Uuid;

use crate::domain::list::{self, Attr, AttrRef, Direction, Filter, Page as Window};
use crate::error::{ApiError, ApiResult};
use crate::graphql::context::ContextExt;

/// Sort direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum, Default)]
pub enum Sort {
    /// Smallest first.
    #[default]
    Asc,
    /// Largest first.
    Desc,
}

/// A filter operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
pub enum FilterOperator {
    /// Equal to the one value.
    Eq,
    /// Equal to one of the values.
    In,
    /// Greater than the one value.
    Gt,
    /// Less than the one value.
    Lt,
    /// Between the two values, inclusive.
    Between,
}

/// One filter: `attribute operator values`. Values are strings read according to the
/// attribute's type (numbers, `1/0` or `true/false`, `YYYY-MM-DD`, ids); `custom__name`
/// filters on a custom field.
#[derive(Debug, Clone, InputObject)]
pub struct FilterInput {
    /// The attribute, in snake_case as REST writes it (e.g. `life_cycle_stage`), or
    /// `custom__<name>`.
    pub attribute: String,
    /// How to compare.
    pub operator: FilterOperator,
    /// One value; the items for `IN`; lower and upper for `BETWEEN`.
    pub values: Vec<String>,
}

/// Paging, ordering and filters of a list.
#[derive(Debug, Clone, Default, InputObject)]
pub struct ListArgs {
    /// Rows per page: 1 to 100, default 12.
    pub limit: Option<i64>,
    /// Rows to skip (REST calls it `page`), default 0.
    pub offset: Option<i64>,
    /// Attribute to order by (snake_case, or `custom__<name>`).
    pub order_by: Option<String>,
    /// Direction of the ordering.
    pub sort: Option<Sort>,
    /// Conditions every row must meet.
    pub filters: Option<Vec<FilterInput>>,
}

/// A checked list request.
#[derive(Debug, Clone)]
pub struct ListPlan {
    /// The window.
    pub page: Window,
    /// The filters.
    pub filters: Vec<Filter>,
    /// The ordering, if one was asked for.
    pub order: Option<(AttrRef, Direction)>,
}

impl ListPlan {
    /// Whether a filter or the ordering reads one of the columns `names`.
    pub fn touches(&self, names: &[&str]) -> bool {
        let hit = |a: &AttrRef| matches!(a, AttrRef::Column(attr) if names.contains(&attr.name));
        self.filters.iter().any(|f| hit(&f.attr))
            || self.order.as_ref().is_some_and(|(a, _)| hit(a))
    }
}

impl ListArgs {
    /// Checks the arguments against a list's attributes.
    pub fn plan(&self, attrs: &[Attr]) -> ApiResult<ListPlan> {
        let page = list::page(self.limit, self.offset).map_err(ApiError::bad_request)?;
        let filters = self.filters.as_deref().unwrap_or_default();
        if filters.len() > list::MAX_FILTERS {
            return Err(ApiError::bad_request(format!(
                "At most {} filters per list.",
                list::MAX_FILTERS
            )));
        }
        let filters = filters
            .iter()
            .map(|f| {
                let op = match f.operator {
                    FilterOperator::Eq => "=",
                    FilterOperator::In => "in",
                    FilterOperator::Gt => ">",
                    FilterOperator::Lt => "<",
                    FilterOperator::Between => "between",
                };
                list::filter(&f.attribute, op, &f.values, attrs)
            })
            .collect::<Result<Vec<_>, _>>()
            .map_err(ApiError::bad_request)?;
        let order = match &self.order_by {
            None => None,
            Some(name) => {
                let attr = list::resolve_attr(name, attrs).map_err(ApiError::bad_request)?;
                let dir = match self.sort.unwrap_or_default() {
                    Sort::Asc => Direction::Asc,
                    Sort::Desc => Direction::Desc,
                };
                Some((attr, dir))
            }
        };
        Ok(ListPlan {
            page,
            filters,
            order,
        })
    }
}

/// One page of a list.
#[derive(SimpleObject)]
#[graphql(concrete(name = "UserPage", params(super::identity::user::User)))]
#[graphql(concrete(
    name = "OrganizationPage",
    params(super::marketplace::organization::Organization)
))]
#[graphql(concrete(name = "OfferingPage", params(super::marketplace::offering::Offering)))]
#[graphql(concrete(
    name = "InvestmentPage",
    params(super::marketplace::investment::Investment)
))]
#[graphql(concrete(name = "BulletinPage", params(super::marketplace::bulletin::Bulletin)))]
#[graphql(concrete(
    name = "InvitationPage",
    params(super::outreach::invitations::Invitation)
))]
#[graphql(concrete(
    name = "ApplicationPage",
    params(super::outreach::applications::Application)
))]
#[graphql(concrete(name = "WalletPage", params(super::money::wallet::Wallet)))]
#[graphql(concrete(
    name = "TransactionPage",
    params(super::money::transaction::Transaction)
))]
#[graphql(concrete(name = "PayoutPage", params(super::money::payout::Payout)))]
#[graphql(concrete(
    name = "CapitalizationPage",
    params(super::registry::capitalization::Capitalization)
))]
#[graphql(concrete(
    name = "CapitalizationChangePage",
    params(super::registry::changelog::CapitalizationChange)
))]
#[graphql(concrete(name = "AuditEntryPage", params(super::audit::AuditEntry)))]
pub struct Page<T: OutputType> {
    /// Rows skipped.
    pub offset: i64,
    /// Page size asked for.
    pub limit: i64,
    /// Rows matching the filters, over all pages.
    pub count: i64,
    /// The rows of this page.
    pub list: Vec<T>,
}

impl<T: OutputType> Page<T> {
    /// The page of `list` in the window `page`, out of `count` matching rows.
    pub fn of(page: Window, count: i64, list: Vec<T>) -> Self {
        Self {
            offset: page.offset,
            limit: page.limit,
            count,
            list,
        }
    }
}

/// A model list's answer as an [`ApiResult`]: its outer error is a filter the list
/// cannot apply (400), its inner one a database failure.
pub fn listed<T>(
    listing: Result<diesel::QueryResult<(Vec<T>, i64)>, String>,
) -> ApiResult<(Vec<T>, i64)> {
    Ok(listing.map_err(ApiError::bad_request)??)
}

/// One page of a list: checks `args` against the list's `attrs`, runs `list` on a pooled
/// connection of the request's network with the checked plan, and wraps each row it
/// returns with `node`. Every paged root field goes through here, so the order of the
/// refusals (network, arguments, then whatever `list` checks) is the same for all.
pub async fn paginate<R, T: OutputType>(
    ctx: &Context<'_>,
    args: &ListArgs,
    attrs: &[Attr],
    list: impl AsyncFnOnce(&mut AsyncPgConnection, Uuid, &ListPlan) -> ApiResult<(Vec<R>, i64)>,
    node: impl FnMut(R) -> T,
) -> ApiResult<Page<T>> {
    let network_id = ctx.request().network()?.id;
    let plan = args.plan(attrs)?;
    let mut conn = ctx.conn().await?;
    let (rows, count) = list(&mut conn, network_id, &plan).await?;
    Ok(Page::of(
        plan.page,
        count,
        rows.into_iter().map(node).collect(),
    ))
}
