//! The Debug sweep of cm-checkout's public types: a planted marker, in every
//! spelling, reaches none of `{:?}`, `{:#?}` or the redacted JSON.
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use cm_checkout::{
    CheckoutWebhook, CheckoutWebhooks, Client, ClientOptions, ReturnTo, WebhookToken,
};
use txstatus_core::{
    SecretString,
    test_util::sweep::{MARKER, assert_debug_hides, marker_in, planted_url},
    to_redacted_json,
};

#[test]
fn builders_clients_and_tokens_show_no_secret() {
    let builder =
        Client::builder("client-id", SecretString::from(MARKER)).base_url(planted_url(MARKER));
    assert_debug_hides("builder", &builder);
    let client = Client::builder("client-id", SecretString::from(MARKER))
        .base_url(format!("https://api.example.com/?token={MARKER}"))
        .build()
        .unwrap();
    assert_debug_hides("client", &client);
    let token = WebhookToken::from_stored(SecretString::from(MARKER));
    assert_debug_hides("token", &token);
    assert_debug_hides("side", &CheckoutWebhooks::new(token.clone()));
}

#[test]
fn webhook_and_return_urls_of_a_new_checkout_are_hidden_and_redacted() {
    let token = WebhookToken::from_stored(SecretString::from(MARKER));
    let webhook = CheckoutWebhook {
        url: token.webhook_url(&planted_url(MARKER)).unwrap(),
        events: Vec::new(),
    };
    assert_debug_hides("webhook", &webhook);
    let redacted = to_redacted_json(&webhook).unwrap().to_string();
    assert_eq!(marker_in(&redacted), None, "{redacted}");
    let back = ReturnTo::Single(planted_url(MARKER));
    assert_debug_hides("return to", &back);
}
