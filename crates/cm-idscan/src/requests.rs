//! Request descriptions for the calls that start a flow: pure functions, tested
//! without sockets.

use txstatus_core::{Error, RequestSpec, Result, RetryClass, Url};

use crate::{CreateTransaction, PROVIDER, WebhookSubscriptionRequest};

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
        .json_body(body))
}

/// `POST /webhooks`. The URL must be absolute `https` (deliveries carry your
/// secret header); at least one event is needed. Never resent: a second
/// subscription would double every delivery.
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
    for (name, value) in &request.headers {
        let header_ok = txstatus_core::header::HeaderName::from_bytes(name.as_bytes()).is_ok();
        let value_ok = txstatus_core::header::HeaderValue::from_str(
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
    Ok(RequestSpec::post("subscribe_webhook")
        .retry(RetryClass::NeverResend)
        .segment("webhooks")
        .json_body(body))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::TaskType;
    use txstatus_core::SecretString;

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
}
