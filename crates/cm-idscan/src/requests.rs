//! Every request the client sends, described as a `RequestSpec`: pure
//! functions, tested without sockets; the client only executes them.

use txstatus_core::{
    Error, Result, SecretString, Url,
    provider::{RequestSpec, RetryClass},
};

use crate::{CreateTransaction, PROVIDER, WebhookSubscriptionRequest};

/// `GET /transactions/{id}`: the transaction's state and tasks; a read, retried.
pub fn transaction(id: &str) -> RequestSpec {
    RequestSpec::get("get_transaction")
        .segment("transactions")
        .id_segment(id)
}

/// `GET /transactions/{id}/results/{result_id}`: the extracted fields; a read.
pub fn transaction_result(id: &str, result_id: &str) -> RequestSpec {
    RequestSpec::get("get_transaction_result")
        .segment("transactions")
        .id_segment(id)
        .segment("results")
        .id_segment(result_id)
}

/// Longest accepted `expiresIn`: CM documents none; a week keeps a bearer link
/// from living for ever by mistake.
pub const MAX_EXPIRES_IN: u64 = 7 * 24 * 60 * 60;

/// `POST /transactions`, [`RetryClass::NeverResend`]: a resend would start a
/// second flow, billed and with its own link.
pub fn create_transaction(request: &CreateTransaction) -> Result<RequestSpec> {
    if request.tasks.is_empty() {
        return Err(Error::invalid_input(
            PROVIDER,
            "a transaction needs at least one task",
        ));
    }
    if request
        .expires_in
        .is_some_and(|s| s == 0 || s > MAX_EXPIRES_IN)
    {
        return Err(Error::invalid_input(
            PROVIDER,
            format!("expiresIn must be between 1 and {MAX_EXPIRES_IN} seconds"),
        ));
    }
    let body = serde_json::to_vec(request)
        .map_err(|_| Error::invalid_input(PROVIDER, "the create request did not serialize"))?;
    Ok(RequestSpec::post("create_transaction")
        .retry(RetryClass::NeverResend)
        .segment("transactions")
        .json_body(body)
        .quoted_body_values())
}

/// `POST /webhooks`. The URL must be absolute `https` (deliveries carry your
/// secret header); at least one event is needed; each custom header must be a
/// valid HTTP header with a non-blank value, named once (names compared ignoring
/// ASCII case). Never resent: a second subscription would double every delivery.
pub fn subscribe_webhook(request: &WebhookSubscriptionRequest) -> Result<RequestSpec> {
    let url = Url::parse(&request.url)
        .map_err(|_| Error::invalid_input(PROVIDER, "the webhook url is not an absolute url"))?;
    if url.scheme() != "https" || url.host_str().is_none_or(str::is_empty) {
        return Err(Error::invalid_input(
            PROVIDER,
            "the webhook url must be https with a host",
        ));
    }
    if request.events.is_empty() {
        return Err(Error::invalid_input(
            PROVIDER,
            "a webhook needs at least one event",
        ));
    }
    // Header names are case-insensitive: two that differ in case only reach the
    // receiver as one header sent on two lines, and `WebhookVerifier` wants
    // the secret on every line, so two values would authenticate no delivery.
    let mut names = request.headers.keys().map(|name| name.to_ascii_lowercase());
    let mut seen = std::collections::BTreeSet::new();
    if let Some(name) = names.find(|name| !seen.insert(name.clone())) {
        return Err(Error::invalid_input(
            PROVIDER,
            format!(
                "the custom header {name:?} is set more than once (names are \
                 case-insensitive): deliveries would carry it twice, which is refused"
            ),
        ));
    }
    for (name, value) in &request.headers {
        // A blank value authenticates nothing: `WebhookVerifier` refuses every
        // delivery against it.
        if txstatus_core::webhook::is_blank_secret(
            txstatus_core::ExposeSecret::expose_secret(value).as_bytes(),
        ) {
            return Err(Error::invalid_input(
                PROVIDER,
                format!("the custom header {name:?} has a blank value"),
            ));
        }
        let header_ok =
            txstatus_core::provider::header::HeaderName::from_bytes(name.as_bytes()).is_ok();
        let value_ok = txstatus_core::provider::header::HeaderValue::from_str(
            txstatus_core::ExposeSecret::expose_secret(value),
        )
        .is_ok();
        if !header_ok || !value_ok {
            // Names only: the value is the secret.
            return Err(Error::invalid_input(
                PROVIDER,
                format!("the custom header {name:?} is not a valid HTTP header"),
            ));
        }
    }
    let body = serde_json::to_vec(&request.to_json())
        .map_err(|_| Error::invalid_input(PROVIDER, "the webhook request did not serialize"))?;
    let spec = RequestSpec::post("subscribe_webhook")
        .retry(RetryClass::NeverResend)
        .segment("webhooks")
        .json_body(body);
    // What CM could quote back in an error: the header values (secrets) and the
    // URL (it may carry a token); the core redacts them from its message and drops
    // a code or request id that is one of them.
    let spec = spec.body_secret(SecretString::from(request.url.clone()));
    Ok(request.headers.values().fold(spec, |spec, value| {
        spec.body_secret(SecretString::from(
            txstatus_core::ExposeSecret::expose_secret(value).to_owned(),
        ))
    }))
}

/// Describes the GET of a download URL, or refuses it before any I/O.
///
/// Accepted only with the base's scheme, host and port, no user info, and a
/// path of the base's path, then `downloads`, then at least one segment
/// ([`txstatus_core::provider::get_url_under`]). The query is sent as given; a fragment is never sent.
/// Messages never repeat the URL: it is personal data.
pub fn download(base: &Url, url: &str, limit: usize) -> Result<RequestSpec> {
    Ok(
        txstatus_core::provider::get_url_under(PROVIDER, "download", base, url, &["downloads"])?
            .body_limit(limit),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::TaskType;
    use txstatus_core::SecretString;

    #[test]
    fn every_request_has_its_class_and_retry_decision() {
        let again = txstatus_core::test_util::AGAIN;
        let never = txstatus_core::test_util::NEVER;
        let base = Url::parse(BASE).unwrap();
        let create = CreateTransaction::new([TaskType::DocumentScan]);
        let hook = WebhookSubscriptionRequest::new("https://example.com/h");
        let file = format!("{BASE}/downloads/abc");
        #[rustfmt::skip]
        let table = [
            // request                                      class                      503               reset after send
            (transaction("t1"),                             RetryClass::Idempotent,    again,            again),
            (transaction_result("t1", "r1"),                RetryClass::Idempotent,    again,            again),
            (download(&base, &file, 10).unwrap(),           RetryClass::Idempotent,    again,            again),
            (create_transaction(&create).unwrap(),          RetryClass::NeverResend,   never, never),
            (subscribe_webhook(&hook).unwrap(),             RetryClass::NeverResend,   never, never),
        ];
        txstatus_core::test_util::assert_retry_table(table);
    }

    #[test]
    fn create_is_never_resent() {
        let spec = create_transaction(&CreateTransaction::new([TaskType::DocumentScan])).unwrap();
        assert_eq!(spec.retry_class(), RetryClass::NeverResend);
        assert_eq!(spec.operation(), "create_transaction");
    }

    #[test]
    fn create_without_tasks_or_with_a_bad_expiry_is_refused() {
        assert!(
            create_transaction(&CreateTransaction::default())
                .unwrap_err()
                .is_invalid_input()
        );
        let mut request = CreateTransaction::new([TaskType::FaceMatch]);
        request.expires_in = Some(0);
        assert!(create_transaction(&request).unwrap_err().is_invalid_input());
        request.expires_in = Some(MAX_EXPIRES_IN + 1);
        assert!(create_transaction(&request).unwrap_err().is_invalid_input());
    }

    #[test]
    fn webhook_urls_must_be_https() {
        for url in [
            "http://example.com/hook",
            "example.com",
            "https://",
            "ftp://x",
        ] {
            let error = subscribe_webhook(&WebhookSubscriptionRequest::new(url)).unwrap_err();
            assert!(error.is_invalid_input(), "{url}");
        }
        assert!(
            subscribe_webhook(&WebhookSubscriptionRequest::new("https://example.com/h")).is_ok()
        );
    }

    #[test]
    fn a_bad_custom_header_is_refused_without_its_value() {
        let request = WebhookSubscriptionRequest::new("https://example.com/h")
            .secret_header("X-Hook", SecretString::from("line\nbreak-s3cret"));
        let error = subscribe_webhook(&request).unwrap_err();
        let text = format!("{error} {error:?}");
        assert!(text.contains("X-Hook"), "{text}");
        assert!(!text.contains("s3cret"), "{text}");
    }

    #[test]
    fn a_subscription_without_events_is_refused() {
        let mut request = WebhookSubscriptionRequest::new("https://example.com/h");
        request.events.clear();
        assert!(subscribe_webhook(&request).unwrap_err().is_invalid_input());
    }

    const BASE: &str = "http://127.0.0.1:9000/idscan/v1";

    fn resolved(url: &str) -> Result<String> {
        let service = txstatus_core::provider::ServiceBuilder::new(PROVIDER, Some(BASE)).build()?;
        let spec = download(service.base_url(), url, 10)?;
        Ok(service.url_for(&spec)?.to_string())
    }

    #[test]
    fn accepts_urls_under_the_base_downloads_path() {
        assert_eq!(
            resolved("http://127.0.0.1:9000/idscan/v1/downloads/abc").unwrap(),
            "http://127.0.0.1:9000/idscan/v1/downloads/abc"
        );
        assert_eq!(
            resolved("http://127.0.0.1:9000/idscan/v1/downloads/a/b%20c?x=1&y=a%26b").unwrap(),
            "http://127.0.0.1:9000/idscan/v1/downloads/a/b%20c?x=1&y=a%26b"
        );
    }

    #[test]
    fn a_trailing_slash_on_the_base_changes_nothing() {
        let service = txstatus_core::provider::ServiceBuilder::new(
            PROVIDER,
            Some("https://api.cm.com/id-scan/v1/"),
        )
        .build()
        .unwrap();
        let spec = download(
            service.base_url(),
            "https://api.cm.com:443/id-scan/v1/downloads/kvd6UWjcymy9",
            10,
        )
        .unwrap();
        assert_eq!(
            service.url_for(&spec).unwrap().as_str(),
            "https://api.cm.com/id-scan/v1/downloads/kvd6UWjcymy9"
        );
    }

    #[test]
    fn refuses_everything_else_without_naming_the_url() {
        for url in [
            "http://localhost:9000/idscan/v1/downloads/abc",
            "http://127.0.0.2:9000/idscan/v1/downloads/abc",
            "http://127.0.0.1:9001/idscan/v1/downloads/abc",
            "http://127.0.0.1/idscan/v1/downloads/abc",
            "https://127.0.0.1:9000/idscan/v1/downloads/abc",
            "http://user:pw@127.0.0.1:9000/idscan/v1/downloads/abc",
            "http://127.0.0.1:9000/idscan/v1/transactions/abc",
            "http://127.0.0.1:9000/idscan/v2/downloads/abc",
            "http://127.0.0.1:9000/downloads/abc",
            "http://127.0.0.1:9000/idscan/v1/downloads",
            "http://127.0.0.1:9000/idscan/v1/downloads/",
            "http://127.0.0.1:9000/idscan/v1/downloads//abc",
            "http://127.0.0.1:9000/idscan/v1/downloads/../transactions/abc",
            "http://127.0.0.1:9000/idscan/v1/downloads/%2e%2e/transactions/abc",
            "http://127.0.0.1:9000/idscan/v1/downloads/abc/..",
            "http://127.0.0.1:9000/idscan/v1/downloads/..%2Ftransactions%2Fabc",
            "http://127.0.0.1:9000/idscan/v1/downloads/abc%5C..",
            "http://127.0.0.1:9000/idscan/v1/downloads/a%0Ab",
            "http://127.0.0.1:9000/idscan/v1/downloads/a%zz",
            "http://127.0.0.1:9000/idscan/v1/downloads/%ff",
            "http://127.0.0.1:9000/idscan/v1/../v1/x/../downloads/../transactions",
            "/idscan/v1/downloads/abc",
            "mailto:someone@example.com",
        ] {
            let error = resolved(url).unwrap_err();
            assert!(error.is_invalid_input(), "{url}: {error}");
            assert!(!error.to_string().contains("abc"), "{url}: {error}");
        }
    }
}
