//! The client secret goes only to the token endpoint; an API answer that quotes
//! it later, in any case or encoding, shows it nowhere.
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use crate::support;

use support::*;
use txstatus_core::{ManualClock, crypto::base64url_encode};

fn assert_hidden(shown: &str) {
    let lower = shown.to_ascii_lowercase();
    for form in [SECRET.to_owned(), base64url_encode(SECRET.as_bytes())] {
        let half = &form[..form.len() / 2];
        assert!(!lower.contains(&half.to_ascii_lowercase()), "{shown}");
    }
}

#[tokio::test]
async fn an_api_answer_quoting_the_client_secret_in_any_form_shows_it_nowhere() {
    for (request_id, echoed) in [
        (SECRET.to_uppercase(), SECRET.to_lowercase()),
        (format!("req-{SECRET}"), base64url_encode(SECRET.as_bytes())),
        (
            SECRET.to_lowercase(),
            base64url_encode(format!("{CLIENT_ID}:{SECRET}").as_bytes()),
        ),
    ] {
        let mut server = mockito::Server::new_async().await;
        let token = token_once(&mut server, "tok-1", 3600).await;
        let answer = server
            .mock("GET", TX_PATH)
            .with_status(400)
            .with_header("content-type", "application/json")
            .with_header("request-id", &request_id)
            .with_body(format!(r#"{{"message": "client {echoed} may not"}}"#))
            .create_async()
            .await;
        let client = client(&server, &ManualClock::new());
        let error = client.transaction(ID).await.unwrap_err();
        token.assert_async().await;
        answer.assert_async().await;
        assert_eq!(error.status(), Some(400));
        assert_eq!(error.request_id(), None, "{request_id}");
        assert!(error.message().unwrap().contains("may not"));
        assert_hidden(error.message().unwrap_or_default());
        assert_hidden(&error.to_string());
        assert_hidden(&format!("{error:?}"));
    }
}
