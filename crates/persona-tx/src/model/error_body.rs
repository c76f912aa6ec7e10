//! Persona's error body: `{"errors": [{"title", "details"?, "meta"?}]}`.

use std::fmt;

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

/// One error entry. `Debug` shows the code and the source, never the title,
/// details or meta: they may quote what was sent (a name, an email), as the
/// core's [`txstatus_core::Error`] never shows them either; redacted
/// serialization ([`txstatus_core::to_redacted_json`]) writes each of them as
/// `"[redacted]"`.
#[derive(Clone, Default, Serialize)]
#[non_exhaustive]
pub struct ApiError {
    /// Short description (`Record not found`).
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "txstatus_core::provider::serialize_pii"
    )]
    pub title: Option<String>,
    /// More detail (`data.attributes.type must be a string`).
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "txstatus_core::provider::serialize_pii"
    )]
    pub details: Option<String>,
    /// Machine-readable error code, when Persona sends one. Written as sent when
    /// it is a short machine token (as `Debug` shows it); any other text is
    /// written as `"[redacted]"` by redacted serialization, as `Debug` withholds it.
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "serialize_code"
    )]
    pub code: Option<String>,
    /// What in the request the error is about (`/data/attributes/status`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<ErrorSource>,
    /// Free-form metadata.
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "txstatus_core::provider::serialize_pii"
    )]
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

impl fmt::Debug for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        txstatus_core::provider::RedactedDebug::new(f, "ApiError")
            .optional_secret("title", self.title.is_some())
            .optional_secret("details", self.details.is_some())
            .field("code", &shown_code(self.code.as_deref()))
            .field("source", &self.source)
            .optional_secret("meta", self.meta.is_some())
            .finish()
    }
}

/// A code as the core's messages show it: a short machine token, or nothing.
fn shown_code(code: Option<&str>) -> Option<String> {
    txstatus_core::ProviderMessage::new(None, code)
        .code()
        .map(str::to_owned)
}

/// The part of the request an error is about (JSON:API `source`). `Debug` shows
/// a pointer or parameter only when every part of it is a machine token
/// (`/data/attributes/status`; `page[size]` is withheld): it is the provider's
/// text, and a pointer may name a key the caller put in the request (a field
/// name, a hash key) or quote a value. Redacted serialization
/// ([`txstatus_core::to_redacted_json`]) writes exactly what `Debug` shows: a
/// withheld one as `"[redacted]"`.
#[derive(Clone, Default, Serialize)]
#[non_exhaustive]
pub struct ErrorSource {
    /// JSON pointer into the request body (`/data/attributes/fields`).
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "serialize_path"
    )]
    pub pointer: Option<String>,
    /// The query parameter at fault (`page[size]`).
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "serialize_path"
    )]
    pub parameter: Option<String>,
}

/// A code as `Debug` shows it when redacting: a machine token as sent, other
/// text as personal (`"[redacted]"` under redaction, as sent otherwise).
fn serialize_code<S: serde::Serializer>(code: &Option<String>, s: S) -> Result<S::Ok, S::Error> {
    match code.as_deref() {
        Some(text) if shown_code(Some(text)).as_deref() == Some(text) => s.serialize_str(text),
        _ => txstatus_core::provider::serialize_pii(code, s),
    }
}

/// A pointer or parameter as `Debug` shows it when redacting (see [`shown_path`]).
fn serialize_path<S: serde::Serializer>(path: &Option<String>, s: S) -> Result<S::Ok, S::Error> {
    match path.as_deref() {
        Some(text) if shown_path(Some(text)) == Some(text) => s.serialize_str(text),
        _ => txstatus_core::provider::serialize_pii(path, s),
    }
}

impl fmt::Debug for ErrorSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ErrorSource")
            .field("pointer", &shown_path(self.pointer.as_deref()))
            .field("parameter", &shown_path(self.parameter.as_deref()))
            .finish()
    }
}

/// A pointer or parameter as `Debug` shows it: as sent when every `/`-part is a
/// machine token, else withheld.
fn shown_path(text: Option<&str>) -> Option<&str> {
    text.map(|text| {
        let machine = text
            .split('/')
            .all(|part| part.is_empty() || shown_code(Some(part)).is_some());
        if machine {
            text
        } else {
            txstatus_core::REDACTED
        }
    })
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
    fn the_typed_error_body_debug_shows_no_provider_text() {
        let body = br#"{"errors":[{"title":"Email jan.devries@example.com is taken","details":"Name Jan de Vries, NL-X1234567","code":"Jan de Vries","source":{"pointer":"/data/attributes/jan@example.com","parameter":"jan de Vries"},"meta":{"email":"jan.devries@example.com"}},{"title":"t","code":"name_mismatch","source":{"pointer":"/data/attributes/status"}}]}"#;
        let parsed = super::ErrorBody::from_slice(body).unwrap();
        let shown = format!("{parsed:?} {:?}", parsed.errors);
        for leaked in ["jan", "Jan", "Vries", "X1234567", "example.com"] {
            assert!(!shown.contains(leaked), "{leaked} in {shown}");
        }
        assert!(shown.contains("name_mismatch") && shown.contains("/data/attributes/status"));
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
