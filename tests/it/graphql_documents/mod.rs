//! GraphQL documents (#12): work bounds before validation, error output, NUL characters,
//! standard clients at the defaults (introspection, null propagation, persisted queries).

mod bounds;
mod errors;
mod nul;
mod persisted;
mod standard;

use std::net::SocketAddr;

use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::common::TestApp;

/// A document of `levels` fragments, each spreading the one before twice: 2^levels
/// fields once expanded, from a few hundred bytes.
pub fn doubling_bomb(levels: usize) -> String {
    let mut doc = format!("{{ ...F{levels} }}\nfragment F0 on QueryRoot {{ __typename }}");
    for i in 1..=levels {
        doc.push_str(&format!(
            "\nfragment F{i} on QueryRoot {{ ...F{j} ...F{j} }}",
            j = i - 1
        ));
    }
    doc
}

/// Serves `app` on a real socket until the test ends; returns its address.
pub async fn serve(app: &TestApp) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let state = app.state.clone();
    tokio::spawn(crowdgraph::server::serve(
        state,
        listener,
        std::future::pending(),
    ));
    addr
}

/// One HTTP/1.1 exchange over a fresh connection: the status and the body.
pub async fn http(addr: SocketAddr, method: &str, path: &str, body: &str) -> (u16, String) {
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let request = format!(
        "{method} {path} HTTP/1.1\r\nhost: test\r\nconnection: close\r\n\
         content-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).await.unwrap();
    let text = String::from_utf8_lossy(&raw).into_owned();
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_owned())
        .unwrap_or_default();
    (status, body)
}
