//! The provider's own words about a failure reach `Error::provider_message` and
//! nothing that prints: providers quote what was sent (a name, an email).
#![allow(clippy::unwrap_used)]

use std::sync::Arc;

use txstatus_core::{
    ClientOptions, Error, ManualClock, ProviderMessage, TransportBuilder,
    provider::{RequestSpec, Service, ServiceBuilder},
};

const PERSONAL: &str = "Jan\"de Vries\u{1b}[31m, jan@example.com, NL1234567";

/// A toy provider shape: `{"msg": ..., "id": ...}`.
pub(crate) fn extractor(body: &[u8]) -> Option<ProviderMessage> {
    let value: serde_json::Value = serde_json::from_slice(body).ok()?;
    let text = |key: &str| value.get(key).and_then(serde_json::Value::as_str);
    ProviderMessage::new(text("msg"), text("id")).non_empty()
}

pub(crate) fn service(base: &str) -> Service {
    let transport = TransportBuilder::new()
        .clock(Arc::new(ManualClock::new()))
        .no_proxy()
        .build()
        .unwrap();
    ServiceBuilder::new("test", None)
        .base_url(base)
        .transport(transport)
        .error_messages(extractor)
        .build()
        .unwrap()
}

async fn failed(status: usize, body: &str, request_id: &str, spec: RequestSpec) -> Error {
    let mut server = mockito::Server::new_async().await;
    let _mock = server
        .mock("GET", mockito::Matcher::Any)
        .with_status(status)
        .with_header("request-id", request_id)
        .with_body(body)
        .create_async()
        .await;
    service(&server.url()).execute(spec).await.unwrap_err()
}

fn printed(error: &Error) -> [String; 3] {
    [
        format!("{error}"),
        format!("{error:?}"),
        format!("{error:#?}"),
    ]
}

#[tokio::test]
async fn a_provider_message_quoting_personal_data_is_kept_but_never_printed() {
    let body = serde_json::json!({"msg": PERSONAL, "id": "name_mismatch"}).to_string();
    for status in [400, 404, 409, 422] {
        let error = failed(status, &body, "req_1", RequestSpec::get("get").segment("t")).await;
        assert_eq!(error.provider_code(), Some("name_mismatch"));
        let said = error.provider_message().unwrap();
        assert!(
            said.contains("de Vries") && !said.contains('\u{1b}'),
            "{said}"
        );
        for text in printed(&error) {
            for part in ["Vries", "jan@example.com", "NL1234567", "Jan"] {
                assert!(!text.contains(part), "{part} in {text}");
            }
        }
        let shown = error.to_string();
        assert!(shown.contains("code name_mismatch"), "{shown}");
        assert!(shown.contains("request id req_1"), "{shown}");
        assert!(shown.contains("withheld"), "{shown}");
    }
}

#[tokio::test]
async fn a_code_or_request_id_that_is_not_a_machine_token_is_not_printed() {
    let body = serde_json::json!({"msg": "x", "id": "Jan de Vries"}).to_string();
    let error = failed(404, &body, "for Jan de Vries", RequestSpec::get("get")).await;
    assert_eq!(error.provider_code(), None);
    for text in printed(&error) {
        assert!(!text.contains("Vries"), "{text}");
    }
}

#[tokio::test]
async fn a_token_request_reads_the_oauth_error_shape() {
    let body = r#"{"error":"invalid_client","error_description":"No client for jan@example.com"}"#;
    let spec = RequestSpec::post("token").segment("oauth").without_auth();
    let mut server = mockito::Server::new_async().await;
    let _mock = server
        .mock("POST", "/oauth")
        .with_status(401)
        .with_body(body)
        .create_async()
        .await;
    let error = service(&server.url()).execute(spec).await.unwrap_err();
    assert_eq!(error.provider_code(), Some("invalid_client"));
    assert_eq!(
        error.provider_message(),
        Some("No client for jan@example.com")
    );
    for text in printed(&error) {
        assert!(!text.contains("jan@example.com"), "{text}");
    }
}

#[tokio::test]
async fn without_an_extractor_no_message_is_read() {
    let mut server = mockito::Server::new_async().await;
    let _mock = server
        .mock("GET", "/")
        .with_status(404)
        .with_body(r#"{"msg":"Jan"}"#)
        .create_async()
        .await;
    let service = ServiceBuilder::new("test", None)
        .base_url(server.url())
        .build()
        .unwrap();
    let error = service.execute(RequestSpec::get("get")).await.unwrap_err();
    assert_eq!(error.provider_message(), None);
}

/// A request carrying `secret` as a sensitive header and as a body secret.
fn spec_sending(secret: &str) -> RequestSpec {
    let mut value = reqwest::header::HeaderValue::from_str(&format!("Key {secret}")).unwrap();
    value.set_sensitive(true);
    RequestSpec::get("get")
        .segment("t")
        .header(reqwest::header::HeaderName::from_static("x-api-key"), value)
        .body_secret(secrecy::SecretString::from(format!("{secret}-body")))
}

#[tokio::test]
async fn a_request_id_quoting_a_credential_sent_is_dropped_from_errors_and_answers() {
    let key = "live_k3y_0123456789";
    for echoed in [
        key.to_owned(),
        format!("req_{key}"),
        format!("{key}-body"),
        key.to_uppercase(),
    ] {
        let error = failed(400, "{}", &echoed, spec_sending(key)).await;
        assert_eq!(error.request_id(), None, "{echoed}");
        for text in printed(&error) {
            assert!(!text.to_lowercase().contains(key), "{text}");
        }
    }
    // An id that quotes nothing sent is kept.
    let error = failed(400, "{}", "req_8f2a", spec_sending(key)).await;
    assert_eq!(error.request_id(), Some("req_8f2a"));
    let mut server = mockito::Server::new_async().await;
    let _mock = server
        .mock("GET", mockito::Matcher::Any)
        .with_status(200)
        .with_header("x-request-id", &format!("id-{key}"))
        .with_body("{}")
        .create_async()
        .await;
    let answer = service(&server.url())
        .execute(spec_sending(key))
        .await
        .unwrap();
    assert_eq!(answer.headers().get("x-request-id"), None);
}

#[tokio::test]
async fn a_code_equal_to_a_short_value_sent_is_dropped() {
    let body = serde_json::json!({"msg": "x", "id": "JAN"}).to_string();
    let spec = RequestSpec::get("get")
        .segment("t")
        .body_secret(secrecy::SecretString::from("Jan".to_owned()));
    let error = failed(400, &body, "req_1", spec).await;
    assert_eq!(error.provider_code(), None);
    for text in printed(&error) {
        assert!(!text.to_lowercase().contains("jan"), "{text}");
    }
    // The same code, not sent: a machine token, kept.
    let error = failed(400, &body, "req_1", RequestSpec::get("get").segment("t")).await;
    assert_eq!(error.provider_code(), Some("JAN"));
}
