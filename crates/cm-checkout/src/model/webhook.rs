//! Webhooks registered on the Checkout (`webhooks[]`).

use serde::Serialize;
use txstatus_core::Pii;

txstatus_core::open_enum! {
    /// An event a webhook is sent for; unknown values are kept.
    pub enum WebhookEvent {
        /// The Checkout reached a final status.
        FinalStatus => "FINALSTATUS",
        /// The Checkout status changed.
        StatusChange => "STATUS_CHANGE",
        /// A refund changed status.
        RefundStatus => "REFUND_STATUS",
    }
}

/// A webhook registered on the Checkout.
#[non_exhaustive]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Webhook {
    /// Where CM sends the notification (the merchant's URL). Personal: it can
    /// carry the customer in its path or query. It may also
    /// carry the Checkout's secret [`WebhookToken`](crate::WebhookToken).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<Pii<String>>,
    /// The events it is sent for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub events: Option<Vec<WebhookEvent>>,
}

txstatus_core::provider::record_decoder! {
    Webhook {
        "url" => url: text,
        "events" => events: value,
    }
}
