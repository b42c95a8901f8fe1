//! Lists of offerings: the attributes they may be ordered and filtered by (the columns and
//! the figures derived from investments), the scope a viewer may list and the page
//! statement.

use diesel::pg::Pg;
use diesel::prelude::*;
use diesel::sql_types::{Array, BigInt, Nullable, Numeric, Record, SmallInt};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use rust_decimal::Decimal;
use uuid::Uuid;

use crate::db::cached::SqlExpr;
use crate::db::schema::offerings;
use crate::domain::list::{Attr, AttrRef, AttrType, Direction, Filter, Page};

use super::figures::{FigureStages, Figures, figures_of_investments};
use super::{Offering, is_org_member_expr};

crate::list_columns! {
    /// Attributes offerings lists may be ordered and filtered by.
    pub mod offering_attrs for offerings, id offerings::id, custom offerings::custom {
        "id" => offerings::id: uuid,
        "organization_id" => offerings::organization_id: uuid,
        "user_id" => offerings::user_id: uuid,
        "capitalization_id" => offerings::capitalization_id: uuid,
        "primary_offering_id" => offerings::primary_offering_id: uuid,
        "life_cycle_stage" => offerings::life_cycle_stage: int2,
        "name" => offerings::name: text,
        "additional_type" => offerings::additional_type: text,
        "category" => offerings::category: text,
        "credit_score" => offerings::credit_score: text,
        "currency" => offerings::currency: text,
        "is_featured" => offerings::is_featured: bool,
        "is_secondary_offering" => offerings::is_secondary_offering: bool,
        "funding_goal" => offerings::funding_goal: numeric,
        "external_commitments" => offerings::external_commitments: numeric,
        "valuation" => offerings::valuation: numeric,
        "service_charge" => offerings::service_charge: numeric,
        "equity_offered" => offerings::equity_offered: numeric,
        "interest_rate" => offerings::interest_rate: numeric,
        "term" => offerings::term: int4,
        "num_of_shares" => offerings::num_of_shares: numeric,
        "price_per_share" => offerings::price_per_share: numeric,
        "open_date" => offerings::open_date: date,
        "close_date" => offerings::close_date: date,
        "min_commitment" => offerings::min_commitment: numeric,
        "max_commitment" => offerings::max_commitment: numeric,
        "max_overfunding_amount" => offerings::max_overfunding_amount: numeric,
        "submitted_at" => offerings::submitted_at: timestamptz,
        "published_at" => offerings::published_at: timestamptz,
        "settled_at" => offerings::settled_at: timestamptz,
        "canceled_at" => offerings::canceled_at: timestamptz,
        "created_at" => offerings::created_at: timestamptz,
        "updated_at" => offerings::updated_at: timestamptz,
    }
}

/// Figures computed from investments (`docs/money.md`) that lists can also be ordered and
/// filtered by, as SQL over the list's `offerings` row. Approved (2) and Settled (4)
/// investments count (`domain::investment_rules::COUNTED_STAGES`, checked by a test);
/// `(network_id, offering_id, life_cycle_stage)` indexes the lookup.
const DERIVED: &[(Attr, &str)] = &[
    (
        Attr {
            name: "amount_raised",
            ty: AttrType::Decimal,
        },
        "(offerings.external_commitments + COALESCE((SELECT sum(i.investment_amount) \
          FROM investments i WHERE i.network_id = offerings.network_id \
          AND i.offering_id = offerings.id AND i.life_cycle_stage IN (2, 4)), 0))",
    ),
    (
        Attr {
            name: "raised_percent",
            ty: AttrType::Decimal,
        },
        "((offerings.external_commitments + COALESCE((SELECT sum(i.investment_amount) \
          FROM investments i WHERE i.network_id = offerings.network_id \
          AND i.offering_id = offerings.id AND i.life_cycle_stage IN (2, 4)), 0)) \
          * 100 / NULLIF(offerings.funding_goal, 0))",
    ),
    (
        Attr {
            name: "investment_count",
            ty: AttrType::Int,
        },
        "(SELECT count(*) FROM investments i WHERE i.network_id = offerings.network_id \
          AND i.offering_id = offerings.id AND i.life_cycle_stage IN (2, 4))::numeric",
    ),
    (
        Attr {
            name: "investor_count",
            ty: AttrType::Int,
        },
        "(SELECT count(DISTINCT i.user_id) FROM investments i \
          WHERE i.network_id = offerings.network_id \
          AND i.offering_id = offerings.id AND i.life_cycle_stage IN (2, 4))::numeric",
    ),
];

/// Every attribute an offerings list takes: the columns and the derived figures.
pub static LIST_ATTRS: std::sync::LazyLock<Vec<Attr>> = std::sync::LazyLock::new(|| {
    offering_attrs::ATTRS
        .iter()
        .copied()
        .chain(DERIVED.iter().map(|(attr, _)| *attr))
        .collect()
});

fn derived_sql(attr: &AttrRef) -> Option<&'static str> {
    match attr {
        AttrRef::Column(a) => DERIVED
            .iter()
            .find(|(d, _)| d.name == a.name)
            .map(|(_, sql)| *sql),
        AttrRef::Custom(_) => None,
    }
}

fn derived_value(v: &crate::domain::list::Value) -> Option<rust_decimal::Decimal> {
    match v {
        crate::domain::list::Value::Decimal(d) => Some(*d),
        crate::domain::list::Value::Int(i) => Some(rust_decimal::Decimal::from(*i)),
        _ => None,
    }
}

/// Adds a filter on a derived figure; the value is a bound parameter.
fn filter_derived<'a>(
    query: offering_attrs::Query<'a>,
    sql: &'static str,
    f: &Filter,
) -> Result<offering_attrs::Query<'a>, String> {
    use crate::domain::list::Operator;
    let values: Vec<rust_decimal::Decimal> = f.values.iter().filter_map(derived_value).collect();
    if values.len() != f.values.len() {
        return Err("A filter value is out of range for its attribute.".to_owned());
    }
    let expr = || SqlExpr::<'a, Nullable<Numeric>>::new(sql);
    Ok(match f.op {
        Operator::Eq => query.filter(expr().eq(values[0])),
        Operator::In => query.filter(expr().eq_any(values)),
        Operator::Gt => query.filter(expr().gt(values[0])),
        Operator::Lt => query.filter(expr().lt(values[0])),
        Operator::Between => query.filter(expr().between(values[0], values[1])),
    })
}

/// Which offerings a list may contain, decided by the caller from the viewer.
#[derive(Debug, Clone, Default)]
pub struct OfferingScope {
    /// The viewer (for `is_org_member` and the relation widening below).
    pub viewer: Option<Uuid>,
    /// Only these stage codes, OR'ed with "the viewer is the author or a member of the
    /// organization" when `or_related` is set; `None` lists every stage (admins).
    pub stages: Option<Vec<i16>>,
    /// Widen `stages` with the viewer's own offerings.
    pub or_related: bool,
    /// Only offerings of this organization.
    pub organization_id: Option<Uuid>,
    /// Only offerings created by this user.
    pub author_id: Option<Uuid>,
    /// Only featured offerings.
    pub featured_only: bool,
}

/// What a page of offerings computes besides its rows, in the page's own statement and
/// only when the query asks for it (a statement per request less for each).
#[derive(Debug, Clone, Copy, Default)]
pub struct PageExtras<'a> {
    /// The number of matching offerings (an uncorrelated subquery PostgreSQL runs once).
    pub count: bool,
    /// Each row's [`Figures`], for these stage codes: the counted ones (Approved,
    /// Settled) and those that block cancelling.
    pub figures: Option<FigureStages<'a>>,
}

/// One page of offerings: each row with `is_org_member` and, when asked, its figures;
/// the total count when asked.
#[derive(Debug)]
pub struct OfferingPage {
    /// The rows of the page.
    pub rows: Vec<(Offering, bool, Option<Figures>)>,
    /// The number of matching offerings, when [`PageExtras::count`] asked for it.
    pub count: Option<i64>,
}

/// An optional column of a page of offerings.
type Extra<ST> = Box<dyn BoxableExpression<offerings::table, Pg, SqlType = ST>>;

/// The record the figures column returns: amount, investments, investors, blocking.
type FiguresRecord = Record<(Numeric, BigInt, BigInt, BigInt)>;

/// A row of the page statement: the offering, `is_org_member`, the count and the figures
/// record (both NULL unless asked for).
type ListedRow = (
    Offering,
    bool,
    Option<i64>,
    Option<(Decimal, i64, i64, i64)>,
);

/// [`FIGURES_OF_SQL`](super::FIGURES_OF_SQL) for the page's own row, as one record: an aggregate without
/// `GROUP BY`, over the same covering index, so an offering without investments gets
/// zeros.
fn figures_column(stages: FigureStages<'_>) -> Extra<Nullable<FiguresRecord>> {
    Box::new(
        SqlExpr::<Nullable<FiguresRecord>>::new(concat!(
            "(SELECT f FROM (SELECT ",
            figures_of_investments!("$1", "$2"),
            " FROM investments i
               WHERE i.network_id = offerings.network_id AND i.offering_id = offerings.id) f)"
        ))
        .bind::<Array<SmallInt>, _>(stages.counted.to_vec())
        .bind::<Array<SmallInt>, _>(stages.blocking.to_vec()),
    )
}

/// One page of offerings with `is_org_member` per row, plus what `extras` asks for.
pub async fn list(
    conn: &mut AsyncPgConnection,
    network_id: Uuid,
    scope: &OfferingScope,
    filters: &[Filter],
    order: Option<&(AttrRef, Direction)>,
    page: Page,
    extras: PageExtras<'_>,
) -> Result<QueryResult<OfferingPage>, String> {
    let viewer = scope.viewer.unwrap_or(Uuid::nil());
    let build = || -> Result<offering_attrs::Query<'static>, String> {
        let mut query = offerings::table
            .filter(offerings::network_id.eq(network_id))
            .into_boxed();
        if let Some(stages) = &scope.stages {
            let public = offerings::life_cycle_stage.eq_any(stages.clone());
            query = if scope.or_related {
                query.filter(
                    public
                        .or(offerings::user_id.eq(viewer))
                        .or(is_org_member_expr(network_id, viewer)),
                )
            } else {
                query.filter(public)
            };
        }
        if let Some(org) = scope.organization_id {
            query = query.filter(offerings::organization_id.eq(org));
        }
        if let Some(author) = scope.author_id {
            query = query.filter(offerings::user_id.eq(author));
        }
        if scope.featured_only {
            query = query.filter(offerings::is_featured.eq(true));
        }
        for f in filters {
            query = match derived_sql(&f.attr) {
                Some(sql) => filter_derived(query, sql, f)?,
                None => offering_attrs::filter(query, f)?,
            };
        }
        Ok(query)
    };
    let count_column: Extra<Nullable<BigInt>> = if extras.count {
        Box::new(build()?.count().single_value())
    } else {
        Box::new(SqlExpr::<Nullable<BigInt>>::new("NULL"))
    };
    let figures_column: Extra<Nullable<FiguresRecord>> = match extras.figures {
        Some(stages) => figures_column(stages),
        None => Box::new(SqlExpr::<Nullable<FiguresRecord>>::new("NULL")),
    };
    // Only for an empty page past the end, which has no row to carry the count.
    let count_query = if extras.count {
        Some(build()?.count())
    } else {
        None
    };
    let rows_query = match order {
        Some((attr, dir)) => match derived_sql(attr) {
            Some(sql) => {
                let expr = SqlExpr::<Nullable<Numeric>>::new(sql);
                let query = build()?;
                match dir {
                    Direction::Asc => query
                        .order_by(expr.asc())
                        .then_order_by(offerings::id.asc()),
                    Direction::Desc => query
                        .order_by(expr.desc())
                        .then_order_by(offerings::id.desc()),
                }
            }
            None => offering_attrs::order(build()?, attr, *dir),
        },
        None => build()?.order_by((offerings::created_at.desc(), offerings::id.desc())),
    }
    .select((
        Offering::as_select(),
        is_org_member_expr(network_id, viewer),
        count_column,
        figures_column,
    ))
    .offset(page.offset)
    .limit(page.limit);
    Ok(async {
        let rows: Vec<ListedRow> = rows_query.load(conn).await?;
        let count = match rows.as_slice().first() {
            Some((_, _, count, _)) => *count,
            // An empty page carries no count: zero from the start, else ask (a page past
            // the end is rare).
            None => match count_query {
                None => None,
                Some(_) if page.offset == 0 => Some(0),
                Some(query) => Some(query.get_result(conn).await?),
            },
        };
        let rows = rows
            .into_iter()
            .map(|(offering, is_member, _, figures)| {
                let figures = figures.map(|(amount, investments, investors, blocking)| Figures {
                    offering_id: offering.id,
                    approved_settled_amount: amount,
                    investment_count: investments,
                    investor_count: investors,
                    blocking_count: blocking,
                });
                (offering, is_member, figures)
            })
            .collect();
        Ok(OfferingPage { rows, count })
    }
    .await)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derived_figures_count_the_domain_stages() {
        use crate::domain::investment_rules::COUNTED_STAGES;
        let codes: Vec<String> = COUNTED_STAGES
            .iter()
            .map(|s| s.code().to_string())
            .collect();
        let in_list = format!("IN ({})", codes.join(", "));
        for (attr, sql) in DERIVED {
            assert!(sql.contains(&in_list), "{} must count {in_list}", attr.name);
        }
    }
}
