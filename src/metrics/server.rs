//! The `/metrics` HTTP server (hyper, HTTP/1.1) in the scheduler's runtime: each connection is
//! its own task, so a slow or hostile client holds only its own task; headers must arrive within
//! 10 s, at most 256 connections are served at once (more are closed), `GET /metrics` answers,
//! other paths get 404 and other methods 405.

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use http_body_util::Full;
use hyper::body::{Bytes, Incoming};
use hyper::{Method, Request, Response, StatusCode};

use super::{CONTENT_TYPE, Exporter};

/// A bound listener and the exporter it serves.
pub struct Server {
    /// Bound before sampling starts, so a busy port is an error up front.
    pub listener: std::net::TcpListener,
    /// What to serve.
    pub exporter: Exporter,
}

const MAX_CONNECTIONS: usize = 256;

/// The content type of an answer to a person.
const PLAIN: &str = "text/plain; charset=utf-8";

/// `text` as an answer's body, in the language chosen, on a line of its own.
fn said(text: crate::i18n::Text) -> Bytes {
    Bytes::from(format!("{}\n", text.get()))
}

fn answer(exporter: &Exporter, req: &Request<Incoming>) -> Response<Full<Bytes>> {
    let (status, content_type, body) = match (req.method(), req.uri().path()) {
        (&Method::GET | &Method::HEAD, "/metrics") => {
            (StatusCode::OK, CONTENT_TYPE, Bytes::from(exporter.encode()))
        }
        // Said to a person, in the language chosen: UTF-8 says so.
        (_, "/metrics") => (StatusCode::METHOD_NOT_ALLOWED, PLAIN, said(super::texts::ONLY_GET)),
        _ => (StatusCode::NOT_FOUND, PLAIN, said(super::texts::NOT_FOUND)),
    };
    let mut response = Response::new(Full::new(body));
    *response.status_mut() = status;
    if let Ok(v) = hyper::header::HeaderValue::from_str(content_type) {
        response.headers_mut().insert(hyper::header::CONTENT_TYPE, v);
    }
    if status == StatusCode::METHOD_NOT_ALLOWED {
        response
            .headers_mut()
            .insert(hyper::header::ALLOW, hyper::header::HeaderValue::from_static("GET, HEAD"));
    }
    response
}

impl Server {
    /// Accepts connections until the runtime stops. Errors on one connection end only it.
    pub async fn serve(self) {
        if self.listener.set_nonblocking(true).is_err() {
            return;
        }
        let Ok(listener) = tokio::net::TcpListener::from_std(self.listener) else { return };
        let slots = Arc::new(tokio::sync::Semaphore::new(MAX_CONNECTIONS));
        loop {
            let Ok((stream, _)) = listener.accept().await else {
                // Out of file descriptors and the like: wait instead of spinning.
                tokio::time::sleep(Duration::from_millis(100)).await;
                continue;
            };
            let Ok(permit) = slots.clone().try_acquire_owned() else {
                drop(stream);
                continue;
            };
            let exporter = self.exporter.clone();
            tokio::spawn(async move {
                let service = hyper::service::service_fn(move |req: Request<Incoming>| {
                    let response = answer(&exporter, &req);
                    async move { Ok::<_, Infallible>(response) }
                });
                let io = hyper_util::rt::TokioIo::new(stream);
                // One request per connection: an idle keep-alive connection would hold a slot.
                let connection = hyper::server::conn::http1::Builder::new()
                    .keep_alive(false)
                    .timer(hyper_util::rt::TokioTimer::new())
                    .header_read_timeout(Duration::from_secs(10))
                    .serve_connection(io, service);
                // A client that stalls after its headers is cut off too.
                let _ = tokio::time::timeout(Duration::from_secs(30), connection).await;
                drop(permit);
            });
        }
    }
}
