//! Image and PDF downloads facing answers the docs did not predict: a redirect
//! to another host (the bearer token must never follow it) and a
//! `Content-Disposition` naming a person or a path.
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::sync::Arc;

use mockito::Matcher;
use onespan_tx::{Client, ClientOptions};
use txstatus_core::{ManualClock, RetryPolicy};

const JWT: &str = "eyJhbGciOiJIUzI1NiJ9.file-answers.c2lnbmF0dXJl";

fn client(base: String) -> Client {
    Client::builder(JWT)
        .base_url(base)
        .download_limit(4096)
        .configure_transport(|t| {
            t.no_proxy()
                .retry_policy(RetryPolicy::none())
                .clock(Arc::new(ManualClock::new()))
        })
        .build()
        .unwrap()
}

async fn fetch(
    client: &Client,
    which: usize,
) -> txstatus_core::Result<txstatus_core::Response<txstatus_core::Download>> {
    match which {
        0 => client.download("sfs://db/front.jpg").await,
        1 => client.document_pdf("tx1", "d1").await,
        _ => client.audit_trail_pdf("tx1").await,
    }
}

#[tokio::test]
async fn a_redirect_to_another_host_is_not_followed_and_not_shown() {
    let mut other = mockito::Server::new_async().await;
    let elsewhere = other
        .mock("GET", Matcher::Any)
        .expect(0)
        .create_async()
        .await;
    let location = format!("{}/steal?who=Jan%20de%20Vries", other.url());
    for status in [301u16, 302, 307, 308] {
        for which in 0..3 {
            let mut server = mockito::Server::new_async().await;
            let _mock = server
                .mock("GET", Matcher::Any)
                .with_status(usize::from(status))
                .with_header("location", &location)
                .create_async()
                .await;
            let error = fetch(&client(server.url()), which).await.unwrap_err();
            assert_eq!(error.status(), Some(status), "{error:?}");
            for text in [error.to_string(), format!("{error:?}")] {
                assert!(!text.contains("Vries") && !text.contains(JWT), "{text}");
            }
        }
    }
    elsewhere.assert_async().await;
}

#[tokio::test]
async fn a_content_disposition_naming_a_person_or_a_path_shows_nowhere() {
    for disposition in [
        r#"attachment; filename="Jan de Vries passport.pdf""#,
        r#"attachment; filename="../../etc/passwd""#,
        r#"inline; filename*=UTF-8''jan.devries%40example.com.pdf"#,
    ] {
        for which in 0..3 {
            let mut server = mockito::Server::new_async().await;
            let _mock = server
                .mock("GET", Matcher::Any)
                .with_header("content-type", "application/octet-stream")
                .with_header("content-disposition", disposition)
                .with_body(b"%PDF-1.7")
                .create_async()
                .await;
            let response = fetch(&client(server.url()), which).await.unwrap();
            assert_eq!(response.value().bytes(), b"%PDF-1.7");
            let shown = format!("{response:?} {:?}", response.value());
            for personal in ["Vries", "passwd", "devries", JWT] {
                assert!(!shown.contains(personal), "{shown}");
            }
        }
    }
}
