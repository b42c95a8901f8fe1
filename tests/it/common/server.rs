//! The real server on a loopback socket, and a plain HTTP/1.1 client for it: for what
//! depends on connections (client addresses, parallel requests).

use std::net::SocketAddr;

use crowdgraph::app::AppState;
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// A running server; stops when dropped (at once) or by [`Server::shut_down`] (as on
/// SIGTERM).
pub struct Server {
    /// Where it listens.
    pub addr: SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<()>>,
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(task) = &self.task {
            task.abort();
        }
    }
}

impl Server {
    /// Sends the shutdown signal and returns once `serve` has returned.
    pub async fn shut_down(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            task.await.unwrap();
        }
    }
}

/// Serves `state` on a free loopback port, as `crowdgraph serve` does, with the
/// connection settings of `state.config` (`TestApp::with_config` sets them).
pub async fn start(state: AppState) -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let signal = async move {
        let _ = stopped.await;
    };
    let task = tokio::spawn(async move {
        let _ = crowdgraph::server::serve(state, listener, signal).await;
    });
    Server {
        addr,
        stop: Some(stop),
        task: Some(task),
    }
}

/// An answer: status and body (parsed as JSON when it is JSON).
#[derive(Debug)]
pub struct Answer {
    /// HTTP status.
    pub status: u16,
    /// The status line and headers, as sent.
    pub head: String,
    /// The body as JSON, `Null` if it is not JSON.
    pub json: Value,
    /// The raw body.
    pub text: String,
}

/// Sends one request on its own connection (`Connection: close`) and reads the answer.
pub async fn request(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> Answer {
    let mut stream = TcpStream::connect(addr).await.unwrap();
    let mut head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\
         Content-Length: {}\r\n",
        body.len()
    );
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).await.unwrap();
    stream.write_all(body.as_bytes()).await.unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).await.unwrap();
    parse(&String::from_utf8_lossy(&raw))
}

/// POSTs a GraphQL operation with extra headers.
pub async fn graphql(
    addr: SocketAddr,
    headers: &[(&str, &str)],
    query: &str,
    variables: Value,
) -> Answer {
    let body = serde_json::json!({ "query": query, "variables": variables }).to_string();
    let mut all = vec![("content-type", "application/json")];
    all.extend_from_slice(headers);
    request(addr, "POST", "/graphql", &all, &body).await
}

fn parse(raw: &str) -> Answer {
    let (head, body) = raw.split_once("\r\n\r\n").unwrap_or((raw, ""));
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let chunked = head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked");
    let text = if chunked {
        dechunk(body)
    } else {
        body.to_owned()
    };
    Answer {
        status,
        head: head.to_owned(),
        json: serde_json::from_str(&text).unwrap_or(Value::Null),
        text,
    }
}

fn dechunk(mut body: &str) -> String {
    let mut out = String::new();
    while let Some((size, rest)) = body.split_once("\r\n") {
        let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if n == 0 || rest.len() < n {
            break;
        }
        out.push_str(&rest[..n]);
        body = rest[n..].trim_start_matches("\r\n");
    }
    out
}

/// The value of a counter in the server's `/metrics`.
pub async fn metric(addr: SocketAddr, name: &str) -> f64 {
    let answer = request(addr, "GET", "/metrics", &[], "").await;
    answer
        .text
        .lines()
        .find_map(|line| line.strip_prefix(name)?.trim().parse().ok())
        .unwrap_or(0.0)
}
