//! The `/v1/{network}/…` REST compatibility shim (`docs/rest.md`): every route of the
//! platform reference manual's route list is a row of [`table::ROUTES`] that runs one
//! GraphQL document from `documents/` in-process, against the same schema and with the
//! same viewer as `/graphql`. No rule lives here: only renaming (snake_case keys, integer
//! enum codes), the list query syntax, and the response envelopes (`docs/errors.md`).

pub mod convert;
pub mod document;
pub mod numbers;
pub mod openapi;
pub mod query;
pub mod route;
pub mod table;

use std::collections::{BTreeMap, HashMap};

use axum::Extension;
use axum::Json;
use axum::Router;
use axum::body::Body;
use axum::extract::{Path, RawQuery, State};
use axum::http::header::CONTENT_TYPE;
use axum::http::{HeaderMap, Method};
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodFilter, MethodRouter, get, on};
use serde_json::{Map, Value, json};

use crate::app::AppState;
use crate::error::{ApiError, codes};
use crate::graphql::loaders::DbLoader;
use crate::http::credentials::{ClientAddr, resolve_request};
use route::{Input, Route};

/// The REST routes, ready to merge into the service router.
pub fn router() -> Router<AppState> {
    // Builds every document now: a broken one stops the start, and no request waits
    // for a document to be built.
    for document in table::ROUTES.iter().filter_map(|route| route.document) {
        document.parsed();
    }
    let mut by_path: BTreeMap<String, MethodRouter<AppState>> = BTreeMap::new();
    for route in table::ROUTES {
        let filter = MethodFilter::try_from(route.method.clone())
            .unwrap_or_else(|_| panic!("unsupported method in the route table: {}", route.method));
        let handler = move |state: State<AppState>,
                            client: Extension<ClientAddr>,
                            params: Path<HashMap<String, String>>,
                            raw: RawQuery,
                            headers: HeaderMap,
                            body: Body| {
            handle(route, state, client, params, raw, headers, body)
        };
        let path = format!("/v1/{{network}}{}", route.path);
        let entry = by_path.remove(&path).unwrap_or_default();
        by_path.insert(path, entry.merge(on(filter, handler)));
    }
    let mut router = Router::new().route("/v1/openapi.json", get(openapi::get_openapi));
    for (path, methods) in by_path {
        router = router.route(&path, methods);
    }
    router
}

/// The success envelope.
pub fn success(data: Value) -> Response {
    Json(json!({ "outcome": "success", "status": 200, "data": data })).into_response()
}

async fn handle(
    route: &'static Route,
    State(state): State<AppState>,
    Extension(client): Extension<ClientAddr>,
    Path(mut params): Path<HashMap<String, String>>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let network = params.remove("network").unwrap_or_default();
    match run(
        route, &state, &client, &network, params, raw, &headers, body,
    )
    .await
    {
        Ok(data) => success(data),
        Err(err) => err.into_response(),
    }
}

#[allow(clippy::too_many_arguments)]
async fn run(
    route: &'static Route,
    state: &AppState,
    client: &ClientAddr,
    network: &str,
    path: HashMap<String, String>,
    raw_query: Option<String>,
    headers: &HeaderMap,
    body: Body,
) -> Result<Value, ApiError> {
    let Some(document) = route.document else {
        return Err(not_enabled(route));
    };
    let (body, numbers) = read_body(state, &route.method, headers, body).await?;
    let query = url::form_urlencoded::parse(raw_query.as_deref().unwrap_or("").as_bytes())
        .into_owned()
        .collect();
    let input = Input {
        path,
        query,
        body,
        numbers,
    };
    let variables = (route.vars)(&input)?;
    let path = input.path;
    let ctx = resolve_request(state, headers, Some(network), client).await?;
    let network_id = ctx.network()?.id;
    let mut request = async_graphql::Request::new(document.text());
    request.set_parsed_query(document.parsed().clone());
    let request = request
        .variables(async_graphql::Variables::from_json(variables))
        .data(DbLoader::for_request(state.pool.clone(), network_id))
        .data(ctx)
        .data(state.clone());
    let response = crate::graphql::gate::run(&state.schema, &state.gate, request).await?;
    if let Some(error) = response.errors.first() {
        return Err(from_graphql_error(error));
    }
    Ok(route.output.apply(response.data, network, &path))
}

/// The `ApiError` a GraphQL error stands for; errors raised by async-graphql itself
/// (a variable of the wrong type, say) are 400s that keep its message, which names the
/// offending field.
fn from_graphql_error(error: &async_graphql::ServerError) -> ApiError {
    let ext = error.extensions.as_ref();
    let get = |key: &str| ext.and_then(|e| e.get(key)).cloned();
    let number = |key: &str| match get(key) {
        Some(async_graphql::Value::Number(n)) => n.as_u64(),
        _ => None,
    };
    let text = |key: &str| match get(key) {
        Some(async_graphql::Value::String(s)) => Some(s),
        _ => None,
    };
    match (number("code"), number("status")) {
        (Some(code), Some(status)) => ApiError::from_parts(
            u32::try_from(code).unwrap_or(codes::INTERNAL.number()),
            u16::try_from(status).unwrap_or(500),
            text("userMessage").unwrap_or_default(),
            text("developerMessage").unwrap_or_default(),
        ),
        _ => ApiError::bad_request(error.message.clone()),
    }
}

/// The JSON body object, with the literal text of its top-level numbers.
async fn read_body(
    state: &AppState,
    method: &Method,
    headers: &HeaderMap,
    body: Body,
) -> Result<(Map<String, Value>, HashMap<String, String>), ApiError> {
    if matches!(*method, Method::GET | Method::DELETE) {
        return Ok(Default::default());
    }
    let max = state.config.max_body_bytes;
    let bytes = axum::body::to_bytes(body, max)
        .await
        .map_err(|_| crate::http::graphql::payload_too_large(max))?;
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(Default::default());
    }
    let content_type = headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if !content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .eq_ignore_ascii_case("application/json")
    {
        return Err(ApiError::new(
            codes::UNSUPPORTED_MEDIA_TYPE,
            "The request could not be processed.",
            "Send the body as JSON with Content-Type: application/json.",
        ));
    }
    numbers::parse_object(&bytes)
}

fn not_enabled(route: &Route) -> ApiError {
    ApiError::new(
        codes::NOT_ENABLED,
        "This feature is not available on this platform.",
        format!(
            "{} {} belongs to an integration that is not configured for this network.",
            route.method, route.path
        ),
    )
}
