//! Pure functions that describe every request of the lifecycle: path, query,
//! headers, body and retry class. No I/O; txstatus-core sends them.
//!
//! | operation | request | retry class |
//! |---|---|---|
//! | retrieve transaction | `GET /transactions/{id}` | `Idempotent` |
//! | list transactions | `GET /transactions` | `Idempotent` |
//! | list events | `GET /events` | `Idempotent` |
//! | retrieve event | `GET /events/{id}` | `Idempotent` |
//! | create | `POST /transactions` + `Idempotency-Key` | `Idempotent` (409 for the key in progress also resent) |
//! | create without key | `POST /transactions` | `NeverResend` |
//! | update | `PATCH /transactions/{id}` + `Idempotency-Key` | `Idempotent` (sets values; `NeverResend` without a key) |
//! | redact | `DELETE /transactions/{id}` | `Idempotent` (a 404 after a resend is success) |
//! | redact biometrics | `POST /transactions/{id}/redact-biometrics` + `Idempotency-Key` | `Idempotent` (deleting twice deletes the same data) |
//! | download a file | `GET {file URL}` under the file origin, no API key | `Idempotent` |

use txstatus_core::Result;
use txstatus_core::Url;
use txstatus_core::provider::{
    RequestSpec, RetryClass, get_url_under,
    header::{HeaderName, HeaderValue},
};

use crate::{
    idempotency::IdempotencyKey,
    list_options::{ListEvents, ListTransactions},
    options::RetrieveOptions,
    writes::{CreateTransaction, UpdateTransaction},
};

const IDEMPOTENCY_KEY: HeaderName = HeaderName::from_static("idempotency-key");

/// `Key-Inflection: kebab` and `Persona-Version`, on every request.
// Statics: a name made with `from_static` at run time is validated on every call.
static KEY_INFLECTION: HeaderName = HeaderName::from_static("key-inflection");
static PERSONA_VERSION: HeaderName = HeaderName::from_static("persona-version");

pub(crate) fn persona_headers(spec: RequestSpec, version: &HeaderValue) -> RequestSpec {
    spec.header(KEY_INFLECTION.clone(), HeaderValue::from_static("kebab"))
        .header(PERSONA_VERSION.clone(), version.clone())
}

fn with_key(spec: RequestSpec, key: Option<&IdempotencyKey>) -> Result<RequestSpec> {
    Ok(match key {
        Some(key) => spec.header(IDEMPOTENCY_KEY, key.header_value()?),
        None => spec,
    })
}

fn with_query(mut spec: RequestSpec, pairs: Vec<(String, String)>) -> RequestSpec {
    for (key, value) in pairs {
        spec = spec.query(key, value);
    }
    spec
}

/// `GET /transactions/{id}` with the `include` and fields of `options`.
pub fn retrieve_transaction(
    version: &HeaderValue,
    id: &str,
    options: &RetrieveOptions,
) -> RequestSpec {
    let spec = RequestSpec::get("retrieve_transaction")
        .segment("transactions")
        .id_segment(id);
    with_query(persona_headers(spec, version), options.query_pairs())
}

/// `GET /transactions` with the filters of `list`; `after` (a cursor taken from
/// `links.next`) replaces its starting cursors.
pub fn list_transactions(
    version: &HeaderValue,
    list: &ListTransactions,
    after: Option<&str>,
) -> RequestSpec {
    let spec = persona_headers(
        RequestSpec::get("list_transactions").segment("transactions"),
        version,
    );
    with_query(spec, list.query_pairs(after))
}

/// `GET /events` with the filters of `list`; `after` as for [`list_transactions`].
pub fn list_events(version: &HeaderValue, list: &ListEvents, after: Option<&str>) -> RequestSpec {
    let spec = persona_headers(RequestSpec::get("list_events").segment("events"), version);
    with_query(spec, list.query_pairs(after))
}

/// `GET /events/{id}`.
pub fn retrieve_event(version: &HeaderValue, id: &str) -> RequestSpec {
    persona_headers(
        RequestSpec::get("retrieve_event")
            .segment("events")
            .id_segment(id),
        version,
    )
}

/// `POST /transactions`; `Idempotent` with a key, `NeverResend` without one.
pub fn create_transaction(
    version: &HeaderValue,
    create: &CreateTransaction,
    key: Option<&IdempotencyKey>,
) -> Result<RequestSpec> {
    let class = if key.is_some() {
        RetryClass::Idempotent
    } else {
        RetryClass::NeverResend
    };
    let spec = RequestSpec::post("create_transaction")
        .retry(class)
        .segment("transactions")
        .json_body(create.body()?)
        .quoted_body_values();
    with_key(persona_headers(spec, version), key)
}

/// `PATCH /transactions/{id}`: it sets values, so it is `Idempotent` with a key
/// (and `NeverResend` without one, as Persona records an event per update).
pub fn update_transaction(
    version: &HeaderValue,
    id: &str,
    update: &UpdateTransaction,
    key: Option<&IdempotencyKey>,
) -> Result<RequestSpec> {
    let class = if key.is_some() {
        RetryClass::Idempotent
    } else {
        RetryClass::NeverResend
    };
    let spec = RequestSpec::patch("update_transaction", class)
        .segment("transactions")
        .id_segment(id)
        .json_body(update.body()?)
        .quoted_body_values();
    with_key(persona_headers(spec, version), key)
}

/// `DELETE /transactions/{id}`: redacts its personal data, cannot be undone.
/// `Idempotent`: redacting twice leaves the same state.
pub fn redact_transaction(version: &HeaderValue, id: &str) -> RequestSpec {
    persona_headers(
        RequestSpec::delete("redact_transaction", RetryClass::Idempotent)
            .segment("transactions")
            .id_segment(id),
        version,
    )
}

/// `POST /transactions/{id}/redact-biometrics`: `Idempotent` (deleting twice
/// deletes the same data), with an `Idempotency-Key` when given.
pub fn redact_biometrics(
    version: &HeaderValue,
    id: &str,
    key: Option<&IdempotencyKey>,
) -> Result<RequestSpec> {
    let spec = RequestSpec::post("redact_transaction_biometrics")
        .retry(RetryClass::Idempotent)
        .segment("transactions")
        .id_segment(id)
        .segment("redact-biometrics");
    with_key(persona_headers(spec, version), key)
}

/// `GET` of a file URL Persona handed out, refused before any I/O unless it is
/// under `origin` (the file endpoint's base); sent without the API key (the
/// file endpoint has none), its query as given, at most `limit` bytes read.
pub(crate) fn download(origin: &Url, url: &str, limit: usize) -> Result<RequestSpec> {
    Ok(get_url_under(crate::PROVIDER, "download", origin, url, &[])?.body_limit(limit))
}

#[cfg(test)]
mod tests {
    use txstatus_core::ClientOptions;
    use txstatus_core::provider::ServiceBuilder;

    use super::*;
    use crate::PROVIDER;

    fn url(spec: &RequestSpec) -> String {
        ServiceBuilder::new(PROVIDER, None)
            .base_url("https://api.withpersona.com/api/v1")
            .build()
            .unwrap()
            .url_for(spec)
            .unwrap()
            .to_string()
    }

    fn version() -> HeaderValue {
        HeaderValue::from_static("2025-12-08")
    }

    #[test]
    fn list_encodes_deep_object_brackets() {
        let list = ListTransactions::new().page_size(2).reference_id("r 1");
        let spec = list_transactions(&version(), &list, Some("txn_B"));
        assert_eq!(spec.retry_class(), RetryClass::Idempotent);
        assert_eq!(
            url(&spec),
            "https://api.withpersona.com/api/v1/transactions?page%5Bsize%5D=2&page%5Bafter%5D=txn_B&filter%5Breference-id%5D=r+1"
        );
    }

    #[test]
    fn events_paths() {
        let spec = list_events(&version(), &ListEvents::new().object_ids(["txn_1"]), None);
        assert_eq!(
            url(&spec),
            "https://api.withpersona.com/api/v1/events?filter%5Bobject-id%5D=txn_1"
        );
        assert_eq!(
            url(&retrieve_event(&version(), "evt_1")),
            "https://api.withpersona.com/api/v1/events/evt_1"
        );
    }

    #[test]
    fn retry_classes_follow_the_key() {
        let key = IdempotencyKey::new("k1").unwrap();
        let create = CreateTransaction::new("txntp_1");
        let keyed = create_transaction(&version(), &create, Some(&key)).unwrap();
        let unkeyed = create_transaction(&version(), &create, None).unwrap();
        assert_eq!(keyed.retry_class(), RetryClass::Idempotent);
        assert_eq!(unkeyed.retry_class(), RetryClass::NeverResend);
        let update =
            update_transaction(&version(), "txn_1", &UpdateTransaction::new(), None).unwrap();
        assert_eq!(update.retry_class(), RetryClass::NeverResend);
        let redact = redact_transaction(&version(), "txn_1");
        assert_eq!(redact.retry_class(), RetryClass::Idempotent);
        let biometrics = redact_biometrics(&version(), "txn_1", Some(&key)).unwrap();
        assert_eq!(biometrics.retry_class(), RetryClass::Idempotent);
        assert_eq!(
            url(&biometrics),
            "https://api.withpersona.com/api/v1/transactions/txn_1/redact-biometrics"
        );
    }

    #[test]
    fn ids_are_one_segment() {
        let spec = redact_transaction(&version(), "a/../events");
        assert_eq!(
            url(&spec),
            "https://api.withpersona.com/api/v1/transactions/a%2F..%2Fevents"
        );
        let dots = redact_transaction(&version(), "..");
        let service = ServiceBuilder::new(PROVIDER, None)
            .base_url("https://api.withpersona.com/api/v1")
            .build()
            .unwrap();
        assert!(service.url_for(&dots).is_err());
    }

    /// Every request this crate builds, its class, and what the core's retry
    /// rules do after a 503 and after a connection reset once the request was
    /// sent: a write is asked again only when an idempotency key makes it safe.
    #[test]
    fn every_request_has_its_class_and_retry_decision() {
        let again = txstatus_core::test_util::AGAIN;
        let never = txstatus_core::test_util::NEVER;
        let v = version();
        let key = IdempotencyKey::new("k1").unwrap();
        let k = Some(&key);
        let create = CreateTransaction::new("txntp_1");
        let update = UpdateTransaction::new();
        let files = Url::parse(crate::files::DEFAULT_FILE_ORIGIN).unwrap();
        #[rustfmt::skip]
        let table = [
            // request                                                           class                    503    reset after send
            (retrieve_transaction(&v, "txn_1", &RetrieveOptions::default()),     RetryClass::Idempotent,  again, again),
            (list_transactions(&v, &ListTransactions::new(), None),              RetryClass::Idempotent,  again, again),
            (list_events(&v, &ListEvents::new(), Some("evt_0")),                 RetryClass::Idempotent,  again, again),
            (retrieve_event(&v, "evt_1"),                                        RetryClass::Idempotent,  again, again),
            (create_transaction(&v, &create, k).unwrap(),                        RetryClass::Idempotent,  again, again),
            (create_transaction(&v, &create, None).unwrap(),                     RetryClass::NeverResend, never, never),
            (update_transaction(&v, "txn_1", &update, k).unwrap(),               RetryClass::Idempotent,  again, again),
            (update_transaction(&v, "txn_1", &update, None).unwrap(),            RetryClass::NeverResend, never, never),
            (redact_transaction(&v, "txn_1"),                                    RetryClass::Idempotent,  again, again),
            (redact_biometrics(&v, "txn_1", k).unwrap(),                         RetryClass::Idempotent,  again, again),
            (download(&files, "https://files.withpersona.com/f/a.png", 1).unwrap(), RetryClass::Idempotent, again, again),
        ];
        txstatus_core::test_util::assert_retry_table(table);
    }
}
