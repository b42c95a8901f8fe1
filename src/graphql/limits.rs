//! Document checks async-graphql does not have built in, run right after parsing and
//! before validation, on the [`Measures`](crate::graphql::measure::Measures) of the
//! document:
//! - aliases: they let one small document ask for the same expensive field many times;
//! - directives: each one is validated, and repeated ones give one error each;
//! - fields once fragments are expanded: bounds validation, which expands every spread;
//! - depth, counted without `ofType` (introspection's chain of type wrappers, which the
//!   standard introspection query nests 9 deep) and `__typename`;
//! - introspection lists (`types`, `fields`, `args`, …) nested in one another: each level
//!   multiplies the answer by the size of the schema, within any depth;
//! - a directive on `__typename` validation would refuse on another field (unknown,
//!   repeated, without its `if`): validation skips `__typename`;
//! - a clear refusal of `__schema`/`__type` when introspection is off (async-graphql
//!   would silently answer `null`).
//!
//! Complexity stays with the schema builder (`limit_complexity`).

use async_graphql::ServerError;
use async_graphql::parser::types::ExecutableDocument;

use crate::error::{ApiError, Code, codes, set_extensions};
use crate::graphql::measure::measure;

/// The limits a document must keep to be validated and run.
///
/// This is a check the GraphQL handler runs on the parsed document (which async-graphql
/// then executes without parsing it again), not a schema extension: any extension makes
/// async-graphql route every resolved field through the extension chain, a measurable
/// cost on large nested answers (bench/RESULTS.md).
#[derive(Debug, Clone, Copy)]
pub struct DocumentLimits {
    /// Most aliased fields per document.
    pub max_aliases: usize,
    /// Most directives per document.
    pub max_directives: usize,
    /// Most fields per document once fragment spreads are expanded.
    pub max_selections: usize,
    /// Deepest field nesting (without `ofType` and `__typename`).
    pub max_depth: usize,
    /// Most introspection lists nested in one another on one path.
    pub max_introspection_lists: usize,
    /// Whether `__schema` and `__type` may be asked for.
    pub introspection: bool,
}

impl DocumentLimits {
    /// The refusal of `document`, if it breaks a limit, as the GraphQL error to answer.
    pub fn check(&self, document: &ExecutableDocument) -> Result<(), ServerError> {
        let m = measure(document);
        let over = |what: &str, count: usize, max: usize, code: Code| {
            refuse(ApiError::new(
                code,
                "The request could not be processed.",
                format!("The document uses {count} {what}; at most {max} are allowed."),
            ))
        };
        if m.aliases > self.max_aliases {
            return Err(over(
                "aliases",
                m.aliases,
                self.max_aliases,
                codes::TOO_MANY_ALIASES,
            ));
        }
        if m.directives > self.max_directives {
            let code = codes::TOO_MANY_DIRECTIVES;
            return Err(over("directives", m.directives, self.max_directives, code));
        }
        if m.selections > self.max_selections {
            let (count, max) = (m.selections, self.max_selections);
            let code = codes::TOO_MANY_SELECTIONS;
            return Err(over(
                "fields once its fragments are expanded",
                count,
                max,
                code,
            ));
        }
        if m.depth > self.max_depth {
            return Err(refuse(ApiError::new(
                codes::QUERY_TOO_DEEP,
                "The request could not be processed.",
                format!(
                    "Query is nested too deep: {} levels of fields; at most {} are allowed.",
                    m.depth, self.max_depth
                ),
            )));
        }
        if m.introspection_lists > self.max_introspection_lists {
            return Err(refuse(ApiError::new(
                codes::QUERY_TOO_DEEP,
                "The request could not be processed.",
                format!(
                    "Introspection lists (types, fields, args, …) are nested {} deep; at \
                     most {} are allowed.",
                    m.introspection_lists, self.max_introspection_lists
                ),
            )));
        }
        if let Some((problem, pos)) = m.typename_directive {
            let err = ApiError::new(
                codes::GRAPHQL_VALIDATION,
                "The request could not be processed.",
                problem,
            );
            let mut error = refuse(err);
            error.locations = vec![pos];
            return Err(error);
        }
        if !self.introspection && m.introspection {
            return Err(refuse(ApiError::new(
                codes::INTROSPECTION_DISABLED,
                "The request could not be processed.",
                "Introspection (__schema, __type) is turned off on this server.",
            )));
        }
        Ok(())
    }
}

/// `err` as a GraphQL error whose message is its developer message.
pub fn refuse(err: ApiError) -> ServerError {
    let mut server_error = ServerError::new(err.developer_message.clone(), None);
    set_extensions(&mut server_error.extensions, &err);
    server_error
}

#[cfg(test)]
mod tests {
    use crate::graphql::measure::FIELD_DIRECTIVES;

    #[test]
    fn field_directives_are_those_of_the_schema() {
        let sdl = crate::graphql::sdl();
        let mut in_schema: Vec<&str> = sdl
            .lines()
            .filter(|l| l.starts_with("directive @"))
            .filter(|l| {
                let locations = l.rsplit(" on ").next().unwrap_or("");
                locations.split('|').any(|loc| loc.trim() == "FIELD")
            })
            .filter_map(|l| l["directive @".len()..].split(['(', ' ']).next())
            .collect();
        in_schema.sort_unstable();
        assert_eq!(in_schema, FIELD_DIRECTIVES);
    }
}
