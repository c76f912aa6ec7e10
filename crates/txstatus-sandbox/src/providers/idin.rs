//! CM.com iDIN under `/cm-idin/idin/v1.0`: `POST /status`, `POST /directory`,
//! `POST /transaction`, each with a JSON body carrying `merchant_token`; the same three
//! under `/test` (CM's test-bank environment).
//!
//! A body that is not a JSON object, or sent without `Content-Type: application/json`, is
//! 400. A missing or wrong `merchant_token` is 403 — the status iDIN documents as
//! "Authorization required" (iDIN has no 401 in its table). `/status` also needs
//! `transaction_id` and a non-empty `merchant_reference` (400), and an unknown id is 404;
//! an id issued by `POST /transaction` is found only with the `merchant_reference` its
//! creation returned (each its own), a fixed scenario id with any.
//! Errors are `{"message": ...}`.

use std::sync::Arc;
use std::sync::atomic::Ordering;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::post;
use serde_json::{Map, Value, json};

use crate::Provider;
use crate::fixtures::{self, DocKey};
use crate::ids::idin::ISSUED_PREFIX;
use crate::respond;
use crate::scenario::{self, IDIN_IDENTITY, IDIN_ISSUED, IDIN_NOTICE, Step};
use crate::state::Shared;

pub(crate) fn router() -> Router<Arc<Shared>> {
    Router::new()
        .route("/status", post(status))
        .route("/directory", post(directory))
        .route("/transaction", post(transaction))
        // CM's test bank lives under `/test`; the sandbox answers it alike.
        .route("/test/status", post(status))
        .route("/test/directory", post(directory))
        .route("/test/transaction", post(transaction))
        .fallback(not_found_path)
}

fn error(status: StatusCode, message: &str) -> Response {
    respond::json_value(status, &json!({ "message": message }))
}

async fn not_found_path() -> Response {
    error(StatusCode::NOT_FOUND, "Not found")
}

/// The request body as a JSON object whose `merchant_token` is right.
fn check(
    shared: &Shared,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<Map<String, Value>, Box<Response>> {
    if !respond::content_type_is(headers, "application/json") {
        return Err(Box::new(error(
            StatusCode::BAD_REQUEST,
            "Invalid request: Content-Type must be application/json",
        )));
    }
    let Ok(Value::Object(fields)) = serde_json::from_slice::<Value>(body) else {
        return Err(Box::new(error(
            StatusCode::BAD_REQUEST,
            "Invalid request: the body must be a JSON object",
        )));
    };
    if fields.get("merchant_token").and_then(Value::as_str)
        != Some(shared.credentials.idin_merchant_token.as_str())
    {
        return Err(Box::new(error(
            StatusCode::FORBIDDEN,
            "Authorization required: merchant_token is missing or unknown",
        )));
    }
    Ok(fields)
}

/// A non-empty string field.
fn text<'a>(fields: &'a Map<String, Value>, name: &str) -> Option<&'a str> {
    fields
        .get(name)
        .and_then(Value::as_str)
        .filter(|value| !value.is_empty())
}

/// The script of a fixed scenario id or of an id issued by `POST /transaction`.
fn script_for(shared: &Shared, id: &str) -> Option<&'static [Step]> {
    scenario::script(Provider::CmIdin, id).or_else(|| {
        let serial = issued_serial(id)?;
        let issued = shared.idin_issued.load(Ordering::Relaxed);
        (serial <= issued).then_some(IDIN_ISSUED)
    })
}

/// The serial of an id written as `POST /transaction` writes them (`sbx-issued-7`;
/// not `sbx-issued-07` or `+7`), issued or not yet.
fn issued_serial(id: &str) -> Option<u64> {
    let digits = id.strip_prefix(ISSUED_PREFIX)?;
    let canonical = digits.bytes().all(|b| b.is_ascii_digit()) && !digits.starts_with('0');
    canonical.then(|| digits.parse().ok()).flatten()
}

/// The `merchant_reference` the creation of issued id `serial` returned: its own
/// per transaction (the first one's is
/// [`MERCHANT_REFERENCE`](crate::ids::idin::MERCHANT_REFERENCE)).
fn issued_reference(serial: u64) -> String {
    format!("sbx-merchant-reference-{serial:04}")
}

async fn status(State(shared): State<Arc<Shared>>, headers: HeaderMap, body: Bytes) -> Response {
    let fields = match check(&shared, &headers, &body) {
        Ok(fields) => fields,
        Err(response) => return *response,
    };
    let Some(id) = text(&fields, "transaction_id") else {
        return error(
            StatusCode::BAD_REQUEST,
            "Invalid request: transaction_id is required",
        );
    };
    let Some(reference) = text(&fields, "merchant_reference") else {
        return error(
            StatusCode::BAD_REQUEST,
            "Invalid request: merchant_reference is required",
        );
    };
    let Some(script) = script_for(&shared, id) else {
        return error(StatusCode::NOT_FOUND, "The transaction could not be found.");
    };
    // An issued id is found only with the reference its creation returned (a
    // fixed scenario id takes any): a client that sends another transaction's
    // reference fails here as it would against CM.
    if issued_serial(id).is_some_and(|serial| reference != issued_reference(serial)) {
        return error(StatusCode::NOT_FOUND, "The transaction could not be found.");
    }
    match shared.scenarios.advance(Provider::CmIdin, id, script) {
        Step::TooManyRequests => respond::retry_after_one_second(error(
            StatusCode::TOO_MANY_REQUESTS,
            "Too many requests",
        )),
        Step::Unavailable => respond::unavailable(),
        Step::Doc(variant) => {
            let key = DocKey {
                provider: Provider::CmIdin,
                id: id.to_owned(),
                variant,
                flag: false,
            };
            // Only the fixed scenario ids are cached: issued ids are as many as
            // clients create, and each would keep its documents for good.
            let rendered = if scenario::script(Provider::CmIdin, id).is_some() {
                shared.documents.get(key, || render(id, variant))
            } else {
                render(id, variant)
                    .and_then(|document| serde_json::to_vec(&document).ok())
                    .map(Bytes::from)
            };
            match rendered {
                Some(body) => respond::json(StatusCode::OK, body),
                None => respond::internal_error(),
            }
        }
    }
}

fn render(id: &str, variant: &str) -> Option<Value> {
    let mut document = match variant {
        IDIN_IDENTITY => fixtures::parse(fixtures::IDIN_STATUS_IDENTITY, None)?,
        IDIN_NOTICE => fixtures::parse(fixtures::IDIN_STATUS_NOTICE, None)?,
        status => {
            let mut document = fixtures::parse(fixtures::IDIN_STATUS, None)?;
            fixtures::set(&mut document, "/status", status);
            document
        }
    };
    fixtures::set(&mut document, "/transaction_id", id);
    Some(document)
}

async fn directory(State(shared): State<Arc<Shared>>, headers: HeaderMap, body: Bytes) -> Response {
    if let Err(response) = check(&shared, &headers, &body) {
        return *response;
    }
    respond::json(
        StatusCode::OK,
        Bytes::from_static(fixtures::IDIN_DIRECTORY.as_bytes()),
    )
}

async fn transaction(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let fields = match check(&shared, &headers, &body) {
        Ok(fields) => fields,
        Err(response) => return *response,
    };
    for required in ["issuer_id", "merchant_return_url"] {
        if text(&fields, required).is_none() {
            return error(
                StatusCode::BAD_REQUEST,
                &format!("Invalid request: {required} is required"),
            );
        }
    }
    // Each issued id costs a read counter once it is read: charged like a create,
    // so issuing ids in a loop is bounded by the instance's budget.
    if !shared.charge(0, 1) {
        return respond::storage_full();
    }
    let serial = shared
        .idin_issued
        .fetch_add(1, Ordering::Relaxed)
        .saturating_add(1);
    let id = format!("{ISSUED_PREFIX}{serial}");
    let Some(mut document) = fixtures::parse(fixtures::IDIN_TRANSACTION, None) else {
        return respond::internal_error();
    };
    fixtures::set(&mut document, "/transaction_id", id.as_str());
    fixtures::set(
        &mut document,
        "/merchant_reference",
        issued_reference(serial),
    );
    fixtures::set(
        &mut document,
        "/issuer_authentication_url",
        format!("https://idin.sandbox.invalid/authenticate?trxid={id}"),
    );
    respond::json_value(StatusCode::OK, &document)
}
