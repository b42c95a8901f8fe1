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
use axum::body::{Body, Bytes};
use axum::extract::{Path, RawQuery, State};
use axum::http::header::CONTENT_TYPE;
use axum::http::{HeaderMap, Method, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodFilter, MethodRouter, get, on};
use serde_json::{Map, Value, json};

use crate::app::AppState;
use crate::auth::viewer::RequestCtx;
use crate::error::{ApiError, codes};
use crate::graphql::loaders::DbLoader;
use crate::http::credentials::{ClientAddr, resolve_request};
use crate::http::idempotency::{self, Keyed, Transport};
use document::Document;
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
                            uri: Uri,
                            headers: HeaderMap,
                            body: Body| {
            handle(route, state, client, params, raw, uri, headers, body)
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

#[allow(clippy::too_many_arguments)]
async fn handle(
    route: &'static Route,
    State(state): State<AppState>,
    Extension(client): Extension<ClientAddr>,
    Path(mut params): Path<HashMap<String, String>>,
    RawQuery(raw): RawQuery,
    uri: Uri,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let network = params.remove("network").unwrap_or_default();
    let raw = raw.unwrap_or_default();
    let prepared = prepare(
        route, &state, &client, &network, params, &raw, &uri, &headers, body,
    )
    .await;
    let Prepared {
        document,
        variables,
        path,
        ctx,
        keyed,
    } = match prepared {
        Ok(prepared) => prepared,
        Err(err) => return err.into_response(),
    };
    let run = async {
        match execute(&state, document, variables, ctx.clone()).await {
            Ok(data) => success(route.output.apply(data, &network, &path)),
            Err(err) => err.into_response(),
        }
    };
    idempotency::guard(&state, &ctx, keyed, Transport::Rest, run).await
}

/// A request ready to run: its document and variables, the viewer, and its key.
struct Prepared {
    document: Document,
    variables: Value,
    path: HashMap<String, String>,
    ctx: RequestCtx,
    keyed: Option<Keyed>,
}

/// Everything before running: the key of a write, the body, the variables and the viewer.
#[allow(clippy::too_many_arguments)]
async fn prepare(
    route: &'static Route,
    state: &AppState,
    client: &ClientAddr,
    network: &str,
    path: HashMap<String, String>,
    raw_query: &str,
    uri: &Uri,
    headers: &HeaderMap,
    body: Body,
) -> Result<Prepared, ApiError> {
    let key = if route.method == Method::GET {
        None
    } else {
        idempotency::key_of(headers)?
    };
    let Some(document) = route.document else {
        return Err(not_enabled(route));
    };
    let bytes = read_bytes(state, &route.method, body).await?;
    let (body, numbers) = parse_body(headers, &bytes)?;
    let query = url::form_urlencoded::parse(raw_query.as_bytes())
        .into_owned()
        .collect();
    let input = Input {
        path,
        query,
        body,
        numbers,
    };
    let variables = (route.vars)(&input)?;
    let ctx = resolve_request(state, headers, Some(network), client).await?;
    ctx.network()?;
    let keyed = key
        .map(|key| idempotency::keyed(key, route.method.as_str(), uri.path(), raw_query, &bytes));
    Ok(Prepared {
        document,
        variables,
        path: input.path,
        ctx,
        keyed,
    })
}

/// Runs the route's document as the viewer of `ctx`; its `data`.
async fn execute(
    state: &AppState,
    document: Document,
    variables: Value,
    ctx: RequestCtx,
) -> Result<async_graphql::Value, ApiError> {
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
    Ok(response.data)
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

/// The body of a request that has one (bounded by `MAX_BODY_BYTES`).
async fn read_bytes(state: &AppState, method: &Method, body: Body) -> Result<Bytes, ApiError> {
    if matches!(*method, Method::GET | Method::DELETE) {
        return Ok(Bytes::new());
    }
    let max = state.config.max_body_bytes;
    axum::body::to_bytes(body, max)
        .await
        .map_err(|_| crate::http::graphql::payload_too_large(max))
}

/// A JSON body object and the literal text of its top-level numbers.
type JsonBody = (Map<String, Value>, HashMap<String, String>);

/// The JSON body object, with the literal text of its top-level numbers.
fn parse_body(headers: &HeaderMap, bytes: &[u8]) -> Result<JsonBody, ApiError> {
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
    numbers::parse_object(bytes)
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
