//! `POST /webhooks`: the subscription as CM returns it, and its events.

use serde::{Deserialize, Serialize};
use txstatus_core::Pii;

use super::Time;

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

/// A subscription as CM returns it.
#[non_exhaustive]
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(remote = "Self")]
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
    pub updated_at: Option<Time>,
    /// Creation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<Time>,
}

txstatus_core::provider::object_only!(WebhookSubscription);
