//! CM.com iDIN under `/cm-idin/idin/v1.0`: `POST /status`, `POST /directory`,
//! `POST /transaction`, each with a JSON body carrying `merchant_token`; the same three
//! under `/test` (CM's test-bank environment).
//!
//! A body that is not a JSON object, or sent without `Content-Type: application/json`, is
//! 400. A missing or wrong `merchant_token` is 403 — the status iDIN documents as
//! "Authorization required" (iDIN has no 401 in its table). `/status` also needs
//! `transaction_id` and a non-empty `merchant_reference` (400), and an unknown id is 404;
//! an id issued by `POST /transaction` is found only with the `merchant_reference` its
//! creation returned (each its own) and only in the environment (`/test` or not) that
//! created it, a fixed scenario id with any reference in either.
//! `/transaction` needs `issuer_id` and `merchant_return_url`; an `issuer_id` that is not
//! in the directory `/directory` serves, a `merchant_return_url`, `language` or
//! `entrance_code` outside what CM documents (`check_documented_fields`), an attribute
//! flag that is not a boolean, or a `transaction_reference` that is not text is 400. An issued id answers as
//! [`crate::cm_idin`] models it: its own `transaction_reference` and `issuer_id`,
//! only the attributes asked, the 30 s rule by time.
//! Errors are `{"message": ...}`.

use std::sync::{Arc, OnceLock};
use std::time::Instant;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::post;
use serde_json::{Map, Value, json};

use crate::Provider;
use crate::cm_idin::{Answer, Asked, Issued};
use crate::fixtures::{self, DocKey};
use crate::ids::idin::ISSUED_PREFIX;
use crate::respond;
use crate::scenario::{self, IDIN_IDENTITY, IDIN_ISSUED, IDIN_NOTICE, Step};
use crate::state::Shared;

pub(crate) fn router() -> Router<Arc<Shared>> {
    Router::new()
        .route("/status", post(status_live))
        .route("/directory", post(directory))
        .route("/transaction", post(transaction_live))
        // CM's test bank lives under `/test`; the sandbox answers it alike.
        .route("/test/status", post(status_test))
        .route("/test/directory", post(directory))
        .route("/test/transaction", post(transaction_test))
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

/// The serial of an id written as `POST /transaction` writes them (`sbx-issued-7`;
/// not `sbx-issued-07` or `+7`), issued or not yet.
fn issued_serial(id: &str) -> Option<u64> {
    let digits = id.strip_prefix(ISSUED_PREFIX)?;
    let canonical = digits.bytes().all(|b| b.is_ascii_digit()) && !digits.starts_with('0');
    canonical.then(|| digits.parse().ok()).flatten()
}

/// The `merchant_reference` the creation of issued id `serial` returns: its own
/// per transaction (the first one's is
/// [`MERCHANT_REFERENCE`](crate::ids::idin::MERCHANT_REFERENCE)).
fn issued_reference(serial: u64) -> String {
    format!("sbx-merchant-reference-{serial:04}")
}

fn not_found() -> Response {
    error(StatusCode::NOT_FOUND, "The transaction could not be found.")
}

async fn status_live(state: State<Arc<Shared>>, headers: HeaderMap, body: Bytes) -> Response {
    status(state, headers, body, false).await
}

/// `/test/status`: CM's test bank keeps its own transactions.
async fn status_test(state: State<Arc<Shared>>, headers: HeaderMap, body: Bytes) -> Response {
    status(state, headers, body, true).await
}

async fn status(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
    test: bool,
) -> Response {
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
    if let Some(script) = scenario::script(Provider::CmIdin, id) {
        return scripted(&shared, id, script);
    }
    let Some(serial) = issued_serial(id) else {
        return not_found();
    };
    // An issued id is found only with the reference its creation returned, and
    // only in the environment (`/test` or not) that created it: a client that
    // sends another transaction's reference, or reads a test-bank transaction
    // from production, fails here as it would against CM.
    if shared
        .idin_issued
        .merchant_reference(serial, test)
        .as_deref()
        != Some(reference)
    {
        return not_found();
    }
    let Some((answer, issued)) = shared.idin_issued.read(serial, Instant::now()) else {
        return not_found();
    };
    // Counted like a scenario read (`Sandbox::reads`); the step is not used.
    let _ = shared.scenarios.advance(Provider::CmIdin, id, IDIN_ISSUED);
    match render_issued(id, answer, &issued) {
        Some(document) => respond::json_value(StatusCode::OK, &document),
        None => respond::internal_error(),
    }
}

/// The answer of a fixed scenario id: the step its read count picks.
fn scripted(shared: &Shared, id: &str, script: &'static [Step]) -> Response {
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
            match shared.documents.get(key, || render(id, variant)) {
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

/// The answer of an issued id: its own `transaction_reference` (`null` when its
/// creation gave none, as CM documents) and `issuer_id`, and of the identity only
/// what its creation asked for.
fn render_issued(id: &str, answer: Answer, issued: &Issued) -> Option<Value> {
    let mut document = render(
        id,
        match answer {
            Answer::Open => "open",
            Answer::Identity => IDIN_IDENTITY,
            Answer::Notice => IDIN_NOTICE,
        },
    )?;
    fixtures::set(
        &mut document,
        "/transaction_reference",
        issued.transaction_reference.clone(),
    );
    fixtures::set(&mut document, "/issuer_id", issued.issuer_id.as_str());
    if answer == Answer::Identity {
        keep_asked(&mut document, issued);
    }
    Some(document)
}

/// Removes from an identity answer what was not asked. `bin` stays: without
/// `identity` it is one of its own that differs every time (CM: "If identity was
/// not requested, then this will differ every single time").
fn keep_asked(document: &mut Value, issued: &Issued) {
    let asked = issued.asked;
    let Some(object) = document.as_object_mut() else {
        return;
    };
    if !asked.has("identity") {
        let prefix = issued.issuer_id.get(..6).unwrap_or("SBXBNL");
        object.insert(
            "bin".to_owned(),
            Value::String(format!("{prefix}{}", crate::cm_flows::new_token())),
        );
    }
    if let Some(Value::Object(name)) = object.get_mut("name") {
        if !asked.has("name") {
            for part in ["initials", "last_name", "last_name_prefix"] {
                name.remove(part);
            }
        }
        if !asked.has("gender") {
            name.remove("gender");
        }
    }
    if let Some(Value::Object(age)) = object.get_mut("age") {
        for part in ["date_of_birth", "18y_or_older"] {
            if !asked.has(part) {
                age.remove(part);
            }
        }
    }
    for part in ["address", "email_address", "telephone_number"] {
        if !asked.has(part) {
            object.remove(part);
        }
    }
    // A part with nothing left in it is not sent ("only those values that are
    // available will be represented").
    object.retain(|_, value| !matches!(value, Value::Object(parts) if parts.is_empty()));
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

async fn transaction_live(state: State<Arc<Shared>>, headers: HeaderMap, body: Bytes) -> Response {
    transaction(state, headers, body, false).await
}

/// `/test/transaction`: the id is read under `/test` only.
async fn transaction_test(state: State<Arc<Shared>>, headers: HeaderMap, body: Bytes) -> Response {
    transaction(state, headers, body, true).await
}

async fn transaction(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
    test: bool,
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
    if let Err(message) = check_documented_fields(&fields) {
        return error(StatusCode::BAD_REQUEST, message);
    }
    let issuer_id = text(&fields, "issuer_id").unwrap_or_default().to_owned();
    // CM starts a flow only at a bank of its directory.
    if !directory_issuers().contains(&issuer_id) {
        return error(
            StatusCode::BAD_REQUEST,
            "Invalid request: issuer_id is not an issuer of the directory",
        );
    }
    let asked = match Asked::from_body(&fields) {
        Ok(asked) => asked,
        Err(name) => {
            return error(
                StatusCode::BAD_REQUEST,
                &format!("Invalid request: {name} must be a boolean"),
            );
        }
    };
    let transaction_reference = match fields.get("transaction_reference") {
        None | Some(Value::Null) => None,
        Some(Value::String(reference)) => Some(reference.clone()),
        Some(_) => {
            return error(
                StatusCode::BAD_REQUEST,
                "Invalid request: transaction_reference must be a string",
            );
        }
    };
    // Each issued transaction is kept (with its references) for good: charged
    // like a create, so issuing ids in a loop is bounded by the instance's budget.
    let kept = transaction_reference
        .as_ref()
        .map_or(0, String::len)
        .saturating_add(issuer_id.len());
    if !shared.charge(kept, 1) {
        return respond::storage_full();
    }
    let serial = shared.idin_issued.issue(|serial| {
        Issued::new(
            issued_reference(serial),
            transaction_reference,
            issuer_id,
            asked,
            test,
            Instant::now(),
        )
    });
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

/// The longest `merchant_return_url` CM takes.
const MAX_RETURN_URL: usize = 512;

/// The languages CM documents for the bank's pages.
const LANGUAGES: [&str; 2] = ["nl", "en"];

/// `POST /transaction`'s fields as CM documents them: `merchant_return_url` an absolute
/// URL (a scheme, then something; an app link such as `myapp://return` too) of at most
/// 512 characters, without spaces or control characters; `language` `nl` or `en` when
/// sent; `entrance_code` 1 to 40 ASCII letters and digits when sent (it comes back as
/// `ec` on the return URL). What CM would refuse is refused here, so a client that
/// sends it fails against the sandbox as it would in production.
fn check_documented_fields(fields: &Map<String, Value>) -> Result<(), &'static str> {
    let url = text(fields, "merchant_return_url").unwrap_or_default();
    let absolute = url.split_once(':').is_some_and(|(scheme, rest)| {
        scheme
            .chars()
            .next()
            .is_some_and(|first| first.is_ascii_alphabetic())
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
            && !rest.is_empty()
    });
    if !absolute
        || url.chars().count() > MAX_RETURN_URL
        || url.chars().any(|c| c.is_whitespace() || c.is_control())
    {
        return Err(
            "Invalid request: merchant_return_url must be an absolute URL of at most 512 \
             characters, without spaces",
        );
    }
    match fields.get("language") {
        None | Some(Value::Null) => {}
        Some(Value::String(language)) if LANGUAGES.contains(&language.as_str()) => {}
        Some(_) => return Err("Invalid request: language must be nl or en"),
    }
    match fields.get("entrance_code") {
        None | Some(Value::Null) => {}
        Some(Value::String(code))
            if (1..=40).contains(&code.len())
                && code.bytes().all(|b| b.is_ascii_alphanumeric()) => {}
        Some(_) => {
            return Err("Invalid request: entrance_code must be 1 to 40 letters and digits");
        }
    }
    Ok(())
}

/// The issuer ids of the directory the sandbox serves.
fn directory_issuers() -> &'static [String] {
    static ISSUERS: OnceLock<Vec<String>> = OnceLock::new();
    ISSUERS.get_or_init(|| {
        let directory = fixtures::parse(fixtures::IDIN_DIRECTORY, None).unwrap_or_default();
        directory
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|country| country.get("issuers")?.as_array())
            .flatten()
            .filter_map(|issuer| issuer.get("issuer_id")?.as_str().map(str::to_owned))
            .collect()
    })
}
