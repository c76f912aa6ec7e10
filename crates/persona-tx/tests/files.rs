//! File downloads: only under the file origin, never with the API key, capped.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use crate::support;

use mockito::Matcher;
use persona_tx::{Client, ClientOptions};
use txstatus_core::{ErrorKind, RetryPolicy, SecretString};

const KEY: &str = "persona_test_key_do_not_leak";
const TOKEN: &str = "tok3n-secret";

fn client(api: &str, files: &str) -> Client {
    support::file_client(api, files, KEY)
}

#[tokio::test]
async fn a_file_under_the_origin_is_fetched_without_the_api_key() {
    let mut files = mockito::Server::new_async().await;
    let mock = files
        .mock("GET", "/files/abc/front%20photo.png")
        .match_query(Matcher::UrlEncoded("access_token".into(), TOKEN.into()))
        .match_header("authorization", Matcher::Missing)
        .with_header("content-type", "image/png")
        .with_body([1u8, 2, 3])
        .expect(1)
        .create_async()
        .await;
    let client = client("http://127.0.0.1:1/api/v1", &files.url());
    let url = format!(
        "{}/files/abc/front%20photo.png?access_token={TOKEN}",
        files.url()
    );
    let response = client.download(&url).await.unwrap();
    mock.assert_async().await;
    assert_eq!(response.value().bytes(), &[1, 2, 3]);
    assert_eq!(response.value().content_type(), Some("image/png"));
    let mut written: Vec<u8> = Vec::new();
    response.value().write_to(&mut written).await.unwrap();
    assert_eq!(written, vec![1, 2, 3]);
    assert!(!format!("{response:?}").contains(TOKEN));
}

#[tokio::test]
async fn urls_elsewhere_are_refused_before_any_request_and_never_shown() {
    let mut files = mockito::Server::new_async().await;
    let any = files
        .mock("GET", Matcher::Any)
        .expect(0)
        .create_async()
        .await;
    let client = client("http://127.0.0.1:1/api/v1", &files.url());
    let port = files
        .host_with_port()
        .rsplit(':')
        .next()
        .unwrap()
        .to_owned();
    for url in [
        format!("https://127.0.0.1:{port}/f?access_token={TOKEN}"),
        format!("http://localhost.invalid:{port}/f?access_token={TOKEN}"),
        format!("http://127.0.0.1:1/f?access_token={TOKEN}"),
        format!("http://user:pw@127.0.0.1:{port}/f?access_token={TOKEN}"),
        format!("http://127.0.0.1:{port}/a%2Fb?access_token={TOKEN}"),
        format!("http://127.0.0.1:{port}/?access_token={TOKEN}"),
    ] {
        let error = client.download(&url).await.unwrap_err();
        assert!(error.is_invalid_input(), "{url}");
        for text in [error.to_string(), format!("{error:?}")] {
            assert!(!text.contains(TOKEN), "{text}");
            assert!(!text.contains(KEY), "{text}");
        }
    }
    any.assert_async().await;
}

#[tokio::test]
async fn files_over_the_cap_fail_and_errors_hide_the_url() {
    let mut files = mockito::Server::new_async().await;
    files
        .mock("GET", "/big")
        .match_query(Matcher::Any)
        .with_body(vec![0u8; 1000])
        .create_async()
        .await;
    files
        .mock("GET", "/missing")
        .match_query(Matcher::Any)
        .with_status(404)
        .create_async()
        .await;
    let client = client("http://127.0.0.1:1/api/v1", &files.url());
    let error = client
        .download(&format!("{}/big?access_token={TOKEN}", files.url()))
        .await
        .unwrap_err();
    assert!(matches!(
        error.kind(),
        ErrorKind::BodyTooLarge { limit: 64, .. }
    ));
    let error = client
        .download(&format!("{}/missing?access_token={TOKEN}", files.url()))
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(404));
    assert!(!error.to_string().contains(TOKEN));
}

#[tokio::test]
async fn a_page_or_json_answered_in_place_of_a_file_is_a_decode_error_keeping_the_body() {
    let mut files = mockito::Server::new_async().await;
    for (media, body) in [
        (Some("text/html"), "<h1>Link expired</h1>"),
        (Some("application/json"), "{\"error\":\"expired\"}"),
        (None, "<!DOCTYPE html><p>x</p>"),
    ] {
        let mut mock = files
            .mock("GET", "/files/abc/doc.pdf")
            .match_query(Matcher::Any);
        if let Some(media) = media {
            mock = mock.with_header("content-type", media);
        }
        let mock = mock.with_body(body).create_async().await;
        let client = client("http://127.0.0.1:1/api/v1", &files.url());
        let url = format!("{}/files/abc/doc.pdf?access_token={TOKEN}", files.url());
        let error = client.download(&url).await.unwrap_err();
        assert!(matches!(error.kind(), ErrorKind::Decode(_)), "{error:?}");
        assert_eq!(error.body().unwrap().as_bytes(), body.as_bytes());
        assert!(!format!("{error} {error:?}").contains(TOKEN));
        mock.remove_async().await;
    }
}

/// `with_options` is per call on every operation: a download through the view
/// follows the view's retry policy (here none), not the transport's, as an API
/// read through it does.
#[tokio::test]
async fn a_download_through_a_call_options_view_follows_the_views_retry_policy() {
    use persona_tx::{CallOptions, WithCallOptions};
    use std::sync::Arc;

    let mut files = mockito::Server::new_async().await;
    let unavailable = files
        .mock("GET", "/f/id.jpg")
        .match_query(Matcher::Any)
        .with_status(503)
        .expect(1)
        .create_async()
        .await;
    // The transport retries a 503 (the default policy, on a clock that never
    // sleeps); the view asks for no retry.
    let client = Client::builder(SecretString::from(KEY))
        .base_url("http://127.0.0.1:1/api/v1")
        .file_origin(files.url())
        .configure_transport(|t| {
            t.no_proxy()
                .clock(Arc::new(txstatus_core::ManualClock::new()))
        })
        .build()
        .unwrap();
    let once = client.with_options(CallOptions::new().retry_policy(RetryPolicy::none()));
    let url = format!("{}/f/id.jpg?access_token={TOKEN}", files.url());
    let error = once.download(&url).await.unwrap_err();
    assert_eq!(error.status(), Some(503), "{error:?}");
    unavailable.assert_async().await;
}

/// The client says the cap its downloads run under (and shows it in `Debug`),
/// as OneSpan's and ID Scan's do: the default, or the builder's.
#[test]
fn the_client_says_its_download_limit() {
    let default = Client::builder(SecretString::from(KEY)).build().unwrap();
    assert_eq!(default.download_limit(), persona_tx::DEFAULT_DOWNLOAD_LIMIT);
    let capped = client("http://127.0.0.1:1/api/v1", "http://127.0.0.1:2");
    assert_eq!(capped.download_limit(), 64);
    assert!(format!("{capped:?}").contains("download_limit: 64"));
}

#[tokio::test]
async fn a_signed_urls_query_reaches_the_file_host_byte_for_byte() {
    // Decoding and re-encoding would send `%20` as `+`, `~` as `%7E`, `+` as
    // `%2B` and `flag` as `flag=`: a signature over the query would no longer match.
    for query in [
        "X-Amz-Credential=AKIA%2F20261207%2Feu-west-1%2Fs3%2Faws4_request&X-Amz-Signature=ab~cd",
        "name=front%20photo.png&plus=a+b&tilde=%7E&empty=&flag",
        "Policy=eyJ~abc_-&Signature=Zm9v~YmFy&Key-Pair-Id=K2ABC",
        "access_token=x%2By%3D%3D&expires=1765065600",
    ] {
        let mut files = mockito::Server::new_async().await;
        let mock = files
            .mock("GET", "/files/abc/doc.pdf")
            .match_query(Matcher::Exact(query.to_owned()))
            .match_header("authorization", Matcher::Missing)
            .with_header("content-type", "image/png")
            .with_body([1u8, 2, 3])
            .expect(1)
            .create_async()
            .await;
        let client = client("http://127.0.0.1:1/api/v1", &files.url());
        let url = format!("{}/files/abc/doc.pdf?{query}", files.url());
        let response = client.download(&url).await;
        mock.assert_async().await;
        assert_eq!(response.unwrap().value().bytes(), &[1, 2, 3], "{query}");
    }
}
