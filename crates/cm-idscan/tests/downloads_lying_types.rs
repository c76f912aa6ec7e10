//! A download whose `Content-Type` names an image (or a video, or an octet
//! stream) but whose bytes are an error document (a JSON object or array, an
//! XML error, behind a byte-order mark or whitespace too) is a decode error
//! keeping the body, never a file saved as a passport image. Real images and
//! videos are files whatever bytes they hold.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use crate::support;

use support::client;
use txstatus_core::ErrorKind;

const TYPES: &[&str] = &[
    "image/jpeg",
    "image/png",
    "video/mp4",
    "application/octet-stream",
];

const ERROR_DOCUMENTS: &[&[u8]] = &[
    b"{\"message\":\"Link expired for jan@example.com\"}",
    b"\xef\xbb\xbf{\"message\":\"expired\"}",
    b"\r\n [{\"message\":\"expired\"}]",
    b"{\"errors\":[{\"detail\":\"expired\"}]}",
    b"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>AccessDenied</Code><Message>expired</Message></Error>",
    b"\xef\xbb\xbf<?xml version=\"1.0\"?><Error><Code>ExpiredToken</Code></Error>",
    b"  <Error><Code>AccessDenied</Code><Message>expired</Message></Error>",
];

const FILES: &[&[u8]] = &[
    b"\xff\xd8\xff\xe0\x00\x10JFIF\x00{\"not\":\"json\"}",
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
    b"\x00\x00\x00\x18ftypmp42",
    b"{ not json at all, a file that starts with a brace",
];

async fn download(content_type: &str, body: &[u8]) -> txstatus_core::Result<Vec<u8>> {
    let mut server = mockito::Server::new_async().await;
    let mock = server
        .mock("GET", "/idscan/v1/downloads/abc")
        .with_status(200)
        .with_header("content-type", content_type)
        .with_body(body)
        .expect(1)
        .create_async()
        .await;
    let (client, _clock) = client(&server);
    let url = format!("{}/idscan/v1/downloads/abc", server.url());
    let result = client.download(&url).await;
    mock.assert_async().await;
    result.map(|download| download.value().bytes().to_vec())
}

#[tokio::test]
async fn an_error_document_under_a_file_type_is_a_decode_error_keeping_the_body() {
    for content_type in TYPES {
        for body in ERROR_DOCUMENTS {
            let error = match download(content_type, body).await {
                Ok(bytes) => panic!(
                    "{content_type} {:?}: downloaded as a file of {} bytes",
                    String::from_utf8_lossy(body),
                    bytes.len()
                ),
                Err(error) => error,
            };
            assert!(
                matches!(error.kind(), ErrorKind::Decode(_)),
                "{content_type}: {error:?}"
            );
            assert_eq!(error.body().unwrap().as_bytes(), *body);
            assert!(!error.is_retryable());
            let shown = format!("{error} {error:?}");
            assert!(
                !shown.contains("expired") && !shown.contains("jan@") && !shown.contains("abc"),
                "{shown}"
            );
        }
    }
}

#[tokio::test]
async fn images_and_videos_are_files_whatever_bytes_they_hold() {
    for content_type in TYPES {
        for body in FILES {
            let bytes = download(content_type, body).await.unwrap();
            assert_eq!(bytes, *body, "{content_type}");
        }
    }
}
