//! Checkout's side of a webhook receiver: [`CheckoutWebhooks`] authenticates a
//! delivery by the secret token in its URL ([`WebhookToken::matches`], constant
//! time) and reads only the transaction id and the event name (`envelope.rs`:
//! each a scalar as its text or nothing, so no member's type keeps a genuine
//! delivery from routing). CM gives no event id, so the receiver deduplicates
//! by the re-read state instead.

use std::{fmt, sync::Arc};

use txstatus_core::webhook::{Delivery, Inbound, Refusal, WebhookSide};

use super::envelope::Envelope;
use crate::{PROVIDER, WebhookToken};

/// What a refusal names: the mechanism, never the token.
const MECHANISM: &str = "url token";

/// Finds the token stored with a Checkout, by the transaction id a delivery
/// names.
type Lookup = dyn Fn(&str) -> Option<WebhookToken> + Send + Sync;

#[derive(Clone)]
enum Tokens {
    /// One token for every Checkout.
    Shared(WebhookToken),
    /// Each Checkout's own token.
    PerCheckout(Arc<Lookup>),
}

/// Checkout's [`WebhookSide`].
///
/// Two ways to hold the tokens:
///
/// - [`CheckoutWebhooks::new`]: one token shared by every Checkout. A delivery
///   carrying it is authenticated whatever transaction it names: whoever learns
///   the token (it sits in a URL CM stores) can send hints about any Checkout.
/// - [`CheckoutWebhooks::per_checkout`]: each Checkout's own token (the README's
///   advice), found by the transaction id the delivery names. The token must be
///   the one stored for that transaction, so a token leaked from one Checkout
///   authenticates hints about that Checkout only. A body that names no usable
///   transaction id cannot be matched to a token and is refused.
///
/// Either way an authenticated delivery carries a transaction id only when it is
/// usable as one (one path segment), and `Debug` shows no token.
#[derive(Clone)]
pub struct CheckoutWebhooks {
    tokens: Tokens,
}

impl fmt::Debug for CheckoutWebhooks {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let tokens = match &self.tokens {
            Tokens::Shared(_) => "shared [redacted]",
            Tokens::PerCheckout(_) => "per checkout (lookup)",
        };
        f.debug_struct("CheckoutWebhooks")
            .field("tokens", &tokens)
            .finish()
    }
}

impl CheckoutWebhooks {
    /// A side accepting deliveries whose URL carries `token`, one token for every
    /// Checkout.
    pub fn new(token: WebhookToken) -> Self {
        Self {
            tokens: Tokens::Shared(token),
        }
    }

    /// A side accepting a delivery only when its URL carries the token `lookup`
    /// gives for the transaction the delivery names (`None`: no such Checkout,
    /// refused). `lookup` runs on the receiver's request path: keep it quick (an
    /// in-memory map or cache).
    pub fn per_checkout(
        lookup: impl Fn(&str) -> Option<WebhookToken> + Send + Sync + 'static,
    ) -> Self {
        Self {
            tokens: Tokens::PerCheckout(Arc::new(lookup)),
        }
    }
}

impl WebhookSide for CheckoutWebhooks {
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
        let envelope = match &self.tokens {
            Tokens::Shared(token) => {
                // The token first: a forger's body is never read.
                if !token.matches(inbound.target) {
                    return Err(Refusal::Unauthenticated(MECHANISM));
                }
                Envelope::read(inbound.body)
            }
            Tokens::PerCheckout(lookup) => {
                let envelope = Envelope::read(inbound.body);
                // Only a usable id is looked up: no usable id, no token to match.
                let matched = envelope
                    .usable_transaction()
                    .and_then(|id| lookup(id))
                    .is_some_and(|token| token.matches(inbound.target));
                if !matched {
                    return Err(Refusal::Unauthenticated(MECHANISM));
                }
                envelope
            }
        };
        // Authenticated: an unknown shape is still accepted, naming nothing.
        // Only an id usable as one: a hostile `..` or a control character is
        // never re-read or recorded.
        Ok(Delivery::authenticated(PROVIDER)
            .with_event_name(envelope.event.usable_id())
            .with_transaction_id(envelope.transaction.usable_id()))
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
            "/webhooks/cm-checkout?cm_token=tok-123_ABC&cm_token=tok-123_ABc",
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
    fn an_authenticated_delivery_never_carries_an_unusable_transaction_id() {
        for body in [
            &br#"{"event":"FINALSTATUS","transaction":".."}"#[..],
            br#"{"event":"FINALSTATUS","transaction":"a\nb"}"#,
            br#"{"event":"FINALSTATUS","transaction":""}"#,
        ] {
            let delivery = receive("/w?cm_token=tok-123_ABC", "POST", body).unwrap();
            assert!(delivery.is_authenticated());
            assert_eq!(delivery.transaction_id, None, "{body:?}");
        }
    }

    fn per_checkout(target: &str, body: &[u8]) -> Result<Delivery, Refusal> {
        let side = CheckoutWebhooks::per_checkout(|id| match id {
            "tx-A" => Some(WebhookToken::from_stored(SecretString::from(
                "tok-A-1234567",
            ))),
            "tx-B" => Some(WebhookToken::from_stored(SecretString::from(
                "tok-B-7654321",
            ))),
            "tx-blank" => Some(WebhookToken::from_stored(SecretString::from(" "))),
            _ => None,
        });
        assert!(!format!("{side:?}").contains("tok-"));
        side.receive(&Inbound {
            method: "POST",
            headers: &HeaderMap::new(),
            peer: None,
            target,
            body,
            now: SystemTime::now(),
        })
    }

    #[test]
    fn a_per_checkout_token_authenticates_only_deliveries_naming_its_checkout() {
        let delivery = per_checkout(
            "/w?cm_token=tok-A-1234567",
            br#"{"event":"FINALSTATUS","transaction":"tx-A"}"#,
        )
        .unwrap();
        assert_eq!(delivery.transaction_id.as_deref(), Some("tx-A"));
        for (target, body) in [
            // A's token, B's transaction: the leaked token opens A only.
            (
                "/w?cm_token=tok-A-1234567",
                &br#"{"transaction":"tx-B"}"#[..],
            ),
            (
                "/w?cm_token=tok-A-1234567",
                br#"{"transaction":"tx-unknown"}"#,
            ),
            ("/w?cm_token=tok-A-1234567", br#"{"event":"FINALSTATUS"}"#),
            ("/w?cm_token=tok-A-1234567", b"not json"),
            ("/w?cm_token=tok-A-1234567", br#"{"transaction":".."}"#),
            ("/w", br#"{"transaction":"tx-A"}"#),
            ("/w?cm_token=", br#"{"transaction":"tx-blank"}"#),
            ("/w?cm_token=%20", br#"{"transaction":"tx-blank"}"#),
        ] {
            let refusal = per_checkout(target, body).unwrap_err();
            assert_eq!(
                refusal,
                Refusal::Unauthenticated(MECHANISM),
                "{target} {body:?}"
            );
            assert!(!refusal.to_string().contains("tok-"));
        }
    }

    #[test]
    fn only_post_is_taken() {
        let refusal = receive("/w?cm_token=tok-123_ABC", "PUT", BODY).unwrap_err();
        assert_eq!(refusal, Refusal::Method);
    }
}
