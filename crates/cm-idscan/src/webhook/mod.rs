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
    crypto::{hmac_sha256, verify_hmac_sha256},
    provider::header::HeaderMap,
};

use crate::Delivery;

mod side;

pub use side::{IdScanWebhooks, RESULT_ID_HINT};

/// Why a delivery was refused. Never holds the header value or the body.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum WebhookRefusal {
    /// The secret header was absent (or sent more than once).
    MissingHeader,
    /// The secret header did not match.
    WrongHeader,
    /// The body is not a delivery; `path` is where decoding failed.
    Malformed {
        /// JSON path of the failure.
        path: String,
    },
}

impl fmt::Display for WebhookRefusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::MissingHeader => f.write_str("cm-idscan webhook: the secret header is missing"),
            Self::WrongHeader => f.write_str("cm-idscan webhook: the secret header is wrong"),
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
    pub fn new(name: impl Into<String>, secret: SecretString) -> Self {
        Self {
            header: name.into(),
            secret,
        }
    }

    /// Checks the header, then parses the body.
    pub fn verify(&self, headers: &HeaderMap, body: &[u8]) -> Result<Delivery, WebhookRefusal> {
        let mut values = headers.get_all(self.header.as_str()).iter();
        let (Some(value), None) = (values.next(), values.next()) else {
            return Err(WebhookRefusal::MissingHeader);
        };
        self.verify_value(Some(value.as_bytes()), body)
    }

    /// [`WebhookVerifier::verify`] for frameworks that hand over one header value.
    pub fn verify_value(
        &self,
        header_value: Option<&[u8]>,
        body: &[u8],
    ) -> Result<Delivery, WebhookRefusal> {
        let value = header_value.ok_or(WebhookRefusal::MissingHeader)?;
        if !constant_time_eq(value, self.secret.expose_secret().as_bytes()) {
            return Err(WebhookRefusal::WrongHeader);
        }
        parse_delivery(body)
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

/// Equality in constant time. txstatus-core offers no bare comparison, so both
/// sides go through HMAC under a fixed key and ring's constant-time `verify`
/// compares the tags: neither content nor length leaks through timing.
pub(crate) fn constant_time_eq(given: &[u8], expected: &[u8]) -> bool {
    const KEY: &[u8] = b"cm-idscan webhook header comparison";
    let tag = hmac_sha256(KEY, expected);
    verify_hmac_sha256(KEY, given, &tag)
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
        for wrong in ["hunter2-secreT", "hunter2-secret ", "", "hunter2"] {
            assert_eq!(
                verifier().verify(&headers(wrong), b"not json").unwrap_err(),
                WebhookRefusal::WrongHeader
            );
        }
        let mut twice = headers("hunter2-secret");
        twice.append("x-hook-secret", HeaderValue::from_static("hunter2-secret"));
        assert_eq!(
            verifier().verify(&twice, BODY).unwrap_err(),
            WebhookRefusal::MissingHeader
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

    #[test]
    fn the_verifier_debug_hides_the_secret() {
        assert!(!format!("{:?}", verifier()).contains("hunter2"));
    }
}
