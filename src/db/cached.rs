//! SQL written once in the code, for diesel's per-connection prepared-statement cache.
//!
//! diesel never caches `sql_query` or `dsl::sql` statements: their text may be built at
//! run time, and caching every variant would grow without bound. Text that is a
//! `&'static str` cannot vary, so [`CachedSql`] (a whole statement) and [`SqlExpr`] (an
//! expression inside a query) are those building blocks minus the opt-out: PostgreSQL
//! parses and plans each statement once per connection instead of on every request
//! (docs/performance.md measures the difference).
//!
//! Placeholders are written `$1`, `$2`, … for the values bound in that order, and may
//! repeat. Each occurrence is sent as its own parameter (diesel numbers parameters in
//! the order it meets them), so `$1 … $1` binds the first value twice. The text must not
//! contain a `$` followed by a digit anywhere else (no dollar-quoted strings).

use std::marker::PhantomData;

use diesel::QueryResult;
use diesel::expression::{
    AppearsOnTable, AsExpression, Expression, SelectableExpression, TypedExpressionType,
    ValidGrouping, is_aggregate,
};
use diesel::pg::Pg;
use diesel::query_builder::{AstPass, Query, QueryFragment, QueryId};
use diesel::sql_types::{SingleValue, Untyped};

type BoundValue<'a> = Box<dyn QueryFragment<Pg> + Send + 'a>;

/// Constant text with its bound values.
struct Fragment<'a> {
    sql: &'static str,
    binds: Vec<BoundValue<'a>>,
}

impl<'a> Fragment<'a> {
    fn bind<ST, V>(&mut self, value: V)
    where
        ST: SingleValue,
        V: AsExpression<ST>,
        V::Expression: QueryFragment<Pg> + Send + 'a,
    {
        self.binds.push(Box::new(value.as_expression()));
    }

    fn walk<'b>(&'b self, mut out: AstPass<'_, 'b, Pg>) -> QueryResult<()> {
        let mut rest = self.sql;
        while let Some(at) = rest.find('$') {
            let digits = rest[at + 1..]
                .bytes()
                .take_while(u8::is_ascii_digit)
                .count();
            if digits == 0 {
                out.push_sql(&rest[..=at]);
                rest = &rest[at + 1..];
                continue;
            }
            out.push_sql(&rest[..at]);
            let n: usize = rest[at + 1..at + 1 + digits].parse().unwrap_or(0);
            let value = n
                .checked_sub(1)
                .and_then(|i| self.binds.get(i))
                .ok_or_else(|| {
                    diesel::result::Error::QueryBuilderError(
                        format!("${n} has no bound value ({} bound)", self.binds.len()).into(),
                    )
                })?;
            value.walk_ast(out.reborrow())?;
            rest = &rest[at + 1 + digits..];
        }
        out.push_sql(rest);
        Ok(())
    }
}

/// A whole statement of constant text; bind its values with [`CachedSql::bind`] and load
/// rows by name (`QueryableByName`), as with `diesel::sql_query`.
pub struct CachedSql<'a>(Fragment<'a>);

impl<'a> CachedSql<'a> {
    /// The statement `sql`, with no values bound yet.
    pub fn new(sql: &'static str) -> Self {
        CachedSql(Fragment {
            sql,
            binds: Vec::new(),
        })
    }

    /// Binds the value of the next placeholder (`$1` first) as SQL type `ST`.
    pub fn bind<ST, V>(mut self, value: V) -> Self
    where
        ST: SingleValue,
        V: AsExpression<ST>,
        V::Expression: QueryFragment<Pg> + Send + 'a,
    {
        self.0.bind::<ST, V>(value);
        self
    }
}

impl QueryFragment<Pg> for CachedSql<'_> {
    fn walk_ast<'b>(&'b self, out: AstPass<'_, 'b, Pg>) -> QueryResult<()> {
        self.0.walk(out)
    }
}

// No static query id: the statement cache keys the statement by its text and bind types.
impl QueryId for CachedSql<'_> {
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl Query for CachedSql<'_> {
    type SqlType = Untyped;
}

/// An expression of constant text and SQL type `ST`, for a query's select list or
/// conditions: `dsl::sql` without the cache opt-out.
pub struct SqlExpr<'a, ST> {
    fragment: Fragment<'a>,
    _type: PhantomData<ST>,
}

impl<'a, ST> SqlExpr<'a, ST> {
    /// The expression `sql`, with no values bound yet.
    pub fn new(sql: &'static str) -> Self {
        SqlExpr {
            fragment: Fragment {
                sql,
                binds: Vec::new(),
            },
            _type: PhantomData,
        }
    }

    /// Binds the value of the next placeholder (`$1` first) as SQL type `BindST`.
    pub fn bind<BindST, V>(mut self, value: V) -> Self
    where
        BindST: SingleValue,
        V: AsExpression<BindST>,
        V::Expression: QueryFragment<Pg> + Send + 'a,
    {
        self.fragment.bind::<BindST, V>(value);
        self
    }
}

impl<ST: TypedExpressionType> Expression for SqlExpr<'_, ST> {
    type SqlType = ST;
}

impl<ST> QueryFragment<Pg> for SqlExpr<'_, ST> {
    fn walk_ast<'b>(&'b self, out: AstPass<'_, 'b, Pg>) -> QueryResult<()> {
        self.fragment.walk(out)
    }
}

impl<ST> QueryId for SqlExpr<'_, ST> {
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl<ST: TypedExpressionType, QS> SelectableExpression<QS> for SqlExpr<'_, ST> {}

impl<ST: TypedExpressionType, QS> AppearsOnTable<QS> for SqlExpr<'_, ST> {}

impl<ST, GB> ValidGrouping<GB> for SqlExpr<'_, ST> {
    type IsAggregate = is_aggregate::Never;
}

#[cfg(test)]
mod tests {
    use diesel::sql_types::{Integer, Text};

    use super::*;

    #[test]
    fn placeholders_are_numbered_in_order_and_repeats_bind_again() {
        let cases: &[(&'static str, &str)] = &[
            ("SELECT $1", "SELECT $1 -- binds: [7]"),
            ("SELECT $1, $2", "SELECT $1, $2 -- binds: [7, \"x\"]"),
            (
                "SELECT $2, $1, $2",
                "SELECT $1, $2, $3 -- binds: [\"x\", 7, \"x\"]",
            ),
            ("SELECT '$' || $1", "SELECT '$' || $1 -- binds: [7]"),
            ("SELECT 1", "SELECT 1 -- binds: []"),
        ];
        for (sql, expected) in cases {
            let query = CachedSql::new(sql)
                .bind::<Integer, _>(7)
                .bind::<Text, _>("x");
            let shown = diesel::debug_query::<Pg, _>(&query).to_string();
            assert_eq!(&shown, expected, "{sql}");
        }
    }

    #[test]
    fn a_placeholder_without_a_value_is_an_error_not_a_panic() {
        let query = CachedSql::new("SELECT $2").bind::<Integer, _>(7);
        let mut builder = diesel::pg::PgQueryBuilder::default();
        assert!(query.to_sql(&mut builder, &Pg).is_err());
        let query = CachedSql::new("SELECT $0").bind::<Integer, _>(7);
        let mut builder = diesel::pg::PgQueryBuilder::default();
        assert!(query.to_sql(&mut builder, &Pg).is_err());
    }

    #[test]
    fn cached_statements_are_safe_to_prepare() {
        let query = CachedSql::new("SELECT $1").bind::<Integer, _>(7);
        assert!(query.is_safe_to_cache_prepared(&Pg).unwrap());
        let expr = SqlExpr::<Integer>::new("$1 + 1").bind::<Integer, _>(7);
        assert!(expr.is_safe_to_cache_prepared(&Pg).unwrap());
        // What it replaces is not.
        let literal = diesel::dsl::sql::<Integer>("1");
        assert!(!literal.is_safe_to_cache_prepared(&Pg).unwrap());
    }
}
