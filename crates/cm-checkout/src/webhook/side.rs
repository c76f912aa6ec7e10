//! Checkout's side of a webhook receiver: [`CheckoutWebhooks`] authenticates a
//! delivery by the secret token in its URL ([`WebhookToken::matches`], constant
//! time) and reads only the transaction id. CM gives no event id, so the
//! receiver deduplicates by the re-read state instead.

use txstatus_core::webhook::{Delivery, Inbound, Refusal, WebhookSide};

use crate::{PROVIDER, WebhookNotification, WebhookToken};

/// What a refusal names: the mechanism, never the token.
const MECHANISM: &str = "url token";

/// Checkout's [`WebhookSide`].
#[derive(Clone, Debug)]
pub struct CheckoutWebhooks {
    token: WebhookToken,
}

impl CheckoutWebhooks {
    /// A side accepting deliveries whose URL carries `token`.
    pub fn new(token: WebhookToken) -> Self {
        Self { token }
    }
}

impl WebhookSide for CheckoutWebhooks {
    fn provider(&self) -> &'static str {
        PROVIDER
    }

    fn receive(&self, inbound: &Inbound<'_>) -> Result<Delivery, Refusal> {
        if !inbound.method.eq_ignore_ascii_case("POST") {
            return Err(Refusal::Method);
        }
        if !self.token.matches(inbound.target) {
            return Err(Refusal::Unauthenticated(MECHANISM));
        }
        let delivery = Delivery::authenticated(PROVIDER);
        // Authenticated: an unknown shape is still accepted (the sweep reconciles it).
        let Ok(notification) = WebhookNotification::from_slice(inbound.body) else {
            return Ok(delivery);
        };
        Ok(delivery
            .with_event_name(notification.event.map(|event| event.as_str().to_owned()))
            .with_transaction_id(notification.transaction))
    }
}

#[cfg(test)]
mod tests {
    use std::time::SystemTime;

    use super::*;
    use txstatus_core::{SecretString, provider::header::HeaderMap};

    const BODY: &[u8] = br#"{"createdAt":"2006-01-02T15:04:05Z","event":"FINALSTATUS",
        "transaction":"0b4b1d6f","reference":"order-1"}"#;

    fn receive(target: &str, method: &str, body: &[u8]) -> Result<Delivery, Refusal> {
        let side =
            CheckoutWebhooks::new(WebhookToken::from_stored(SecretString::from("tok-123_ABC")));
        side.receive(&Inbound {
            method,
            headers: &HeaderMap::new(),
            peer: None,
            target,
            body,
            now: SystemTime::now(),
        })
    }

    #[test]
    fn the_right_token_gives_an_authenticated_delivery_without_an_event_id() {
        let delivery = receive("/webhooks/cm-checkout?cm_token=tok-123_ABC", "POST", BODY).unwrap();
        assert!(delivery.is_authenticated());
        assert_eq!(delivery.provider, "cm-checkout");
        assert_eq!(delivery.transaction_id.as_deref(), Some("0b4b1d6f"));
        assert_eq!(delivery.event_id, None);
        assert_eq!(delivery.event_name.as_deref(), Some("FINALSTATUS"));
    }

    #[test]
    fn a_missing_wrong_or_repeated_token_is_refused_without_naming_it() {
        for target in [
            "/webhooks/cm-checkout",
            "/webhooks/cm-checkout?cm_token=tok-123_ABc",
            "/webhooks/cm-checkout?cm_token=",
            "/webhooks/cm-checkout?cm_token=tok-123_ABC&cm_token=tok-123_ABC",
        ] {
            let refusal = receive(target, "POST", BODY).unwrap_err();
            assert!(matches!(refusal, Refusal::Unauthenticated(_)));
            assert!(!refusal.to_string().contains("tok-123"));
        }
    }

    #[test]
    fn an_authenticated_body_of_unknown_shape_is_accepted_without_a_transaction() {
        let delivery = receive("/w?cm_token=tok-123_ABC", "POST", b"not json").unwrap();
        assert!(delivery.is_authenticated());
        assert_eq!(delivery.transaction_id, None);
    }

    fn forge(token: &str, target: &str) -> Result<Delivery, Refusal> {
        let side = CheckoutWebhooks::new(WebhookToken::from_stored(SecretString::from(token)));
        side.receive(&Inbound {
            method: "POST",
            headers: &HeaderMap::new(),
            peer: None,
            target,
            body: br#"{"event":"FINALSTATUS","transaction":"t1"}"#,
            now: SystemTime::now(),
        })
    }

    #[test]
    fn an_empty_token_authenticates_no_delivery() {
        for target in [
            "/webhooks/cm-checkout?cm_token=",
            "/webhooks/cm-checkout?cm_token",
            "/webhooks/cm-checkout",
            "/webhooks/cm-checkout?cm_token=%20",
        ] {
            let refusal = forge("", target).unwrap_err();
            assert_eq!(refusal, Refusal::Unauthenticated(MECHANISM), "{target}");
        }
    }

    #[test]
    fn a_whitespace_only_token_authenticates_no_delivery() {
        for token in [" ", "   ", "\t", " \n "] {
            for target in [
                "/webhooks/cm-checkout?cm_token=",
                "/webhooks/cm-checkout?cm_token=%20",
                "/webhooks/cm-checkout?cm_token=+++",
                "/webhooks/cm-checkout?cm_token=%09",
                "/webhooks/cm-checkout?cm_token=%20%0A%20",
            ] {
                let refusal = forge(token, target).unwrap_err();
                assert_eq!(
                    refusal,
                    Refusal::Unauthenticated(MECHANISM),
                    "{token:?} {target}"
                );
            }
        }
    }

    #[test]
    fn only_post_is_taken() {
        let refusal = receive("/w?cm_token=tok-123_ABC", "PUT", BODY).unwrap_err();
        assert_eq!(refusal, Refusal::Method);
    }
}
