//! Paging, ordering and filtering of lists (docs/product.md, Lists): the rules, without
//! any SQL.
//!
//! A list takes `limit` (default 12, at most 100), an `offset`, an ordering attribute
//! with a direction, and filters `attribute operator value(s)`. Attributes are checked
//! against the list's own whitelist; `custom__name` addresses a custom field. Anything
//! unknown is refused with a clear message, never ignored.

use crate::domain::custom;

/// Default page size.
pub const DEFAULT_LIMIT: i64 = 12;
/// Largest page size.
pub const MAX_LIMIT: i64 = 100;
/// Most filters one list request may carry.
pub const MAX_FILTERS: usize = 20;
/// Most values of one `in` filter.
pub const MAX_IN_VALUES: usize = 100;

/// A validated page window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page {
    /// Rows to skip.
    pub offset: i64,
    /// Rows to return.
    pub limit: i64,
}

/// Checks `limit` and `offset`: `limit` 1..=100 (default 12), `offset` >= 0 (default 0).
pub fn page(limit: Option<i64>, offset: Option<i64>) -> Result<Page, String> {
    let limit = limit.unwrap_or(DEFAULT_LIMIT);
    if !(1..=MAX_LIMIT).contains(&limit) {
        return Err(format!(
            "limit must be between 1 and {MAX_LIMIT}, not {limit}."
        ));
    }
    let offset = offset.unwrap_or(0);
    if offset < 0 {
        return Err(format!("offset (page) must not be negative, not {offset}."));
    }
    Ok(Page { offset, limit })
}

/// Sort direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Direction {
    /// Smallest first.
    #[default]
    Asc,
    /// Largest first.
    Desc,
}

/// The type of an attribute's values, which decides how filter values are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttrType {
    /// Text.
    Text,
    /// Whole number.
    Int,
    /// Decimal amount.
    Decimal,
    /// Boolean (`1/0`, `true/false`).
    Bool,
    /// Date or timestamp (`YYYY-MM-DD`, or RFC 3339).
    Date,
    /// Identifier.
    Id,
}

/// An attribute a list can be ordered or filtered by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Attr {
    /// Its name in the API (snake_case, as REST writes it).
    pub name: &'static str,
    /// Its type.
    pub ty: AttrType,
}

/// What an ordering or filter attribute refers to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AttrRef {
    /// A column of the list's whitelist.
    Column(Attr),
    /// A custom field, compared as text (or as a number when both sides are numbers).
    Custom(String),
}

/// Resolves an attribute name against a whitelist (`custom__name` for custom fields).
pub fn resolve_attr(name: &str, allowed: &[Attr]) -> Result<AttrRef, String> {
    if let Some(field) = name.strip_prefix("custom__") {
        if custom::valid_name(field) {
            return Ok(AttrRef::Custom(field.to_owned()));
        }
        return Err(format!("{name:?} does not name a valid custom field."));
    }
    allowed
        .iter()
        .find(|a| a.name == name)
        .map(|a| AttrRef::Column(*a))
        .ok_or_else(|| {
            let names: Vec<&str> = allowed.iter().map(|a| a.name).collect();
            format!(
                "Unknown attribute {name:?}; use one of: {}, or custom__<name>.",
                names.join(", ")
            )
        })
}

/// A filter operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operator {
    /// `=`.
    Eq,
    /// `in` (one of several values).
    In,
    /// `>`.
    Gt,
    /// `<`.
    Lt,
    /// `between` (inclusive).
    Between,
}

impl Operator {
    /// Reads an operator as REST writes it.
    pub fn parse(op: &str) -> Result<Operator, String> {
        match op {
            "=" | "eq" => Ok(Operator::Eq),
            "in" => Ok(Operator::In),
            ">" | "gt" => Ok(Operator::Gt),
            "<" | "lt" => Ok(Operator::Lt),
            "between" => Ok(Operator::Between),
            other => Err(format!(
                "Unknown filter operator {other:?}; use =, in, >, < or between."
            )),
        }
    }
}

/// A typed filter value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// Text.
    Text(String),
    /// Whole number.
    Int(i64),
    /// Decimal.
    Decimal(rust_decimal::Decimal),
    /// Boolean.
    Bool(bool),
    /// Date.
    Date(chrono::NaiveDate),
    /// Identifier.
    Id(uuid::Uuid),
}

/// Reads `raw` as a value of `ty`; the message names the attribute.
pub fn parse_value(attr: &str, ty: AttrType, raw: &str) -> Result<Value, String> {
    let bad = |what: &str| format!("Filter value {raw:?} of {attr:?} is not {what}.");
    match ty {
        AttrType::Text => Ok(Value::Text(raw.to_owned())),
        AttrType::Int => raw
            .trim()
            .parse()
            .map(Value::Int)
            .map_err(|_| bad("a whole number")),
        AttrType::Decimal => crate::domain::money::parse_money(raw.trim())
            .map(Value::Decimal)
            .map_err(|_| bad("a decimal amount")),
        AttrType::Bool => match raw.trim() {
            "1" | "true" => Ok(Value::Bool(true)),
            "0" | "false" => Ok(Value::Bool(false)),
            _ => Err(bad("a boolean (1/0 or true/false)")),
        },
        AttrType::Date => {
            let raw = raw.trim();
            chrono::NaiveDate::parse_from_str(raw, "%Y-%m-%d")
                .or_else(|_| chrono::DateTime::parse_from_rfc3339(raw).map(|t| t.date_naive()))
                .map(Value::Date)
                .map_err(|_| bad("a date (YYYY-MM-DD)"))
        }
        AttrType::Id => uuid::Uuid::parse_str(raw.trim())
            .map(Value::Id)
            .map_err(|_| bad("an identifier")),
    }
}

/// A checked filter.
#[derive(Debug, Clone, PartialEq)]
pub struct Filter {
    /// What is compared.
    pub attr: AttrRef,
    /// How.
    pub op: Operator,
    /// With what: one value, several for `in`, two for `between`.
    pub values: Vec<Value>,
}

/// Builds a filter from its parts as a client sends them: `values` holds one value, the
/// items of an `in` list, or `[lower, upper]` for `between`.
pub fn filter(attr: &str, op: &str, values: &[String], allowed: &[Attr]) -> Result<Filter, String> {
    let attr_ref = resolve_attr(attr, allowed)?;
    let op = Operator::parse(op)?;
    let ty = match &attr_ref {
        AttrRef::Column(a) => a.ty,
        AttrRef::Custom(_) => AttrType::Text,
    };
    let expected = match op {
        Operator::Between => 2..=2,
        Operator::In => 1..=MAX_IN_VALUES,
        _ => 1..=1,
    };
    if !expected.contains(&values.len()) {
        return Err(match op {
            Operator::Between => format!("between on {attr:?} needs a lower and an upper value."),
            Operator::In => format!("in on {attr:?} needs 1 to {MAX_IN_VALUES} values."),
            _ => format!("The filter on {attr:?} needs exactly one value."),
        });
    }
    if ty == AttrType::Bool && matches!(op, Operator::Gt | Operator::Lt | Operator::Between) {
        return Err(format!("{attr:?} is a boolean: use = or in."));
    }
    let values = values
        .iter()
        .map(|v| parse_value(attr, ty, v))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Filter {
        attr: attr_ref,
        op,
        values,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const ATTRS: &[Attr] = &[
        Attr {
            name: "name",
            ty: AttrType::Text,
        },
        Attr {
            name: "funding_goal",
            ty: AttrType::Decimal,
        },
        Attr {
            name: "life_cycle_stage",
            ty: AttrType::Int,
        },
        Attr {
            name: "is_featured",
            ty: AttrType::Bool,
        },
        Attr {
            name: "created_at",
            ty: AttrType::Date,
        },
    ];

    #[test]
    fn pages_default_and_bound() {
        assert_eq!(
            page(None, None),
            Ok(Page {
                offset: 0,
                limit: 12
            })
        );
        assert_eq!(
            page(Some(100), Some(40)),
            Ok(Page {
                offset: 40,
                limit: 100
            })
        );
        for (limit, offset) in [
            (Some(0), None),
            (Some(101), None),
            (Some(-1), None),
            (None, Some(-5)),
        ] {
            assert!(page(limit, offset).is_err(), "{limit:?} {offset:?}");
        }
    }

    #[test]
    fn filters_are_typed_and_checked() {
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        let ok = [
            ("name", "=", s(&["Solar"])),
            ("life_cycle_stage", "in", s(&["5", "7", "8"])),
            ("funding_goal", "between", s(&["1000", "5000.50"])),
            ("funding_goal", ">", s(&["10"])),
            ("is_featured", "=", s(&["1"])),
            ("is_featured", "=", s(&["false"])),
            ("created_at", "<", s(&["2026-01-31"])),
            ("custom__risk", "=", s(&["low"])),
        ];
        for (attr, op, values) in ok {
            assert!(
                filter(attr, op, &values, ATTRS).is_ok(),
                "{attr} {op} {values:?}"
            );
        }
        let bad = [
            ("nope", "=", s(&["x"]), "Unknown attribute"),
            ("name", "like", s(&["x"]), "Unknown filter operator"),
            ("funding_goal", "between", s(&["1"]), "lower and an upper"),
            ("life_cycle_stage", "=", s(&["five"]), "whole number"),
            ("funding_goal", "=", s(&["1e3"]), "decimal"),
            ("is_featured", "=", s(&["yes"]), "boolean"),
            ("is_featured", ">", s(&["1"]), "use = or in"),
            ("created_at", "=", s(&["31/01/2026"]), "date"),
            ("custom__bad name", "=", s(&["x"]), "custom field"),
            ("name", "=", s(&["a", "b"]), "exactly one"),
        ];
        for (attr, op, values, message) in bad {
            let err = filter(attr, op, &values, ATTRS).unwrap_err();
            assert!(err.contains(message), "{attr} {op}: {err}");
        }
    }
}
