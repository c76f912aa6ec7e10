//! Download answers around the documented ones: a JSON error body behind a
//! byte-order mark or leading spaces, JSON under other JSON-ish types, a page
//! under two content types, an empty typed file: each a decode error keeping the
//! body, never a file saved as an error message; no panic, and nothing of the
//! URL or body shown.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use crate::support;

use support::client;
use txstatus_core::ErrorKind;

/// `(content types, body)` answered with 200 to a file download: no file.
const NOT_FILES: &[(&[&str], &[u8])] = &[
    (
        &[],
        b"\xef\xbb\xbf{\"message\":\"Link expired for jan@example.com\"}",
    ),
    (&[], b" \r\n\t{\"message\":\"expired\"}"),
    (&[], b"[{\"message\":\"expired\"}]"),
    (&["text/json"], b"{\"message\":\"expired\"}"),
    (&["application/vnd.api+json"], b"{\"errors\":[]}"),
    (
        &["APPLICATION/JSON; charset=UTF-8"],
        b"{\"message\":\"expired\"}",
    ),
    (&["image/jpeg", "text/html"], b"<html>expired</html>"),
    (&["image/jpeg"], b""),
    (&[""], b"<!DOCTYPE html><html>expired</html>"),
];

#[tokio::test]
async fn odd_answers_to_a_download_are_decode_errors_keeping_the_body() {
    for &(types, body) in NOT_FILES {
        let mut server = mockito::Server::new_async().await;
        let mut mock = server
            .mock("GET", "/idscan/v1/downloads/abc")
            .with_status(200)
            .with_body(body);
        for content_type in types {
            mock = mock.with_header("content-type", content_type);
        }
        let mock = mock.expect(1).create_async().await;
        let (client, _clock) = client(&server);
        let url = format!("{}/idscan/v1/downloads/abc", server.url());
        let result = client.download(&url).await;
        mock.assert_async().await;
        let error = match result {
            Ok(download) => panic!(
                "{types:?} {:?}: downloaded as a file of {} bytes",
                String::from_utf8_lossy(body),
                download.value().bytes().len()
            ),
            Err(error) => error,
        };
        assert!(
            matches!(error.kind(), ErrorKind::Decode(_)),
            "{types:?}: {error:?}"
        );
        assert_eq!(error.body().unwrap().as_bytes(), body);
        let shown = format!("{error} {error:?}");
        assert!(
            !shown.contains("expired") && !shown.contains("jan@") && !shown.contains("abc"),
            "{shown}"
        );
    }
}
