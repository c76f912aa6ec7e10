//! A webhook notification's body as CM posts it; reading and checking it is in
//! `webhook/`.

use serde::Serialize;

use super::{Time, WebhookEvent};

/// A webhook notification as CM posts it.
///
/// CM does not sign these: anyone can post one. Use it only to learn *which*
/// transaction to read, then read it with
/// [`Client::fetch_notified_transaction`](crate::Client::fetch_notified_transaction).
/// Ids sent as numbers are kept as their text.
#[non_exhaustive]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WebhookNotification {
    /// When the event happened.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_at: Option<Time>,
    /// What happened.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub event: Option<WebhookEvent>,
    /// The transaction id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub transaction: Option<String>,
    /// The merchant's reference of the transaction.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// The payment id the event is about.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payment: Option<String>,
}

txstatus_core::provider::record_decoder! {
    WebhookNotification {
        "createdAt" => created_at: text,
        "event" => event: text,
        "transaction" => transaction: text,
        "reference" => reference: text,
        "payment" => payment: text,
    }
}
