//! CM.com Payments Checkout under `/cm-checkout/api/v1`:
//! `POST /authorization/oauth2/token` and
//! `GET /paymentmethods/checkout/v1/transactions/{id}`, plus creates and refunds
//! (see `cm_checkout`).
//!
//! The token endpoint takes a form body (`application/x-www-form-urlencoded`) with
//! `client_id`, `client_secret` and `grant_type=client_credentials`, and answers with
//! OAuth 2 (RFC 6749) bodies: `{"access_token","token_type":"Bearer","expires_in"}` or
//! `{"error","error_description"}` (400 `invalid_request` / `unsupported_grant_type`,
//! 401 `invalid_client`); a parameter sent twice is `invalid_request` (RFC 6749 §3.2). Client credentials in an HTTP Basic header are not accepted.
//! The transaction endpoint needs a bearer token from that endpoint that has not expired;
//! otherwise 401 `{"error":"invalid_token", ...}` with `WWW-Authenticate`. A create or
//! refund body not sent as `application/json` is 415 `{"message"}`.

use std::sync::Arc;
use std::time::Instant;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::header::{CACHE_CONTROL, WWW_AUTHENTICATE};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;
use axum::routing::{get, post};
use serde_json::{Value, json};

use crate::Provider;
use crate::fixtures::{self, DocKey};
use crate::form;
use crate::respond;
use crate::scenario::{self, Step};
use crate::state::Shared;
use crate::tokens::TokenCheck;

pub(crate) fn router() -> Router<Arc<Shared>> {
    Router::new()
        .route("/authorization/oauth2/token", post(token))
        .route(
            "/paymentmethods/checkout/v1/transactions/{id}",
            get(transaction),
        )
        .route("/paymentmethods/checkout/v1/transactions", post(create))
        .route(
            "/paymentmethods/{method}/v1/transactions/{id}/refunds",
            post(create_refund).get(list_refunds),
        )
        .fallback(not_found_path)
}

fn message(status: StatusCode, message: &str) -> Response {
    respond::json_value(status, &json!({ "message": message }))
}

async fn not_found_path() -> Response {
    message(StatusCode::NOT_FOUND, "Not found")
}

/// RFC 6749's error body (the token endpoint's), with `Cache-Control: no-store`.
pub(crate) fn oauth_error(status: StatusCode, error: &str, description: &str) -> Response {
    let mut response = respond::json_value(
        status,
        &json!({ "error": error, "error_description": description }),
    );
    response
        .headers_mut()
        .insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

async fn token(State(shared): State<Arc<Shared>>, headers: HeaderMap, body: Bytes) -> Response {
    if !respond::content_type_is(&headers, "application/x-www-form-urlencoded") {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "the body must be application/x-www-form-urlencoded",
        );
    }
    let Some(pairs) = std::str::from_utf8(&body).ok().and_then(form::parse) else {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "the form body is malformed",
        );
    };
    // RFC 6749 §3.2: request parameters must not be included more than once.
    let mut seen = std::collections::HashSet::with_capacity(pairs.len());
    if let Some((name, _)) = pairs.iter().find(|(name, _)| !seen.insert(name.as_str())) {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            &format!("the parameter {} is repeated", printable(name)),
        );
    }
    match form::first(&pairs, "grant_type") {
        Some("client_credentials") => {}
        Some(_) => {
            return oauth_error(
                StatusCode::BAD_REQUEST,
                "unsupported_grant_type",
                "grant_type must be client_credentials",
            );
        }
        None => {
            return oauth_error(
                StatusCode::BAD_REQUEST,
                "invalid_request",
                "grant_type is required",
            );
        }
    }
    let credentials = &shared.credentials;
    if form::first(&pairs, "client_id") != Some(credentials.checkout_client_id.as_str())
        || form::first(&pairs, "client_secret") != Some(credentials.checkout_client_secret.as_str())
    {
        return oauth_error(
            StatusCode::UNAUTHORIZED,
            "invalid_client",
            "client authentication failed",
        );
    }
    // Every issued token is remembered (until long expired): charged like a
    // create, so fetching tokens in a loop is bounded by the instance's budget.
    if !shared.charge(0, 1) {
        return respond::storage_full();
    }
    let lifetime = shared.checkout_tokens.lifetime();
    let access_token = shared.checkout_tokens.issue(lifetime, Instant::now());
    let expires_in = lifetime.as_secs() + u64::from(lifetime.subsec_nanos() > 0);
    let mut response = respond::json_value(
        StatusCode::OK,
        &json!({
            "access_token": access_token,
            "token_type": "Bearer",
            "expires_in": expires_in,
        }),
    );
    response
        .headers_mut()
        .insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// A client-chosen parameter name for an error description: printable ASCII, at
/// most 40 characters, else a placeholder.
fn printable(name: &str) -> String {
    if name.len() <= 40 && name.bytes().all(|b| b.is_ascii_graphic()) {
        name.to_owned()
    } else {
        "(unprintable)".to_owned()
    }
}

fn invalid_token(description: &str) -> Response {
    let mut response = respond::json_value(
        StatusCode::UNAUTHORIZED,
        &json!({ "error": "invalid_token", "error_description": description }),
    );
    response.headers_mut().insert(
        WWW_AUTHENTICATE,
        HeaderValue::from_static("Bearer error=\"invalid_token\""),
    );
    response
}

fn check(shared: &Shared, headers: &HeaderMap) -> Result<(), Box<Response>> {
    let Some(token) = respond::bearer(headers) else {
        return Err(Box::new(invalid_token(
            "missing Authorization: Bearer <access token>",
        )));
    };
    match shared.checkout_tokens.check(token, Instant::now()) {
        TokenCheck::Valid => Ok(()),
        TokenCheck::Expired => Err(Box::new(invalid_token("the access token has expired"))),
        TokenCheck::Unknown => Err(Box::new(invalid_token("the access token is unknown"))),
    }
}

async fn transaction(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    if let Err(response) = check(&shared, &headers) {
        return *response;
    }
    if let Some(response) = crate::cm_checkout::read(&shared, &id) {
        return response;
    }
    let Some(script) = scenario::script(Provider::CmCheckout, &id) else {
        return message(StatusCode::NOT_FOUND, "Transaction not found");
    };
    match shared.scenarios.advance(Provider::CmCheckout, &id, script) {
        Step::TooManyRequests => respond::retry_after_one_second(message(
            StatusCode::TOO_MANY_REQUESTS,
            "Too many requests",
        )),
        Step::Unavailable => respond::unavailable(),
        Step::Doc(status) => {
            let key = DocKey {
                provider: Provider::CmCheckout,
                id: id.clone(),
                variant: status,
                flag: false,
            };
            match shared.documents.get(key, || render(&id, status)) {
                Some(body) => respond::json(StatusCode::OK, body),
                None => respond::internal_error(),
            }
        }
    }
}

async fn create(State(shared): State<Arc<Shared>>, headers: HeaderMap, body: Bytes) -> Response {
    if let Err(response) = check(&shared, &headers) {
        return *response;
    }
    if let Some(response) = respond::json_body_required(&headers) {
        return response;
    }
    crate::cm_checkout::create(&shared, &body)
}

async fn create_refund(
    State(shared): State<Arc<Shared>>,
    Path((method, id)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if let Err(response) = check(&shared, &headers) {
        return *response;
    }
    if let Some(response) = respond::json_body_required(&headers) {
        return response;
    }
    crate::cm_checkout::create_refund(&shared, &method, &id, &body)
}

async fn list_refunds(
    State(shared): State<Arc<Shared>>,
    Path((method, id)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    if let Err(response) = check(&shared, &headers) {
        return *response;
    }
    crate::cm_checkout::list_refunds(&shared, &method, &id)
}

fn render(id: &str, status: &str) -> Option<Value> {
    let mut document = fixtures::parse(fixtures::CHECKOUT_TRANSACTION, None)?;
    fixtures::set(&mut document, "/id", id);
    fixtures::set(&mut document, "/status", status);
    fixtures::set(&mut document, "/payments/0/status", status);
    if status != "OPEN" {
        fixtures::remove(&mut document, "action");
    }
    Some(document)
}
