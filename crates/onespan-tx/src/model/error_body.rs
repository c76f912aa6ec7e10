//! OneSpan's error bodies: Spring's `{"status", "error", "message", "path"}` on
//! API errors, the OAuth shape (`error`, `error_description`) on a refused token.

use serde::Deserialize;
use txstatus_core::ProviderMessage;

#[derive(Deserialize)]
struct Spring {
    message: String,
}

/// OneSpan's extractor for txstatus-core. Spring's `error` is the status's
/// reason phrase, not a code, and `path` holds the transaction id: neither is
/// kept.
pub(crate) fn error_message(body: &[u8]) -> Option<ProviderMessage> {
    // Spring's body has an `error` too (the reason phrase): read it first.
    match txstatus_core::provider::from_json_slice::<Spring>(body) {
        Ok(wire) => ProviderMessage::new(Some(&wire.message), None).non_empty(),
        Err(_) => txstatus_core::provider::oauth_error_message(body),
    }
}

#[cfg(test)]
mod tests {
    use super::error_message;

    fn said(fixture: &str) -> (Option<String>, Option<String>) {
        let path = format!("{}/fixtures/{fixture}", env!("CARGO_MANIFEST_DIR"));
        let bytes = std::fs::read(path).unwrap();
        let said = error_message(&bytes).unwrap_or_default();
        (
            said.message().map(str::to_owned),
            said.code().map(str::to_owned),
        )
    }

    #[test]
    fn spring_errors_give_the_message_only() {
        assert_eq!(
            said("error-404-not-found.json"),
            (Some("Transaction not found.".into()), None)
        );
        assert_eq!(
            said("error-500-internal-server-error.json").0.as_deref(),
            Some("Server or application error.")
        );
    }

    #[test]
    fn a_refused_token_gives_the_oauth_code_and_description() {
        assert_eq!(
            said("error-401-unauthorized.json"),
            (Some("Invalid token.".into()), Some("invalid_token".into()))
        );
    }

    #[test]
    fn a_gateway_page_has_no_message() {
        assert_eq!(said("error-502-bad-gateway-html.json"), (None, None));
    }
    #[test]
    fn a_personal_value_in_the_message_never_reaches_display_or_debug() {
        txstatus_core::test_util::assert_message_withheld(
            error_message,
            br#"{"status":400,"error":"Bad Request","message":"Name Jan\"de Vries` does not match NL-X1234567, jan@example.com","path":"/api/transaction/x"}"#,
            &["Vries", "X1234567", "jan@example.com"],
        );
    }
}
