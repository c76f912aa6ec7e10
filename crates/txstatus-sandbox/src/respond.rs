//! Small response and header helpers shared by the provider modules.

use axum::body::{Body, Bytes};
use axum::http::header::{AUTHORIZATION, CONTENT_TYPE, RETRY_AFTER};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;
use serde_json::Value;

/// Marks a response a handler built (every one goes through [`json`] or [`bytes`]): its
/// body is what the sandbox means to send. An error without it was made by the HTTP
/// layer, and is answered again in the provider's shape (`framework_errors`).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Shaped;

/// Whether a handler built `response` (see [`Shaped`]).
pub(crate) fn is_shaped(response: &Response) -> bool {
    response.extensions().get::<Shaped>().is_some()
}

/// A response with a JSON body.
pub(crate) fn json(status: StatusCode, body: Bytes) -> Response {
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = status;
    response.extensions_mut().insert(Shaped);
    response
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    response
}

/// A response with a JSON body built in code (error bodies).
pub(crate) fn json_value(status: StatusCode, body: &Value) -> Response {
    match serde_json::to_vec(body) {
        Ok(bytes) => json(status, Bytes::from(bytes)),
        Err(_) => internal_error(),
    }
}

/// A response with any body and content type.
pub(crate) fn bytes(status: StatusCode, content_type: &'static str, body: Bytes) -> Response {
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = status;
    response.extensions_mut().insert(Shaped);
    response
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
    response
}

/// Adds `Retry-After: 1`.
pub(crate) fn retry_after_one_second(mut response: Response) -> Response {
    response
        .headers_mut()
        .insert(RETRY_AFTER, HeaderValue::from_static("1"));
    response
}

/// The 503 every provider's `UNAVAILABLE` scenario starts with: an HTML page, as a load
/// balancer in front of the API would send, so clients meet a non-JSON error body.
pub(crate) fn unavailable() -> Response {
    bytes(
        StatusCode::SERVICE_UNAVAILABLE,
        "text/html; charset=utf-8",
        Bytes::from_static(
            b"<html><head><title>503 Service Unavailable</title></head>\
<body><h1>503 Service Unavailable</h1><p>txstatus-sandbox</p></body></html>\n",
        ),
    )
}

/// The 507 a create gets once the instance's budget for created objects is spent
/// (`Shared::charge`): nothing more is kept until the sandbox restarts.
pub(crate) fn storage_full() -> Response {
    json_value(
        StatusCode::INSUFFICIENT_STORAGE,
        &serde_json::json!({
            "message": "txstatus-sandbox: the budget for created objects is spent; restart the sandbox",
            "errors": [{"title": "Insufficient Storage",
                        "details": "txstatus-sandbox: the budget for created objects is spent; restart the sandbox"}],
        }),
    )
}

/// A 500 for a fixture that failed to render (a sandbox bug, never a client's).
pub(crate) fn internal_error() -> Response {
    bytes(
        StatusCode::INTERNAL_SERVER_ERROR,
        "text/plain; charset=utf-8",
        Bytes::from_static(b"txstatus-sandbox: a fixture failed to render\n"),
    )
}

/// The token of an `Authorization: Bearer <token>` header (scheme case-insensitive).
pub(crate) fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then_some(token)
}

/// A header's value as text, if present and visible ASCII.
pub(crate) fn header<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name)?.to_str().ok()
}

/// The 415 a CM endpoint answers a body not sent as `application/json` with
/// (`{"message"}`), or `None` when the `Content-Type` is JSON.
pub(crate) fn json_body_required(headers: &HeaderMap) -> Option<Response> {
    (!content_type_is(headers, "application/json")).then(|| {
        json_value(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            &serde_json::json!({ "message": "Content-Type must be application/json" }),
        )
    })
}

/// Whether the `Content-Type` names `media_type` (parameters ignored).
pub(crate) fn content_type_is(headers: &HeaderMap, media_type: &str) -> bool {
    header(headers, CONTENT_TYPE.as_str()).is_some_and(|value| {
        value
            .split(';')
            .next()
            .is_some_and(|essence| essence.trim().eq_ignore_ascii_case(media_type))
    })
}
