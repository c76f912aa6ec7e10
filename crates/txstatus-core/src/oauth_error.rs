//! The OAuth 2.0 token endpoint's error body (RFC 6749 §5.2), which the core reads
//! because the core implements the client-credentials flow.

use serde::Deserialize;

use crate::{message::ProviderMessage, text_or_nothing::TextOrNothing};

#[derive(Deserialize)]
struct OAuthError {
    error: String,
    /// Optional prose: a description of another shape (a number, an object) must
    /// not cost the code beside it.
    #[serde(default)]
    error_description: TextOrNothing,
}

/// `{"error": "invalid_client", "error_description": "..."}`: `error` is the code,
/// `error_description` the message. Providers whose resource endpoints answer in
/// this shape too (OneSpan's 401) may call it from their own extractor.
pub fn oauth_error_message(body: &[u8]) -> Option<ProviderMessage> {
    let parsed: OAuthError = serde_json::from_slice(body).ok()?;
    ProviderMessage::new(parsed.error_description.0.as_deref(), Some(&parsed.error)).non_empty()
}

#[cfg(test)]
mod tests {
    use super::oauth_error_message;

    #[test]
    fn error_is_the_code_and_error_description_the_message() {
        let said = oauth_error_message(
            br#"{"error":"invalid_client","error_description":"Client authentication failed"}"#,
        )
        .unwrap();
        assert_eq!(said.code(), Some("invalid_client"));
        assert_eq!(said.message(), Some("Client authentication failed"));
    }

    #[test]
    fn a_description_of_another_shape_keeps_the_code() {
        for description in ["null", "{\"en\":\"x\"}", "[\"x\"]", "true"] {
            let body = format!(r#"{{"error":"invalid_client","error_description":{description}}}"#);
            let said = oauth_error_message(body.as_bytes()).unwrap();
            assert_eq!(said.code(), Some("invalid_client"), "{description}");
            assert_eq!(said.message(), None, "{description}");
        }
        let said = oauth_error_message(br#"{"error":"slow_down","error_description":42}"#).unwrap();
        assert_eq!(said.code(), Some("slow_down"));
        assert_eq!(said.message(), Some("42"));
    }

    #[test]
    fn other_bodies_are_not_oauth_errors() {
        assert_eq!(oauth_error_message(br#"{"message":"Unauthorized"}"#), None);
        assert_eq!(oauth_error_message(b"<html>502</html>"), None);
        assert_eq!(oauth_error_message(br#"{"error":{"message":"x"}}"#), None);
    }
}
