//! Checkout's error body: `{"message": "...", "errors": [...]}`, read by the core's
//! [`named_fields_message`]; the token endpoint's OAuth shape is the core's too.

use txstatus_core::{ProviderMessage, provider::named_fields_message};

/// This crate's extractor for txstatus-core: `message` (it may quote what was
/// sent) and `code` (a number or text) when present.
pub(crate) fn error_message(body: &[u8]) -> Option<ProviderMessage> {
    named_fields_message(body, "message", "code")
}

#[cfg(test)]
mod tests {
    use super::error_message;

    /// Every `error-*` fixture and what is read from it: (message, code).
    const FIXTURES: &[(&str, Option<&str>, Option<&str>)] = &[
        (
            "error-400-bad-request.json",
            Some("The request is invalid."),
            None,
        ),
        ("error-401-token-invalid-client.json", None, None),
        ("error-401-unauthorized.json", Some("Unauthorized"), None),
        (
            "error-404-not-found.json",
            Some("Transaction not found"),
            None,
        ),
        ("error-502-html.json", None, None),
    ];

    #[test]
    fn each_error_fixture_reads_its_message_and_code() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
        txstatus_core::test_util::assert_error_fixtures(&dir, error_message, FIXTURES);
    }

    #[test]
    fn a_personal_value_in_the_message_never_reaches_display_or_debug() {
        txstatus_core::test_util::assert_message_withheld(
            error_message,
            br#"{"message":"Name Jan\"de Vries` does not match NL-X1234567, jan@example.com","errors":[{"field":"consumer.name","message":"Jan"}]}"#,
            &["Vries", "X1234567", "jan@example.com"],
        );
    }
}
