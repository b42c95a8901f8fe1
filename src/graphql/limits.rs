//! Document checks async-graphql does not have built in, run right after parsing and
//! before validation:
//! - a cap on aliases: they let one small document ask for the same expensive field many
//!   times (depth and complexity are limited by the schema builder);
//! - a clear refusal of `__schema`/`__type` when introspection is off (async-graphql
//!   would silently answer `null`).

use async_graphql::ServerError;
use async_graphql::parser::types::{ExecutableDocument, Selection, SelectionSet};

use crate::error::{ApiError, codes, set_extensions};

/// Refuses documents with more than `max_aliases` aliased fields, and introspection
/// fields when `introspection` is false.
///
/// This is a check the GraphQL handler runs on the parsed document (which async-graphql
/// then executes without parsing it again), not a schema extension: any extension makes
/// async-graphql route every resolved field through the extension chain, a measurable
/// cost on large nested answers (bench/RESULTS.md).
#[derive(Debug, Clone, Copy)]
pub struct DocumentLimits {
    /// Most aliased fields per document.
    pub max_aliases: usize,
    /// Whether `__schema` and `__type` may be asked for.
    pub introspection: bool,
}

impl DocumentLimits {
    /// The refusal of `document`, if it breaks a limit, as the GraphQL error to answer.
    pub fn check(&self, document: &ExecutableDocument) -> Result<(), ServerError> {
        let aliases = count_aliases(document);
        if aliases > self.max_aliases {
            return Err(refuse(ApiError::new(
                codes::TOO_MANY_ALIASES,
                "The request could not be processed.",
                format!(
                    "The document uses {aliases} aliases; at most {} are allowed.",
                    self.max_aliases
                ),
            )));
        }
        if !self.introspection && asks_for_introspection(document) {
            return Err(refuse(ApiError::new(
                codes::INTROSPECTION_DISABLED,
                "The request could not be processed.",
                "Introspection (__schema, __type) is turned off on this server.",
            )));
        }
        Ok(())
    }
}

fn refuse(err: ApiError) -> ServerError {
    let mut server_error = ServerError::new(err.developer_message.clone(), None);
    set_extensions(&mut server_error.extensions, &err);
    server_error
}

/// Number of aliased fields in every operation and fragment definition of `document`.
pub fn count_aliases(document: &ExecutableDocument) -> usize {
    let in_operations: usize = document
        .operations
        .iter()
        .map(|(_, op)| count_in_set(&op.node.selection_set.node))
        .sum();
    let in_fragments: usize = document
        .fragments
        .values()
        .map(|f| count_in_set(&f.node.selection_set.node))
        .sum();
    in_operations + in_fragments
}

/// Whether any operation or fragment of `document` selects `__schema` or `__type`.
pub fn asks_for_introspection(document: &ExecutableDocument) -> bool {
    document
        .operations
        .iter()
        .any(|(_, op)| introspects(&op.node.selection_set.node))
        || document
            .fragments
            .values()
            .any(|f| introspects(&f.node.selection_set.node))
}

fn introspects(set: &SelectionSet) -> bool {
    set.items.iter().any(|item| match &item.node {
        Selection::Field(field) => {
            matches!(field.node.name.node.as_str(), "__schema" | "__type")
                || introspects(&field.node.selection_set.node)
        }
        Selection::InlineFragment(fragment) => introspects(&fragment.node.selection_set.node),
        Selection::FragmentSpread(_) => false,
    })
}

fn count_in_set(set: &SelectionSet) -> usize {
    set.items
        .iter()
        .map(|item| match &item.node {
            Selection::Field(field) => {
                usize::from(field.node.alias.is_some())
                    + count_in_set(&field.node.selection_set.node)
            }
            Selection::InlineFragment(fragment) => count_in_set(&fragment.node.selection_set.node),
            Selection::FragmentSpread(_) => 0,
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::{asks_for_introspection, count_aliases};
    use async_graphql::parser::parse_query;

    #[test]
    fn aliases_are_counted_in_operations_fragments_and_nested_sets() {
        let cases = [
            ("{ a }", 0),
            ("{ x: a y: a }", 2),
            ("{ a { x: b { y: c } } }", 2),
            ("query Q { x: a ...F } fragment F on T { y: b z: c }", 3),
            ("{ ... on T { x: a } }", 1),
            ("query A { x: a } query B { y: a z: a }", 3),
        ];
        for (doc, want) in cases {
            let parsed = parse_query(doc).unwrap();
            assert_eq!(count_aliases(&parsed), want, "{doc}");
        }
    }

    #[test]
    fn introspection_fields_are_found_anywhere_in_the_document() {
        let cases = [
            ("{ a }", false),
            ("{ __typename }", false),
            ("{ __schema { types { name } } }", true),
            ("{ x: __type(name: \"Q\") { name } }", true),
            (
                "{ ...F } fragment F on Q { __schema { queryType { name } } }",
                true,
            ),
            ("{ ... on Q { __type(name: \"Q\") { name } } }", true),
        ];
        for (doc, want) in cases {
            let parsed = parse_query(doc).unwrap();
            assert_eq!(asks_for_introspection(&parsed), want, "{doc}");
        }
    }
}
