//! OneSpan Identity Verification under `/onespan`: `GET /api/transaction/{id}`, with
//! `verifications` in the body only for `?withVerifications=true`.
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

use crate::Provider;
use crate::fixtures::{self, DocKey};
use crate::form;
use crate::respond;
use crate::scenario::{self, Step};
use crate::state::Shared;

pub(crate) fn router() -> Router<Arc<Shared>> {
    Router::new()
        .route("/api/transaction/{id}", get(transaction))
        .fallback(not_found_path)
}

fn error(status: StatusCode, key: &str, message: &str) -> Response {
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
    if !respond::header(headers, ACCEPT.as_str()).is_some_and(accepts_json) {
        return Err(Box::new(error(
            StatusCode::NOT_ACCEPTABLE,
            "error.notAcceptable",
            "Accept must allow application/json",
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

async fn transaction(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Response {
    if let Err(response) = check(&shared, &headers) {
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
            let tenant = shared.credentials.onespan_tenant.as_deref();
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
