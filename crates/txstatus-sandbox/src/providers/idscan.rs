//! CM.com ID Scan under `/cm-idscan/id-scan/v1`: `GET /transactions/{id}`,
//! `GET /transactions/{id}/results/{resultId}` and `GET /downloads/{token}`, plus
//! `POST /transactions` and `POST /webhooks` (see `cm_idscan`).
//!
//! Every request needs `Authorization: Bearer <JWT>`, the JWT signed with HS256 over
//! `header.payload` using the UTF-8 bytes of the key secret, with header `kid` = key id,
//! `exp` in the future and `nbf` (and `iat`, when present) not more than 5 s ahead.
//! Failures are 401 `{"message": "<reason>"}`; unknown ids 404 `{"message": ...}`; a
//! `POST` body not sent as `application/json` 415 `{"message": ...}`.

use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header::WWW_AUTHENTICATE};
use axum::response::Response;
use axum::routing::{get, post};
use serde_json::{Value, json};

use crate::Provider;
use crate::fixtures::{self, DocKey};
use crate::ids::idscan::RESULT_ID;
use crate::respond;
use crate::scenario::{self, Step};
use crate::state::{self, Shared};

pub(crate) fn router() -> Router<Arc<Shared>> {
    Router::new()
        .route("/transactions", post(create))
        .route("/webhooks", post(subscribe))
        .route("/transactions/{id}", get(transaction))
        .route("/transactions/{id}/results/{result_id}", get(result))
        .route("/downloads/{token}", get(download))
        .fallback(not_found_path)
}

fn error(status: StatusCode, message: &str) -> Response {
    respond::json_value(status, &json!({ "message": message }))
}

async fn not_found_path() -> Response {
    error(StatusCode::NOT_FOUND, "Not found")
}

fn check(shared: &Shared, headers: &HeaderMap) -> Result<(), Box<Response>> {
    let Some(token) = respond::bearer(headers) else {
        return Err(Box::new(unauthorized(
            "missing Authorization: Bearer <JWT>",
        )));
    };
    shared
        .idscan_jwt
        .verify(token, state::unix_now())
        .map_err(|reason| Box::new(unauthorized(&reason.to_string())))
}

fn unauthorized(message: &str) -> Response {
    let mut response = error(StatusCode::UNAUTHORIZED, message);
    response
        .headers_mut()
        .insert(WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
    response
}

async fn transaction(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    if let Err(response) = check(&shared, &headers) {
        return *response;
    }
    if let Some(response) = crate::cm_idscan::read(&shared, &id) {
        return response;
    }
    let Some(script) = scenario::script(Provider::CmIdScan, &id) else {
        return error(StatusCode::NOT_FOUND, "Transaction not found");
    };
    match shared.scenarios.advance(Provider::CmIdScan, &id, script) {
        Step::TooManyRequests => respond::retry_after_one_second(error(
            StatusCode::TOO_MANY_REQUESTS,
            "Too many requests",
        )),
        Step::Unavailable => respond::unavailable(),
        Step::Doc(state) => {
            let key = DocKey {
                provider: Provider::CmIdScan,
                id: id.clone(),
                variant: state,
                flag: false,
            };
            let base = format!("{}{}", shared.root_url, Provider::CmIdScan.base_path());
            match shared.documents.get(key, || render(&base, &id, state)) {
                Some(body) => respond::json(StatusCode::OK, body),
                None => respond::internal_error(),
            }
        }
    }
}

fn render(base: &str, id: &str, state: &str) -> Option<Value> {
    let text = match state {
        "completed" => fixtures::IDSCAN_COMPLETED,
        "expired" => fixtures::IDSCAN_EXPIRED,
        _ => fixtures::IDSCAN_PENDING,
    };
    let mut document = fixtures::parse(text, Some((fixtures::IDSCAN_FIXTURE_BASE, base)))?;
    fixtures::set(&mut document, "/id", id);
    fixtures::set(&mut document, "/state", state);
    scope_downloads(&mut document, base, Listing::Details, id);
    if state != "pending" {
        // Files are listed only while the transaction is pending (CM's seed): a
        // state the sandbox renders from the pending document (an unknown one)
        // has its scans without them.
        for task in document
            .get_mut("tasks")
            .and_then(Value::as_array_mut)
            .into_iter()
            .flatten()
        {
            for scan in task
                .get_mut("documentScans")
                .and_then(Value::as_array_mut)
                .into_iter()
                .flatten()
            {
                if let Some(scan) = scan.as_object_mut() {
                    scan.remove("files");
                }
            }
        }
    }
    Some(document)
}

async fn result(
    State(shared): State<Arc<Shared>>,
    Path((id, result_id)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    if let Err(response) = check(&shared, &headers) {
        return *response;
    }
    let Some(completed) = completed(&shared, &id) else {
        return error(StatusCode::NOT_FOUND, "Transaction not found");
    };
    if result_id != RESULT_ID || !completed {
        return error(StatusCode::NOT_FOUND, "Result not found");
    }
    let key = DocKey {
        provider: Provider::CmIdScan,
        id: id.clone(),
        variant: "result",
        flag: false,
    };
    let base = format!("{}{}", shared.root_url, Provider::CmIdScan.base_path());
    let rendered = shared.documents.get(key, || {
        let mut document = fixtures::parse(
            fixtures::IDSCAN_RESULT,
            Some((fixtures::IDSCAN_FIXTURE_BASE, &base)),
        )?;
        fixtures::set(&mut document, "/id", id.as_str());
        scope_downloads(&mut document, &base, Listing::Result, &id);
        Some(document)
    });
    match rendered {
        Some(body) => respond::json(StatusCode::OK, body),
        None => respond::internal_error(),
    }
}

async fn create(State(shared): State<Arc<Shared>>, headers: HeaderMap, body: Bytes) -> Response {
    if let Err(response) = check(&shared, &headers) {
        return *response;
    }
    if let Some(response) = respond::json_body_required(&headers) {
        return response;
    }
    crate::cm_idscan::create(&shared, &body)
}

async fn subscribe(State(shared): State<Arc<Shared>>, headers: HeaderMap, body: Bytes) -> Response {
    if let Err(response) = check(&shared, &headers) {
        return *response;
    }
    if let Some(response) = respond::json_body_required(&headers) {
        return response;
    }
    crate::cm_idscan::subscribe(&shared, &body)
}

async fn download(
    State(shared): State<Arc<Shared>>,
    Path(token): Path<String>,
    headers: HeaderMap,
) -> Response {
    if let Err(response) = check(&shared, &headers) {
        return *response;
    }
    if !still_listed(&shared, &token) {
        return error(StatusCode::NOT_FOUND, "File not found");
    }
    respond::bytes(
        StatusCode::OK,
        "image/png",
        Bytes::from_static(fixtures::IDSCAN_DOWNLOAD),
    )
}

/// Whether a transaction has completed (its result is there): `None` for an id neither
/// created here nor a scenario. Reading a result does not advance a scenario.
fn completed(shared: &Shared, id: &str) -> Option<bool> {
    if let Some(completed) = crate::cm_idscan::has_result(shared, id, RESULT_ID) {
        return Some(completed);
    }
    let script = scenario::script(Provider::CmIdScan, id)?;
    Some(shared.scenarios.peek(Provider::CmIdScan, id, script) == Step::Doc("completed"))
}

/// Where a file link was listed: a transaction's details (while it is pending) or its
/// result (once it has completed).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Listing {
    Details,
    Result,
}

impl Listing {
    fn tag(self) -> char {
        match self {
            Listing::Details => 'd',
            Listing::Result => 'r',
        }
    }
}

/// Makes every file link under `{base}/downloads/` in `document` the transaction's own:
/// `{file}-{d|r}{id in hex}`. CM's links are per transaction and work only while its
/// listing would show them (details: pending and not expired; result: completed), and
/// [`still_listed`] answers them by that rule, so a client that keeps a link and
/// downloads after the transaction moved on fails here as it would at CM.
fn scope_downloads(document: &mut Value, base: &str, listing: Listing, id: &str) {
    let prefix = format!("{base}/downloads/");
    let mut scope = String::with_capacity(id.len().saturating_mul(2).saturating_add(2));
    scope.push('-');
    scope.push(listing.tag());
    scope.push_str(&hex(id));
    let mut stack = vec![document];
    while let Some(value) = stack.pop() {
        match value {
            Value::String(text) if text.starts_with(&prefix) => text.push_str(&scope),
            Value::Array(items) => stack.extend(items.iter_mut()),
            Value::Object(members) => stack.extend(members.values_mut()),
            _ => {}
        }
    }
}

/// Whether a download token names a fixture file in a listing that would still show it.
fn still_listed(shared: &Shared, token: &str) -> bool {
    let Some((file, scope)) = token.split_once('-') else {
        return false;
    };
    if !fixtures::idscan_download_tokens().any(|known| known == file) {
        return false;
    }
    let mut chars = scope.chars();
    let tag = chars.next();
    let Some(id) = unhex(chars.as_str()) else {
        return false;
    };
    match tag {
        Some('d') => scenario::script(Provider::CmIdScan, &id).is_some_and(|script| {
            shared.scenarios.peek(Provider::CmIdScan, &id, script) == Step::Doc("pending")
        }),
        Some('r') => completed(shared, &id) == Some(true),
        _ => false,
    }
}

fn hex(text: &str) -> String {
    text.bytes().map(|byte| format!("{byte:02x}")).collect()
}

/// The text `hex` wrote (lower-case pairs only, so one id has one token).
fn unhex(text: &str) -> Option<String> {
    let bytes = text
        .as_bytes()
        .chunks(2)
        .map(|pair| match pair {
            [high, low] => Some(nibble(*high)?.checked_mul(16)? | nibble(*low)?),
            _ => None,
        })
        .collect::<Option<Vec<u8>>>()?;
    String::from_utf8(bytes).ok().filter(|id| !id.is_empty())
}

fn nibble(digit: u8) -> Option<u8> {
    match digit {
        b'0'..=b'9' => digit.checked_sub(b'0'),
        b'a'..=b'f' => digit.checked_sub(b'a').and_then(|n| n.checked_add(10)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::{hex, unhex};

    #[test]
    fn ids_round_trip_through_hex_and_only_canonical_hex_is_read() {
        for id in ["sbx-progress", "a/b c", "\u{e9}"] {
            assert_eq!(unhex(&hex(id)).as_deref(), Some(id));
        }
        for junk in ["", "a", "0g", "+1", "6A", "ff"] {
            assert_eq!(unhex(junk), None, "{junk:?}");
        }
    }
}
