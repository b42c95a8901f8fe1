//! Asks a running crowdgraph for the demo network's public statistics over plain HTTP.
//!
//! `make run` in one terminal, then `cargo run --example public_stats` (optionally with
//! `CROWDGRAPH_URL=http://host:port` and `NETWORK=name`).

use std::io::{Read, Write};
use std::net::TcpStream;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let base = std::env::var("CROWDGRAPH_URL").unwrap_or_else(|_| "http://127.0.0.1:8080".into());
    let network = std::env::var("NETWORK").unwrap_or_else(|_| "demo".into());
    let url = url::Url::parse(&base)?;
    let host = url.host_str().ok_or("CROWDGRAPH_URL has no host")?;
    let port = url.port_or_known_default().unwrap_or(80);

    let body = serde_json::json!({
        "query": "{ network { name } publicStats { sumSettledInvestments countSettledInvestments \
                  countSettledOfferings countInvestorsWithSettledInvestments } }"
    })
    .to_string();
    let request = format!(
        "POST /graphql HTTP/1.1\r\nHost: {host}:{port}\r\nContent-Type: application/json\r\n\
         network: {network}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let mut stream = TcpStream::connect((host, port))?;
    stream.write_all(request.as_bytes())?;
    let mut response = String::new();
    stream.read_to_string(&mut response)?;
    let (head, payload) = response
        .split_once("\r\n\r\n")
        .ok_or("malformed HTTP response")?;
    println!("{}", head.lines().next().unwrap_or(""));
    // The body may be chunked; find the JSON object in it.
    let start = payload.find('{').ok_or("no JSON in the response")?;
    let end = payload.rfind('}').ok_or("no JSON in the response")?;
    let json: serde_json::Value = serde_json::from_str(&payload[start..=end])?;
    println!("{}", serde_json::to_string_pretty(&json)?);
    Ok(())
}
