//! A request URL longer than `http` can carry is refused as invalid input before
//! anything is sent, not failed as a transport error that "may have been sent".
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use crate::support;

use txstatus_core::{
    ManualClock,
    provider::{MAX_URL_LEN, RequestSpec},
};

#[tokio::test]
async fn a_100_kb_query_value_is_refused_before_sending_and_never_retried() {
    let mut server = mockito::Server::new_async().await;
    let any = server
        .mock("GET", mockito::Matcher::Any)
        .expect(0)
        .create_async()
        .await;
    let clock = ManualClock::new();
    let service = support::service(&server.url(), &clock);
    let spec = RequestSpec::get("list")
        .segment("transactions")
        .query("filter[reference-id]", "x".repeat(100_000));
    let error = service.execute(spec).await.unwrap_err();
    assert!(error.is_invalid_input(), "{error}");
    assert!(!error.may_have_been_sent(), "{error}");
    assert!(!error.to_string().contains("xxxx"), "{error}");
    any.assert_async().await;
}

#[test]
fn url_for_refuses_exactly_past_the_limit() {
    let clock = ManualClock::new();
    let base = "http://127.0.0.1:9000/";
    let service = support::service(base, &clock);
    // `base` + "x?q=" + value.
    let fits = MAX_URL_LEN - base.len() - "x?q=".len();
    let spec = |len: usize| {
        RequestSpec::get("x")
            .segment("x")
            .query("q", "v".repeat(len))
    };
    assert_eq!(
        service.url_for(&spec(fits)).unwrap().as_str().len(),
        MAX_URL_LEN
    );
    assert!(
        service
            .url_for(&spec(fits + 1))
            .unwrap_err()
            .is_invalid_input()
    );
}

#[tokio::test]
async fn a_url_just_under_the_limit_is_sent() {
    let mut server = mockito::Server::new_async().await;
    let clock = ManualClock::new();
    let service = support::service(&server.url(), &clock);
    let base_len = service.base_url().as_str().len();
    let fits = MAX_URL_LEN - base_len - "x?q=".len();
    let mock = server
        .mock("GET", "/x")
        .match_query(mockito::Matcher::Any)
        .expect(1)
        .create_async()
        .await;
    let spec = RequestSpec::get("x")
        .segment("x")
        .query("q", "v".repeat(fits));
    service.execute(spec).await.unwrap();
    mock.assert_async().await;
}
