//! Persona: `GET /transactions/{id}` under `/persona/api/v1`; the lifecycle endpoints
//! (list, create, update, redact, events) are in `persona_lifecycle.rs`.
//!
//! Checks, in order: `Authorization: Bearer <API key>` (401), `Key-Inflection: kebab`
//! (400), `Persona-Version: YYYY-MM-DD` (400); the retrieve call then takes only the
//! query parameters `include` and `fields[TYPE]` (400 `meta.parameter` otherwise) and
//! shapes its answer by them. Errors use Persona's
//! `{"errors":[{"title", "details"?}]}` body. `RateLimit-*` headers are added by the
//! server middleware.

use std::sync::Arc;

use axum::Router;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;
use axum::routing::{get, post};
use serde_json::json;

use crate::Provider;
use crate::fixtures::{self, DocKey};
use crate::persona_lifecycle;
use crate::respond;
use crate::scenario::{self, Step};
use crate::state::Shared;

pub(crate) fn router() -> Router<Arc<Shared>> {
    Router::new()
        .route(
            "/transactions",
            get(persona_lifecycle::list_transactions).post(persona_lifecycle::create_transaction),
        )
        .route(
            "/transactions/{id}",
            get(transaction)
                .patch(persona_lifecycle::update_transaction)
                .delete(persona_lifecycle::redact_transaction),
        )
        .route(
            "/transactions/{id}/redact-biometrics",
            post(persona_lifecycle::redact_biometrics),
        )
        .route("/events", get(persona_lifecycle::list_events))
        .route("/events/{id}", get(persona_lifecycle::event))
        .fallback(not_found)
}

/// Persona's error body.
pub(crate) fn error(status: StatusCode, title: &str, details: Option<&str>) -> Response {
    let item = match details {
        Some(details) => json!({ "title": title, "details": details }),
        None => json!({ "title": title }),
    };
    respond::json_value(status, &json!({ "errors": [item] }))
}

async fn not_found() -> Response {
    error(StatusCode::NOT_FOUND, "Record not found", None)
}

/// The checks every Persona request passes before its id is looked at.
pub(crate) fn check(shared: &Shared, headers: &HeaderMap) -> Result<(), Box<Response>> {
    if respond::bearer(headers) != Some(shared.credentials.persona_api_key.as_str()) {
        return Err(Box::new(error(
            StatusCode::UNAUTHORIZED,
            "Must be authenticated to access this endpoint",
            None,
        )));
    }
    if respond::header(headers, "key-inflection") != Some("kebab") {
        return Err(Box::new(error(
            StatusCode::BAD_REQUEST,
            "Bad Request",
            Some(
                "Key-Inflection header must be `kebab` (txstatus-sandbox serves kebab-case keys only)",
            ),
        )));
    }
    if !respond::header(headers, "persona-version").is_some_and(is_version) {
        return Err(Box::new(error(
            StatusCode::BAD_REQUEST,
            "Bad Request",
            Some("Persona-Version header must name an API version such as 2025-12-08"),
        )));
    }
    Ok(())
}

/// `YYYY-MM-DD`.
fn is_version(value: &str) -> bool {
    value.len() == 10
        && value.char_indices().all(|(at, c)| match at {
            4 | 7 => c == '-',
            _ => c.is_ascii_digit(),
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
    // The retrieve call takes `include` and `fields[TYPE]` only (400 otherwise).
    let pairs = match persona_lifecycle::query_pairs(query.as_deref(), &["include"]) {
        Ok(pairs) => pairs,
        Err(response) => return *response,
    };
    if let Some(response) = persona_lifecycle::stored_transaction(&shared, &id, &pairs) {
        return response;
    }
    let Some(script) = scenario::script(Provider::Persona, &id) else {
        return not_found().await;
    };
    match shared.scenarios.advance(Provider::Persona, &id, script) {
        Step::TooManyRequests => {
            let mut response = respond::retry_after_one_second(error(
                StatusCode::TOO_MANY_REQUESTS,
                "Rate limit exceeded",
                Some("You have hit the sandbox's rate limit scenario. Retry after 1 second."),
            ));
            response
                .headers_mut()
                .insert("ratelimit-remaining", HeaderValue::from_static("0"));
            response
        }
        Step::Unavailable => respond::unavailable(),
        Step::Doc(status) if shared.persona_store.scenario_redacted(&id) => {
            match render(&id, status) {
                Some(mut document) => {
                    persona_lifecycle::redact_document(&mut document);
                    persona_lifecycle::shape_retrieved(&mut document, &pairs);
                    respond::json_value(StatusCode::OK, &document)
                }
                None => respond::internal_error(),
            }
        }
        // Shaped by the query: rendered for this request, never cached.
        Step::Doc(status) if !pairs.is_empty() => match render(&id, status) {
            Some(mut document) => {
                persona_lifecycle::shape_retrieved(&mut document, &pairs);
                respond::json_value(StatusCode::OK, &document)
            }
            None => respond::internal_error(),
        },
        Step::Doc(status) => {
            let key = DocKey {
                provider: Provider::Persona,
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

pub(crate) fn render(id: &str, status: &str) -> Option<serde_json::Value> {
    let mut document = fixtures::parse(fixtures::PERSONA_TRANSACTION, None)?;
    fixtures::set(&mut document, "/data/id", id);
    fixtures::set(&mut document, "/data/attributes/status", status);
    Some(document)
}

#[cfg(test)]
mod tests {
    use super::is_version;

    #[test]
    fn versions_are_dates() {
        assert!(is_version("2025-12-08"));
        assert!(!is_version("2025-12-8"));
        assert!(!is_version("latest"));
        assert!(!is_version("2025/12/08"));
    }
}
