//! OneSpan Identity Verification under `/onespan`: `GET /api/transaction/{id}`, with
//! `verifications` in the body only for `?withVerifications=true`; the verification
//! outcome, images and evidence PDFs (`onespan_files.rs`); create, events and erasure
//! (`onespan_lifecycle.rs`), with the state they change in `onespan_store.rs`.
//!
//! Checks, in order: `Authorization: Bearer <token>` (401), `X-Tenant` equal to the
//! configured tenant when one is configured (401), an `Accept` header that allows JSON
//! (`application/json`, `application/*`, `*/*` or a `+json` type; a missing header is
//! refused too, since OneSpan picks the response type from it) (406). Errors use OneSpan's
//! `{"messageKey","message","code","name"}` body.

use std::sync::Arc;

use axum::Router;
use axum::extract::{Path, RawQuery, State};
use axum::http::header::ACCEPT;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::get;
use serde_json::{Value, json};

#[path = "../onespan_files.rs"]
mod files;
#[path = "../onespan_lifecycle.rs"]
mod lifecycle;
#[path = "../onespan_store.rs"]
mod store;

use crate::Provider;
use crate::fixtures::{self, DocKey};
use crate::form;
use crate::respond;
use crate::scenario::{self, Step};
use crate::state::Shared;

/// The state OneSpan handlers share: the instance's and OneSpan's own.
#[derive(Debug)]
pub(crate) struct OneSpan {
    shared: Arc<Shared>,
    store: store::Store,
}

pub(crate) fn router(shared: &Arc<Shared>) -> Router<Arc<Shared>> {
    let state = Arc::new(OneSpan {
        shared: Arc::clone(shared),
        store: store::Store::default(),
    });
    Router::new()
        .route("/api/transaction/{id}", get(transaction))
        .merge(files::routes())
        .merge(lifecycle::routes())
        .fallback(not_found_path)
        .with_state(state)
}

/// OneSpan's error body.
pub(crate) fn error(status: StatusCode, key: &str, message: &str) -> Response {
    respond::json_value(
        status,
        &json!({
            "messageKey": key,
            "message": message,
            "code": status.as_u16(),
            "name": status.canonical_reason().unwrap_or("Error"),
        }),
    )
}

async fn not_found_path() -> Response {
    error(
        StatusCode::NOT_FOUND,
        "error.notFound",
        "Resource not found",
    )
}

fn check(shared: &Shared, headers: &HeaderMap) -> Result<(), Box<Response>> {
    check_for(shared, headers, Media::Json)
}

/// The response type a route serves, for the `Accept` check.
#[derive(Clone, Copy, Debug)]
enum Media {
    Json,
    Pdf,
    Jpeg,
}

/// Whether an `Accept` value allows `media`.
fn accepts(accept: &str, media: Media) -> bool {
    let wanted = match media {
        Media::Json => return accepts_json(accept),
        Media::Pdf => ("application", "pdf"),
        Media::Jpeg => ("image", "jpeg"),
    };
    accept.split(',').any(|range| {
        let mut parts = range.split(';').map(str::trim);
        let media = parts.next().unwrap_or("").to_ascii_lowercase();
        let refused = parts.any(|param| {
            param
                .strip_prefix("q=")
                .and_then(|q| q.parse::<f32>().ok())
                .is_some_and(|q| q <= 0.0)
        });
        let (kind, sub) = media.split_once('/').unwrap_or((media.as_str(), ""));
        !refused && (media == "*/*" || (kind == wanted.0 && (sub == "*" || sub == wanted.1)))
    })
}

/// Token, tenant, then `Accept` for `media` (406 when it does not allow it).
fn check_for(shared: &Shared, headers: &HeaderMap, media: Media) -> Result<(), Box<Response>> {
    let credentials = &shared.credentials;
    if respond::bearer(headers) != Some(credentials.onespan_token.as_str()) {
        return Err(Box::new(error(
            StatusCode::UNAUTHORIZED,
            "error.unauthorised.invalidToken",
            "Invalid token",
        )));
    }
    if let Some(tenant) = &credentials.onespan_tenant
        && respond::header(headers, "x-tenant") != Some(tenant.as_str())
    {
        return Err(Box::new(error(
            StatusCode::UNAUTHORIZED,
            "error.unauthorised.invalidTenant",
            "Missing or unknown X-Tenant",
        )));
    }
    if !respond::header(headers, ACCEPT.as_str()).is_some_and(|accept| accepts(accept, media)) {
        return Err(Box::new(error(
            StatusCode::NOT_ACCEPTABLE,
            "error.notAcceptable",
            match media {
                Media::Json => "Accept must allow application/json",
                Media::Pdf => "Accept must allow application/pdf",
                Media::Jpeg => "Accept must allow image/jpeg",
            },
        )));
    }
    Ok(())
}

/// Whether an `Accept` value allows a JSON response (quality values are ignored except
/// `q=0`).
fn accepts_json(accept: &str) -> bool {
    accept.split(',').any(|range| {
        let mut parts = range.split(';').map(str::trim);
        let media = parts.next().unwrap_or("").to_ascii_lowercase();
        let refused = parts.any(|param| {
            param
                .strip_prefix("q=")
                .and_then(|q| q.parse::<f32>().ok())
                .is_some_and(|q| q <= 0.0)
        });
        !refused
            && (media == "application/json"
                || media == "application/*"
                || media == "*/*"
                || (media.starts_with("application/") && media.ends_with("+json")))
    })
}

fn transaction_not_found() -> Response {
    error(
        StatusCode::NOT_FOUND,
        "error.notFound.transaction",
        "Transaction not found",
    )
}

fn transaction_erased() -> Response {
    error(
        StatusCode::NOT_FOUND,
        "error.notFound.transactionErased",
        "Transaction erased",
    )
}

/// Whether `id` names a transaction OneSpan would know (scenario or created, even if
/// since erased).
fn known(state: &OneSpan, id: &str) -> bool {
    scenario::script(Provider::OneSpan, id).is_some()
        || !matches!(state.store.lookup(id), store::Lookup::Other(_))
}

/// The status `id` has now without advancing a scenario, or the response to send
/// instead (404 for unknown or erased ids).
fn current_status(state: &OneSpan, id: &str) -> Result<String, Box<Response>> {
    match state.store.lookup(id) {
        store::Lookup::Erased => Err(Box::new(transaction_erased())),
        store::Lookup::Created(status) | store::Lookup::Other(Some(status)) => Ok(status),
        store::Lookup::Other(None) => {
            let script = scenario::script(Provider::OneSpan, id)
                .ok_or_else(|| Box::new(transaction_not_found()))?;
            match state.shared.scenarios.peek(Provider::OneSpan, id, script) {
                Step::Doc(status) => Ok(status.to_owned()),
                Step::TooManyRequests | Step::Unavailable => Ok("workflow_in_progress".to_owned()),
            }
        }
    }
}

async fn transaction(
    State(state): State<Arc<OneSpan>>,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Response {
    let shared = &state.shared;
    if let Err(response) = check(shared, &headers) {
        return *response;
    }
    let Some(pairs) = form::parse(query.as_deref().unwrap_or("")) else {
        return error(
            StatusCode::BAD_REQUEST,
            "error.badRequest",
            "Malformed query string",
        );
    };
    let with_verifications = form::first(&pairs, "withVerifications") == Some("true");
    let tenant = shared.credentials.onespan_tenant.as_deref();
    match state.store.lookup(&id) {
        store::Lookup::Erased => return transaction_erased(),
        store::Lookup::Created(status) | store::Lookup::Other(Some(status)) => {
            return match render(&id, &status, with_verifications, tenant) {
                Some(body) => respond::json_value(StatusCode::OK, &body),
                None => respond::internal_error(),
            };
        }
        store::Lookup::Other(None) => {}
    }
    let Some(script) = scenario::script(Provider::OneSpan, &id) else {
        return error(
            StatusCode::NOT_FOUND,
            "error.notFound.transaction",
            "Transaction not found",
        );
    };
    match shared.scenarios.advance(Provider::OneSpan, &id, script) {
        Step::TooManyRequests => respond::retry_after_one_second(error(
            StatusCode::TOO_MANY_REQUESTS,
            "error.tooManyRequests",
            "Too many requests",
        )),
        Step::Unavailable => respond::unavailable(),
        Step::Doc(status) => {
            let key = DocKey {
                provider: Provider::OneSpan,
                id: id.clone(),
                variant: status,
                flag: with_verifications,
            };
            match shared
                .documents
                .get(key, || render(&id, status, with_verifications, tenant))
            {
                Some(body) => respond::json(StatusCode::OK, body),
                None => respond::internal_error(),
            }
        }
    }
}

fn render(id: &str, status: &str, with_verifications: bool, tenant: Option<&str>) -> Option<Value> {
    let mut document = fixtures::parse(fixtures::ONESPAN_TRANSACTION, None)?;
    fixtures::set(&mut document, "/id", id);
    fixtures::set(&mut document, "/status", status);
    if let Some(tenant) = tenant {
        fixtures::set(&mut document, "/tenant_id", tenant);
    }
    if !with_verifications {
        fixtures::remove(&mut document, "verifications");
    } else if !matches!(status, "completed" | "autosigned" | "vaulted") {
        // Verifications exist once the transaction has succeeded, as the
        // verification, report and image endpoints answer: listing the fixture's
        // `SUCCESS` verification (and an id whose images are 404) before would
        // promise what the provider does not give.
        fixtures::set(&mut document, "/verifications", json!([]));
    }
    Some(document)
}

#[cfg(test)]
mod tests {
    use super::accepts_json;

    #[test]
    fn accept_values() {
        assert!(accepts_json("application/json"));
        assert!(accepts_json("application/json, text/javascript"));
        assert!(accepts_json("text/html;q=0.9, */*;q=0.1"));
        assert!(accepts_json("application/problem+json"));
        assert!(!accepts_json("text/html"));
        assert!(!accepts_json("application/json;q=0"));
        assert!(!accepts_json(""));
    }
}
