//! ID Scan's side of a webhook receiver: [`IdScanWebhooks`] authenticates a
//! delivery by its secret custom header (through [`WebhookVerifier`], constant
//! time) and reads the delivery id, the transaction id and the verified
//! `resultId` hint, and nothing else (the delivered `state` is never read); the
//! receiver re-reads the state itself.

use txstatus_core::{
    Error, SecretString,
    provider::from_json_slice,
    webhook::{Delivery, Inbound, Refusal, WebhookSide},
};

use super::{WebhookVerifier, envelope::Envelope};
use crate::PROVIDER;

/// The hint key under which an authenticated delivery's `resultId` is kept.
pub const RESULT_ID_HINT: &str = "resultId";

/// What a refusal names: the mechanism, never the header's name or value.
const MECHANISM: &str = "secret header";

/// ID Scan's [`WebhookSide`].
#[derive(Clone, Debug)]
pub struct IdScanWebhooks {
    verifier: WebhookVerifier,
}

impl IdScanWebhooks {
    /// A side checking deliveries with `verifier`.
    pub fn new(verifier: WebhookVerifier) -> Self {
        Self { verifier }
    }

    /// A side from one `Name: value` line (as `CM_IDSCAN_WEBHOOK_HEADER` holds it),
    /// by [`WebhookVerifier::try_new`]'s rule: a name that is no header name,
    /// or a value that is empty or that no header can carry (a control
    /// character), is refused, since the side would refuse every delivery. The
    /// error says which part, never the value.
    pub fn from_header_line(line: &str) -> Result<Self, Error> {
        let (name, value) = line.split_once(':').ok_or_else(|| {
            Error::invalid_input(PROVIDER, "the webhook header is not `Name: value`")
        })?;
        let verifier =
            WebhookVerifier::try_new(name.trim(), SecretString::from(value.trim().to_owned()))
                .map_err(|problem| {
                    Error::invalid_input(
                        PROVIDER,
                        format!("the webhook header is not `Name: value`: {problem}"),
                    )
                })?;
        Ok(Self::new(verifier))
    }
}

impl WebhookSide for IdScanWebhooks {
    fn provider(&self) -> &'static str {
        PROVIDER
    }

    /// UUIDs: one transaction named in two cases is one.
    fn id_case(&self) -> txstatus_core::provider::IdCase {
        crate::ID_CASE
    }

    fn receive(&self, inbound: &Inbound<'_>) -> Result<Delivery, Refusal> {
        if !inbound.method.eq_ignore_ascii_case("POST") {
            return Err(Refusal::Method);
        }
        self.verifier
            .authenticate(inbound.headers)
            .map_err(|_| Refusal::Unauthenticated(MECHANISM))?;
        let delivery = Delivery::authenticated(PROVIDER);
        // The header matched: a body of an unknown shape is still accepted (with
        // nothing to re-read), so CM does not resend it for days.
        let Ok(Envelope {
            id,
            kind,
            transaction,
        }) = from_json_slice::<Envelope>(inbound.body)
        else {
            return Ok(delivery);
        };
        let (transaction_id, result_id) = transaction.map_or((None, None), |transaction| {
            (
                transaction.id.usable_id(),
                transaction.result_id.usable_id(),
            )
        });
        let mut delivery = delivery
            .with_event_id(id.usable_id())
            .with_event_name(kind.usable_id())
            .with_transaction_id(transaction_id);
        if let Some(result_id) = result_id {
            delivery = delivery.with_hint(RESULT_ID_HINT, result_id);
        }
        Ok(delivery)
    }
}

#[cfg(test)]
mod tests {
    use std::time::SystemTime;

    use super::*;
    use txstatus_core::provider::header::{HeaderMap, HeaderValue};

    const BODY: &[u8] = br#"{"id":"b041a287","type":"transaction.state.updated",
        "transaction":{"id":"b659c273","state":"completed","resultId":"e6b7ce66"}}"#;

    fn side() -> IdScanWebhooks {
        IdScanWebhooks::from_header_line("X-Hook-Secret: hunter2-secret").unwrap()
    }

    fn receive(headers: &HeaderMap, method: &str, body: &[u8]) -> Result<Delivery, Refusal> {
        side().receive(&Inbound {
            method,
            headers,
            peer: None,
            target: "/webhooks/cm-idscan",
            body,
            now: SystemTime::now(),
        })
    }

    fn with_header(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert("x-hook-secret", HeaderValue::from_str(value).unwrap());
        headers
    }

    #[test]
    fn the_right_header_gives_an_authenticated_delivery_with_its_result_id() {
        let delivery = receive(&with_header("hunter2-secret"), "POST", BODY).unwrap();
        assert!(delivery.is_authenticated());
        assert_eq!(delivery.provider, "cm-idscan");
        assert_eq!(delivery.event_id.as_deref(), Some("b041a287"));
        assert_eq!(delivery.transaction_id.as_deref(), Some("b659c273"));
        assert_eq!(
            delivery.hints.get(RESULT_ID_HINT).map(String::as_str),
            Some("e6b7ce66")
        );
    }

    #[test]
    fn a_missing_or_wrong_header_is_refused_without_naming_the_secret() {
        for headers in [
            HeaderMap::new(),
            with_header("hunter2-secreT"),
            with_header(""),
        ] {
            let refusal = receive(&headers, "POST", BODY).unwrap_err();
            assert!(matches!(refusal, Refusal::Unauthenticated(_)));
            assert!(!refusal.to_string().contains("hunter2"));
            assert!(!refusal.to_string().to_lowercase().contains("x-hook-secret"));
        }
    }

    #[test]
    fn an_authenticated_body_of_unknown_shape_is_accepted_without_a_transaction() {
        let delivery = receive(&with_header("hunter2-secret"), "POST", b"[1]").unwrap();
        assert!(delivery.is_authenticated());
        assert_eq!(delivery.transaction_id, None);
    }

    #[test]
    fn only_post_is_taken() {
        let refusal = receive(&with_header("hunter2-secret"), "GET", BODY).unwrap_err();
        assert_eq!(refusal, Refusal::Method);
    }

    fn forge(secret: &str, headers: &HeaderMap) -> Result<Delivery, Refusal> {
        IdScanWebhooks::new(WebhookVerifier::new(
            "X-Hook-Secret",
            SecretString::from(secret),
        ))
        .receive(&Inbound {
            method: "POST",
            headers,
            peer: None,
            target: "/webhooks/cm-idscan",
            body: BODY,
            now: SystemTime::now(),
        })
    }

    #[test]
    fn an_empty_secret_authenticates_no_delivery() {
        for headers in [with_header(""), HeaderMap::new()] {
            assert_eq!(
                forge("", &headers),
                Err(Refusal::Unauthenticated(MECHANISM))
            );
        }
    }

    #[test]
    fn a_whitespace_only_secret_authenticates_no_delivery() {
        for secret in [" ", "  ", "\t"] {
            for sent in ["", " ", "  ", "\t"] {
                assert_eq!(
                    forge(secret, &with_header(sent)),
                    Err(Refusal::Unauthenticated(MECHANISM)),
                    "{secret:?} {sent:?}"
                );
            }
        }
    }

    #[test]
    fn a_header_line_without_a_name_or_value_is_refused_without_echoing_it() {
        for line in ["hunter2", "X-Hook: ", ": hunter2", "Bad Name: hunter2"] {
            let error = IdScanWebhooks::from_header_line(line).unwrap_err();
            assert!(!error.to_string().contains("hunter2"));
        }
        assert!(!format!("{:?}", side()).contains("hunter2"));
    }
}
