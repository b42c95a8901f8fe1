//! Reading a request's credentials and client address, shared by GraphQL and REST.

use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, Request, State};
use axum::http::header::{AUTHORIZATION, USER_AGENT};
use axum::http::{HeaderMap, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;

use crate::app::AppState;
use crate::auth::viewer::{self, Credentials, RequestCtx};
use crate::config::TrustedProxies;
use crate::error::ApiResult;

/// The client's address as the service sees it: the peer, or behind the proxies of
/// `TRUSTED_PROXIES` the right-most `X-Forwarded-For` entry that is not one of them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientAddr(pub String);

/// Middleware storing [`ClientAddr`] in the request extensions.
pub async fn record_client_addr(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(addr)| addr.ip());
    let addr = match peer {
        Some(peer) => {
            let forwarded = request.headers().get_all("x-forwarded-for");
            client_ip(peer, forwarded.iter(), &state.config.trusted_proxies).to_string()
        }
        None => "unknown".to_owned(),
    };
    request.extensions_mut().insert(ClientAddr(addr));
    next.run(request).await
}

/// The client of a request from `peer`: walking the `X-Forwarded-For` entries from the
/// right (each appended by the hop before), the first address that is not a trusted
/// proxy. Entries left of it were written by the client and are never believed. An entry
/// that is not an address ends the walk at the last trusted hop.
pub fn client_ip<'a>(
    peer: IpAddr,
    forwarded: impl DoubleEndedIterator<Item = &'a HeaderValue>,
    trusted: &TrustedProxies,
) -> IpAddr {
    let is_trusted = |ip: &IpAddr| trusted.contains(ip);
    let mut client = peer.to_canonical();
    if !is_trusted(&client) {
        return client;
    }
    let entries: Vec<&str> = forwarded
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .collect();
    for entry in entries.into_iter().rev() {
        let Some(ip) = parse_entry(entry.trim()) else {
            return client;
        };
        client = ip;
        if !is_trusted(&client) {
            break;
        }
    }
    client
}

/// An `X-Forwarded-For` entry: an address, possibly with a port (`1.2.3.4:5`, `[::1]:5`).
fn parse_entry(entry: &str) -> Option<IpAddr> {
    entry
        .parse::<IpAddr>()
        .or_else(|_| entry.parse::<SocketAddr>().map(|s| s.ip()))
        .ok()
        .map(|ip| ip.to_canonical())
}

/// Resolves the network and viewer of a request from its headers (and, for REST, the
/// network of its path).
pub async fn resolve_request(
    state: &AppState,
    headers: &HeaderMap,
    path_network: Option<&str>,
    client: &ClientAddr,
) -> ApiResult<RequestCtx> {
    let header = |name| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::trim)
    };
    let bearer = header(AUTHORIZATION.as_str()).and_then(|v| {
        v.strip_prefix("Bearer ")
            .or_else(|| v.strip_prefix("bearer "))
            .map(str::trim)
    });
    let creds = Credentials {
        path_network,
        network_header: header("network").filter(|v| !v.is_empty()),
        bearer,
        cv_auth: header("cv-auth").filter(|v| !v.is_empty()),
        client_addr: &client.0,
        user_agent: header(USER_AGENT.as_str()),
    };
    let mut ctx = viewer::resolve(state.auth(), &creds).await?;
    ctx.request_id = header("x-request-id").and_then(|id| id.parse().ok());
    Ok(ctx)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    fn client(peer: &str, headers: &[&str], trusted: &[&str]) -> String {
        let values: Vec<HeaderValue> = headers
            .iter()
            .map(|h| HeaderValue::from_str(h).unwrap())
            .collect();
        let trusted = TrustedProxies::parse(&trusted.join(",")).unwrap();
        client_ip(ip(peer), values.iter(), &trusted).to_string()
    }

    #[test]
    fn only_configured_hops_are_believed() {
        let lb = ["10.0.0.0/8"];
        let cases: &[(&str, &[&str], &[&str], &str)] = &[
            // No trusted proxies: the header is ignored.
            ("203.0.113.9", &["1.1.1.1"], &[], "203.0.113.9"),
            // A peer that is not a trusted proxy cannot forward.
            ("203.0.113.9", &["1.1.1.1"], &lb, "203.0.113.9"),
            // Behind the proxy: its entry, not the client's spoofed leftmost ones.
            ("10.0.0.2", &["6.6.6.6, 203.0.113.9"], &lb, "203.0.113.9"),
            ("10.0.0.2", &["6.6.6.6", "203.0.113.9"], &lb, "203.0.113.9"),
            // Two trusted hops.
            (
                "10.0.0.2",
                &["6.6.6.6, 203.0.113.9, 10.1.2.3"],
                &lb,
                "203.0.113.9",
            ),
            // Every entry trusted: the leftmost.
            ("10.0.0.2", &["10.9.9.9"], &lb, "10.9.9.9"),
            // No header: the proxy itself.
            ("10.0.0.2", &[], &lb, "10.0.0.2"),
            // Garbage written next to a trusted hop stops at that hop.
            ("10.0.0.2", &["6.6.6.6, nonsense"], &lb, "10.0.0.2"),
            ("10.0.0.2", &["[2001:db8::1]:443"], &lb, "2001:db8::1"),
            (
                "::ffff:10.0.0.2",
                &["198.51.100.4:80"],
                &["10.0.0.2"],
                "198.51.100.4",
            ),
        ];
        for (peer, headers, trusted, want) in cases {
            assert_eq!(&client(peer, headers, trusted), want, "{peer} {headers:?}");
        }
    }

    #[test]
    fn proxy_lists_parse_or_name_the_bad_entry() {
        let list = TrustedProxies::parse(" 10.0.0.0/8, ,192.168.1.7,2001:db8::/32 ").unwrap();
        assert_eq!(list.0.len(), 3);
        assert!(list.contains(&ip("10.200.0.1")));
        assert!(!list.contains(&ip("192.168.1.8")));
        assert_eq!(
            TrustedProxies::parse("").unwrap(),
            TrustedProxies::default()
        );
        let err = TrustedProxies::parse("10.0.0.1,proxy.local").unwrap_err();
        assert!(err.contains("\"proxy.local\""), "{err}");
    }
}
