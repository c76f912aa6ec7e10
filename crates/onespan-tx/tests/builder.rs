//! Building a client: required base URL, credential checks, redacted Debug.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use onespan_tx::{Client, ClientOptions};

const JWT: &str = "eyJhbGciOiJIUzI1NiJ9.builder-secret-payload.c2VjcmV0LXNpZ25hdHVyZQ";

#[test]
fn building_without_a_base_url_is_an_invalid_input_error() {
    let error = Client::builder(JWT).build().unwrap_err();
    assert!(error.is_invalid_input());
    assert!(!error.may_have_been_sent());
    assert_eq!(error.provider(), "onespan");
    assert!(error.to_string().contains("base URL"), "{error}");
}

#[test]
fn base_url_must_be_https_except_for_loopback() {
    let error = Client::builder(JWT)
        .base_url("http://acme.example.com")
        .build()
        .unwrap_err();
    assert!(error.is_invalid_input());
    Client::builder(JWT)
        .base_url("http://127.0.0.1:9000/prefix")
        .build()
        .unwrap();
    Client::builder(JWT)
        .base_url("https://acme.example.onespan.cloud")
        .build()
        .unwrap();
    let error = Client::builder(JWT)
        .base_url("not a url")
        .build()
        .unwrap_err();
    assert!(error.is_invalid_input());
}

#[test]
fn an_empty_or_unsendable_token_is_refused_without_echoing_it() {
    for token in ["", "   ", "line\nbreak-secret"] {
        let error = Client::builder(token)
            .base_url("https://acme.example.onespan.cloud")
            .build()
            .unwrap_err();
        assert!(error.is_invalid_input(), "{token:?}");
        assert!(!format!("{error} {error:?}").contains("break-secret"));
    }
}

#[test]
fn an_empty_or_unsendable_tenant_is_refused() {
    for tenant in ["", "  ", "bad\ntenant"] {
        let error = Client::builder(JWT)
            .tenant(tenant)
            .base_url("https://acme.example.onespan.cloud")
            .build()
            .unwrap_err();
        assert!(error.is_invalid_input(), "{tenant:?}");
    }
}

#[test]
fn debug_of_builder_and_client_never_shows_the_jwt() {
    let builder = Client::builder(JWT)
        .tenant("acme")
        .base_url("https://acme.example.onespan.cloud");
    let shown = format!("{builder:?} {builder:#?}");
    assert!(!shown.contains(JWT), "{shown}");
    assert!(!shown.contains("builder-secret-payload"), "{shown}");
    assert!(shown.contains("[redacted]"));

    let client = builder.build().unwrap();
    let shown = format!("{client:?} {client:#?}");
    assert!(!shown.contains(JWT), "{shown}");
    assert!(!shown.contains("builder-secret-payload"), "{shown}");
    assert!(shown.contains("acme.example.onespan.cloud"));
    let clone = client.clone();
    assert!(!format!("{clone:?}").contains("builder-secret-payload"));
}

#[test]
fn clients_are_send_sync_and_usable_as_status_sources() {
    fn assert_send_sync<T: Send + Sync + 'static>() {}
    assert_send_sync::<Client>();
    assert_send_sync::<onespan_tx::Transaction>();
    let client = Client::builder(JWT)
        .base_url("https://acme.example.onespan.cloud")
        .build()
        .unwrap();
    let sources: Vec<Box<dyn txstatus_core::StatusSource>> = vec![Box::new(client)];
    assert_eq!(sources[0].provider(), onespan_tx::PROVIDER);
}
