//! The signing secret is never sent (each request carries a JWT signed with it),
//! yet an answer that quotes it, in any case or encoding, shows it nowhere.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::support;

use support::{SECRET, client};
use txstatus_core::crypto::base64url_encode;

const ID: &str = "2c2f04a5-44e4-4a83-aa53-1a9fa90c2394";
const PATH: &str = "/idscan/v1/transactions/2c2f04a5-44e4-4a83-aa53-1a9fa90c2394";

fn assert_hidden(shown: &str) {
    let lower = shown.to_ascii_lowercase();
    for form in [SECRET.to_owned(), base64url_encode(SECRET.as_bytes())] {
        let half = &form[..form.len() / 2];
        assert!(!lower.contains(&half.to_ascii_lowercase()), "{shown}");
    }
}

#[tokio::test]
async fn an_answer_quoting_the_signing_secret_in_any_form_shows_it_nowhere() {
    for (request_id, echoed) in [
        (SECRET.to_uppercase(), SECRET.to_lowercase()),
        (format!("req-{SECRET}"), base64url_encode(SECRET.as_bytes())),
        (
            SECRET.to_lowercase(),
            base64url_encode(format!("key:{SECRET}").as_bytes()),
        ),
    ] {
        let mut server = mockito::Server::new_async().await;
        let body = format!(r#"{{"code": "{echoed}", "message": "bad signature for {echoed}"}}"#);
        let mock = server
            .mock("GET", PATH)
            .with_status(401)
            .with_header("content-type", "application/json")
            .with_header("request-id", &request_id)
            .with_body(&body)
            .create_async()
            .await;
        let (client, _clock) = client(&server);
        let error = client.transaction(ID).await.unwrap_err();
        mock.assert_async().await;
        assert_eq!(error.status(), Some(401));
        assert_eq!(error.request_id(), None, "{request_id}");
        assert!(error.message().unwrap().contains("bad signature for"));
        assert_hidden(error.message().unwrap_or_default());
        assert_hidden(error.provider_code().unwrap_or_default());
        assert_hidden(&error.to_string());
        assert_hidden(&format!("{error:?}"));
    }
}
