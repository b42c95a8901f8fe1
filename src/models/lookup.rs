//! Lookups by id, written once for every table whose rows belong to a network: each
//! statement filters on the network first, then on the id, so a row of another network is
//! never found.

/// Generates the lookups by id of a table whose rows belong to a network.
///
/// ```ignore
/// lookups! {
///     offerings => Offering, viewer is_org_member_expr;
///     /// One offering with whether `viewer` is a member of its organization.
///     pub fn find_for = find;
/// }
/// lookups! {
///     users => User;
///     /// The user `id` of `network_id`, if any.
///     pub fn find = find;
/// }
/// lookups! {
///     offerings;
///     /// Whether the offering `id` exists in `network_id`.
///     pub fn offering_exists = exists;
/// }
/// ```
///
/// Each line names a function and what it does:
/// - `find`: the row `id`, if any;
/// - `lock`: the same, locking the row until the transaction ends;
/// - `lock_existing`: the locked row, `NotFound` when there is none;
/// - `find_many`: the rows of many ids, in one statement;
/// - `exists`: whether the row `id` exists (the form without a row type).
///
/// With `viewer $flag`, the functions take `viewer: Option<Uuid>` and return each row with
/// `$flag(network_id, viewer)`, a boolean SQL expression about the viewer computed in the
/// same statement (the nil id stands for an anonymous viewer); `lock_existing` is not
/// offered there.
macro_rules! lookups {
    (
        $table:ident => $row:ident, viewer $flag:ident;
        $($(#[$m:meta])* $vis:vis fn $name:ident = $kind:ident;)+
    ) => {
        $($crate::models::lookup::lookups!(
            @viewer $kind [$(#[$m])*] $vis $name, $table, $row, $flag
        );)+
    };
    (
        $table:ident => $row:ident;
        $($(#[$m:meta])* $vis:vis fn $name:ident = $kind:ident;)+
    ) => {
        $($crate::models::lookup::lookups!(@plain $kind [$(#[$m])*] $vis $name, $table, $row);)+
    };
    (
        $table:ident;
        $($(#[$m:meta])* $vis:vis fn $name:ident = exists;)+
    ) => {
        $($crate::models::lookup::lookups!(@exists [$(#[$m])*] $vis $name, $table);)+
    };

    (@viewer find [$($attr:tt)*] $vis:vis $name:ident, $table:ident, $row:ident, $flag:ident) => {
        $crate::models::lookup::lookups!(@viewer_one [$($attr)*] $vis $name, $table, $row, $flag, []);
    };
    (@viewer lock [$($attr:tt)*] $vis:vis $name:ident, $table:ident, $row:ident, $flag:ident) => {
        $crate::models::lookup::lookups!(
            @viewer_one [$($attr)*] $vis $name, $table, $row, $flag, [.for_update()]
        );
    };
    (@viewer find_many [$($attr:tt)*] $vis:vis $name:ident, $table:ident, $row:ident, $flag:ident) => {
        $($attr)*
        $vis async fn $name(
            conn: &mut ::diesel_async::AsyncPgConnection,
            network_id: ::uuid::Uuid,
            ids: &[::uuid::Uuid],
            viewer: Option<::uuid::Uuid>,
        ) -> ::diesel::QueryResult<Vec<($row, bool)>> {
            use ::diesel::{ExpressionMethods, QueryDsl, SelectableHelper};
            let viewer = viewer.unwrap_or(::uuid::Uuid::nil());
            let query = $crate::models::lookup::lookups!(@many $table, network_id, ids)
                .select(($row::as_select(), $flag(network_id, viewer)));
            ::diesel_async::RunQueryDsl::load(query, conn).await
        }
    };
    (@viewer_one [$($attr:tt)*] $vis:vis $name:ident, $table:ident, $row:ident, $flag:ident, [$($lock:tt)*]) => {
        $($attr)*
        $vis async fn $name(
            conn: &mut ::diesel_async::AsyncPgConnection,
            network_id: ::uuid::Uuid,
            id: ::uuid::Uuid,
            viewer: Option<::uuid::Uuid>,
        ) -> ::diesel::QueryResult<Option<($row, bool)>> {
            use ::diesel::{ExpressionMethods, OptionalExtension, QueryDsl, SelectableHelper};
            let viewer = viewer.unwrap_or(::uuid::Uuid::nil());
            let query = $crate::models::lookup::lookups!(@one $table, network_id, id)
                .select(($row::as_select(), $flag(network_id, viewer)))
                $($lock)*;
            ::diesel_async::RunQueryDsl::first(query, conn).await.optional()
        }
    };

    (@plain find [$($attr:tt)*] $vis:vis $name:ident, $table:ident, $row:ident) => {
        $crate::models::lookup::lookups!(
            @plain_one [$($attr)*] $vis $name, $table, $row, [], Option<$row>, [.optional()]
        );
    };
    (@plain lock [$($attr:tt)*] $vis:vis $name:ident, $table:ident, $row:ident) => {
        $crate::models::lookup::lookups!(
            @plain_one [$($attr)*] $vis $name, $table, $row, [.for_update()], Option<$row>,
            [.optional()]
        );
    };
    (@plain lock_existing [$($attr:tt)*] $vis:vis $name:ident, $table:ident, $row:ident) => {
        $crate::models::lookup::lookups!(
            @plain_one [$($attr)*] $vis $name, $table, $row, [.for_update()], $row, []
        );
    };
    (@plain find_many [$($attr:tt)*] $vis:vis $name:ident, $table:ident, $row:ident) => {
        $($attr)*
        $vis async fn $name(
            conn: &mut ::diesel_async::AsyncPgConnection,
            network_id: ::uuid::Uuid,
            ids: &[::uuid::Uuid],
        ) -> ::diesel::QueryResult<Vec<$row>> {
            use ::diesel::{ExpressionMethods, QueryDsl, SelectableHelper};
            let query = $crate::models::lookup::lookups!(@many $table, network_id, ids)
                .select($row::as_select());
            ::diesel_async::RunQueryDsl::load(query, conn).await
        }
    };
    (
        @plain_one [$($attr:tt)*] $vis:vis $name:ident, $table:ident, $row:ident,
        [$($lock:tt)*], $out:ty, [$($optional:tt)*]
    ) => {
        $($attr)*
        $vis async fn $name(
            conn: &mut ::diesel_async::AsyncPgConnection,
            network_id: ::uuid::Uuid,
            id: ::uuid::Uuid,
        ) -> ::diesel::QueryResult<$out> {
            #[allow(unused_imports)] // `OptionalExtension` only where the row may be absent
            use ::diesel::{ExpressionMethods, OptionalExtension, QueryDsl, SelectableHelper};
            let query = $crate::models::lookup::lookups!(@one $table, network_id, id)
                .select($row::as_select())
                $($lock)*;
            ::diesel_async::RunQueryDsl::first(query, conn).await $($optional)*
        }
    };

    (@exists [$($attr:tt)*] $vis:vis $name:ident, $table:ident) => {
        $($attr)*
        $vis async fn $name(
            conn: &mut ::diesel_async::AsyncPgConnection,
            network_id: ::uuid::Uuid,
            id: ::uuid::Uuid,
        ) -> ::diesel::QueryResult<bool> {
            use ::diesel::{ExpressionMethods, QueryDsl};
            let query = ::diesel::select(::diesel::dsl::exists(
                $crate::models::lookup::lookups!(@one $table, network_id, id),
            ));
            ::diesel_async::RunQueryDsl::get_result(query, conn).await
        }
    };

    // The rows every statement starts from. (The statements call `RunQueryDsl` by its
    // path: a module that imports diesel's prelude has diesel's own `RunQueryDsl` in
    // scope as well, whose methods have the same names.)
    (@one $table:ident, $network_id:ident, $id:ident) => {
        $table::table
            .filter($table::network_id.eq($network_id))
            .filter($table::id.eq($id))
    };
    (@many $table:ident, $network_id:ident, $ids:ident) => {
        $table::table
            .filter($table::network_id.eq($network_id))
            .filter($table::id.eq_any($ids))
    };
}
pub(crate) use lookups;
