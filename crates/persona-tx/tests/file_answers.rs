//! File downloads facing answers the docs did not predict: a redirect to another
//! host, a `Content-Disposition` naming a person or a path, a content type that
//! lies in any spelling, and a file where JSON was expected.
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use crate::support;

use mockito::Matcher;
use persona_tx::Client;
use txstatus_core::ErrorKind;

const KEY: &str = "persona_test_key_file_answers";
const TOKEN: &str = "tok3n-file-answers";

fn client(api: &str, files: &str) -> Client {
    support::file_client(api, files, KEY)
}

#[tokio::test]
async fn a_redirect_to_another_host_is_not_followed_and_not_shown() {
    let mut other = mockito::Server::new_async().await;
    let elsewhere = other
        .mock("GET", Matcher::Any)
        .expect(0)
        .create_async()
        .await;
    let mut files = mockito::Server::new_async().await;
    let location = format!(
        "{}/steal?access_token={TOKEN}&who=Jan%20de%20Vries",
        other.url()
    );
    for status in [301u16, 302, 303, 307, 308] {
        let mock = files
            .mock("GET", "/f.png")
            .match_query(Matcher::Any)
            .with_status(usize::from(status))
            .with_header("location", &location)
            .create_async()
            .await;
        let client = client("http://127.0.0.1:1/api/v1", &files.url());
        let error = client
            .download(&format!("{}/f.png?access_token={TOKEN}", files.url()))
            .await
            .unwrap_err();
        assert_eq!(error.status(), Some(status), "{error:?}");
        for text in [error.to_string(), format!("{error:?}")] {
            assert!(!text.contains(TOKEN), "{text}");
            assert!(!text.contains("Vries"), "{text}");
            assert!(!text.contains(KEY), "{text}");
        }
        mock.remove_async().await;
    }
    elsewhere.assert_async().await;
}

#[tokio::test]
async fn a_content_disposition_naming_a_person_or_a_path_shows_nowhere() {
    let mut files = mockito::Server::new_async().await;
    for disposition in [
        r#"attachment; filename="Jan de Vries passport.png""#,
        r#"attachment; filename="../../etc/passwd""#,
        r#"attachment; filename*=UTF-8''jan.devries%40example.com.png"#,
    ] {
        let mock = files
            .mock("GET", "/f.png")
            .match_query(Matcher::Any)
            .with_header("content-type", "image/png")
            .with_header("content-disposition", disposition)
            .with_body([1u8, 2, 3])
            .create_async()
            .await;
        let client = client("http://127.0.0.1:1/api/v1", &files.url());
        let response = client
            .download(&format!("{}/f.png?access_token={TOKEN}", files.url()))
            .await
            .unwrap();
        assert_eq!(response.value().bytes(), &[1, 2, 3]);
        let shown = format!("{response:?} {:?}", response.value());
        for personal in ["Vries", "passwd", "devries", TOKEN] {
            assert!(!shown.contains(personal), "{shown}");
        }
        mock.remove_async().await;
    }
}

#[tokio::test]
async fn a_page_or_json_in_any_spelling_of_its_type_is_refused_keeping_the_body() {
    let mut files = mockito::Server::new_async().await;
    for (media, body) in [
        ("TEXT/HTML; charset=UTF-8", "<p>Jan de Vries</p>"),
        ("application/problem+json", r#"{"title":"Jan de Vries"}"#),
        ("Application/JSON", r#"{"name":"Jan de Vries"}"#),
        ("text/plain", "Jan de Vries"),
        ("application/xhtml+xml", "<html/>"),
    ] {
        let mock = files
            .mock("GET", "/f.pdf")
            .match_query(Matcher::Any)
            .with_header("content-type", media)
            .with_body(body)
            .create_async()
            .await;
        let client = client("http://127.0.0.1:1/api/v1", &files.url());
        let error = client
            .download(&format!("{}/f.pdf?access_token={TOKEN}", files.url()))
            .await
            .unwrap_err();
        assert!(
            matches!(error.kind(), ErrorKind::Decode(_)),
            "{media}: {error:?}"
        );
        assert_eq!(error.body().unwrap().as_bytes(), body.as_bytes(), "{media}");
        let shown = format!("{error} {error:?}");
        assert!(
            !shown.contains("Vries") && !shown.contains(TOKEN),
            "{shown}"
        );
        mock.remove_async().await;
    }
}

#[tokio::test]
async fn a_file_answered_where_a_transaction_was_expected_is_a_decode_error_keeping_it() {
    let mut api = mockito::Server::new_async().await;
    let png = [0x89u8, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3];
    let mock = api
        .mock("GET", "/transactions/txn_1")
        .with_header("content-type", "image/png")
        .with_header(
            "content-disposition",
            r#"attachment; filename="Jan de Vries.png""#,
        )
        .with_body(png)
        .create_async()
        .await;
    let client = client(&api.url(), "http://127.0.0.1:1");
    let error = client.transaction("txn_1").await.unwrap_err();
    mock.assert_async().await;
    assert!(matches!(error.kind(), ErrorKind::Decode(_)), "{error:?}");
    assert_eq!(error.body().unwrap().as_bytes(), png);
    assert!(!format!("{error} {error:?}").contains("Vries"));
}
