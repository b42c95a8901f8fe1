//! List arguments and pages in GraphQL (docs/product.md, Lists): `limit`/`offset`, `orderBy` + `sort`,
//! typed filters, and pages that carry `offset`, `limit`, `count` and `list`.

use async_graphql::{Enum, InputObject, OutputType, SimpleObject};

use crate::domain::list::{self, Attr, AttrRef, Direction, Filter, Page as Window};
use crate::error::{ApiError, ApiResult};

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
