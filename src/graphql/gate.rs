//! The one way a GraphQL operation is run, for `/graphql` and the REST shim alike.
//!
//! [`Gate::admit`] takes a client's document through, in order: its persisted query
//! (`crate::graphql::persisted`), a scan of its text (tokens, bracket nesting, NUL;
//! `crate::graphql::tokens`), parsing (with a short syntax error), and the document
//! limits (`crate::graphql::limits`). Each step bounds the work of the next, so no
//! document costs more than the limits allow before async-graphql validates it.
//! [`run`] refuses variables holding NUL, executes, and shapes the answer: at most
//! `GRAPHQL_MAX_ERRORS` errors of at most `GRAPHQL_MAX_ERROR_LENGTH` characters, and the
//! nulls of failed non-null fields propagated as the GraphQL spec requires
//! (`crate::graphql::nulls`).

use async_graphql::parser::parse_query;
use async_graphql::{Request, Response, ServerError, Value, Variables};

use crate::config::ServerConfig;
use crate::error::{ApiError, codes};
use crate::graphql::limits::{DocumentLimits, refuse};
use crate::graphql::nulls::NonNullFields;
use crate::graphql::persisted::PersistedQueries;
use crate::graphql::{CrowdSchema, tokens};

/// Deepest bracket nesting of a document's text. The parser refuses selection sets
/// nested deeper than 64 anyway; this bounds the nesting of list and object values too,
/// which it parses by recursion.
pub const MAX_NESTING: usize = 64;

/// Why a request was not admitted.
#[derive(Debug)]
pub enum Refusal {
    /// The request itself is refused, with its own HTTP status.
    Request(ApiError),
    /// The document is refused: a GraphQL error, answered with HTTP 200.
    Document(ServerError),
}

/// What every GraphQL request goes through, built once with the schema.
pub struct Gate {
    limits: DocumentLimits,
    max_tokens: usize,
    max_errors: usize,
    max_error_length: usize,
    /// Documents of automatic persisted queries.
    pub persisted: PersistedQueries,
    nulls: NonNullFields,
}

impl Gate {
    /// The gate of `schema` with the limits of `config`.
    pub fn new(config: &ServerConfig, schema: &CrowdSchema) -> Self {
        Self {
            limits: DocumentLimits {
                max_aliases: config.graphql_max_aliases,
                max_directives: config.graphql_max_directives,
                max_selections: config.graphql_max_selections,
                max_depth: config.graphql_max_depth,
                max_introspection_lists: config.graphql_max_introspection_lists,
                introspection: config.graphql_introspection,
            },
            max_tokens: config.graphql_max_tokens,
            max_errors: config.graphql_max_errors,
            max_error_length: config.graphql_max_error_length,
            persisted: PersistedQueries::new(config.graphql_apq_cache_bytes),
            nulls: NonNullFields::of(schema),
        }
    }

    /// Takes a client's `request` through the checks before validation; the admitted
    /// request carries its parsed document.
    pub fn admit(&self, mut request: Request) -> Result<Request, Refusal> {
        let keep = self
            .persisted
            .resolve(&mut request)
            .map_err(Refusal::Request)?;
        let scan = tokens::scan(&request.query, self.max_tokens);
        if scan.has_nul {
            return Err(Refusal::Request(nul_refusal("the document")));
        }
        if scan.tokens > self.max_tokens || scan.nesting > MAX_NESTING {
            return Err(Refusal::Request(too_large(self.max_tokens)));
        }
        let document = parse_query(&request.query).map_err(|e| Refusal::Document(syntax(e)))?;
        self.limits.check(&document).map_err(Refusal::Document)?;
        if let Some(hash) = keep {
            self.persisted.insert(hash, &request.query);
        }
        request.set_parsed_query(document);
        Ok(request)
    }
}

/// Runs an admitted `request` (or one of the REST shim's own documents): refuses
/// variables holding NUL before anything reaches the database, then executes.
pub async fn run(
    schema: &CrowdSchema,
    gate: &Gate,
    mut request: Request,
) -> Result<Response, ApiError> {
    if variables_hold_nul(&request.variables) {
        return Err(nul_refusal("a variable"));
    }
    // The parsed document is executed; its text is kept to place errors if any.
    let text = std::mem::take(&mut request.query);
    let operation = request.operation_name.clone();
    let mut response = schema.execute(request).await;
    if !response.errors.is_empty() {
        gate.nulls
            .propagate(&mut response, &text, operation.as_deref());
        cap_errors(&mut response.errors, gate.max_errors, gate.max_error_length);
    }
    Ok(response)
}

fn nul_refusal(place: &str) -> ApiError {
    ApiError::new(
        codes::NUL_CHARACTER,
        "The request could not be processed.",
        format!("{place} holds the NUL character (U+0000), which no text may hold."),
    )
}

fn too_large(max_tokens: usize) -> ApiError {
    ApiError::new(
        codes::DOCUMENT_TOO_LARGE,
        "The request could not be processed.",
        format!(
            "The document is too large: at most {max_tokens} tokens and brackets nested \
             at most {MAX_NESTING} deep are allowed."
        ),
    )
}

// One short line with the position, instead of the parser's drawing of the source line.
fn syntax(err: async_graphql::parser::Error) -> ServerError {
    let positions: Vec<_> = err.positions().collect();
    let detail = match &err {
        async_graphql::parser::Error::Syntax { message, .. } => message
            .lines()
            .rev()
            .find_map(|l| l.trim_start().strip_prefix("= "))
            .unwrap_or("unexpected input")
            .to_owned(),
        other => other.to_string(),
    };
    let message = match positions.first() {
        Some(at) => format!(
            "Syntax error at line {}, column {}: {detail}.",
            at.line, at.column
        ),
        None => format!("Invalid document: {}", detail.trim_end_matches('.')),
    };
    let mut error = refuse(ApiError::new(
        codes::GRAPHQL_VALIDATION,
        "The request could not be processed.",
        message,
    ));
    error.locations = positions;
    error
}

fn variables_hold_nul(variables: &Variables) -> bool {
    variables
        .iter()
        .any(|(name, value)| name.contains('\0') || holds_nul(value))
}

fn holds_nul(value: &Value) -> bool {
    match value {
        Value::String(s) => s.contains('\0'),
        Value::List(items) => items.iter().any(holds_nul),
        Value::Object(fields) => fields.iter().any(|(k, v)| k.contains('\0') || holds_nul(v)),
        _ => false,
    }
}

/// Keeps the first `max` of `errors`, then one error saying how many were left out, and
/// cuts every message (and developer message) to `max_length` characters.
pub fn cap_errors(errors: &mut Vec<ServerError>, max: usize, max_length: usize) {
    if errors.len() > max {
        let left_out = errors.len() - max;
        errors.truncate(max);
        errors.push(refuse(ApiError::new(
            codes::ERRORS_LEFT_OUT,
            "The request could not be processed.",
            format!("{left_out} more errors were left out."),
        )));
    }
    for error in errors.iter_mut() {
        cut(&mut error.message, max_length);
        if let Some(ext) = error.extensions.as_mut()
            && let Some(Value::String(message)) = ext.get("developerMessage")
            && message.chars().count() > max_length
        {
            let mut message = message.clone();
            cut(&mut message, max_length);
            ext.set("developerMessage", message);
        }
    }
}

fn cut(text: &mut String, max_length: usize) {
    if let Some((at, _)) = text.char_indices().nth(max_length) {
        text.truncate(at);
        text.push('…');
    }
}

#[cfg(test)]
mod tests {
    use super::{cap_errors, cut};
    use async_graphql::ServerError;

    #[test]
    fn errors_are_capped_in_number_and_length() {
        let mut errors: Vec<_> = (0..30)
            .map(|i| ServerError::new(format!("error {i} {}", "x".repeat(100)), None))
            .collect();
        cap_errors(&mut errors, 5, 40);
        assert_eq!(errors.len(), 6);
        assert_eq!(errors[5].message, "25 more errors were left out.");
        assert_eq!(errors[0].message.chars().count(), 41);
        let mut text = String::from("ééé");
        cut(&mut text, 2);
        assert_eq!(text, "éé…");
    }
}
