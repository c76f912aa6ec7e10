//! `POST /webhooks`: the subscription as CM returns it, and its events.

use std::fmt;
use txstatus_core::provider::ShownStatus;

use serde::{Deserialize, Serialize};
use txstatus_core::Pii;

use super::Time;

txstatus_core::open_enum! {
    /// An event a webhook subscription is for.
    pub enum WebhookEvent {
        /// The transaction's `state` changed.
        TransactionStateUpdated => "transaction.state.updated",
        /// A task's `state` changed.
        TaskStateUpdated => "task.state.updated",
    }
}

/// A subscription as CM returns it. `Debug` shows the URL without its user info
/// or query (a token may travel there); redacted serialization masks it whole.
#[non_exhaustive]
#[derive(Clone, Deserialize, Serialize)]
#[serde(remote = "Self")]
#[serde(rename_all = "camelCase")]
pub struct WebhookSubscription {
    /// Subscription id.
    #[serde(serialize_with = "txstatus_core::provider::shown_text::text")]
    pub id: String,
    /// Delivery URL. A token may travel in it, and the merchant chose it: redacted
    /// serialization ([`txstatus_core::to_redacted_json`]) writes `"[redacted]"`.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "txstatus_core::provider::serialize_pii"
    )]
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
    pub updated_at: Option<Time>,
    /// Creation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<Time>,
}

txstatus_core::provider::object_only!(WebhookSubscription);

impl fmt::Debug for WebhookSubscription {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WebhookSubscription")
            .field("id", &ShownStatus(&self.id))
            // Masked whole (docs/PERSONAL-DATA.md rule 4): the merchant chose
            // it, its path and query may name a customer or carry a token.
            .field("url", &self.url.as_ref().map(|_| txstatus_core::REDACTED))
            .field("events", &self.events)
            .field("headers", &self.headers)
            .field("updated_at", &self.updated_at)
            .field("created_at", &self.created_at)
            .finish()
    }
}
