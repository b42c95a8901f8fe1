//! Turning checked list filters and orderings (`crate::domain::list`) into diesel
//! clauses on boxed queries. Attribute names never reach SQL: each list declares its
//! whitelist with [`list_columns!`], which maps every name to a typed column; values are
//! always bound parameters; custom fields are addressed with a bound key.

use chrono::{DateTime, NaiveDate, TimeDelta, Utc};

use crate::domain::list::Value;

/// Start of a day in UTC.
pub fn day_start(day: NaiveDate) -> DateTime<Utc> {
    day.and_hms_opt(0, 0, 0)
        .map(|t| t.and_utc())
        .unwrap_or(DateTime::<Utc>::MIN_UTC)
}

/// Start of the day after `day` in UTC.
pub fn next_day_start(day: NaiveDate) -> DateTime<Utc> {
    day_start(day) + TimeDelta::days(1)
}

/// `Value::Text` as a `String`.
pub fn as_text(v: &Value) -> Option<String> {
    match v {
        Value::Text(s) => Some(s.clone()),
        _ => None,
    }
}

/// `Value::Int` as an `i16`.
pub fn as_i16(v: &Value) -> Option<i16> {
    match v {
        Value::Int(i) => i16::try_from(*i).ok(),
        _ => None,
    }
}

/// `Value::Int` as an `i32`.
pub fn as_i32(v: &Value) -> Option<i32> {
    match v {
        Value::Int(i) => i32::try_from(*i).ok(),
        _ => None,
    }
}

/// `Value::Bool`.
pub fn as_bool(v: &Value) -> Option<bool> {
    match v {
        Value::Bool(b) => Some(*b),
        _ => None,
    }
}

/// `Value::Decimal`.
pub fn as_decimal(v: &Value) -> Option<rust_decimal::Decimal> {
    match v {
        Value::Decimal(d) => Some(*d),
        _ => None,
    }
}

/// `Value::Date`.
pub fn as_date(v: &Value) -> Option<NaiveDate> {
    match v {
        Value::Date(d) => Some(*d),
        _ => None,
    }
}

/// `Value::Id`.
pub fn as_uuid(v: &Value) -> Option<uuid::Uuid> {
    match v {
        Value::Id(u) => Some(*u),
        _ => None,
    }
}

/// Declares the orderable and filterable attributes of one list:
///
/// ```ignore
/// list_columns! {
///     /// Users.
///     pub mod user_list for users, id users::id, custom users::custom {
///         "given_name" => users::given_name: text,
///         "created_at" => users::created_at: timestamptz,
///     }
/// }
/// ```
///
/// It generates `ATTRS` (the whitelist for `domain::list`), `filter(query, &Filter)` and
/// `order(query, &AttrRef, Direction)` for `<table>::BoxedQuery`. Kinds: `text`, `int2`,
/// `int4`, `bool`, `numeric`, `date`, `timestamptz`, `uuid`.
#[macro_export]
macro_rules! list_columns {
    (
        $(#[$meta:meta])*
        pub mod $module:ident for $table:ident, id $id:path, custom $custom:path {
            $($name:literal => $col:path : $kind:ident,)+
        }
    ) => {
        $(#[$meta])*
        pub mod $module {
            #[allow(unused_imports)]
            use diesel::prelude::*;
            use diesel::pg::Pg;
            use $crate::db::schema::$table;
            use $crate::domain::list::{Attr, AttrRef, AttrType, Direction, Filter, Operator};

            /// The query type lists of this kind are built on.
            pub type Query<'a> = $table::BoxedQuery<'a, Pg>;

            /// The attributes of this list, for `crate::domain::list`.
            pub const ATTRS: &[Attr] = &[
                $(Attr { name: $name, ty: $crate::list_columns!(@ty $kind) },)+
            ];

            /// Adds the filter's condition to `query`.
            pub fn filter<'a>(query: Query<'a>, f: &Filter) -> Result<Query<'a>, String> {
                match &f.attr {
                    AttrRef::Custom(key) => {
                        let key = key.clone();
                        let texts: Vec<String> = f.values.iter().filter_map($crate::db::list::as_text).collect();
                        let field = $custom.retrieve_as_text(key);
                        Ok(match f.op {
                            Operator::Eq => query.filter(field.eq(texts[0].clone())),
                            Operator::In => query.filter(field.eq_any(texts)),
                            Operator::Gt => query.filter(field.gt(texts[0].clone())),
                            Operator::Lt => query.filter(field.lt(texts[0].clone())),
                            Operator::Between => query.filter(field.between(texts[0].clone(), texts[1].clone())),
                        })
                    }
                    AttrRef::Column(attr) => match attr.name {
                        $($name => $crate::list_columns!(@filter $kind, query, $col, f),)+
                        other => Err(format!("{other:?} cannot be filtered here.")),
                    },
                }
            }

            /// Orders `query` by the attribute, then by id for a stable order.
            pub fn order<'a>(query: Query<'a>, attr: &AttrRef, dir: Direction) -> Query<'a> {
                let query = match attr {
                    AttrRef::Custom(key) => {
                        let field = $custom.retrieve_as_text(key.clone());
                        match dir {
                            Direction::Asc => query.order_by(field.asc()),
                            Direction::Desc => query.order_by(field.desc()),
                        }
                    }
                    AttrRef::Column(a) => match (a.name, dir) {
                        $(
                            ($name, Direction::Asc) => query.order_by($col.asc()),
                            ($name, Direction::Desc) => query.order_by($col.desc()),
                        )+
                        _ => query,
                    },
                };
                match dir {
                    Direction::Asc => query.then_order_by($id.asc()),
                    Direction::Desc => query.then_order_by($id.desc()),
                }
            }
        }
    };

    (@ty text) => { AttrType::Text };
    (@ty int2) => { AttrType::Int };
    (@ty int4) => { AttrType::Int };
    (@ty bool) => { AttrType::Bool };
    (@ty numeric) => { AttrType::Decimal };
    (@ty date) => { AttrType::Date };
    (@ty timestamptz) => { AttrType::Date };
    (@ty uuid) => { AttrType::Id };

    (@filter text, $q:ident, $col:path, $f:ident) => { $crate::list_columns!(@cmp $q, $col, $f, $crate::db::list::as_text) };
    (@filter int2, $q:ident, $col:path, $f:ident) => { $crate::list_columns!(@cmp $q, $col, $f, $crate::db::list::as_i16) };
    (@filter int4, $q:ident, $col:path, $f:ident) => { $crate::list_columns!(@cmp $q, $col, $f, $crate::db::list::as_i32) };
    (@filter bool, $q:ident, $col:path, $f:ident) => { $crate::list_columns!(@cmp $q, $col, $f, $crate::db::list::as_bool) };
    (@filter numeric, $q:ident, $col:path, $f:ident) => { $crate::list_columns!(@cmp $q, $col, $f, $crate::db::list::as_decimal) };
    (@filter date, $q:ident, $col:path, $f:ident) => { $crate::list_columns!(@cmp $q, $col, $f, $crate::db::list::as_date) };
    (@filter uuid, $q:ident, $col:path, $f:ident) => { $crate::list_columns!(@cmp $q, $col, $f, $crate::db::list::as_uuid) };
    (@filter timestamptz, $q:ident, $col:path, $f:ident) => {{
        // A date filter on a timestamp compares whole UTC days.
        let days: Vec<chrono::NaiveDate> = $f.values.iter().filter_map($crate::db::list::as_date).collect();
        if days.len() != $f.values.len() {
            return Err(format!("{:?} takes dates.", $f.attr));
        }
        use $crate::db::list::{day_start, next_day_start};
        match $f.op {
            Operator::Eq => Ok($q.filter($col.ge(day_start(days[0]))).filter($col.lt(next_day_start(days[0])))),
            Operator::Gt => Ok($q.filter($col.ge(next_day_start(days[0])))),
            Operator::Lt => Ok($q.filter($col.lt(day_start(days[0])))),
            Operator::Between => Ok($q.filter($col.ge(day_start(days[0]))).filter($col.lt(next_day_start(days[1])))),
            Operator::In => Err("in is not available for dates: use between.".to_owned()),
        }
    }};
    (@cmp $q:ident, $col:path, $f:ident, $conv:path) => {{
        let vals: Vec<_> = $f.values.iter().filter_map($conv).collect();
        if vals.len() != $f.values.len() {
            return Err("A filter value is out of range for its attribute.".to_owned());
        }
        Ok(match $f.op {
            Operator::Eq => $q.filter($col.eq(vals[0].clone())),
            Operator::In => $q.filter($col.eq_any(vals)),
            Operator::Gt => $q.filter($col.gt(vals[0].clone())),
            Operator::Lt => $q.filter($col.lt(vals[0].clone())),
            Operator::Between => $q.filter($col.between(vals[0].clone(), vals[1].clone())),
        })
    }};
}
