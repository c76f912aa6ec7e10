//! Persona's error body: `{"errors": [{"title", "details"?, "meta"?}]}`.

use serde::Serialize;
use serde_json::value::RawValue;

/// The body of a Persona error response.
///
/// The crate's error-message extractor puts `errors[0].title` (and `details`) in
/// [`txstatus_core::Error::provider_message`] and `errors[0].code` in
/// [`txstatus_core::Error::provider_code`]; decode this for every entry.
#[derive(Clone, Debug, Default, Serialize)]
#[non_exhaustive]
pub struct ErrorBody {
    /// The errors, most relevant first.
    pub errors: Vec<ApiError>,
}

txstatus_core::provider::record_decoder! {
    ErrorBody {
        "errors" => errors: value,
    }
}

/// One error entry.
#[derive(Clone, Debug, Default, Serialize)]
#[non_exhaustive]
pub struct ApiError {
    /// Short description (`Record not found`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// More detail (`data.attributes.type must be a string`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub details: Option<String>,
    /// Machine-readable error code, when Persona sends one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// What in the request the error is about (`/data/attributes/status`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<ErrorSource>,
    /// Free-form metadata.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub meta: Option<Box<RawValue>>,
}

txstatus_core::provider::record_decoder! {
    ApiError {
        "title" => title: value,
        "details" => details: value,
        "code" => code: value,
        "source" => source: value,
        "meta" => meta: value,
    }
}

/// The part of the request an error is about (JSON:API `source`).
#[derive(Clone, Debug, Default, Serialize)]
#[non_exhaustive]
pub struct ErrorSource {
    /// JSON pointer into the request body (`/data/attributes/fields`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pointer: Option<String>,
    /// The query parameter at fault (`page[size]`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parameter: Option<String>,
}

txstatus_core::provider::record_decoder! {
    ErrorSource {
        "pointer" => pointer: value,
        "parameter" => parameter: value,
    }
}

impl ErrorBody {
    /// Decodes the body kept on a [`txstatus_core::Error`], when it is a Persona error body.
    pub fn from_error(error: &txstatus_core::Error) -> Option<Self> {
        Self::from_slice(error.body()?.as_bytes())
    }

    /// Decodes an error body; `None` when it is not one (an HTML gateway page,
    /// bytes that are not UTF-8).
    pub fn from_slice(bytes: &[u8]) -> Option<Self> {
        // The core's reader, as for every other body: one serde_json reader type
        // compiled into this crate, not two.
        txstatus_core::provider::from_json_slice(bytes).ok()
    }
}

/// Persona's extractor for txstatus-core: `errors[0]`'s `title: details` as the
/// message (it may quote what was sent), its `code` as the code.
pub(crate) fn error_message(body: &[u8]) -> Option<txstatus_core::ProviderMessage> {
    let first = ErrorBody::from_slice(body)?.errors.into_iter().next()?;
    let text = match (first.title, first.details) {
        (Some(title), Some(details)) => Some(format!("{title}: {details}")),
        (title, details) => title.or(details),
    };
    txstatus_core::ProviderMessage::new(text.as_deref(), first.code.as_deref()).non_empty()
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
    fn the_first_error_gives_title_details_and_code() {
        assert_eq!(
            said("error-422-unprocessable-entity.json"),
            (
                Some("Record invalid: Status is not a status of this transaction type".into()),
                Some("invalid_status".into())
            )
        );
        assert_eq!(
            said("error-404-not-found.json"),
            (Some("Record not found".into()), None)
        );
        assert_eq!(
            said("error-409-conflict.json").1.as_deref(),
            Some("idempotency_key_in_progress")
        );
    }

    #[test]
    fn a_gateway_page_has_no_message() {
        assert_eq!(said("error-502-html.json"), (None, None));
    }

    #[test]
    fn a_body_that_is_not_utf8_has_no_message_even_in_a_skipped_member() {
        assert!(error_message(b"{\"errors\":[{\"title\":\"t\"}],\"x\":\"\xff\"}").is_none());
        assert!(error_message(b"{\"errors\":[{\"title\":\"t\"}],\"x\":\"\xc3\xa9\"}").is_some());
    }

    #[test]
    fn a_code_that_is_a_sentence_is_dropped() {
        let said = error_message(br#"{"errors":[{"title":"t","code":"Jan de Vries"}]}"#).unwrap();
        assert_eq!(said.code(), None);
        assert_eq!(said.message(), Some("t"));
    }
    #[test]
    fn a_personal_value_in_the_message_never_reaches_display_or_debug() {
        txstatus_core::test_util::assert_message_withheld(
            error_message,
            br#"{"errors":[{"title":"Record invalid","details":"Name Jan\"de Vries` does not match NL-X1234567, jan@example.com","code":"name_mismatch"}]}"#,
            &["Vries", "X1234567", "jan@example.com"],
        );
    }
}
