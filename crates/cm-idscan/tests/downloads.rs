//! Downloads: only URLs under the API base's `/downloads/` get the bearer token.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use crate::support;

use std::sync::Arc;

use cm_idscan::{ClientOptions, DEFAULT_DOWNLOAD_LIMIT, ScanFile, Transaction};
use mockito::Matcher;
use support::{DETAILS, Seen, builder, client, verify_bearer};
use txstatus_core::{ErrorKind, ManualClock};

const IMAGE: &[u8] = b"\xff\xd8\xff\xe0 not really a jpeg \x00\x01\x02";

#[tokio::test]
async fn a_download_url_under_the_prefixed_base_is_fetched_with_the_bearer() {
    let mut server = mockito::Server::new_async().await;
    let seen = Seen::default();
    let mock = server
        .mock("GET", "/idscan/v1/downloads/kvd6UWjcymy9O3dsd9MU9nQF")
        .match_query(Matcher::AllOf(vec![
            Matcher::UrlEncoded("sig".into(), "a+b/c".into()),
            Matcher::UrlEncoded("x".into(), "1".into()),
        ]))
        .with_header("content-type", "image/jpeg")
        .with_body_from_request(seen.responder(IMAGE))
        .expect(1)
        .create_async()
        .await;
    let (client, _clock) = client(&server);
    let url = format!(
        "{}/idscan/v1/downloads/kvd6UWjcymy9O3dsd9MU9nQF?sig=a%2Bb%2Fc&x=1",
        server.url()
    );
    let response = client.download(&url).await.unwrap();
    mock.assert_async().await;

    let download = response.value();
    assert_eq!(download.bytes(), IMAGE);
    assert_eq!(download.content_type(), Some("image/jpeg"));
    let mut written: Vec<u8> = Vec::new();
    download.write_to(&mut written).await.unwrap();
    assert_eq!(written, IMAGE);
    verify_bearer(seen.all()[0].as_deref().unwrap());
}

#[tokio::test]
async fn every_other_url_is_refused_before_any_request() {
    let mut server = mockito::Server::new_async().await;
    let any = server
        .mock("GET", Matcher::Any)
        .expect(0)
        .create_async()
        .await;
    let (client, _clock) = client(&server);
    let origin = server.url();
    let port = server.socket_address().port();
    let other_port = if port == 65535 { 1 } else { port + 1 };
    for url in [
        format!("http://localhost:{port}/idscan/v1/downloads/tok"),
        format!("http://127.0.0.1:{other_port}/idscan/v1/downloads/tok"),
        format!("https://127.0.0.1:{port}/idscan/v1/downloads/tok"),
        format!("http://user:pass@127.0.0.1:{port}/idscan/v1/downloads/tok"),
        format!("{origin}/idscan/v1/transactions/2c2f04a5-44e4-4a83-aa53-1a9fa90c2394"),
        format!("{origin}/idscan/v2/downloads/tok"),
        format!("{origin}/downloads/tok"),
        format!("{origin}/idscan/v1/downloadsX/tok"),
        format!("{origin}/idscan/v1/downloads"),
        format!("{origin}/idscan/v1/downloads/"),
        format!("{origin}/idscan/v1/downloads/../transactions/tok"),
        format!("{origin}/idscan/v1/downloads/%2E%2E/transactions/tok"),
        format!("{origin}/idscan/v1/downloads/..%2ftransactions%2ftok"),
        format!("{origin}/idscan/v1/downloads/tok/.."),
        format!("{origin}/idscan/v1/downloads/tok/%2e"),
        format!("{origin}/idscan/v1/x/../../v1/downloads/../../idscan/v1/transactions/tok"),
        "https://api.cm.com/id-scan/v1/downloads/tok".to_owned(),
        "idscan/v1/downloads/tok".to_owned(),
        String::new(),
    ] {
        let error = client.download(&url).await.unwrap_err();
        assert!(error.is_invalid_input(), "{url}: {error}");
        assert!(!error.may_have_been_sent(), "{url}");
        assert!(
            !error.to_string().contains("tok"),
            "the message names no URL: {error}"
        );
    }
    any.assert_async().await;
}

#[tokio::test]
async fn files_from_another_host_are_refused() {
    let server = mockito::Server::new_async().await;
    let (client, _clock) = client(&server);
    let details: Transaction = serde_json::from_slice(DETAILS).unwrap();
    let scans = details.tasks[0].document_scans.as_ref().unwrap();
    let error = client.download(&scans[0].files[0]).await.unwrap_err();
    assert!(error.is_invalid_input());
    let no_url: ScanFile = serde_json::from_str(r#"{"category":"image"}"#).unwrap();
    assert!(
        client
            .download(&no_url)
            .await
            .unwrap_err()
            .is_invalid_input()
    );
}

#[tokio::test]
async fn files_listed_under_the_base_are_downloaded() {
    let mut server = mockito::Server::new_async().await;
    let mock = server
        .mock("GET", "/idscan/v1/downloads/Yuc5fpPrPyrrImtk2wOlVUkw")
        .with_body(IMAGE)
        .expect(1)
        .create_async()
        .await;
    let (client, _clock) = client(&server);
    let file: ScanFile = serde_json::from_value(serde_json::json!({
        "category": "image",
        "type": "portrait",
        "url": format!("{}/idscan/v1/downloads/Yuc5fpPrPyrrImtk2wOlVUkw", server.url()),
    }))
    .unwrap();
    let response = client.download(&file).await.unwrap();
    mock.assert_async().await;
    assert_eq!(response.value().len(), IMAGE.len());
}

#[tokio::test]
async fn a_file_over_the_cap_is_refused_and_not_retried() {
    let mut server = mockito::Server::new_async().await;
    let mock = server
        .mock("GET", "/idscan/v1/downloads/big")
        .with_body(vec![7u8; 64])
        .expect(2)
        .create_async()
        .await;
    let (client, _clock) = client(&server);
    let url = format!("{}/idscan/v1/downloads/big", server.url());
    let error = client.download_with_limit(&url, 16).await.unwrap_err();
    assert!(matches!(
        error.kind(),
        ErrorKind::BodyTooLarge { limit: 16, .. }
    ));

    let capped = builder(&server, Arc::new(ManualClock::new()))
        .download_limit(32)
        .build()
        .unwrap();
    let error = capped.download(&url).await.unwrap_err();
    assert!(matches!(
        error.kind(),
        ErrorKind::BodyTooLarge { limit: 32, .. }
    ));
    mock.assert_async().await;
    assert_eq!(DEFAULT_DOWNLOAD_LIMIT, 25 * 1024 * 1024);
}

#[tokio::test]
async fn a_file_larger_than_the_transport_cap_fits_the_download_cap() {
    let mut server = mockito::Server::new_async().await;
    let body = vec![1u8; 4096];
    let _mock = server
        .mock("GET", "/idscan/v1/downloads/scan")
        .with_body(&body)
        .create_async()
        .await;
    let client = builder(&server, Arc::new(ManualClock::new()))
        .configure_transport(|t| t.body_limit(1024))
        .build()
        .unwrap();
    let url = format!("{}/idscan/v1/downloads/scan", server.url());
    assert_eq!(
        client.download(&url).await.unwrap().value().bytes(),
        body.as_slice()
    );
}

#[tokio::test]
async fn downloads_are_retried_like_reads() {
    let mut server = mockito::Server::new_async().await;
    let seen = Seen::default();
    let busy = server
        .mock("GET", "/idscan/v1/downloads/tok")
        .with_status(503)
        .with_body_from_request(seen.responder(b""))
        .expect(2)
        .create_async()
        .await;
    let ok = server
        .mock("GET", "/idscan/v1/downloads/tok")
        .with_body_from_request(seen.responder(IMAGE))
        .expect(1)
        .create_async()
        .await;
    let (client, clock) = client(&server);
    let url = format!("{}/idscan/v1/downloads/tok", server.url());
    let response = client.download(&url).await.unwrap();
    busy.assert_async().await;
    ok.assert_async().await;
    assert_eq!(response.attempts(), 3);
    assert_eq!(clock.sleeps().len(), 2);
    for header in seen.all() {
        verify_bearer(header.as_deref().unwrap());
    }
}

/// ID Scan's files are images and documents: a 2xx answer with no bytes at all
/// (`204`, an empty `200`) or, without a `Content-Type`, a JSON document (an
/// error object for an expired link) is no file. Either is a decode error that
/// keeps the body, never a scan saved as empty or as an error message; a typed
/// or untyped image still downloads.
#[tokio::test]
async fn an_empty_answer_or_an_untyped_json_document_is_not_a_file() {
    for (status, content_type, body) in [
        (200, None, &b""[..]),
        (204, None, b""),
        (200, Some("image/jpeg"), b""),
        (200, None, br#"{"error":"link expired"}"#),
        (200, None, b" \r\n[{\"message\":\"gone\"}]"),
        (
            200,
            Some("application/octet-stream"),
            br#"{"error":"link expired"}"#,
        ),
    ] {
        let mut server = mockito::Server::new_async().await;
        let mut mock = server
            .mock("GET", "/idscan/v1/downloads/f1")
            .with_status(status)
            .with_body(body);
        if let Some(content_type) = content_type {
            mock = mock.with_header("content-type", content_type);
        }
        let mock = mock.expect(1).create_async().await;
        let (client, _clock) = client(&server);
        let url = format!("{}/idscan/v1/downloads/f1", server.url());

        let error = client.download(&url).await.unwrap_err();

        assert!(
            matches!(error.kind(), ErrorKind::Decode(_)),
            "{status} {content_type:?}: {error}"
        );
        assert_eq!(error.body().unwrap().as_bytes(), body);
        mock.assert_async().await;
    }
    for (content_type, body) in [
        (None, IMAGE),
        (Some("image/jpeg"), IMAGE),
        (None, &b"%PDF-1.7 {\"not\":\"json\"}"[..]),
        (None, b"{ not json"),
    ] {
        let mut server = mockito::Server::new_async().await;
        let mut mock = server
            .mock("GET", "/idscan/v1/downloads/f1")
            .with_body(body);
        if let Some(content_type) = content_type {
            mock = mock.with_header("content-type", content_type);
        }
        let _mock = mock.create_async().await;
        let (client, _clock) = client(&server);
        let url = format!("{}/idscan/v1/downloads/f1", server.url());
        let response = client.download(&url).await.unwrap();
        assert_eq!(response.value().bytes(), body);
    }
}

/// Spellings a browser or the URL parser reads as another path or host than
/// they seem to name (backslashes as slashes, dot segments escaped or written
/// with a backslash, an encoded slash, a host with a trailing dot, a userinfo
/// or fragment trick, a scheme-relative URL): each is refused before any
/// request, naming no URL, so the bearer token never leaves for it.
#[tokio::test]
async fn download_urls_spelled_to_escape_the_downloads_prefix_are_refused_before_any_request() {
    let mut server = mockito::Server::new_async().await;
    let any = server
        .mock("GET", Matcher::Any)
        .expect(0)
        .create_async()
        .await;
    let (client, _clock) = client(&server);
    let origin = server.url();
    let port = server.socket_address().port();
    for url in [
        format!("{origin}/idscan/v1/downloads\\..\\transactions\\tok"),
        format!("{origin}/idscan/v1/downloads/tok\\..\\..\\transactions"),
        format!("{origin}\\idscan\\v1\\downloads\\..\\x"),
        format!("{origin}/idscan/v1/downloads/%2e%2E/transactions/tok"),
        format!("{origin}/idscan/v1/downloads/.%2e/transactions/tok"),
        format!("{origin}/idscan/v1/downloads%2F..%2Ftransactions/tok"),
        format!("http://127.0.0.1.:{port}/idscan/v1/transactions/tok"),
        format!("http://127.0.0.1:{port}@evil.test/idscan/v1/downloads/tok"),
        format!("http://evil.test#@127.0.0.1:{port}/idscan/v1/downloads/tok"),
        format!("http://evil.test\\@127.0.0.1:{port}/idscan/v1/downloads/tok"),
        format!("//127.0.0.1:{port}/idscan/v1/downloads/tok"),
    ] {
        let error = client.download(&url).await.unwrap_err();
        assert!(error.is_invalid_input(), "{url}: {error}");
        assert!(!error.may_have_been_sent(), "{url}");
        assert!(!error.to_string().contains("tok"), "{url}: {error}");
    }
    any.assert_async().await;
}

/// The client says the cap its downloads run under, as OneSpan's and Persona's
/// do: the default, or the builder's.
#[test]
fn the_client_says_its_download_limit() {
    let client = cm_idscan::Client::builder("kid", cm_idscan::SecretString::from("s3cret"))
        .build()
        .unwrap();
    assert_eq!(client.download_limit(), DEFAULT_DOWNLOAD_LIMIT);
    let client = cm_idscan::Client::builder("kid", cm_idscan::SecretString::from("s3cret"))
        .download_limit(64)
        .build()
        .unwrap();
    assert_eq!(client.download_limit(), 64);
}
