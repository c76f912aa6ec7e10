//! The Debug sweep of cm-idscan's public types: a planted marker, in every
//! spelling, reaches none of `{:?}`, `{:#?}`, `{}`, or the redacted JSON.
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use cm_idscan::{
    Client, ClientOptions, IdScanWebhooks, WebhookSubscription, WebhookSubscriptionRequest,
    WebhookVerifier,
};
use txstatus_core::{
    RawBody, SecretString, mask_document,
    provider::{
        decode_json_bytes,
        header::{HeaderMap, HeaderName, HeaderValue},
    },
    test_util::sweep::{MARKER, assert_debug_hides, assert_display_hides, marker_in, planted_url},
    to_redacted_json,
};

#[test]
fn a_webhook_subscription_url_with_a_token_is_masked_in_redacted_json_and_debug() {
    let body = serde_json::json!({
        "id": "sub_1",
        "url": planted_url(MARKER),
        "events": ["transaction.state.updated"],
        "headers": {"X-Secret": MARKER},
    })
    .to_string();
    let subscription = decode_json_bytes::<WebhookSubscription>(
        "cm-idscan",
        200,
        &RawBody::from(body.clone().into_bytes()),
    )
    .unwrap();
    assert_debug_hides("subscription", &subscription);
    let redacted = to_redacted_json(&subscription).unwrap();
    assert_eq!(marker_in(&redacted.to_string()), None, "{redacted}");
    let raw: serde_json::Value = serde_json::from_str(&body).unwrap();
    let masked = mask_document(&raw, &redacted).to_string();
    assert_eq!(marker_in(&masked), None, "{masked}");
}

#[test]
fn builders_requests_and_verifiers_show_no_secret() {
    let builder =
        Client::builder("key-id", SecretString::from(MARKER)).base_url(planted_url(MARKER));
    assert_debug_hides("builder", &builder);
    let request = WebhookSubscriptionRequest::new(planted_url(MARKER))
        .secret_header("X-Secret", SecretString::from(MARKER));
    assert_debug_hides("request", &request);
    let verifier = WebhookVerifier::new("X-Secret", SecretString::from(MARKER));
    assert_debug_hides("verifier", &verifier);
    assert_debug_hides("side", &IdScanWebhooks::new(verifier.clone()));
    let mut headers = HeaderMap::new();
    headers.insert(
        HeaderName::from_static("x-secret"),
        HeaderValue::from_static("wrong"),
    );
    let body = format!(r#"{{"{MARKER}": "{MARKER}"}}"#);
    for headers in [headers, HeaderMap::new()] {
        if let Err(refusal) = verifier.verify(&headers, body.as_bytes()) {
            assert_debug_hides("refusal", &refusal);
            assert_display_hides("refusal", &refusal);
        }
    }
}
