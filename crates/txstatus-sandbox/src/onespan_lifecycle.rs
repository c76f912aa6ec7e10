//! OneSpan calls that change state: create (`PUT /api/transaction/`), events
//! (`PUT /api/transaction/{id}/event`), erasure (`POST /api/transaction/mark-for-erasure`
//! and `unmark-for-erasure`), and the sandbox's own controls under `/__sandbox/`:
//! `POST /__sandbox/clock?seconds=N` moves OneSpan's clock (created transactions and
//! grace periods) and `?freeze=true` stops it, `POST /__sandbox/transactions/{id}/advance` moves a created
//! transaction one step. Controls need the same token and tenant as the API.

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::{post, put};
use serde_json::{Map, Value, json};

use super::store::Marking;
use super::{Media, OneSpan, check_for, current_status, error, known, render};
use crate::form;
use crate::respond;

/// The most ids one erasure call takes.
const MAX_IDS: usize = 500;

pub(super) fn routes() -> Router<Arc<OneSpan>> {
    Router::new()
        .route("/api/transaction/", put(create))
        .route("/api/transaction/{id}/event", put(event))
        .route("/api/transaction/mark-for-erasure", post(mark))
        .route("/api/transaction/unmark-for-erasure", post(unmark))
        .route("/__sandbox/clock", post(clock))
        .route("/__sandbox/transactions/{id}/advance", post(advance))
}

fn bad_request(message: &str) -> Response {
    error(StatusCode::BAD_REQUEST, "error.badRequest", message)
}

/// Checks credentials, `Accept` and a JSON object body.
fn json_object(
    state: &OneSpan,
    headers: &HeaderMap,
    body: &Bytes,
) -> Result<Map<String, Value>, Box<Response>> {
    check_for(&state.shared, headers, Media::Json)?;
    if !respond::content_type_is(headers, "application/json") {
        return Err(Box::new(error(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "error.unsupportedMediaType",
            "Content-Type must be application/json",
        )));
    }
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(object)) => Ok(object),
        _ => Err(Box::new(bad_request("The body must be one JSON object"))),
    }
}

async fn create(State(state): State<Arc<OneSpan>>, headers: HeaderMap, body: Bytes) -> Response {
    let object = match json_object(&state, &headers, &body) {
        Ok(object) => object,
        Err(response) => return *response,
    };
    if !state.shared.charge(body.len(), 1) {
        return respond::storage_full();
    }
    let id = state.store.create();
    let tenant = state.shared.credentials.onespan_tenant.as_deref();
    let Some(mut document) = render(&id, "new", false, tenant) else {
        return respond::internal_error();
    };
    for key in ["workflow_id", "brand_id", "language", "urlSetKey"] {
        if let Some(value) = object.get(key).filter(|v| v.is_string()) {
            crate::fixtures::set(&mut document, &format!("/{key}"), value.clone());
        }
    }
    respond::json_value(StatusCode::OK, &document)
}

async fn event(
    State(state): State<Arc<OneSpan>>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let object = match json_object(&state, &headers, &body) {
        Ok(object) => object,
        Err(response) => return *response,
    };
    let status = match current_status(&state, &id) {
        Ok(status) => status,
        Err(response) => return *response,
    };
    match object.get("event").and_then(Value::as_str) {
        Some("cancel") => {
            let in_progress = matches!(
                status.as_str(),
                "new" | "workflow_in_progress" | "workflow_completed" | "post_processing"
            );
            if !in_progress {
                return error(
                    StatusCode::CONFLICT,
                    "error.conflict.transactionNotInProgress",
                    "Only a transaction in progress can be cancelled",
                );
            }
            state.store.set_status(&id, "cancelled");
            respond::json_value(StatusCode::OK, &json!({"id": id, "status": "cancelled"}))
        }
        Some("lender_signature") => {
            respond::json_value(StatusCode::OK, &json!({"id": id, "status": status}))
        }
        _ => bad_request("Unknown or missing event"),
    }
}

/// Reads `transaction_ids`: 1 to 500 strings.
fn transaction_ids(object: &Map<String, Value>) -> Result<Vec<String>, Box<Response>> {
    let ids = object
        .get("transaction_ids")
        .and_then(Value::as_array)
        .ok_or_else(|| Box::new(bad_request("transaction_ids must be an array")))?;
    if ids.is_empty() || ids.len() > MAX_IDS {
        return Err(Box::new(bad_request(
            "transaction_ids must hold 1 to 500 items",
        )));
    }
    ids.iter()
        .map(|id| id.as_str().map(str::to_owned))
        .collect::<Option<Vec<_>>>()
        .ok_or_else(|| Box::new(bad_request("transaction_ids must be strings")))
}

/// Whether an id has the shape OneSpan accepts (UUID characters).
fn well_formed(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

fn erasure_answer(entries: Vec<Value>, accepted: usize, verb: &str) -> Response {
    let message = if accepted == entries.len() {
        format!("All the transactions could be {verb} for erasure.")
    } else if accepted == 0 {
        format!("None of the transactions could be {verb} for erasure.")
    } else {
        format!("Some of the transactions could be {verb} for erasure other couldn't.")
    };
    respond::json_value(
        StatusCode::OK,
        &json!({"message": message, "transactions": entries}),
    )
}

async fn mark(State(state): State<Arc<OneSpan>>, headers: HeaderMap, body: Bytes) -> Response {
    let object = match json_object(&state, &headers, &body) {
        Ok(object) => object,
        Err(response) => return *response,
    };
    let Some(days) = object
        .get("grace_period")
        .and_then(Value::as_u64)
        .and_then(|d| u32::try_from(d).ok())
    else {
        return bad_request("grace_period must be an integer of 0 or more");
    };
    let ids = match transaction_ids(&object) {
        Ok(ids) => ids,
        Err(response) => return *response,
    };
    let mut accepted = 0usize;
    let entries = ids
        .iter()
        .map(|id| {
            let (event, message) = if !well_formed(id) {
                ("Transaction Erase Request - ID field error", "")
            } else {
                match state.store.mark(id, known(&state, id), days) {
                    Marking::Accepted => {
                        accepted = accepted.saturating_add(1);
                        (
                            "Transaction Erase Request - Accepted",
                            "The transaction has been accepted to be marked for erasure.",
                        )
                    }
                    Marking::NotFound | Marking::NotMarked => (
                        "Transaction Erase Request - Transaction Not Found",
                        "This transaction doesn't exist, therefore cannot be marked for erasure.",
                    ),
                }
            };
            json!({"transaction_id": id, "marking_event": event, "message": message})
        })
        .collect();
    erasure_answer(entries, accepted, "marked")
}

async fn unmark(State(state): State<Arc<OneSpan>>, headers: HeaderMap, body: Bytes) -> Response {
    let object = match json_object(&state, &headers, &body) {
        Ok(object) => object,
        Err(response) => return *response,
    };
    let ids = match transaction_ids(&object) {
        Ok(ids) => ids,
        Err(response) => return *response,
    };
    let mut accepted = 0usize;
    let entries = ids
        .iter()
        .map(|id| {
            let (event, message) = if !well_formed(id) {
                ("Transaction Recovery - ID field error", "")
            } else {
                match state.store.unmark(id, known(&state, id)) {
                    Marking::Accepted => {
                        accepted = accepted.saturating_add(1);
                        (
                            "Transaction Recovery - Accepted",
                            "Success unmarked for erasure.",
                        )
                    }
                    Marking::NotMarked => (
                        "Transaction Recovery - Not Marked",
                        "This transaction is not marked for erasure.",
                    ),
                    Marking::NotFound => (
                        "Transaction Recovery - Transaction Not Found",
                        "This transaction doesn't exist, therefore cannot be unmarked.",
                    ),
                }
            };
            json!({"transaction_id": id, "unmarking_event": event, "message": message})
        })
        .collect();
    erasure_answer(entries, accepted, "unmarked")
}

async fn clock(
    State(state): State<Arc<OneSpan>>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Response {
    if let Err(response) = check_for(&state.shared, &headers, Media::Json) {
        return *response;
    }
    let Some(pairs) = form::parse(query.as_deref().unwrap_or("")) else {
        return bad_request("Malformed query string");
    };
    let freeze = form::first(&pairs, "freeze") == Some("true");
    let seconds = match form::first(&pairs, "seconds").map(str::parse::<u64>) {
        None => 0,
        Some(Ok(seconds)) => seconds,
        Some(Err(_)) => return bad_request("seconds must be a whole number"),
    };
    if freeze {
        state.store.freeze_clock();
    }
    state.store.advance_clock(Duration::from_secs(seconds));
    respond::json_value(
        StatusCode::OK,
        &json!({"advanced_seconds": seconds, "frozen": freeze}),
    )
}

async fn advance(
    State(state): State<Arc<OneSpan>>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    if let Err(response) = check_for(&state.shared, &headers, Media::Json) {
        return *response;
    }
    if !state.store.advance(&id) {
        return error(
            StatusCode::NOT_FOUND,
            "error.notFound.transaction",
            "Only transactions created in the sandbox can be advanced",
        );
    }
    match current_status(&state, &id) {
        Ok(status) => respond::json_value(StatusCode::OK, &json!({"id": id, "status": status})),
        Err(response) => *response,
    }
}
