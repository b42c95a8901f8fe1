//! GraphiQL served by this server alone: the page names no other origin, has a strict
//! Content-Security-Policy, and every asset it loads is served here, cached for good and
//! matching the integrity the page demands. (The browser test of scripts/test-tools.sh
//! loads it in Chromium with the network cut off.)

use base64::Engine as _;
use crowdgraph::error::codes;
use sha2::{Digest, Sha384};

use crate::common::TestApp;

/// The `(url, integrity)` of every `src`/`href` in `page` that carries an integrity.
fn subresources(page: &str) -> Vec<(String, String)> {
    page.split('<')
        .filter_map(|tag| {
            let url = attribute(tag, "src").or_else(|| attribute(tag, "href"))?;
            Some((url, attribute(tag, "integrity")?))
        })
        .collect()
}

fn attribute(tag: &str, name: &str) -> Option<String> {
    let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    let len = tag[start..].find('"')?;
    Some(tag[start..start + len].to_owned())
}

#[tokio::test]
async fn graphiql_is_served_with_the_network_header_preset() {
    let app = TestApp::new().await;
    let page = app.get("/graphiql?network=demo").await;
    assert_eq!(page.status, 200);
    assert!(
        page.text.contains(r#"data-network="demo""#),
        "header preset missing"
    );
    assert!(page.text.contains(r#"data-endpoint="/graphql""#));
    // A name that is not a valid network name is never echoed into the page.
    let page = app.get("/graphiql?network=%3Cimg%20src%3Dx%3E").await;
    assert_eq!(page.status, 200);
    assert!(!page.text.contains("data-network"));
    assert!(!page.text.contains("<img src=x>"));
}

#[tokio::test]
async fn the_graphiql_page_names_no_other_origin_and_allows_none() {
    let app = TestApp::new().await;
    let page = app.get("/graphiql").await;
    assert_eq!(page.status, 200);
    assert!(
        !page.text.contains("//"),
        "an absolute URL in the page: {}",
        page.text
    );
    let policy = page.headers["content-security-policy"].to_str().unwrap();
    assert_eq!(
        policy,
        "default-src 'none'; script-src 'self'; style-src 'self'; font-src 'self' data:; \
         img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; \
         frame-ancestors 'none'"
    );
    assert!(
        !page.text.contains("<script>"),
        "an inline script needs 'unsafe-inline'"
    );
    assert_eq!(page.headers["cache-control"], "no-cache");
    assert_eq!(page.headers["x-content-type-options"], "nosniff");
    assert!(
        page.headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
}

#[tokio::test]
async fn every_graphiql_asset_is_served_here_cached_and_as_pinned() {
    let app = TestApp::new().await;
    let page = app.get("/graphiql?network=demo").await;
    let assets = subresources(&page.text);
    // React, ReactDOM, GraphiQL, its stylesheet, and the page's own script and styles.
    assert_eq!(assets.len(), 6, "{}", page.text);
    for (url, integrity) in assets {
        assert!(url.starts_with("/graphiql/assets/"), "{url}");
        let asset = app.get(&url).await;
        assert_eq!(asset.status, 200, "{url}");
        assert_eq!(
            asset.headers["cache-control"], "public, max-age=31536000, immutable",
            "{url}"
        );
        assert_eq!(asset.headers["x-content-type-options"], "nosniff");
        let expected_type = if url.ends_with(".js") {
            "text/javascript; charset=utf-8"
        } else {
            "text/css; charset=utf-8"
        };
        assert_eq!(asset.headers["content-type"], expected_type, "{url}");
        let digest =
            base64::engine::general_purpose::STANDARD.encode(Sha384::digest(asset.text.as_bytes()));
        assert_eq!(integrity, format!("sha384-{digest}"), "{url}");
    }
}

#[tokio::test]
async fn the_pinned_graphiql_and_react_are_the_ones_served() {
    let app = TestApp::new().await;
    let page = app.get("/graphiql").await;
    let urls: Vec<String> = subresources(&page.text)
        .into_iter()
        .map(|(url, _)| url)
        .collect();
    for (stem, marker) in [
        ("react.production.min", "18.3.1"),
        ("react-dom.production.min", "18.3.1"),
        ("graphiql.min", "GraphiQL"),
    ] {
        let prefix = format!("/graphiql/assets/{stem}.");
        let url = urls
            .iter()
            .find(|u| u.starts_with(&prefix) && u.ends_with(".js"))
            .unwrap_or_else(|| panic!("no {stem} script in {urls:?}"));
        assert!(app.get(url).await.text.contains(marker), "{url}");
    }
}

#[tokio::test]
async fn an_unknown_graphiql_asset_is_a_404() {
    let app = TestApp::new().await;
    let response = app.get("/graphiql/assets/graphiql.min.0000.js").await;
    assert_eq!(response.status, 404);
    assert_eq!(
        response.json["data"]["code"],
        codes::NOT_FOUND.number(),
        "{}",
        response.text
    );
    let response = app.get("/graphiql/assets/../../graphql").await;
    assert_eq!(response.status, 404, "{}", response.text);
}
