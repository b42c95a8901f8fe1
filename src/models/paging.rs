//! The page statements every list shares: the total count, then the rows of one page.

/// The total count and the rows of one page of a list, in two statements (the count
/// first), as `Result<QueryResult<(Vec<row>, i64)>, String>` where the outer error is a
/// filter the list cannot apply (a 400).
///
/// `$build` is a closure that makes the list's filtered boxed query (failing on such a
/// filter); `$order_by` applies the asked ordering (`Option<&(AttrRef, Direction)>`),
/// a list without one is newest first (by `created_at`, or by the column named with
/// `newest first by`), then by id; each row loads `$select`. The macro returns early (`?`)
/// from the calling function when `$build` fails.
macro_rules! count_and_page {
    (
        $conn:expr, $table:ident, $build:ident,
        $order:ident by $order_by:expr, $page:expr, select $select:expr $(,)?
    ) => {
        $crate::models::paging::count_and_page!(
            $conn, $table, $build, $order by $order_by, $page, select $select,
            newest first by created_at,
        )
    };
    (
        $conn:expr, $table:ident, $build:ident,
        $order:ident by $order_by:expr, $page:expr, select $select:expr,
        newest first by $newest:ident $(,)?
    ) => {{
        use ::diesel::{ExpressionMethods, QueryDsl};
        let count_query = $build()?.count();
        let rows_query = match $order {
            Some((attr, dir)) => $order_by($build()?, attr, *dir),
            None => $build()?.order_by(($table::$newest.desc(), $table::id.desc())),
        }
        .select($select)
        .offset($page.offset)
        .limit($page.limit);
        Ok(async {
            let count: i64 = ::diesel_async::RunQueryDsl::get_result(count_query, $conn).await?;
            let rows = ::diesel_async::RunQueryDsl::load(rows_query, $conn).await?;
            Ok((rows, count))
        }
        .await)
    }};
}
pub(crate) use count_and_page;
