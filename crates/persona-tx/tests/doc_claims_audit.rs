//! Thirteenth outside audit: claims of the crate docs checked with variants the
//! docs do not spell out.
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use persona_tx::model::ErrorBody;

/// `ApiError`'s `Debug` hides title, details and meta because they may quote
/// what was sent (a name, an email): redacted JSON must hide them too, whatever
/// their shape, while code and source stay readable.
#[test]
fn error_titles_details_and_meta_quoting_personal_data_are_redacted_in_redacted_json() {
    let body = br#"{"errors":[
        {"title":"Jan Jansen already exists","details":"jan@example.com is taken",
         "code":"conflict","source":{"pointer":"/data/attributes/reference-id"},
         "meta":{"reference-id":"Jan Jansen"}},
        {"title":"Name Jan Jansen","meta":"Jan Jansen"}
    ]}"#;
    let parsed = ErrorBody::from_slice(body).unwrap();
    let debug = format!("{parsed:?}");
    assert!(
        !debug.contains("Jansen") && !debug.contains("jan@"),
        "{debug}"
    );
    let redacted = txstatus_core::to_redacted_json(&parsed).unwrap();
    let text = redacted.to_string();
    assert!(!text.contains("Jansen") && !text.contains("jan@"), "{text}");
    let first = &redacted["errors"][0];
    assert_eq!(first["title"], "[redacted]");
    assert_eq!(first["details"], "[redacted]");
    assert_eq!(first["meta"], "[redacted]");
    assert_eq!(first["code"], "conflict");
    assert_eq!(first["source"]["pointer"], "/data/attributes/reference-id");
    // Absent members stay absent, not a redacted null.
    assert!(redacted["errors"][1].get("details").is_none(), "{text}");
    // Plain serialization still writes them as received.
    assert!(serde_json::to_string(&parsed).unwrap().contains("Jansen"));
}

/// The README's header list is for API requests: a file download goes to the
/// file origin with none of them, the API key least of all.
#[tokio::test]
async fn a_file_download_sends_no_api_key_inflection_or_version_header() {
    use mockito::Matcher;
    use persona_tx::{Client, ClientOptions};

    let mut files = mockito::Server::new_async().await;
    let mock = files
        .mock("GET", "/f/id.jpg")
        .match_query(Matcher::Any)
        .match_header("authorization", Matcher::Missing)
        .match_header("key-inflection", Matcher::Missing)
        .match_header("persona-version", Matcher::Missing)
        .with_header("content-type", "image/jpeg")
        .with_body([7u8; 4])
        .expect(1)
        .create_async()
        .await;
    let client = Client::builder("persona_test_key_files")
        .base_url("http://127.0.0.1:1/api/v1")
        .file_origin(files.url())
        .configure_transport(|t| t.no_proxy())
        .build()
        .unwrap();
    let url = format!("{}/f/id.jpg?access_token=tok_1", files.url());
    let response = client.download(&url).await.unwrap();
    mock.assert_async().await;
    assert_eq!(response.value().len(), 4);
}
