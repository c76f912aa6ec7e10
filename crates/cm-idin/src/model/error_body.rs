//! iDIN's error body: `{"message": "..."}`.

use serde::Deserialize;
use txstatus_core::ProviderMessage;

/// A number or a text code.
#[derive(Deserialize)]
#[serde(untagged)]
enum Code {
    Number(u64),
    Text(String),
}

#[derive(Deserialize)]
struct Wire {
    #[serde(default)]
    message: Option<String>,
    #[serde(default)]
    code: Option<Code>,
}

/// This crate's extractor for txstatus-core: `message` (it may quote what was
/// sent) and `code` when present.
pub(crate) fn error_message(body: &[u8]) -> Option<ProviderMessage> {
    let wire: Wire = serde_json::from_slice(body).ok()?;
    let code = match wire.code {
        Some(Code::Number(number)) => Some(number.to_string()),
        Some(Code::Text(text)) => Some(text),
        None => None,
    };
    ProviderMessage::new(wire.message.as_deref(), code.as_deref()).non_empty()
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
    fn the_message_is_read() {
        assert_eq!(
            said("error-404-not-found.json"),
            (Some("The transaction could not be found.".into()), None)
        );
        assert_eq!(
            said("error-403-authorization-required.json").0.as_deref(),
            Some("Authorization required.")
        );
    }

    #[test]
    fn a_gateway_page_has_no_message() {
        assert_eq!(said("error-502-html.json"), (None, None));
    }
    #[test]
    fn a_personal_value_in_the_message_never_reaches_display_or_debug() {
        let body =
            br#"{"message":"Name Jan\"de Vries` does not match NL-X1234567, jan@example.com"}"#;
        let said = error_message(body).unwrap();
        assert!(said.message().unwrap().contains("de Vries"));
        let error = txstatus_core::Error::http(
            "test",
            txstatus_core::HttpError::new(422, txstatus_core::RawBody::new(body.to_vec()))
                .with_provider_message(said),
        );
        assert!(
            error
                .provider_message()
                .unwrap()
                .contains("jan@example.com")
        );
        for text in [
            error.to_string(),
            format!("{error:?}"),
            format!("{error:#?}"),
        ] {
            for part in ["Vries", "X1234567", "jan@example.com"] {
                assert!(!text.contains(part), "{part} in {text}");
            }
        }
    }
}
