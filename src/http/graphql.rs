//! The GraphQL endpoint (`POST`/`GET /graphql`); GraphiQL is in [`super::graphiql`].
//!
//! Transport rules applied before a document reaches the schema:
//! - POST bodies must be `application/json`, at most `MAX_BODY_BYTES` (413 past it);
//! - GET carries queries only: a mutation sent by GET is a 405 with `Allow: POST`;
//! - CSRF: a request a browser could send cross-site without a CORS preflight (GET, or a
//!   POST with a form or text content type) needs one of the headers in
//!   [`PREFLIGHT_HEADERS`], so a foreign page can never trigger it;
//! - batching is not accepted (one operation per request).
//!
//! Errors found before execution are answered with their own HTTP status; errors inside
//! an executed operation come with 200 and are carried in `errors[].extensions`.

use async_graphql::parser::types::OperationType;
use axum::Extension;
use axum::Json;
use axum::body::{Body, Bytes};
use axum::extract::{RawQuery, State};
use axum::http::header::{ALLOW, CONTENT_TYPE};
use axum::http::{HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use crate::app::AppState;
use crate::auth::viewer::RequestCtx;
use crate::db::metrics::StatementCounter;
use crate::domain::idempotency::graphql_answer_status;
use crate::error::{ApiError, codes, set_extensions};
use crate::graphql::gate::{self, Refusal};
use crate::graphql::loaders::DbLoader;
use crate::graphql::persisted::apollo_names;
use crate::http::credentials::ClientAddr;
use crate::http::idempotency::{self, AnswerStatus, Keyed, Transport};
use crate::metrics::OperationLabel;

/// Headers that prove the request went through a CORS preflight (browsers only send
/// custom headers cross-site after one).
pub const PREFLIGHT_HEADERS: &[&str] = &["x-requested-with", "apollo-require-preflight"];

/// `POST /graphql`: runs one GraphQL operation sent as JSON.
pub async fn post_graphql(
    State(state): State<AppState>,
    Extension(client): Extension<ClientAddr>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let (request, bytes) = match read_post(&state, &headers, body).await {
        Ok(read) => read,
        Err(err) => return graphql_error_response(&err),
    };
    let mut request = match state.gate.admit(request) {
        Ok(request) => request,
        Err(refusal) => return refusal_response(refusal),
    };
    // Only a mutation is guarded by its key; a query with one just runs.
    let mut keyed = None;
    if headers.contains_key(idempotency::KEY_HEADER) && is_mutation(&mut request) {
        let key = match idempotency::key_of(&headers) {
            Ok(key) => key,
            Err(err) => return graphql_error_response(&err),
        };
        let query = raw.as_deref().unwrap_or("");
        keyed = key.map(|key| idempotency::keyed(key, "POST", "/graphql", query, &bytes));
    }
    execute(&state, &headers, &client, request, keyed).await
}

/// `GET /graphql?query=…`: runs one query (never a mutation) from the query string.
pub async fn get_graphql(
    State(state): State<AppState>,
    Extension(client): Extension<ClientAddr>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Response {
    if let Err(err) = check_csrf(&headers) {
        return graphql_error_response(&err);
    }
    let request = match async_graphql::http::parse_query_string(raw.as_deref().unwrap_or("")) {
        Ok(request) => request,
        Err(e) => {
            return graphql_error_response(&ApiError::bad_request(format!(
                "The query string is not a GraphQL request: {e}"
            )));
        }
    };
    // Admitted first: the document may come from a persisted query, and is parsed only
    // once it is known to be within the limits.
    let mut request = match state.gate.admit(request) {
        Ok(request) => request,
        Err(refusal) => return refusal_response(refusal),
    };
    if is_mutation(&mut request) {
        let err = ApiError::new(
            codes::METHOD_NOT_ALLOWED,
            "The request could not be processed.",
            "Mutations must be sent with POST; GET carries queries only.",
        );
        let mut response = graphql_error_response(&err);
        response
            .headers_mut()
            .insert(ALLOW, HeaderValue::from_static("POST"));
        return response;
    }
    execute(&state, &headers, &client, request, None).await
}

fn refusal_response(refusal: Refusal) -> Response {
    match refusal {
        Refusal::Request(err) => graphql_error_response(&err),
        Refusal::Document(mut error) => {
            classify(&mut error);
            Json(async_graphql::Response::from_errors(vec![error])).into_response()
        }
    }
}

async fn read_post(
    state: &AppState,
    headers: &HeaderMap,
    body: Body,
) -> Result<(async_graphql::Request, Bytes), ApiError> {
    let content_type = headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    let essence = content_type.split(';').next().unwrap_or("").trim();
    if essence != "application/json" {
        check_csrf(headers)?;
        return Err(ApiError::new(
            codes::UNSUPPORTED_MEDIA_TYPE,
            "The request could not be processed.",
            "POST /graphql takes a JSON body with Content-Type: application/json.",
        ));
    }
    let max = state.config.max_body_bytes;
    let bytes = axum::body::to_bytes(body, max)
        .await
        .map_err(|_| payload_too_large(max))?;
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ApiError::bad_request("The request body is empty."));
    }
    if bytes.first() == Some(&b'[') {
        return Err(ApiError::bad_request(
            "Batched requests are not accepted: send one operation per request.",
        ));
    }
    let request = serde_json::from_slice(&bytes).map_err(|e| {
        ApiError::bad_request(format!("The body is not a valid GraphQL request: {e}"))
    })?;
    Ok((request, bytes))
}

/// The 413 for a body over `max` bytes.
pub fn payload_too_large(max: usize) -> ApiError {
    ApiError::new(
        codes::PAYLOAD_TOO_LARGE,
        "The request is too large.",
        format!("The request body exceeds the limit of {max} bytes."),
    )
}

/// Refuses a request a browser could have sent cross-site without a preflight.
pub fn check_csrf(headers: &HeaderMap) -> Result<(), ApiError> {
    if PREFLIGHT_HEADERS
        .iter()
        .any(|h| headers.get(*h).is_some_and(|v| !v.is_empty()))
    {
        return Ok(());
    }
    Err(ApiError::new(
        codes::CSRF_REFUSED,
        "The request could not be processed.",
        "This request could have been sent cross-site by a browser: send GraphQL as a POST \
         with Content-Type: application/json, or add the header `x-requested-with`.",
    ))
}

/// Whether the operation an admitted `request` selects is a mutation.
fn is_mutation(request: &mut async_graphql::Request) -> bool {
    let wanted = request.operation_name.clone();
    let Ok(document) = request.parsed_query() else {
        return false;
    };
    document.operations.iter().any(|(name, op)| {
        let selected = match (&wanted, name) {
            (Some(wanted), Some(name)) => wanted.as_str() == name.as_str(),
            (None, _) => true,
            (Some(_), None) => false,
        };
        selected && op.node.ty == OperationType::Mutation
    })
}

async fn execute(
    state: &AppState,
    headers: &HeaderMap,
    client: &ClientAddr,
    request: async_graphql::Request,
    keyed: Option<Keyed>,
) -> Response {
    let ctx = match crate::http::credentials::resolve_request(state, headers, None, client).await {
        Ok(ctx) => ctx,
        Err(err) => return graphql_error_response(&err),
    };
    let run = run_operation(state, headers, request, ctx.clone());
    idempotency::guard(state, &ctx, keyed, Transport::Graphql, run).await
}

async fn run_operation(
    state: &AppState,
    headers: &HeaderMap,
    request: async_graphql::Request,
    ctx: RequestCtx,
) -> Response {
    let operation = format!(
        "graphql:{}",
        request.operation_name.as_deref().unwrap_or("anonymous")
    );
    // Statements per request (`crate::db::metrics`): the metrics middleware's counter,
    // which also holds the statements of resolving the credentials.
    let counter = StatementCounter::current().unwrap_or_default();
    let result = counter
        .clone()
        .scope(async {
            let mut request = request;
            if let Some(network) = &ctx.network {
                request = request.data(DbLoader::for_request(state.pool.clone(), network.id));
            }
            gate::run(&state.schema, &state.gate, request.data(ctx)).await
        })
        .await;
    let mut response = match result {
        Ok(response) => response,
        Err(err) => return graphql_error_response(&err),
    };
    tracing::debug!(statements = counter.get(), "graphql request");
    for error in &mut response.errors {
        classify(error);
    }
    let debug = state.config.graphql_debug_sql
        || headers
            .get("x-debug-sql")
            .is_some_and(|v| v.as_bytes() == b"1" || v.as_bytes() == b"true");
    if debug {
        let sql = async_graphql::Value::from_json(serde_json::json!({
            "statements": counter.get(),
            "dbTimeMs": counter.db_time().as_secs_f64() * 1000.0,
        }))
        .unwrap_or_default();
        response.extensions.insert("sql".to_owned(), sql);
    }
    let status = answer_status(&response);
    let mut http = Json(response).into_response();
    http.extensions_mut().insert(OperationLabel(operation));
    http.extensions_mut().insert(status);
    http
}

/// What a GraphQL answer counts as for keeping it under an `Idempotency-Key`.
fn answer_status(response: &async_graphql::Response) -> AnswerStatus {
    let ran = match &response.data {
        async_graphql::Value::Object(fields) => {
            fields.values().any(|v| *v != async_graphql::Value::Null)
        }
        _ => false,
    };
    let statuses: Vec<u16> = response
        .errors
        .iter()
        .map(|e| {
            let status = match e.extensions.as_ref().and_then(|x| x.get("status")) {
                Some(async_graphql::Value::Number(n)) => n.as_u64(),
                _ => None,
            };
            status.and_then(|n| u16::try_from(n).ok()).unwrap_or(400)
        })
        .collect();
    AnswerStatus(graphql_answer_status(ran, &statuses))
}

/// Gives an error that async-graphql raised itself (parse, validation, limits) the same
/// extensions our own errors carry.
fn classify(error: &mut async_graphql::ServerError) {
    if error
        .extensions
        .as_ref()
        .is_some_and(|e| e.get("code").is_some())
    {
        return;
    }
    let code = match error.message.as_str() {
        "Query is nested too deep." => codes::QUERY_TOO_DEEP,
        "Query is too complex." => codes::QUERY_TOO_COMPLEX,
        _ => codes::GRAPHQL_VALIDATION,
    };
    let err = ApiError::new(
        code,
        "The request could not be processed.",
        error.message.clone(),
    );
    set_extensions(&mut error.extensions, &err);
}

/// A GraphQL-shaped response for an error found before execution, with its HTTP status.
/// A persisted-query answer Apollo's clients act on carries their message and string
/// code, with our number in `extensions.number`.
pub fn graphql_error_response(err: &ApiError) -> Response {
    let mut error = json!({
        "message": err.user_message,
        "extensions": {
            "code": err.code,
            "status": err.status,
            "userMessage": err.user_message,
            "developerMessage": err.developer_message,
        }
    });
    if let Some((message, code)) = apollo_names(err.code) {
        error["message"] = json!(message);
        error["extensions"]["code"] = json!(code);
        error["extensions"]["number"] = json!(err.code);
    }
    let body = json!({ "errors": [error] });
    (err.status_code(), Json(body)).into_response()
}
