//! What one connection is doing, for its idle timeout and for shutdown: when it last
//! moved bytes or finished a request, and how many requests are in flight on it.

use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use axum::body::{Body, Bytes};
use hyper::body::{Body as HttpBody, Frame, SizeHint};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::sync::watch;

/// The activity of one connection.
pub struct Activity {
    opened: Instant,
    /// Milliseconds from `opened` to the last bytes moved or request finished.
    last_ms: AtomicU64,
    /// Requests whose response body is not yet sent.
    in_flight: watch::Sender<usize>,
}

impl Activity {
    /// A connection opened now.
    pub fn new() -> Self {
        Self {
            opened: Instant::now(),
            last_ms: AtomicU64::new(0),
            in_flight: watch::Sender::new(0),
        }
    }

    fn touch(&self) {
        let ms = u64::try_from(self.opened.elapsed().as_millis()).unwrap_or(u64::MAX);
        self.last_ms.fetch_max(ms, Ordering::Relaxed);
    }

    /// Counts a request as in flight until the returned guard is dropped.
    pub fn request_started(self: &Arc<Self>) -> InFlight {
        self.touch();
        self.in_flight.send_modify(|n| *n += 1);
        InFlight(self.clone())
    }

    /// When the connection will have been idle for `timeout`, as far as is known now: a
    /// request in flight postpones it by a whole `timeout`.
    pub fn idle_deadline(&self, timeout: Duration) -> Instant {
        if *self.in_flight.borrow() > 0 {
            return Instant::now() + timeout;
        }
        let last = Duration::from_millis(self.last_ms.load(Ordering::Relaxed));
        self.opened + last + timeout
    }

    /// Whether no request is in flight and no bytes moved for `timeout`.
    pub fn idle_for(&self, timeout: Duration) -> bool {
        *self.in_flight.borrow() == 0 && self.idle_deadline(timeout) <= Instant::now()
    }

    /// Resolves once no request is in flight.
    pub async fn all_answered(&self) {
        let mut in_flight = self.in_flight.subscribe();
        // The sender lives in `self`: waiting cannot fail.
        let _ = in_flight.wait_for(|n| *n == 0).await;
    }
}

/// A request in flight on its connection; dropped with the response body (sent or not).
pub struct InFlight(Arc<Activity>);

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0.touch();
        self.0.in_flight.send_modify(|n| *n = n.saturating_sub(1));
    }
}

/// A response body that keeps its request counted in flight until it is sent.
pub struct Tracked {
    body: Body,
    _in_flight: InFlight,
}

impl Tracked {
    /// `body`, with the guard of its request.
    pub fn new(body: Body, in_flight: InFlight) -> Self {
        Self {
            body,
            _in_flight: in_flight,
        }
    }
}

impl HttpBody for Tracked {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        Pin::new(&mut self.get_mut().body).poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.body.size_hint()
    }
}

/// A socket that records in [`Activity`] when bytes arrive or leave.
pub struct Watched<S> {
    inner: S,
    activity: Arc<Activity>,
}

impl<S> Watched<S> {
    /// `inner`, reporting to `activity`.
    pub fn new(inner: S, activity: Arc<Activity>) -> Self {
        Self { inner, activity }
    }
}

impl<S: AsyncRead + Unpin> AsyncRead for Watched<S> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        let this = self.get_mut();
        let before = buf.filled().len();
        let polled = Pin::new(&mut this.inner).poll_read(cx, buf);
        if buf.filled().len() > before {
            this.activity.touch();
        }
        polled
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for Watched<S> {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        let this = self.get_mut();
        let polled = Pin::new(&mut this.inner).poll_write(cx, buf);
        // A slow reader taking a long answer is not idle while the answer moves.
        if matches!(polled, Poll::Ready(Ok(n)) if n > 0) {
            this.activity.touch();
        }
        polled
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_shutdown(cx)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[std::io::IoSlice<'_>],
    ) -> Poll<std::io::Result<usize>> {
        let this = self.get_mut();
        let polled = Pin::new(&mut this.inner).poll_write_vectored(cx, bufs);
        if matches!(polled, Poll::Ready(Ok(n)) if n > 0) {
            this.activity.touch();
        }
        polled
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_request_in_flight_keeps_the_connection_from_being_idle() {
        let activity = Arc::new(Activity::new());
        assert!(activity.idle_for(Duration::ZERO));
        let guard = activity.request_started();
        assert!(!activity.idle_for(Duration::ZERO));
        drop(guard);
        assert!(activity.idle_for(Duration::ZERO));
        assert!(!activity.idle_for(Duration::from_secs(60)));
    }
}
