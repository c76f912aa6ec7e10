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
    let completed = match crate::cm_idscan::has_result(&shared, &id, &result_id) {
        Some(completed) => completed,
        None => {
            let Some(script) = scenario::script(Provider::CmIdScan, &id) else {
                return error(StatusCode::NOT_FOUND, "Transaction not found");
            };
            shared.scenarios.peek(Provider::CmIdScan, &id, script) == Step::Doc("completed")
        }
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
    if !fixtures::idscan_download_tokens().any(|known| known == token) {
        return error(StatusCode::NOT_FOUND, "File not found");
    }
    respond::bytes(
        StatusCode::OK,
        "image/png",
        Bytes::from_static(fixtures::IDSCAN_DOWNLOAD),
    )
}
