//! Persona's lifecycle endpoints: list and create transactions, update, redact,
//! redact biometrics, list and read events. Requests are checked with the sandbox's own
//! code against Persona's spec: unknown query parameters and body members are 400s.

use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde_json::{Map, Value, json};

use crate::Provider;
use crate::fixtures;
use crate::form;
use crate::ids::persona as scenario_ids;
use crate::persona_ids::{CREATED_STEPS, STATUSES};
use crate::persona_store::{Created, NewTransaction, Record, Update};
use crate::persona_time::rfc3339;
use crate::providers::persona::{check, error, render};
use crate::respond;
use crate::scenario::{self, Step};
use crate::state::Shared;

/// Persona's default page size.
const DEFAULT_PAGE_SIZE: usize = 10;
const MAX_PAGE_SIZE: usize = 100;

/// An error item in the spec's shape for its status: a 422 item holds `title`,
/// `details` and `source` (`pointer` only); a 400 item `title`, `details` and `meta`
/// (no `source`: the spec's items allow no other member).
fn rejected(status: StatusCode, title: &str, details: &str, at: Option<Value>) -> Box<Response> {
    let mut item = json!({ "title": title, "details": details });
    if let (Some(at), Some(members)) = (at, item.as_object_mut()) {
        let name = if status == StatusCode::UNPROCESSABLE_ENTITY {
            "source"
        } else {
            "meta"
        };
        members.insert(name.to_owned(), at);
    }
    Box::new(respond::json_value(status, &json!({ "errors": [item] })))
}

/// A 400 naming the query parameter at fault in `meta.parameter`.
fn bad_parameter(parameter: &str, details: &str) -> Box<Response> {
    rejected(
        StatusCode::BAD_REQUEST,
        "Bad Request",
        details,
        Some(json!({ "parameter": parameter })),
    )
}

/// A 400 naming the body member at fault in `meta.pointer`.
fn bad_body(pointer: &str, details: &str) -> Box<Response> {
    rejected(
        StatusCode::BAD_REQUEST,
        "Bad Request",
        details,
        Some(json!({ "pointer": pointer })),
    )
}

fn not_found() -> Response {
    error(StatusCode::NOT_FOUND, "Record not found", None)
}

/// The JSON type name Persona gives a field value.
fn field_type(value: &Value) -> &'static str {
    match value {
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::Array(_) => "multi-choices",
        Value::Object(_) => "hash",
        Value::String(_) | Value::Null => "string",
    }
}

/// Blanks a transaction document's personal data, as Persona's redaction does.
pub(crate) fn redact_document(document: &mut Value) {
    if let Some(fields) = document
        .pointer_mut("/data/attributes/fields")
        .and_then(Value::as_object_mut)
    {
        for field in fields.values_mut() {
            if let Some(field) = field.as_object_mut() {
                field.insert("value".to_owned(), Value::Null);
            }
        }
    }
    fixtures::set(document, "/data/attributes/reference-id", Value::Null);
    fixtures::set(document, "/data/attributes/tags", json!([]));
    if let Some(object) = document.as_object_mut()
        && object.contains_key("included")
    {
        object.insert("included".to_owned(), json!([]));
    }
}

/// A stored transaction's document with `status` as it was at `updated_at`.
pub(crate) fn record_document(
    record: &Record,
    status: &str,
    updated_at: SystemTime,
) -> Option<Value> {
    let mut document = fixtures::parse(fixtures::PERSONA_TRANSACTION, None)?;
    fixtures::set(&mut document, "/data/id", record.id.as_str());
    fixtures::set(&mut document, "/data/attributes/status", status);
    fixtures::set(
        &mut document,
        "/data/attributes/reference-id",
        record
            .reference_id
            .clone()
            .map_or(Value::Null, Value::String),
    );
    fixtures::set(&mut document, "/data/attributes/tags", json!(record.tags));
    fixtures::set(
        &mut document,
        "/data/attributes/created-at",
        rfc3339(record.created_at),
    );
    fixtures::set(
        &mut document,
        "/data/attributes/updated-at",
        rfc3339(updated_at),
    );
    fixtures::set(
        &mut document,
        "/data/relationships/transaction-type/data/id",
        record.transaction_type_id.as_str(),
    );
    if let Some(label) = &record.label {
        fixtures::set(
            &mut document,
            "/data/relationships/transaction-label/data",
            json!({ "type": "transaction-label", "id": label }),
        );
    }
    if let Some(fields) = document
        .pointer_mut("/data/attributes/fields")
        .and_then(Value::as_object_mut)
    {
        for (name, value) in &record.fields {
            fields.insert(
                name.clone(),
                json!({ "type": field_type(value), "value": value }),
            );
        }
    }
    if record.redacted {
        redact_document(&mut document);
    }
    Some(document)
}

/// The current document of a stored transaction.
pub(crate) fn current_document(shared: &Shared, record: &Record) -> Option<Value> {
    let (now, interval) = (Instant::now(), shared.persona_store.step_interval());
    record_document(
        record,
        &record.status(now, interval),
        record.updated_at(now, interval),
    )
}

/// `GET /transactions/{id}` for a stored transaction, or a redacted scenario id.
/// The document is shaped by the retrieve call's `include` and `fields[TYPE]`
/// (`pairs`).
pub(crate) fn stored_transaction(
    shared: &Shared,
    id: &str,
    pairs: &[(String, String)],
) -> Option<Response> {
    let record = shared.persona_store.get(id)?;
    Some(match current_document(shared, &record) {
        Some(mut document) => {
            shape_retrieved(&mut document, pairs);
            respond::json_value(StatusCode::OK, &document)
        }
        None => respond::internal_error(),
    })
}

/// Shapes a retrieved transaction by its query: `include` keeps in `included`
/// only the objects the listed relationships of `data` point at (`include=`,
/// empty, keeps none), then the sparse fieldsets apply.
pub(crate) fn shape_retrieved(document: &mut Value, pairs: &[(String, String)]) {
    if let Some(include) = form::first(pairs, "include") {
        let mut wanted: Vec<(String, String)> = Vec::new();
        for path in include.split(',').filter(|path| !path.is_empty()) {
            let linked = document
                .get("data")
                .and_then(|data| data.get("relationships"))
                .and_then(|relationships| relationships.get(path))
                .and_then(|relationship| relationship.get("data"))
                .cloned()
                .unwrap_or(Value::Null);
            let linked = match linked {
                Value::Array(items) => items,
                Value::Object(_) => vec![linked],
                _ => Vec::new(),
            };
            for item in &linked {
                if let (Some(kind), Some(id)) = (
                    item.get("type").and_then(Value::as_str),
                    item.get("id").and_then(Value::as_str),
                ) {
                    wanted.push((kind.to_owned(), id.to_owned()));
                }
            }
        }
        if let Some(Value::Array(included)) = document.get_mut("included") {
            included.retain(|item| {
                let kind = item.get("type").and_then(Value::as_str).unwrap_or("");
                let id = item.get("id").and_then(Value::as_str).unwrap_or("");
                wanted.iter().any(|(k, i)| k == kind && i == id)
            });
        }
    }
    sparse_fieldsets(document, pairs);
}

/// Applies JSON:API sparse fieldsets, `fields[TYPE]=a,b`, to a document: every
/// resource of `TYPE` in `data` (an object or a list) and in `included` keeps only
/// the attributes listed (an empty value keeps none), as Persona serializes them.
pub(crate) fn sparse_fieldsets(document: &mut Value, pairs: &[(String, String)]) {
    for (key, value) in pairs {
        let Some(resource_type) = key
            .strip_prefix("fields[")
            .and_then(|rest| rest.strip_suffix(']'))
        else {
            continue;
        };
        let wanted: Vec<&str> = value.split(',').filter(|name| !name.is_empty()).collect();
        let Some(top) = document.as_object_mut() else {
            return;
        };
        let mut resources: Vec<&mut Value> = Vec::new();
        for (member, value) in top.iter_mut() {
            if member != "data" && member != "included" {
                continue;
            }
            match value {
                Value::Array(items) => resources.extend(items.iter_mut()),
                item @ Value::Object(_) => resources.push(item),
                _ => {}
            }
        }
        for resource in resources {
            if resource.get("type").and_then(Value::as_str) != Some(resource_type) {
                continue;
            }
            if let Some(attributes) = resource
                .get_mut("attributes")
                .and_then(Value::as_object_mut)
            {
                attributes.retain(|name, _| wanted.contains(&name.as_str()));
            }
        }
    }
}

/// The decoded query pairs, every key checked against `allowed` (`fields[...]` is
/// always allowed).
pub(crate) fn query_pairs(
    query: Option<&str>,
    allowed: &[&str],
) -> Result<Vec<(String, String)>, Box<Response>> {
    let pairs = form::parse(query.unwrap_or_default())
        .ok_or_else(|| bad_parameter("query", "the query string is not valid form encoding"))?;
    for (key, _) in &pairs {
        let sparse = key.starts_with("fields[") && key.ends_with(']');
        if !sparse && !allowed.contains(&key.as_str()) {
            return Err(bad_parameter(
                key,
                "unknown query parameter (deepObject style: page[size], filter[reference-id]...)",
            ));
        }
    }
    Ok(pairs)
}

/// `page[size]`, `page[after]`, `page[before]`.
struct Page {
    size: usize,
    after: Option<String>,
    before: Option<String>,
}

fn page(pairs: &[(String, String)]) -> Result<Page, Box<Response>> {
    let size = match form::first(pairs, "page[size]") {
        None => DEFAULT_PAGE_SIZE,
        Some(text) => match text.parse::<usize>() {
            Ok(size) if (1..=MAX_PAGE_SIZE).contains(&size) => size,
            _ => return Err(bad_parameter("page[size]", "page[size] must be 1 to 100")),
        },
    };
    let after = form::first(pairs, "page[after]").map(str::to_owned);
    let before = form::first(pairs, "page[before]").map(str::to_owned);
    if after.is_some() && before.is_some() {
        return Err(bad_parameter(
            "page",
            "page[after] and page[before] cannot be combined",
        ));
    }
    Ok(Page {
        size,
        after,
        before,
    })
}

/// One page of `items` (newest first) and its links, Persona style: relative paths
/// under `/api/v1` that carry only the cursor.
fn paginate(items: Vec<(String, Value)>, page: &Page, collection: &str) -> Value {
    let position = |cursor: &str| items.iter().position(|(id, _)| id == cursor);
    let (start, end) = match (&page.after, &page.before) {
        (Some(after), _) => match position(after) {
            Some(at) => {
                let start = at.saturating_add(1);
                (start, start.saturating_add(page.size).min(items.len()))
            }
            None => (items.len(), items.len()),
        },
        (None, Some(before)) => match position(before) {
            Some(at) => (at.saturating_sub(page.size), at),
            None => (0, 0),
        },
        (None, None) => (0, page.size.min(items.len())),
    };
    let link = |direction: &str, id: &str| {
        Value::String(format!("/api/v1/{collection}?page%5B{direction}%5D={id}"))
    };
    let next = match items.get(end.saturating_sub(1)) {
        Some((id, _)) if end < items.len() && end > start => link("after", id),
        _ => Value::Null,
    };
    let prev = match items.get(start) {
        Some((id, _)) if start > 0 && end > start => link("before", id),
        _ => Value::Null,
    };
    let data: Vec<Value> = items
        .into_iter()
        .skip(start)
        .take(end.saturating_sub(start))
        .map(|(_, value)| value)
        .collect();
    json!({ "data": data, "links": { "prev": prev, "next": next } })
}

/// `GET /transactions`.
pub(crate) async fn list_transactions(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    if let Err(response) = check(&shared, &headers) {
        return *response;
    }
    let allowed = [
        "page[size]",
        "page[after]",
        "page[before]",
        "filter[reference-id]",
        "filter[transaction-type-id]",
        "filter[identifier][key]",
        "filter[identifier][value]",
    ];
    let pairs = match query_pairs(query.as_deref(), &allowed) {
        Ok(pairs) => pairs,
        Err(response) => return *response,
    };
    let page = match page(&pairs) {
        Ok(page) => page,
        Err(response) => return *response,
    };
    let reference_id = form::first(&pairs, "filter[reference-id]");
    let type_id = form::first(&pairs, "filter[transaction-type-id]");
    let identifier = (
        form::first(&pairs, "filter[identifier][key]"),
        form::first(&pairs, "filter[identifier][value]"),
    );
    let mut items = Vec::new();
    for record in shared.persona_store.all() {
        if reference_id.is_some_and(|r| record.reference_id.as_deref() != Some(r))
            || type_id.is_some_and(|t| record.transaction_type_id != t)
        {
            continue;
        }
        if let (Some(key), value) = identifier {
            let matches = record
                .fields
                .get(key)
                .is_some_and(|field| value.is_none_or(|v| field.as_str() == Some(v)));
            if !matches {
                continue;
            }
        }
        let Some(mut document) = current_document(&shared, &record) else {
            return respond::internal_error();
        };
        let data = document
            .as_object_mut()
            .and_then(|object| object.remove("data"))
            .unwrap_or(Value::Null);
        items.push((record.id.clone(), data));
    }
    let mut listed = paginate(items, &page, "transactions");
    sparse_fieldsets(&mut listed, &pairs);
    respond::json_value(StatusCode::OK, &listed)
}

/// The JSON body of a write: `{"data":{"attributes":{...}}}` (plus `meta`), with only
/// the attribute names in `allowed`.
fn attributes(
    headers: &HeaderMap,
    body: &[u8],
    allowed: &[&str],
) -> Result<Map<String, Value>, Box<Response>> {
    if !respond::content_type_is(headers, "application/json") {
        return Err(bad_body("", "Content-Type must be application/json"));
    }
    let Ok(Value::Object(mut top)) = serde_json::from_slice::<Value>(body) else {
        return Err(bad_body("", "the body must be a JSON object"));
    };
    if let Some(key) = top
        .keys()
        .find(|key| !matches!(key.as_str(), "data" | "meta"))
    {
        return Err(bad_body(&format!("/{key}"), "unknown member"));
    }
    let Some(Value::Object(mut data)) = top.remove("data") else {
        return Err(bad_body("/data", "data must be an object"));
    };
    if let Some(key) = data.keys().find(|key| key.as_str() != "attributes") {
        return Err(bad_body(&format!("/data/{key}"), "unknown member"));
    }
    let attributes = match data.remove("attributes") {
        Some(Value::Object(attributes)) => attributes,
        None => Map::new(),
        Some(_) => return Err(bad_body("/data/attributes", "attributes must be an object")),
    };
    if let Some(key) = attributes
        .keys()
        .find(|key| !allowed.contains(&key.as_str()))
    {
        return Err(bad_body(
            &format!("/data/attributes/{key}"),
            "unknown attribute",
        ));
    }
    Ok(attributes)
}

fn string(attributes: &Map<String, Value>, name: &str) -> Result<Option<String>, Box<Response>> {
    match attributes.get(name) {
        None => Ok(None),
        Some(Value::String(text)) => Ok(Some(text.clone())),
        Some(_) => Err(bad_body(
            &format!("/data/attributes/{name}"),
            "must be a string",
        )),
    }
}

fn tags(attributes: &Map<String, Value>) -> Result<Option<Vec<String>>, Box<Response>> {
    match attributes.get("tags") {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Array(items)) => items
            .iter()
            .map(|item| item.as_str().map(str::to_owned))
            .collect::<Option<Vec<_>>>()
            .map(Some)
            .ok_or_else(|| bad_body("/data/attributes/tags", "tags must be strings")),
        Some(_) => Err(bad_body("/data/attributes/tags", "tags must be an array")),
    }
}

fn fields(attributes: &Map<String, Value>) -> Result<Map<String, Value>, Box<Response>> {
    match attributes.get("fields") {
        None => Ok(Map::new()),
        Some(Value::Object(fields)) => Ok(fields.clone()),
        Some(_) => Err(bad_body(
            "/data/attributes/fields",
            "fields must be an object",
        )),
    }
}

/// The `Idempotency-Key`, when sent; an empty one is a 400.
fn idempotency_key(headers: &HeaderMap) -> Result<Option<String>, Box<Response>> {
    match headers.get("idempotency-key") {
        None => Ok(None),
        Some(value) => match value.to_str() {
            Ok(key) if !key.trim().is_empty() => Ok(Some(key.to_owned())),
            _ => Err(bad_parameter(
                "Idempotency-Key",
                "Idempotency-Key must be non-empty visible ASCII",
            )),
        },
    }
}

/// `POST /transactions`.
pub(crate) async fn create_transaction(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if let Err(response) = check(&shared, &headers) {
        return *response;
    }
    let parsed = (|| {
        let key = idempotency_key(&headers)?;
        let attributes = attributes(
            &headers,
            &body,
            &["transaction-type-id", "fields", "reference-id", "tags"],
        )?;
        let Some(transaction_type_id) = string(&attributes, "transaction-type-id")? else {
            return Err(rejected(
                StatusCode::UNPROCESSABLE_ENTITY,
                "Unprocessable entity",
                "transaction-type-id is required",
                Some(json!({ "pointer": "/data/attributes/transaction-type-id" })),
            ));
        };
        if !transaction_type_id.starts_with("txntp_") {
            return Err(rejected(
                StatusCode::UNPROCESSABLE_ENTITY,
                "Unprocessable entity",
                "transaction-type-id must name a transaction type (txntp_...)",
                Some(json!({ "pointer": "/data/attributes/transaction-type-id" })),
            ));
        }
        let new = NewTransaction {
            transaction_type_id,
            reference_id: string(&attributes, "reference-id")?,
            fields: fields(&attributes)?,
            tags: tags(&attributes)?.unwrap_or_default(),
        };
        Ok((key, new))
    })();
    let (key, new) = match parsed {
        Ok(parsed) => parsed,
        Err(response) => return *response,
    };
    // Kept as the transaction and, with a key, as the idempotency copy.
    let copies = if key.is_some() { 2 } else { 1 };
    if !shared.charge(body.len(), copies) {
        return crate::respond::storage_full();
    }
    match shared.persona_store.create(new, key.as_deref(), &body) {
        Created::KeyReused => *rejected(
            StatusCode::UNPROCESSABLE_ENTITY,
            "Unprocessable entity",
            "this Idempotency-Key was used with a different request",
            // A 422 item's `source` holds a body pointer only: a header has none.
            None,
        ),
        Created::Record(record) => match current_document(&shared, &record) {
            Some(document) => respond::json_value(StatusCode::CREATED, &document),
            None => respond::internal_error(),
        },
    }
}

/// `PATCH /transactions/{id}`.
pub(crate) async fn update_transaction(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if let Err(response) = check(&shared, &headers) {
        return *response;
    }
    let parsed = (|| {
        let key = idempotency_key(&headers)?;
        let attributes = attributes(
            &headers,
            &body,
            &["fields", "status", "reference-id", "label", "tags"],
        )?;
        let status = string(&attributes, "status")?;
        if let Some(status) = &status
            && !STATUSES.contains(&status.as_str())
        {
            return Err(rejected(
                StatusCode::UNPROCESSABLE_ENTITY,
                "Record invalid",
                "status is not a status of this transaction type",
                Some(json!({ "pointer": "/data/attributes/status" })),
            ));
        }
        let update = Update {
            status,
            reference_id: string(&attributes, "reference-id")?,
            label: string(&attributes, "label")?,
            fields: fields(&attributes)?,
            tags: tags(&attributes)?,
        };
        Ok((key, update))
    })();
    let (key, update) = match parsed {
        Ok(parsed) => parsed,
        Err(response) => return *response,
    };
    match shared.persona_store.get(&id) {
        Some(record) if record.redacted => {
            return error(
                StatusCode::CONFLICT,
                "Conflict",
                Some("Transaction already redacted"),
            );
        }
        Some(_) => {}
        None => return not_found(),
    }
    // Fields are merged into what the transaction keeps: charged like a create.
    let copies = if key.is_some() { 2 } else { 1 };
    if !shared.charge(body.len(), copies) {
        return crate::respond::storage_full();
    }
    match shared.persona_store.update(&id, update, key.as_deref()) {
        Some(record) => match current_document(&shared, &record) {
            Some(document) => respond::json_value(StatusCode::OK, &document),
            None => respond::internal_error(),
        },
        None => not_found(),
    }
}

/// `DELETE /transactions/{id}`: the redacted document; 404 once already redacted (so
/// a resend after a lost answer gets a 404).
pub(crate) async fn redact_transaction(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    if let Err(response) = check(&shared, &headers) {
        return *response;
    }
    if let Some(redacted) = shared.persona_store.redact(&id) {
        if !redacted {
            return not_found();
        }
        return stored_transaction(&shared, &id, &[]).unwrap_or_else(not_found);
    }
    if scenario::script(Provider::Persona, &id).is_none() {
        return not_found();
    }
    if !shared.persona_store.redact_scenario(&id) {
        return not_found();
    }
    match scenario_document(&shared, &id) {
        Some(document) => respond::json_value(StatusCode::OK, &document),
        None => respond::internal_error(),
    }
}

/// A scenario transaction at the status of its last read, redacted when it was.
pub(crate) fn scenario_document(shared: &Shared, id: &str) -> Option<Value> {
    let script = scenario::script(Provider::Persona, id)?;
    let status = match shared.scenarios.peek(Provider::Persona, id, script) {
        Step::Doc(status) => status,
        _ => script.iter().find_map(|step| match step {
            Step::Doc(status) => Some(*status),
            _ => None,
        })?,
    };
    let mut document = render(id, status)?;
    if shared.persona_store.scenario_redacted(id) {
        redact_document(&mut document);
    }
    Some(document)
}

/// `POST /transactions/{id}/redact-biometrics`: the transaction as it is (the
/// sandbox's fixtures hold no biometrics).
pub(crate) async fn redact_biometrics(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    if let Err(response) = check(&shared, &headers) {
        return *response;
    }
    let key = match idempotency_key(&headers) {
        Ok(key) => key,
        Err(response) => return *response,
    };
    if let Some(key) = &key {
        // A recorded key is kept for good: charged like a create, so keys sent
        // in a loop are bounded by the instance's budget.
        if !shared.charge(id.len().saturating_add(key.len()), 1) {
            return crate::respond::storage_full();
        }
        shared
            .persona_store
            .apply_once(&format!("biometrics:{id}"), key);
    }
    if let Some(response) = stored_transaction(&shared, &id, &[]) {
        return response;
    }
    match scenario_document(&shared, &id) {
        Some(document) => respond::json_value(StatusCode::OK, &document),
        None => not_found(),
    }
}

/// One event: id, name, object id, when, payload.
struct EventItem {
    id: String,
    name: &'static str,
    object_id: String,
    at: SystemTime,
    payload: Value,
}

impl EventItem {
    fn to_json(&self) -> Value {
        json!({
            "type": "event",
            "id": self.id,
            "attributes": {
                "name": self.name,
                "payload": self.payload,
                "created-at": rfc3339(self.at),
            }
        })
    }
}

/// The scenario ids with events (every Persona scenario but the 404 one).
const SCENARIOS: [&str; 10] = [
    scenario_ids::PROGRESS,
    scenario_ids::RATE_LIMITED,
    scenario_ids::UNAVAILABLE,
    scenario_ids::STUCK,
    scenario_ids::UNKNOWN_STATUS,
    scenario_ids::COMPLETED,
    scenario_ids::APPROVED,
    scenario_ids::DECLINED,
    scenario_ids::FAILED,
    scenario_ids::EXPIRED,
];

/// Every event, newest first: a scenario's `transaction.created` and one
/// `transaction.status-updated` per later status of its script (at fixed times), and
/// for created transactions their creation, the steps reached and their writes.
fn all_events(shared: &Shared) -> Vec<EventItem> {
    let mut events = Vec::new();
    let base = UNIX_EPOCH + Duration::from_secs(1_735_812_000); // 2025-01-02T10:00:00Z
    for (index, id) in SCENARIOS.iter().enumerate() {
        let Some(script) = scenario::script(Provider::Persona, id) else {
            continue;
        };
        let mut statuses: Vec<&str> = Vec::new();
        for step in script {
            if let Step::Doc(status) = step
                && statuses.last() != Some(status)
            {
                statuses.push(status);
            }
        }
        for (k, status) in statuses.iter().enumerate() {
            let Some(payload) = render(id, status) else {
                continue;
            };
            let offset = Duration::from_secs(60).saturating_mul(index as u32)
                + Duration::from_secs(5).saturating_mul(k as u32);
            events.push(EventItem {
                id: format!("evt_{id}-{k}"),
                name: if k == 0 {
                    "transaction.created"
                } else {
                    "transaction.status-updated"
                },
                object_id: (*id).to_owned(),
                at: base + offset,
                payload,
            });
        }
    }
    let now = Instant::now();
    let interval = shared.persona_store.step_interval();
    for record in shared.persona_store.all() {
        if !record.posted {
            continue;
        }
        let times = record.step_times(now, interval);
        for (k, at) in times.into_iter().enumerate() {
            let Some(status) = CREATED_STEPS.get(k) else {
                continue;
            };
            let Some(payload) = record_document(&record, status, at) else {
                continue;
            };
            events.push(EventItem {
                id: format!("evt_{}-{k}", record.id),
                name: if k == 0 {
                    "transaction.created"
                } else {
                    "transaction.status-updated"
                },
                object_id: record.id.clone(),
                at,
                payload,
            });
        }
        for (suffix, name, at) in &record.events {
            let Some(payload) = current_document(shared, &record) else {
                continue;
            };
            events.push(EventItem {
                id: format!("evt_{}-{suffix}", record.id),
                name,
                object_id: record.id.clone(),
                at: *at,
                payload,
            });
        }
    }
    events.sort_by(|a, b| b.at.cmp(&a.at).then_with(|| b.id.cmp(&a.id)));
    events
}

fn comma_list(pairs: &[(String, String)], key: &str) -> Option<Vec<String>> {
    form::first(pairs, key).map(|value| {
        value
            .split(',')
            .map(|part| part.trim().to_owned())
            .filter(|part| !part.is_empty())
            .collect()
    })
}

/// `GET /events`.
pub(crate) async fn list_events(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    if let Err(response) = check(&shared, &headers) {
        return *response;
    }
    let allowed = [
        "page[size]",
        "page[after]",
        "page[before]",
        "filter[name]",
        "filter[object-id]",
        "filter[id]",
    ];
    let pairs = match query_pairs(query.as_deref(), &allowed) {
        Ok(pairs) => pairs,
        Err(response) => return *response,
    };
    let page = match page(&pairs) {
        Ok(page) => page,
        Err(response) => return *response,
    };
    let names = comma_list(&pairs, "filter[name]");
    let objects = comma_list(&pairs, "filter[object-id]");
    let ids = comma_list(&pairs, "filter[id]");
    let keep = |list: &Option<Vec<String>>, value: &str| {
        list.as_ref()
            .is_none_or(|list| list.iter().any(|item| item == value))
    };
    let items = all_events(&shared)
        .into_iter()
        .filter(|event| {
            keep(&names, event.name) && keep(&objects, &event.object_id) && keep(&ids, &event.id)
        })
        .map(|event| (event.id.clone(), event.to_json()))
        .collect();
    let mut listed = paginate(items, &page, "events");
    sparse_fieldsets(&mut listed, &pairs);
    respond::json_value(StatusCode::OK, &listed)
}

/// `GET /events/{id}`.
pub(crate) async fn event(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    if let Err(response) = check(&shared, &headers) {
        return *response;
    }
    match all_events(&shared).into_iter().find(|event| event.id == id) {
        Some(event) => respond::json_value(StatusCode::OK, &json!({ "data": event.to_json() })),
        None => not_found(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn items(n: usize) -> Vec<(String, Value)> {
        (0..n).map(|i| (format!("id{i}"), json!(i))).collect()
    }

    fn page(size: usize, after: Option<&str>, before: Option<&str>) -> Page {
        Page {
            size,
            after: after.map(str::to_owned),
            before: before.map(str::to_owned),
        }
    }

    #[test]
    fn pages_link_by_cursor_only() {
        let first = paginate(items(5), &page(2, None, None), "transactions");
        assert_eq!(first["data"], json!([0, 1]));
        assert_eq!(
            first["links"]["next"],
            "/api/v1/transactions?page%5Bafter%5D=id1"
        );
        assert_eq!(first["links"]["prev"], Value::Null);
        let last = paginate(items(5), &page(2, Some("id3"), None), "transactions");
        assert_eq!(last["data"], json!([4]));
        assert_eq!(last["links"]["next"], Value::Null);
        assert_eq!(
            last["links"]["prev"],
            "/api/v1/transactions?page%5Bbefore%5D=id4"
        );
        let before = paginate(items(5), &page(2, None, Some("id4")), "transactions");
        assert_eq!(before["data"], json!([2, 3]));
    }

    #[test]
    fn redaction_blanks_personal_data() {
        let mut document = fixtures::parse(fixtures::PERSONA_TRANSACTION, None).unwrap();
        redact_document(&mut document);
        let text = document.to_string();
        assert!(!text.contains("Jane") && !text.contains("sandbox-order-0001"));
    }
}
