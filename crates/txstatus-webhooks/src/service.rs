//! A ready axum router over [`Receiver::handle`]: `POST <prefix>{provider}`
//! (and anything under it, for token URLs), the raw body read up to the largest
//! cap plus one byte, so an oversized body is refused without buffering it.

use std::{future::Future, io, net::SocketAddr};

use axum::{
    Router,
    body::{Body, to_bytes},
    extract::{ConnectInfo, Request, State},
    http::StatusCode,
    response::{IntoResponse, Response},
    routing::any,
};

use crate::Receiver;

/// Serves [`router`] on `listener` (with peer addresses) until `shutdown`
/// resolves, then stops accepting and finishes the requests in flight. For
/// applications that must not depend on axum themselves (the CLI).
pub async fn serve(
    listener: tokio::net::TcpListener,
    receiver: Receiver,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> io::Result<()> {
    axum::serve(
        listener,
        router(receiver).into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await
}

/// A router serving every route of `receiver`. Serve it with
/// `into_make_service_with_connect_info::<SocketAddr>()` so the peer address is
/// known (OneSpan's allow-list and hint limits need it).
pub fn router(receiver: Receiver) -> Router {
    Router::new().fallback(any(handle)).with_state(receiver)
}

async fn handle(State(receiver): State<Receiver>, request: Request) -> Response {
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|info| info.0.ip());
    let (parts, body) = request.into_parts();
    let limit = receiver.max_body().saturating_add(1);
    let Ok(bytes) = to_bytes(Body::new(body), limit).await else {
        return (StatusCode::PAYLOAD_TOO_LARGE, "body too large\n").into_response();
    };
    let target = parts
        .uri
        .path_and_query()
        .map_or_else(|| parts.uri.path(), |pq| pq.as_str());
    let reply = receiver
        .handle(parts.method.as_str(), target, &parts.headers, peer, &bytes)
        .await;
    let status = StatusCode::from_u16(reply.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (status, reply.body).into_response()
}
