//! The axum application: one router with a nested router per provider prefix, and the
//! middleware that counts requests, attributes connections and stamps `Request-Id`.

use std::sync::Arc;
use std::time::Instant;

use axum::Router;
use axum::extract::{ConnectInfo, DefaultBodyLimit, Request, State};
use axum::http::header::{ALLOW, CONTENT_LENGTH};
use axum::http::{HeaderName, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::Response;
use serde_json::json;

use crate::Provider;
use crate::framework_errors::{ErrorShape, MAX_REQUEST_BODY};
use crate::listener::ConnTag;
use crate::providers;
use crate::respond;
use crate::state::Shared;

/// The `Request-Id` header every response carries.
pub(crate) const REQUEST_ID: HeaderName = HeaderName::from_static("request-id");
const RATELIMIT_LIMIT: HeaderName = HeaderName::from_static("ratelimit-limit");
const RATELIMIT_REMAINING: HeaderName = HeaderName::from_static("ratelimit-remaining");
const RATELIMIT_RESET: HeaderName = HeaderName::from_static("ratelimit-reset");

/// The whole application for one sandbox instance.
pub(crate) fn app(shared: Arc<Shared>) -> Router {
    Router::new()
        .nest(Provider::Persona.base_path(), providers::persona::router())
        .nest(Provider::CmIdScan.base_path(), providers::idscan::router())
        .nest(Provider::CmIdin.base_path(), providers::idin::router())
        .nest(
            Provider::CmCheckout.base_path(),
            providers::checkout::router(),
        )
        .nest(
            Provider::OneSpan.base_path(),
            providers::onespan::router(&shared),
        )
        .fallback(no_provider)
        .layer(DefaultBodyLimit::max(
            usize::try_from(MAX_REQUEST_BODY).unwrap_or(usize::MAX),
        ))
        .layer(middleware::from_fn_with_state(shared.clone(), observe))
        .with_state(shared)
}

/// A path under no provider's prefix.
async fn no_provider() -> Response {
    respond::json_value(
        StatusCode::NOT_FOUND,
        &json!({
            "message": "txstatus-sandbox: no provider at this path; base paths are /persona/api/v1, \
                        /cm-idscan/id-scan/v1, /cm-idin/idin/v1.0, /cm-checkout/api/v1, /onespan"
        }),
    )
}

/// Counts the request, attributes the connection, refuses a body announced over the
/// cap (413, before any of it is read), answers errors the HTTP layer made in the
/// provider's shape (`framework_errors`), stamps the response.
async fn observe(State(shared): State<Arc<Shared>>, request: Request, next: Next) -> Response {
    let now = Instant::now();
    let provider = Provider::from_path(request.uri().path());
    let shape = ErrorShape::of(provider, request.uri().path());
    shared.counters.request(provider, now);
    if let (Some(provider), Some(ConnectInfo(tag))) =
        (provider, request.extensions().get::<ConnectInfo<ConnTag>>())
        && tag.claim()
    {
        shared.counters.connection_attributed(provider);
    }
    let too_large = request
        .headers()
        .get(CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.trim().parse::<u64>().ok())
        .is_some_and(|length| length > MAX_REQUEST_BODY);
    let mut response = if too_large {
        shape.error(StatusCode::PAYLOAD_TOO_LARGE)
    } else {
        next.run(request).await
    };
    let status = response.status();
    if (status.is_client_error() || status.is_server_error()) && !respond::is_shaped(&response) {
        let allow = response.headers().get(ALLOW).cloned();
        response = shape.error(status);
        if let Some(allow) = allow {
            response.headers_mut().insert(ALLOW, allow);
        }
    }
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(&shared.next_request_id()) {
        headers.insert(REQUEST_ID, value);
    }
    if provider == Some(Provider::Persona) {
        let limit = shared.persona_limit.hit(now);
        for (name, value) in [
            (RATELIMIT_LIMIT, u64::from(limit.limit)),
            (RATELIMIT_REMAINING, u64::from(limit.remaining)),
            (RATELIMIT_RESET, limit.reset),
        ] {
            headers.entry(name).or_insert(HeaderValue::from(value));
        }
    }
    response
}
