//! A TCP proxy between the app's pool and PostgreSQL that a test can cut: a "stopped
//! server" (connections closed, new ones closed at once) or a black hole (connections
//! accepted and held, nothing ever answered).

use std::net::SocketAddr;
use std::sync::Arc;

use tokio::io::copy_bidirectional;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;

/// What the proxy does with connections.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Pass bytes both ways.
    Forward,
    /// Close every connection, and every new one as soon as it is accepted.
    Stopped,
    /// Hold every connection open and pass nothing, new ones too.
    BlackHole,
}

/// A running proxy; stops when dropped.
pub struct Proxy {
    /// Where it listens.
    pub addr: SocketAddr,
    mode: Arc<watch::Sender<Mode>>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for Proxy {
    fn drop(&mut self) {
        self.task.abort();
        // Closes the held and forwarded connections too.
        self.mode.send_replace(Mode::Stopped);
    }
}

impl Proxy {
    /// A proxy to `upstream` (host:port), forwarding.
    pub async fn start(upstream: String) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let mode = Arc::new(watch::Sender::new(Mode::Forward));
        let modes = mode.clone();
        let task = tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                tokio::spawn(serve(client, upstream.clone(), modes.subscribe()));
            }
        });
        Proxy { addr, mode, task }
    }

    /// Switches every connection, present and future, to `mode`.
    pub fn set(&self, mode: Mode) {
        self.mode.send_replace(mode);
    }
}

async fn serve(mut client: TcpStream, upstream: String, mut mode: watch::Receiver<Mode>) {
    let current = *mode.borrow_and_update();
    match current {
        Mode::Stopped => return,
        Mode::BlackHole => return hold(client, mode).await,
        Mode::Forward => {}
    }
    let Ok(mut server) = TcpStream::connect(&upstream).await else {
        return;
    };
    let black_hole = tokio::select! {
        _ = copy_bidirectional(&mut client, &mut server) => false,
        next = mode.wait_for(|m| *m != Mode::Forward) => next.is_ok_and(|m| *m == Mode::BlackHole),
    };
    if black_hole {
        // Both ends stay open; neither hears from the other again.
        let _server = server;
        hold(client, mode).await;
    }
}

/// Keeps `client` open, unanswered, until the proxy is switched to another mode.
async fn hold(client: TcpStream, mut mode: watch::Receiver<Mode>) {
    let _ = mode.wait_for(|m| *m != Mode::BlackHole).await;
    drop(client);
}
