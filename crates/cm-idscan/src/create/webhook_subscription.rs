//! `POST /webhooks`: where CM tells you a transaction or task changed.

use std::{collections::BTreeMap, fmt};

use serde::{Deserialize, Serialize};
use txstatus_core::{ExposeSecret, Pii, SecretString};

txstatus_core::open_enum! {
    #[non_exhaustive]
    /// An event a webhook subscription is for.
    pub enum WebhookEvent {
        /// The transaction's `state` changed.
        TransactionStateUpdated => "transaction.state.updated",
        /// A task's `state` changed.
        TaskStateUpdated => "task.state.updated",
    }
}

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

    /// Adds the secret header CM echoes on each delivery.
    pub fn secret_header(mut self, name: impl Into<String>, value: SecretString) -> Self {
        self.headers.insert(name.into(), value);
        self
    }

    /// The JSON body. CM's docs show `headers` only as `null`; this crate sends
    /// an object of header name to value, the shape CM's other products use.
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
        serde_json::json!({
            "url": self.url,
            "events": self.events,
            "headers": if headers.is_empty() { serde_json::Value::Null } else { headers.into() },
        })
    }
}

impl fmt::Debug for WebhookSubscriptionRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WebhookSubscriptionRequest")
            .field("url", &self.url)
            .field("events", &self.events)
            .field("headers", &self.headers.keys().collect::<Vec<_>>())
            .finish()
    }
}

/// A subscription as CM returns it.
#[non_exhaustive]
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WebhookSubscription {
    /// Subscription id.
    pub id: String,
    /// Delivery URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Subscribed events.
    #[serde(default)]
    pub events: Vec<WebhookEvent>,
    /// The custom headers as CM echoes them: they hold the secret, so they are
    /// kept raw and redacted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub headers: Option<Pii<Box<serde_json::value::RawValue>>>,
    /// Last change.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<crate::Time>,
    /// Creation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<crate::Time>,
}
