//! A legacy REST client, as the platform's SDKs talk to a running crowdgraph: builds the
//! `cv-auth` header (docs/cv-auth.md), authenticates, then calls `GET /self` with the token.
//!
//! `make run` in one terminal, then `cargo run --example cv_auth_client` (optionally with
//! `CROWDGRAPH_URL`, `NETWORK`, `API_KEY`, `API_SECRET`, `EMAIL`, `PASSWORD`).

use std::io::{Read, Write};
use std::net::TcpStream;

use chrono::{SecondsFormat, Utc};
use crowdgraph::auth::cvauth::build_header;

fn env(name: &str, default: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| default.to_owned())
}

/// Sends a GET with one extra header; returns the status line and the JSON body.
fn get(
    base: &url::Url,
    path: &str,
    header: (&str, &str),
) -> Result<(String, serde_json::Value), Box<dyn std::error::Error>> {
    let host = base.host_str().ok_or("no host")?;
    let port = base.port_or_known_default().unwrap_or(80);
    let request = format!(
        "GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\n{}: {}\r\nConnection: close\r\n\r\n",
        header.0, header.1
    );
    let mut stream = TcpStream::connect((host, port))?;
    stream.write_all(request.as_bytes())?;
    let mut response = String::new();
    stream.read_to_string(&mut response)?;
    let (head, body) = response
        .split_once("\r\n\r\n")
        .ok_or("malformed response")?;
    let start = body.find('{').ok_or("no JSON body")?;
    let end = body.rfind('}').ok_or("no JSON body")?;
    Ok((
        head.lines().next().unwrap_or("").to_owned(),
        serde_json::from_str(&body[start..=end])?,
    ))
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let base = url::Url::parse(&env("CROWDGRAPH_URL", "http://127.0.0.1:8080"))?;
    let network = env("NETWORK", "demo");
    let (key, secret) = (
        env("API_KEY", "demo-key"),
        env("API_SECRET", "demo-secret-001"),
    );
    let (email, password) = (
        env("EMAIL", "alice@example.com"),
        env("PASSWORD", "correct horse"),
    );

    // A fresh nonce and time for every header: the server accepts each nonce once.
    let nonce = format!("{:032x}", uuid::Uuid::new_v4().as_u128());
    let created = Utc::now().to_rfc3339_opts(SecondsFormat::Secs, false);
    let header = build_header(&key, &secret, &nonce, &created, &email, &password);

    let (status, auth) = get(
        &base,
        &format!("/v1/{network}/authenticate"),
        ("cv-auth", &header),
    )?;
    println!("GET /authenticate -> {status}");
    let token = auth["data"]["token"]
        .as_str()
        .ok_or("no token in the answer")?
        .to_owned();

    // The token is accepted as the whole cv-auth value from now on.
    let (status, me) = get(&base, &format!("/v1/{network}/self"), ("cv-auth", &token))?;
    println!("GET /self -> {status}");
    let user = &me["data"]["user"];
    println!("logged in as {} ({})", user["email"], user["full_name"]);
    Ok(())
}
