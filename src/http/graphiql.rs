//! GraphiQL (`GET /graphiql`) served entirely by this server: the page and its pinned
//! GraphiQL and React bundles (`GET /graphiql/assets/{name}`), embedded in the binary at
//! build time (`build.rs`, docs/http.md "GraphiQL"). The page's Content-Security-Policy
//! names no other origin, so it works offline and behind a strict network policy.

use axum::extract::{Path, Query};
use axum::http::header::{
    CACHE_CONTROL, CONTENT_SECURITY_POLICY, CONTENT_TYPE, REFERRER_POLICY, X_CONTENT_TYPE_OPTIONS,
};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use crate::error::{ApiError, codes};
use crate::models::network::Network;

/// Where the assets are served; each asset's name carries a hash of its content.
pub const ASSETS_PATH: &str = "/graphiql/assets";

/// The policy of the page: scripts, styles and requests of this origin only (fonts and
/// icons may also be `data:` URLs, which GraphiQL's stylesheet embeds), no framing.
pub const PAGE_POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self'; \
     font-src 'self' data:; img-src 'self' data:; connect-src 'self'; base-uri 'none'; \
     form-action 'none'; frame-ancestors 'none'";

/// Asset names change with their content, so a browser may keep them for a year.
pub const ASSET_CACHE: &str = "public, max-age=31536000, immutable";

/// One embedded browser asset.
#[derive(Debug)]
pub struct Asset {
    /// What the page calls it (`react`, `graphiql-css`, …).
    pub key: &'static str,
    /// File name under [`ASSETS_PATH`], with a hash of the content.
    pub name: &'static str,
    /// `Content-Type` it is served with.
    pub content_type: &'static str,
    /// Subresource Integrity of the content (`sha384-…`), checked by the browser.
    pub integrity: &'static str,
    /// The content.
    pub bytes: &'static [u8],
}

/// Every embedded asset (the table `build.rs` writes from the pinned packages).
pub const ASSETS: &[Asset] = include!(concat!(env!("OUT_DIR"), "/graphiql_assets.rs"));

/// Query string of `GET /graphiql`.
#[derive(Debug, Deserialize)]
pub struct GraphiqlParams {
    /// Network to preset as the `network` header of every request GraphiQL sends.
    pub network: Option<String>,
}

/// `GET /graphiql`: the in-browser IDE, preset to send the `network` header.
pub async fn get_graphiql(Query(params): Query<GraphiqlParams>) -> Response {
    // Only a valid name goes into the page, so nothing a visitor types lands in the HTML.
    let network = params.network.filter(|n| Network::is_valid_name(n));
    let mut response = page(network.as_deref()).into_response();
    let headers = response.headers_mut();
    headers.insert(
        CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    headers.insert(
        CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(PAGE_POLICY),
    );
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    headers.insert(REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    response
}

/// `GET /graphiql/assets/{name}`: one embedded asset, cached for good; 404 otherwise.
pub async fn get_graphiql_asset(Path(name): Path<String>) -> Response {
    let Some(asset) = ASSETS.iter().find(|a| a.name == name) else {
        return ApiError::new(
            codes::NOT_FOUND,
            "Not found.",
            format!("No GraphiQL asset named {name:?}."),
        )
        .into_response();
    };
    (
        StatusCode::OK,
        [
            (CONTENT_TYPE, asset.content_type),
            (CACHE_CONTROL, ASSET_CACHE),
            (X_CONTENT_TYPE_OPTIONS, "nosniff"),
        ],
        asset.bytes,
    )
        .into_response()
}

fn asset(key: &str) -> &'static Asset {
    ASSETS
        .iter()
        .find(|a| a.key == key)
        .expect("build.rs embeds every asset the page names")
}

fn script(key: &str) -> String {
    let a = asset(key);
    format!(
        r#"<script src="{ASSETS_PATH}/{}" integrity="{}"></script>"#,
        a.name, a.integrity
    )
}

fn stylesheet(key: &str) -> String {
    let a = asset(key);
    format!(
        r#"<link rel="stylesheet" href="{ASSETS_PATH}/{}" integrity="{}">"#,
        a.name, a.integrity
    )
}

fn page(network: Option<&str>) -> String {
    // A valid network name is letters, digits and dashes: nothing to escape.
    let network = network
        .map(|n| format!(r#" data-network="{n}""#))
        .unwrap_or_default();
    format!(
        r#"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="robots" content="noindex">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>crowdgraph GraphiQL</title>
<link rel="icon" href="data:,">
{graphiql_css}
{page_css}
</head>
<body>
<div id="graphiql" data-endpoint="/graphql"{network}>Loading…</div>
{react}
{react_dom}
{graphiql}
{page_js}
</body>
</html>
"#,
        graphiql_css = stylesheet("graphiql-css"),
        page_css = stylesheet("page-css"),
        react = script("react"),
        react_dom = script("react-dom"),
        graphiql = script("graphiql"),
        page_js = script("page"),
    )
}
