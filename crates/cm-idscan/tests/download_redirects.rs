//! A download answered with a redirect is not followed: the bearer token never
//! goes to the place named in `Location` (another host, or a path of the API host
//! outside `/downloads/`), and the answer is an error, never a file.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use crate::support;

use support::{PREFIX, client};

#[tokio::test]
async fn a_redirected_download_is_an_error_and_its_target_is_never_asked() {
    let mut elsewhere = mockito::Server::new_async().await;
    let never = elsewhere
        .mock("GET", mockito::Matcher::Any)
        .with_header("content-type", "image/jpeg")
        .with_body(b"\xff\xd8\xff")
        .expect(0)
        .create_async()
        .await;
    for status in [301, 302, 303, 307, 308] {
        let mut server = mockito::Server::new_async().await;
        let outside = server
            .mock("GET", format!("{PREFIX}/transactions/t1").as_str())
            .with_header("content-type", "image/jpeg")
            .with_body(b"\xff\xd8\xff")
            .expect(0)
            .create_async()
            .await;
        for location in [
            format!("{}/steal", elsewhere.url()),
            format!("{}{PREFIX}/transactions/t1", server.url()),
            "//evil.invalid/x".to_owned(),
        ] {
            let redirect = server
                .mock("GET", format!("{PREFIX}/downloads/f1").as_str())
                .with_status(status)
                .with_header("location", &location)
                .with_header("content-type", "image/jpeg")
                .with_body(b"\xff\xd8\xff")
                .create_async()
                .await;
            let (client, _clock) = client(&server);
            let url = format!("{}{PREFIX}/downloads/f1", server.url());
            let error = client
                .download(&url)
                .await
                .expect_err(&format!("HTTP {status} to {location}"));
            assert_eq!(error.status(), Some(status as u16), "{location}");
            let shown = format!("{error} {error:?}");
            assert!(
                !shown.contains("steal") && !shown.contains("evil"),
                "{shown}"
            );
            redirect.remove_async().await;
        }
        outside.assert_async().await;
    }
    never.assert_async().await;
}
