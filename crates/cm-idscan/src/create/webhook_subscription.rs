//! `POST /webhooks`: where CM tells you a transaction or task changed.

use std::{collections::BTreeMap, fmt};

use txstatus_core::{ExposeSecret, SecretString};

use crate::WebhookEvent;

/// A subscription to create. CM does not sign deliveries: give it a secret
/// custom header (see [`WebhookSubscriptionRequest::secret_header`]) and check
/// it with [`WebhookVerifier`](crate::WebhookVerifier).
#[derive(Clone)]
pub struct WebhookSubscriptionRequest {
    /// Where CM posts deliveries; must be `https`.
    pub url: String,
    /// The events to receive.
    pub events: Vec<WebhookEvent>,
    /// Custom headers CM sends with every delivery. Values are secrets.
    pub headers: BTreeMap<String, SecretString>,
}

impl WebhookSubscriptionRequest {
    /// A subscription to both documented events.
    pub fn new(url: impl Into<String>) -> Self {
        Self {
            url: url.into(),
            events: vec![
                WebhookEvent::TransactionStateUpdated,
                WebhookEvent::TaskStateUpdated,
            ],
            headers: BTreeMap::new(),
        }
    }

    /// Adds the secret header CM echoes on each delivery. Names are
    /// case-insensitive: a second one differing from another in case only is
    /// refused by [`Client::subscribe_webhook`](crate::Client::subscribe_webhook)
    /// (deliveries would carry the header on two lines with two values, which
    /// the verifier refuses).
    pub fn secret_header(mut self, name: impl Into<String>, value: SecretString) -> Self {
        self.headers.insert(name.into(), value);
        self
    }

    /// The JSON body: `url` and `events`, as documented. CM's docs show `headers`
    /// only as `null` in the answer; with custom headers this crate sends an object
    /// of header name to value (the shape CM's other products use), without them it
    /// sends no `headers` member at all, so the body is the documented one.
    pub(crate) fn to_json(&self) -> serde_json::Value {
        let headers: serde_json::Map<String, serde_json::Value> = self
            .headers
            .iter()
            .map(|(name, value)| {
                (
                    name.clone(),
                    serde_json::Value::String(value.expose_secret().to_owned()),
                )
            })
            .collect();
        let mut body = serde_json::json!({
            "url": self.url,
            "events": self.events,
        });
        if !headers.is_empty()
            && let Some(members) = body.as_object_mut()
        {
            members.insert("headers".to_owned(), headers.into());
        }
        body
    }
}

/// Masks the URL whole (the merchant chose it: its path and query may name a
/// customer or carry a token) and shows the header names without their values.
impl fmt::Debug for WebhookSubscriptionRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WebhookSubscriptionRequest")
            .field("url", &txstatus_core::REDACTED)
            .field("events", &self.events)
            .field("headers", &self.headers.keys().collect::<Vec<_>>())
            .finish()
    }
}
