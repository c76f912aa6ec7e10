//! A provider echoing a credential in another spelling than the one sent (a
//! piece of it, hex, base64, split over lines or by invisible characters) gets
//! no part of it shown: the request id and the code are dropped, the message is
//! withheld whole.
#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use base64::{
    Engine as _,
    engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD},
};
use txstatus_core::{Error, provider::RequestSpec};

use crate::provider_messages::service;

const KEY: &str = "Zq8vLm2Rx7TbW4nKc9PdHy3G";

fn bearer() -> RequestSpec {
    let mut value = reqwest::header::HeaderValue::from_str(&format!("Bearer {KEY}")).unwrap();
    value.set_sensitive(true);
    RequestSpec::get("get")
        .segment("t")
        .header(reqwest::header::AUTHORIZATION, value)
}

async fn failed(body: &str, request_id: &str) -> Error {
    let mut server = mockito::Server::new_async().await;
    let _mock = server
        .mock("GET", mockito::Matcher::Any)
        .with_status(401)
        .with_header("request-id", request_id)
        .with_body(body)
        .create_async()
        .await;
    service(&server.url()).execute(bearer()).await.unwrap_err()
}

fn hex(text: &str) -> String {
    text.bytes().map(|byte| format!("{byte:02X}")).collect()
}

/// Spellings of the key no exact search for its whole forms finds.
fn spellings() -> Vec<String> {
    vec![
        KEY[..12].to_owned(),
        KEY[9..].to_lowercase(),
        hex(KEY),
        hex(KEY)[..40].to_lowercase(),
        URL_SAFE_NO_PAD.encode(KEY),
        STANDARD.encode(format!("user:{KEY}")),
        format!("{}.{}.{}", &KEY[..8], &KEY[8..16], &KEY[16..]),
    ]
}

#[tokio::test]
async fn a_request_id_or_code_holding_a_piece_of_the_key_in_any_spelling_is_dropped() {
    for echoed in spellings() {
        let body = serde_json::json!({"msg": "no", "id": echoed}).to_string();
        let error = failed(&body, &echoed).await;
        assert_eq!(error.request_id(), None, "{echoed}");
        assert_eq!(error.provider_code(), None, "{echoed}");
        for text in [format!("{error}"), format!("{error:?}")] {
            assert!(!text.contains(&echoed), "{text}");
        }
    }
    // Ids and codes of the provider's own stay.
    let body = serde_json::json!({"msg": "no", "id": "invalid_api_key"}).to_string();
    let error = failed(&body, "4b1d0c3e-9a7f-4e2b-8c5d-1f6a0b9e7d2c").await;
    assert_eq!(error.provider_code(), Some("invalid_api_key"));
    assert_eq!(
        error.request_id(),
        Some("4b1d0c3e-9a7f-4e2b-8c5d-1f6a0b9e7d2c")
    );
}

#[tokio::test]
async fn a_message_holding_a_piece_of_the_key_split_or_encoded_is_withheld_whole() {
    let split = |sep: &str| format!("{}{sep}{}{sep}{}", &KEY[..7], &KEY[7..15], &KEY[15..]);
    let mut messages: Vec<String> = spellings()
        .into_iter()
        .map(|spelling| format!("bad key: {spelling}"))
        .collect();
    messages.extend([
        format!("key was:\n{}", split("\n")),
        format!("key was: {}", split("\u{200b}")),
        format!("key was: {}", split("\r\n ")),
        format!("key was: {}", split("\u{2028}")),
    ]);
    for message in messages {
        let body = serde_json::json!({"msg": message, "id": "denied"}).to_string();
        let error = failed(&body, "req_1").await;
        let said = error.provider_message().unwrap();
        for part in [&KEY[..7], &KEY[7..15], &KEY[15..]] {
            assert!(!said.contains(part), "{said}");
        }
        assert_eq!(error.provider_code(), Some("denied"));
    }
    // A message quoting nothing sent is kept as said.
    let body = serde_json::json!({"msg": "The API key is not valid.", "id": "denied"}).to_string();
    let error = failed(&body, "req_1").await;
    assert_eq!(error.provider_message(), Some("The API key is not valid."));
}
