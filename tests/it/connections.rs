//! Slow clients and shutdown (#12 item 6), on a real server and raw sockets: header read
//! and idle timeouts, the connection cap, and a shutdown that closes what has no request
//! in flight at once and waits only for what does.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use crowdgraph::config::ServerConfig;
use crowdgraph::error::codes;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::common::TestApp;
use crate::common::server::{self, Server};

/// A server whose connection settings are adjusted by `adjust` (everything large unless
/// a test makes it small).
async fn serve_with(adjust: impl FnOnce(&mut ServerConfig)) -> (TestApp, Server) {
    let app = TestApp::with_config(|c, _| {
        c.http_header_read_timeout_ms = 10_000;
        c.http_idle_timeout_ms = 10_000;
        c.shutdown_grace_ms = 10_000;
        adjust(c);
    })
    .await;
    let server = server::start(app.state.clone()).await;
    (app, server)
}

/// Waits until the server closes `stream` (reading and dropping whatever it sends) and
/// says how long that took; panics past `limit`.
async fn closed_within(stream: &mut TcpStream, limit: Duration) -> Duration {
    let started = Instant::now();
    let mut sink = Vec::new();
    tokio::time::timeout(limit, stream.read_to_end(&mut sink))
        .await
        .unwrap_or_else(|_| panic!("the connection was still open after {limit:?}"))
        .ok();
    started.elapsed()
}

/// Reads one response of a keep-alive connection (headers and a `content-length` body).
async fn read_response(stream: &mut TcpStream) -> String {
    let mut raw = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        let n = stream.read(&mut chunk).await.unwrap();
        assert!(n > 0, "closed before a whole response");
        raw.extend_from_slice(&chunk[..n]);
        let text = String::from_utf8_lossy(&raw).into_owned();
        if let Some((head, body)) = text.split_once("\r\n\r\n") {
            let length = head
                .lines()
                .find_map(|l| {
                    l.to_ascii_lowercase()
                        .strip_prefix("content-length:")
                        .map(|v| v.trim().parse::<usize>().unwrap())
                })
                .unwrap_or(0);
            if body.len() >= length {
                return text;
            }
        }
    }
}

async fn healthz_status(addr: SocketAddr) -> u16 {
    server::request(addr, "GET", "/healthz", &[], "")
        .await
        .status
}

#[tokio::test]
async fn partial_headers_are_closed_after_the_header_read_timeout() {
    let (_app, server) = serve_with(|c| c.http_header_read_timeout_ms = 300).await;
    let mut stream = TcpStream::connect(server.addr).await.unwrap();
    stream
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ")
        .await
        .unwrap();
    let took = closed_within(&mut stream, Duration::from_secs(3)).await;
    assert!(
        took >= Duration::from_millis(200),
        "closed too early: {took:?}"
    );
}

#[tokio::test]
async fn an_idle_keep_alive_connection_is_closed_after_the_idle_timeout() {
    let (_app, server) = serve_with(|c| c.http_idle_timeout_ms = 300).await;
    let mut stream = TcpStream::connect(server.addr).await.unwrap();
    stream
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .unwrap();
    let answer = read_response(&mut stream).await;
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(
        !answer.to_ascii_lowercase().contains("connection: close"),
        "{answer}"
    );
    let took = closed_within(&mut stream, Duration::from_secs(3)).await;
    assert!(
        took >= Duration::from_millis(200),
        "closed too early: {took:?}"
    );
}

#[tokio::test]
async fn past_max_connections_a_new_one_gets_503_until_one_closes() {
    let (_app, server) = serve_with(|c| c.max_connections = 2).await;
    let first = TcpStream::connect(server.addr).await.unwrap();
    let _second = TcpStream::connect(server.addr).await.unwrap();

    let mut third = TcpStream::connect(server.addr).await.unwrap();
    let mut raw = String::new();
    tokio::time::timeout(Duration::from_secs(3), third.read_to_string(&mut raw))
        .await
        .expect("the refused connection is closed")
        .unwrap();
    let (head, body) = raw.split_once("\r\n\r\n").unwrap();
    assert!(head.starts_with("HTTP/1.1 503 "), "{raw}");
    assert!(
        head.to_ascii_lowercase().contains("\r\nretry-after: 1\r\n"),
        "{raw}"
    );
    let json: serde_json::Value = serde_json::from_str(body).unwrap();
    assert_eq!(json["outcome"], "failure");
    assert_eq!(json["data"]["code"], codes::TOO_MANY_CONNECTIONS.number());

    drop(first);
    // The server frees the place once it sees the close.
    let deadline = Instant::now() + Duration::from_secs(3);
    let metrics = loop {
        let answer = server::request(server.addr, "GET", "/metrics", &[], "").await;
        if answer.status == 200 {
            break answer.text;
        }
        assert_eq!(answer.status, 503, "{}", answer.text);
        assert!(Instant::now() < deadline, "no place freed after a close");
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert!(
        metrics.contains("\ncrowdgraph_connections_refused_total 1\n"),
        "{metrics}"
    );
}

#[tokio::test]
async fn healthz_answers_while_all_but_one_connection_are_silent() {
    const MAX: usize = 8;
    let (_app, server) = serve_with(|c| c.max_connections = MAX).await;
    let mut silent = Vec::new();
    for _ in 0..MAX - 1 {
        silent.push(TcpStream::connect(server.addr).await.unwrap());
    }
    for _ in 0..3 {
        let started = Instant::now();
        assert_eq!(healthz_status(server.addr).await, 200);
        assert!(
            started.elapsed() < Duration::from_secs(1),
            "{:?}",
            started.elapsed()
        );
    }
    let open = server::metric(server.addr, "crowdgraph_connections_open").await;
    assert_eq!(open, MAX as f64, "the silent ones and the one asking");
}

#[tokio::test]
async fn shutdown_closes_silent_and_half_sent_connections_at_once() {
    let (_app, server) = serve_with(|_| {}).await;
    let addr = server.addr;
    let mut silent = TcpStream::connect(addr).await.unwrap();
    let mut half_sent = TcpStream::connect(addr).await.unwrap();
    half_sent
        .write_all(b"POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Ty")
        .await
        .unwrap();
    // Both are being served (a third answered proves the accept loop got past them).
    assert_eq!(healthz_status(addr).await, 200);

    let started = Instant::now();
    server.shut_down().await;
    let took = started.elapsed();
    assert!(
        took < Duration::from_secs(2),
        "shutdown took {took:?} of a 10 s grace"
    );
    closed_within(&mut silent, Duration::from_secs(1)).await;
    closed_within(&mut half_sent, Duration::from_secs(1)).await;
}

#[tokio::test]
async fn shutdown_waits_for_an_in_flight_request_and_no_longer() {
    let (_app, server) = serve_with(|_| {}).await;
    let addr = server.addr;
    let body = r#"{"query":"{ __typename }"}"#;
    let (first_half, second_half) = body.split_at(10);
    let mut stream = TcpStream::connect(addr).await.unwrap();
    let head = format!(
        "POST /graphql HTTP/1.1\r\nHost: x\r\ncontent-type: application/json\r\n\
         content-length: {}\r\n\r\n{first_half}",
        body.len()
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    // The headers are in: the request is in flight, reading its body.
    tokio::time::sleep(Duration::from_millis(200)).await;

    let started = Instant::now();
    let shutdown = tokio::spawn(server.shut_down());
    tokio::time::sleep(Duration::from_millis(700)).await;
    assert!(
        !shutdown.is_finished(),
        "shutdown did not wait for the request"
    );
    assert!(
        TcpStream::connect(addr).await.is_err(),
        "still accepting during shutdown"
    );

    stream.write_all(second_half.as_bytes()).await.unwrap();
    let answer = read_response(&mut stream).await;
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(answer.contains(r#""__typename":"QueryRoot""#), "{answer}");
    tokio::time::timeout(Duration::from_secs(1), shutdown)
        .await
        .expect("shutdown ends once the last request is answered")
        .unwrap();
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
    closed_within(&mut stream, Duration::from_secs(1)).await;
}
