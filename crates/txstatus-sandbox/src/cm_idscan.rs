//! ID Scan's `POST /transactions` and `POST /webhooks`, and reads of the
//! transactions created through them. Registered by `providers::idscan`, which
//! checks the JWT first.
//!
//! Checks of its own: a JSON object body; `tasks` a non-empty array of known
//! task types; `settings` an object; `locale` a string; `mobileOnly` a boolean;
//! `expiresIn` a positive integer whose expiry has an RFC 3339 timestamp (422
//! otherwise, `{"message"}`). A created transaction that has not completed by
//! its `expires` is `expired` from then on. Webhooks need
//! an `https` `url`, a non-empty `events` array of known events, and `headers`
//! null or an object of strings.

use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{Map, Value, json};

use crate::cm_flows::{Kind, new_id, new_token};
use crate::cm_time::rfc3339;
use crate::ids::idscan::RESULT_ID;
use crate::respond;
use crate::state::Shared;

const TASKS: [&str; 3] = ["document_scan", "face_liveness", "face_match"];
const EVENTS: [&str; 2] = ["transaction.state.updated", "task.state.updated"];
/// 9999-12-31T23:59:59Z, the last second an RFC 3339 timestamp can name, plus one.
const LAST_SECOND: u64 = 253_402_300_800;

fn unprocessable(message: &str) -> Response {
    respond::json_value(
        StatusCode::UNPROCESSABLE_ENTITY,
        &json!({ "message": message }),
    )
}

fn object(body: &[u8]) -> Result<Map<String, Value>, Box<Response>> {
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(fields)) => Ok(fields),
        _ => Err(Box::new(respond::json_value(
            StatusCode::BAD_REQUEST,
            &json!({ "message": "the body must be a JSON object" }),
        ))),
    }
}

/// `POST /transactions`.
pub(crate) fn create(shared: &Shared, body: &[u8]) -> Response {
    let fields = match object(body) {
        Ok(fields) => fields,
        Err(response) => return *response,
    };
    let tasks = match fields.get("tasks").and_then(Value::as_array) {
        Some(tasks)
            if !tasks.is_empty()
                && tasks
                    .iter()
                    .all(|t| t.as_str().is_some_and(|t| TASKS.contains(&t))) =>
        {
            tasks.clone()
        }
        _ => return unprocessable("tasks must be a non-empty array of known task types"),
    };
    if fields
        .get("settings")
        .is_some_and(|s| !s.is_object() && !s.is_null())
    {
        return unprocessable("settings must be an object");
    }
    if fields.get("locale").is_some_and(|l| !l.is_string()) {
        return unprocessable("locale must be a string");
    }
    if fields.get("mobileOnly").is_some_and(|m| !m.is_boolean()) {
        return unprocessable("mobileOnly must be a boolean");
    }
    let expires_in = match fields.get("expiresIn") {
        None => 3600,
        Some(value) => match value.as_u64() {
            Some(seconds) if seconds > 0 => seconds,
            _ => return unprocessable("expiresIn must be a positive integer"),
        },
    };
    // The transaction expires then: a time that has an RFC 3339 timestamp
    // (before the year 10000) and an `Instant` here, or the request is refused.
    let now = SystemTime::now();
    let lifetime = Duration::from_secs(expires_in);
    let (Some(expires_at), Some(expires)) = (
        Instant::now().checked_add(lifetime),
        now.checked_add(lifetime).filter(|at| {
            at.duration_since(UNIX_EPOCH)
                .is_ok_and(|d| d.as_secs() < LAST_SECOND)
        }),
    ) else {
        return unprocessable("expiresIn is too large");
    };
    if !shared.charge(body.len(), 1) {
        return crate::respond::storage_full();
    }
    let id = new_id();
    let document = json!({
        "id": id,
        "state": "pending",
        "tasks": tasks,
        "settings": fields.get("settings").cloned().unwrap_or(Value::Null),
        "url": format!("https://id-scan.identity.cm.com/en-us/identifications/{}", new_token()),
        "locale": fields.get("locale").cloned().unwrap_or_else(|| json!("en-US")),
        "mobileOnly": fields.get("mobileOnly").cloned().unwrap_or(json!(false)),
        "expires": rfc3339(expires),
        "created": rfc3339(now),
    });
    shared.cm_flows.create_expiring(
        Kind::IdScan,
        &id,
        document.clone(),
        "pending",
        "completed",
        Some((expires_at, "expired")),
    );
    respond::json_value(StatusCode::CREATED, &document)
}

/// `GET /transactions/{id}` of a created transaction; `None` if not created here.
pub(crate) fn read(shared: &Shared, id: &str) -> Option<Response> {
    let flow = shared.cm_flows.get(Kind::IdScan, id)?;
    let state = flow.state(Instant::now());
    // Tasks complete with the transaction; an expired one keeps them pending,
    // as CM's expired documents show.
    let task_state = if state == "completed" {
        "completed"
    } else {
        "pending"
    };
    let tasks: Vec<Value> = flow
        .document
        .get("tasks")
        .and_then(Value::as_array)
        .map(|tasks| {
            tasks
                .iter()
                .map(|t| json!({ "type": t, "state": task_state, "attempts": 0, "attemptsInvoiced": 0 }))
                .collect()
        })
        .unwrap_or_default();
    let completed = (state == "completed").then(|| rfc3339(std::time::SystemTime::now()));
    Some(respond::json_value(
        StatusCode::OK,
        &json!({
            "id": id,
            "state": state,
            "created": flow.document.get("created"),
            "expires": flow.document.get("expires"),
            "completed": completed,
            "tasks": tasks,
        }),
    ))
}

/// Whether `result_id` is the result of a created transaction that completed;
/// `None` if `id` was not created here.
pub(crate) fn has_result(shared: &Shared, id: &str, result_id: &str) -> Option<bool> {
    let flow = shared.cm_flows.get(Kind::IdScan, id)?;
    Some(result_id == RESULT_ID && flow.state(Instant::now()) == "completed")
}

/// `POST /webhooks`.
pub(crate) fn subscribe(shared: &Shared, body: &[u8]) -> Response {
    let fields = match object(body) {
        Ok(fields) => fields,
        Err(response) => return *response,
    };
    let url = fields.get("url").and_then(Value::as_str).unwrap_or("");
    let host = url.strip_prefix("https://").unwrap_or("");
    if host.is_empty() || host.starts_with('/') {
        return unprocessable("url must be an https URL");
    }
    let events = match fields.get("events").and_then(Value::as_array) {
        Some(events)
            if !events.is_empty()
                && events
                    .iter()
                    .all(|e| e.as_str().is_some_and(|e| EVENTS.contains(&e))) =>
        {
            events.clone()
        }
        _ => return unprocessable("events must be a non-empty array of known events"),
    };
    let headers = fields.get("headers").cloned().unwrap_or(Value::Null);
    let headers_ok = match &headers {
        Value::Null => true,
        Value::Object(map) => map.values().all(Value::is_string),
        _ => false,
    };
    if !headers_ok {
        return unprocessable("headers must be null or an object of strings");
    }
    if !shared.charge(body.len(), 1) {
        return crate::respond::storage_full();
    }
    let now = rfc3339(std::time::SystemTime::now());
    let subscription = json!({
        "id": new_id(),
        "url": url,
        "events": events,
        "headers": headers,
        "updatedAt": now,
        "createdAt": now,
    });
    shared.cm_flows.subscribe(subscription.clone());
    respond::json_value(StatusCode::CREATED, &subscription)
}
