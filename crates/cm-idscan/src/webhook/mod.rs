//! Receiving ID Scan webhook deliveries.
//!
//! CM does not sign deliveries. The subscription carries a secret custom header
//! ([`WebhookSubscriptionRequest::secret_header`](crate::WebhookSubscriptionRequest::secret_header)),
//! and [`WebhookVerifier`] checks it in constant time before reading the body.
//! A delivery is a hint: re-read the transaction with
//! [`Client::transaction`](crate::Client::transaction); its authenticated
//! `resultId` leads straight to [`Client::transaction_result`](crate::Client::transaction_result).

use std::fmt;

use txstatus_core::{
    ExposeSecret, SecretString,
    provider::header::{HeaderMap, HeaderName, HeaderValue},
    webhook::{is_blank_secret, secret_matches},
};

use crate::Delivery;

mod envelope;
mod side;

pub use side::{IdScanWebhooks, RESULT_ID_HINT};

/// Why a delivery was refused. Never holds the header value or the body.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum WebhookRefusal {
    /// The secret header was absent.
    MissingHeader,
    /// The secret header did not match: on one line, or on any of the lines
    /// it was sent on (every line must carry the secret; a repeat of it is
    /// fine, anything else beside it is ambiguous).
    WrongHeader,
    /// The body is not a delivery; `path` is where decoding failed.
    Malformed {
        /// JSON path of the failure.
        path: String,
    },
    /// The verifier's secret is empty or whitespace only, so no header can
    /// match: every delivery is refused.
    NoSecret,
    /// The verifier can match no delivery: its header name is no HTTP header
    /// name or one HTTP sets itself (`Content-Type`, `Host`...), or its secret
    /// holds a character no header value can carry. Every
    /// delivery is refused; [`WebhookVerifier::try_new`] says which at
    /// construction.
    Unusable,
}

impl fmt::Display for WebhookRefusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::MissingHeader => f.write_str("cm-idscan webhook: the secret header is missing"),
            Self::WrongHeader => f.write_str("cm-idscan webhook: the secret header is wrong"),
            Self::NoSecret => f.write_str("cm-idscan webhook: no webhook secret is configured"),
            Self::Unusable => f.write_str(
                "cm-idscan webhook: the configured header name or secret can be carried by no \
                 delivery",
            ),
            Self::Malformed { path } => {
                write!(
                    f,
                    "cm-idscan webhook: the body is not a delivery (at {path})"
                )
            }
        }
    }
}

impl std::error::Error for WebhookRefusal {}

/// Why [`WebhookVerifier::try_new`] refused a header name and secret: a verifier
/// made of them could authenticate no delivery. Names the part, never its text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum VerifierError {
    /// The name (spaces and tabs around it dropped) is no HTTP header name:
    /// empty, or holding a space, a colon, a control or non-ASCII character.
    HeaderName,
    /// The secret is empty or whitespace only: anyone could send it.
    BlankSecret,
    /// The secret holds a character no header value can carry (a control
    /// character such as a line break or NUL, or DEL).
    SecretNotAHeaderValue,
    /// The name is one HTTP itself sets (`Host`, `Content-Length`,
    /// `Transfer-Encoding`, `Connection`, `Content-Type`...): a sender cannot
    /// make it carry a secret, so no delivery would pass.
    ReservedHeaderName,
}

/// Header names the framing, the connection or the body's description take:
/// never a secret a sender sets (compared case-insensitively).
const RESERVED_HEADER_NAMES: [&str; 13] = [
    "host",
    "content-length",
    "transfer-encoding",
    "connection",
    "keep-alive",
    "proxy-connection",
    "te",
    "trailer",
    "upgrade",
    "expect",
    "content-type",
    "content-encoding",
    "content-range",
];

impl fmt::Display for VerifierError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::HeaderName => "cm-idscan webhook: the header name is no HTTP header name",
            Self::BlankSecret => "cm-idscan webhook: the secret is empty or whitespace only",
            Self::SecretNotAHeaderValue => {
                "cm-idscan webhook: the secret holds a character no header value can carry"
            }
            Self::ReservedHeaderName => {
                "cm-idscan webhook: the header name is one HTTP sets itself (framing, \
                 connection or content type), never a secret a sender sets"
            }
        })
    }
}

impl std::error::Error for VerifierError {}

/// Authenticates deliveries by the secret custom header set at subscription.
#[derive(Clone)]
pub struct WebhookVerifier {
    header: String,
    secret: SecretString,
}

impl fmt::Debug for WebhookVerifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WebhookVerifier")
            .field("header", &self.header)
            .field("secret", &"[redacted]")
            .finish()
    }
}

impl WebhookVerifier {
    /// A verifier for header `name` (case-insensitive) carrying `secret`.
    ///
    /// Spaces and tabs around either are dropped: HTTP delivers a field value
    /// without them (RFC 9110, 5.5), so a secret kept with them (read from a
    /// file, pasted) would otherwise refuse every delivery CM sends with it.
    ///
    /// Nothing is refused here; a verifier no delivery can satisfy refuses each
    /// one: a blank secret (empty or whitespace only) with
    /// [`WebhookRefusal::NoSecret`], a name that is no HTTP header name or one
    /// HTTP sets itself (`Content-Type`, `Host`...), or a secret no header value
    /// can carry, with [`WebhookRefusal::Unusable`]. Use
    /// [`WebhookVerifier::try_new`] to learn that at construction.
    pub fn new(name: impl Into<String>, secret: SecretString) -> Self {
        let name = name.into();
        let exposed = secret.expose_secret();
        let trimmed = trim_ows(exposed);
        let secret = if trimmed.len() == exposed.len() {
            secret
        } else {
            SecretString::from(trimmed.to_owned())
        };
        Self {
            header: trim_ows(&name).to_owned(),
            secret,
        }
    }

    /// [`WebhookVerifier::new`], refused when no delivery could ever be
    /// authenticated with it: a name (spaces and tabs around it dropped) that
    /// is no HTTP header name or is one HTTP sets itself (`Content-Length`,
    /// `Host`...), a blank secret, or a secret no header value can carry. The
    /// error names which, never the text.
    pub fn try_new(name: impl Into<String>, secret: SecretString) -> Result<Self, VerifierError> {
        let verifier = Self::new(name, secret);
        match verifier.problem() {
            Some(problem) => Err(problem),
            None => Ok(verifier),
        }
    }

    /// What keeps this verifier from authenticating any delivery, if anything.
    fn problem(&self) -> Option<VerifierError> {
        let secret = self.secret.expose_secret().as_bytes();
        if is_blank_secret(secret) {
            return Some(VerifierError::BlankSecret);
        }
        if HeaderValue::from_bytes(secret).is_err() {
            return Some(VerifierError::SecretNotAHeaderValue);
        }
        self.name_problem()
    }

    /// What keeps the header name from carrying the secret, if anything.
    fn name_problem(&self) -> Option<VerifierError> {
        if HeaderName::from_bytes(self.header.as_bytes()).is_err() {
            return Some(VerifierError::HeaderName);
        }
        RESERVED_HEADER_NAMES
            .iter()
            .any(|reserved| self.header.eq_ignore_ascii_case(reserved))
            .then_some(VerifierError::ReservedHeaderName)
    }

    /// Checks the header, then parses the body.
    pub fn verify(&self, headers: &HeaderMap, body: &[u8]) -> Result<Delivery, WebhookRefusal> {
        self.authenticate(headers)?;
        parse_delivery(body)
    }

    /// [`WebhookVerifier::verify`] for frameworks that hand over one header value.
    ///
    /// Spaces and tabs around it are ignored (no part of a field value). A value
    /// a framework joined from several lines (`secret, secret`) is not the
    /// secret and is refused: hand over the lines with
    /// [`WebhookVerifier::verify`] instead, which checks each one.
    pub fn verify_value(
        &self,
        header_value: Option<&[u8]>,
        body: &[u8],
    ) -> Result<Delivery, WebhookRefusal> {
        self.check_value(header_value)?;
        parse_delivery(body)
    }

    /// Checks the header only: present, and every line of it equal to the
    /// secret (constant time). The receiver's side reads the body itself.
    pub(crate) fn authenticate(&self, headers: &HeaderMap) -> Result<(), WebhookRefusal> {
        self.has_secret()?;
        // A name no header can have: no delivery carries it (the lookup below
        // would find nothing and call it missing). A name HTTP sets itself
        // carries no secret: `Content-Type: application/json` as the "secret"
        // would let every delivery in.
        if self.name_problem().is_some() {
            return Err(WebhookRefusal::Unusable);
        }
        let mut lines = headers.get_all(self.header.as_str()).iter().peekable();
        if lines.peek().is_none() {
            return Err(WebhookRefusal::MissingHeader);
        }
        // Each line on its own, never their comma-joined value: a proxy that
        // repeated the header with the same value changes nothing, while a line
        // holding anything else (another value, bytes that are not text) makes
        // the header ambiguous and the delivery is refused.
        lines.try_for_each(|line| self.check_value(Some(line.as_bytes())))
    }

    /// Checks one header value against the secret, without the spaces and tabs
    /// around it (not part of a field value: RFC 9110, 5.5).
    fn check_value(&self, header_value: Option<&[u8]>) -> Result<(), WebhookRefusal> {
        self.has_secret()?;
        let value = header_value.ok_or(WebhookRefusal::MissingHeader)?;
        if !secret_matches(
            trim_ows_bytes(value),
            self.secret.expose_secret().as_bytes(),
        ) {
            return Err(WebhookRefusal::WrongHeader);
        }
        Ok(())
    }

    /// [`WebhookRefusal::NoSecret`] when the secret is blank,
    /// [`WebhookRefusal::Unusable`] when no header value can carry it.
    fn has_secret(&self) -> Result<(), WebhookRefusal> {
        let secret = self.secret.expose_secret().as_bytes();
        if is_blank_secret(secret) {
            return Err(WebhookRefusal::NoSecret);
        }
        if HeaderValue::from_bytes(secret).is_err() {
            return Err(WebhookRefusal::Unusable);
        }
        Ok(())
    }
}

/// `text` without the spaces and tabs around it: what HTTP strips from a field
/// value (RFC 9110, 5.5).
fn trim_ows(text: &str) -> &str {
    text.trim_matches([' ', '\t'])
}

/// `value` without the spaces and tabs around it, as bytes: a delivered value
/// need not be text.
fn trim_ows_bytes(value: &[u8]) -> &[u8] {
    let is_ows = |byte: &u8| *byte == b' ' || *byte == b'\t';
    let start = value.iter().position(|byte| !is_ows(byte));
    let end = value.iter().rposition(|byte| !is_ows(byte));
    match (start, end) {
        (Some(start), Some(end)) => value.get(start..=end).unwrap_or_default(),
        _ => &[],
    }
}

/// Parses a delivery body without authenticating it (tests, replays).
pub fn parse_delivery(body: &[u8]) -> Result<Delivery, WebhookRefusal> {
    let raw = txstatus_core::RawBody::from(body.to_vec());
    txstatus_core::provider::decode_json_bytes::<Delivery>(crate::PROVIDER, 200, &raw).map_err(
        |error| WebhookRefusal::Malformed {
            path: error.json_path().unwrap_or(".").to_owned(),
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{DeliveryType, TransactionState};
    use txstatus_core::provider::header::HeaderValue;

    const BODY: &[u8] = br#"{"id":"b041a287","type":"transaction.state.updated",
        "transaction":{"id":"b659c273","state":"completed","resultId":"e6b7ce66"},
        "created":"2022-01-01T00:00:00+00:00","extra":1}"#;

    fn verifier() -> WebhookVerifier {
        WebhookVerifier::new("X-Hook-Secret", SecretString::from("hunter2-secret"))
    }

    fn headers(value: &str) -> HeaderMap {
        let mut map = HeaderMap::new();
        map.insert("x-hook-secret", HeaderValue::from_str(value).unwrap());
        map
    }

    #[test]
    fn a_delivery_with_the_right_header_keeps_its_result_id() {
        let delivery = verifier().verify(&headers("hunter2-secret"), BODY).unwrap();
        assert_eq!(delivery.kind, DeliveryType::TransactionStateUpdated);
        assert_eq!(delivery.transaction.id, "b659c273");
        assert_eq!(
            delivery.transaction.state,
            Some(TransactionState::Completed)
        );
        assert_eq!(delivery.result_id(), Some("e6b7ce66"));
    }

    #[test]
    fn a_missing_or_wrong_header_is_refused_before_parsing() {
        assert_eq!(
            verifier().verify(&HeaderMap::new(), BODY).unwrap_err(),
            WebhookRefusal::MissingHeader
        );
        for wrong in ["hunter2-secreT", "hunter2-secret x", "", "hunter2"] {
            assert_eq!(
                verifier().verify(&headers(wrong), b"not json").unwrap_err(),
                WebhookRefusal::WrongHeader
            );
        }
        let mut twice = headers("hunter2-secret");
        twice.append("x-hook-secret", HeaderValue::from_static("hunter2-secreT"));
        assert_eq!(
            verifier().verify(&twice, BODY).unwrap_err(),
            WebhookRefusal::WrongHeader
        );
    }

    #[test]
    fn an_unknown_type_is_kept_and_a_malformed_body_is_a_refusal() {
        let body = br#"{"id":"1","type":"task.created","transaction":{"id":"t"}}"#;
        let delivery = verifier().verify(&headers("hunter2-secret"), body).unwrap();
        assert_eq!(delivery.kind.as_str(), "task.created");
        assert_eq!(delivery.result_id(), None);
        let refusal = verifier()
            .verify(&headers("hunter2-secret"), br#"{"id":"1","type":"x"}"#)
            .unwrap_err();
        assert!(matches!(refusal, WebhookRefusal::Malformed { .. }));
    }

    fn with_secret(secret: &str) -> WebhookVerifier {
        WebhookVerifier::new("X-Hook-Secret", SecretString::from(secret))
    }

    #[test]
    fn an_empty_secret_authenticates_no_delivery() {
        let verifier = with_secret("");
        assert_eq!(
            verifier.verify(&headers(""), BODY).unwrap_err(),
            WebhookRefusal::NoSecret
        );
        assert_eq!(
            verifier.verify_value(Some(b""), BODY).unwrap_err(),
            WebhookRefusal::NoSecret
        );
        assert_eq!(
            verifier.verify(&HeaderMap::new(), BODY).unwrap_err(),
            WebhookRefusal::NoSecret
        );
    }

    #[test]
    fn a_whitespace_only_secret_authenticates_no_delivery() {
        for blank in [" ", "   ", "\t", " \t "] {
            let verifier = with_secret(blank);
            for sent in ["", " ", "   ", "\t", " \t "] {
                assert_eq!(
                    verifier
                        .verify_value(Some(sent.as_bytes()), BODY)
                        .unwrap_err(),
                    WebhookRefusal::NoSecret,
                    "{blank:?} {sent:?}"
                );
                assert_eq!(
                    verifier.verify(&headers(sent), BODY).unwrap_err(),
                    WebhookRefusal::NoSecret,
                    "{blank:?} {sent:?}"
                );
            }
        }
    }

    #[test]
    fn the_no_secret_refusal_shows_no_header_value() {
        let refusal = with_secret(" ").verify(&headers(" "), BODY).unwrap_err();
        assert_eq!(
            refusal.to_string(),
            "cm-idscan webhook: no webhook secret is configured"
        );
        assert_eq!(format!("{refusal:?}"), "NoSecret");
    }

    #[test]
    fn the_verifier_debug_hides_the_secret() {
        assert!(!format!("{:?}", verifier()).contains("hunter2"));
    }
}
