//! `Debug` of every public webhook type shows no secret: not the header's
//! value, not a token in a webhook URL's user info or query, in any case or
//! encoding.
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use cm_idscan::{
    IdScanWebhooks, SecretString, WebhookSubscription, WebhookSubscriptionRequest, WebhookVerifier,
};
use txstatus_core::{RawBody, provider::decode_json_bytes};

/// URLs carrying `Tok3n` (or `hunter2`) in each place a token travels.
const URLS: [&str; 6] = [
    "https://hooks.example/cm?token=Tok3n",
    "https://hooks.example/cm?a=1&TOKEN=Tok3n#frag",
    "https://user:Tok3n@hooks.example/cm",
    "https://Tok3n@hooks.example:8443/cm?x=%54ok3n",
    "https://hooks.example/cm?sig=VG9rM24%3D#Tok3n",
    "not a url Tok3n",
];

fn assert_hidden(debug: &str) {
    let lower = debug.to_lowercase();
    for secret in ["tok3n", "vg9rm24", "%54ok3n", "hunter2"] {
        assert!(!lower.contains(secret), "{secret} in {debug}");
    }
}

#[test]
fn a_subscription_request_debug_hides_url_tokens_and_header_values() {
    for url in URLS {
        let request = WebhookSubscriptionRequest::new(url)
            .secret_header("X-Hook-Secret", SecretString::from("hunter2"));
        let debug = format!("{request:?}");
        assert_hidden(&debug);
        assert!(debug.contains("X-Hook-Secret"), "{debug}");
        // The merchant's URL is masked whole: its path may name a customer.
        assert!(!debug.contains("/cm"), "{debug}");
        assert!(debug.contains("[redacted]"), "{debug}");
    }
}

#[test]
fn a_subscription_debug_hides_url_tokens_and_echoed_header_values() {
    for url in URLS {
        let body = serde_json::json!({
            "id": "w1",
            "url": url,
            "events": ["transaction.state.updated"],
            "headers": {"X-Hook-Secret": "hunter2"},
        })
        .to_string();
        let subscription: WebhookSubscription =
            decode_json_bytes(cm_idscan::PROVIDER, 200, &RawBody::new(body.into_bytes())).unwrap();
        let debug = format!("{subscription:?}");
        assert_hidden(&debug);
        assert!(debug.contains("w1"), "{debug}");
        assert!(!debug.contains("/cm"), "{debug}");
    }
}

#[test]
fn verifier_and_side_debug_hide_the_secret_in_any_case() {
    for secret in ["hunter2", "HUNTER2-x", " hunter2 "] {
        let verifier = WebhookVerifier::new("X-Hook-Secret", SecretString::from(secret));
        assert_hidden(&format!("{verifier:?}").to_lowercase());
        let side = IdScanWebhooks::new(verifier);
        assert_hidden(&format!("{side:?}").to_lowercase());
        let line = format!("X-Hook-Secret: {secret}");
        if let Ok(side) = IdScanWebhooks::from_header_line(&line) {
            assert_hidden(&format!("{side:?}"));
        }
    }
}
