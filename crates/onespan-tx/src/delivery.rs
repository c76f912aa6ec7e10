//! OneSpan's side of a webhook receiver. Notifications are not signed, so a
//! delivery is an unauthenticated hint (a reason to re-read the transaction,
//! never more) unless an allow-list of OneSpan's static source addresses is
//! configured. Behind a load balancer the peer is the proxy: name it in
//! [`OneSpanWebhooks::trusted_proxies`] and the client address is taken from
//! `X-Forwarded-For`, right to left, skipping only those proxies.

use std::net::IpAddr;

use txstatus_core::webhook::{Delivery, Inbound, Refusal, WebhookSide, client_address};

use crate::{Notification, PROVIDER};

/// What refusals name as the failed mechanism.
const SOURCE_ADDRESS: &str = "source address";

/// OneSpan's [`WebhookSide`].
#[derive(Clone, Debug, Default)]
pub struct OneSpanWebhooks {
    allow: Vec<IpAddr>,
    trusted_proxies: Vec<IpAddr>,
}

impl OneSpanWebhooks {
    /// Every notification is a hint.
    pub fn new() -> Self {
        Self::default()
    }

    /// Only these source addresses are accepted, and their notifications count
    /// as authenticated (OneSpan calls from static addresses).
    pub fn allow<I: IntoIterator<Item = IpAddr>>(mut self, addresses: I) -> Self {
        self.allow = addresses.into_iter().collect();
        self
    }

    /// Proxies whose `X-Forwarded-For` is believed.
    pub fn trusted_proxies<I: IntoIterator<Item = IpAddr>>(mut self, proxies: I) -> Self {
        self.trusted_proxies = proxies.into_iter().collect();
        self
    }
}

impl WebhookSide for OneSpanWebhooks {
    fn provider(&self) -> &'static str {
        PROVIDER
    }

    fn receive(&self, inbound: &Inbound<'_>) -> Result<Delivery, Refusal> {
        if !inbound.method.eq_ignore_ascii_case("POST") {
            return Err(Refusal::Method);
        }
        let source = client_address(inbound.peer, inbound.headers, &self.trusted_proxies);
        let delivery = if self.allow.is_empty() {
            Delivery::hint(PROVIDER)
        } else if source.is_some_and(|source| self.allow.contains(&source)) {
            Delivery::authenticated(PROVIDER)
        } else {
            return Err(Refusal::Unauthenticated(SOURCE_ADDRESS));
        };
        let delivery = delivery.with_source(source);
        let Ok(notification) = Notification::parse(inbound.body) else {
            return Ok(delivery);
        };
        let name = notification
            .trigger
            .as_ref()
            .map(|trigger| trigger.as_str().to_owned())
            .or(notification.kind);
        Ok(delivery
            .with_transaction_id(notification.transaction_id)
            .with_event_name(name))
    }
}
