//! One payment attempt made within a Checkout.

use serde::Serialize;
use txstatus_core::provider::ShownStatus;

use txstatus_core::Text;

use super::{PaymentMethod, Time};

txstatus_core::open_enum! {
    /// The status of one payment. The seed shows `OPEN`; the other values are
    /// assumed to follow the Checkout statuses. Unknown values are kept.
    pub enum PaymentStatus {
        /// Started, not finished.
        Open => "OPEN",
        /// Waiting for something.
        Pending => "PENDING",
        /// Authorized.
        Authorized => "AUTHORIZED",
        /// Paid.
        Success => "SUCCESS",
        /// Failed.
        Failure => "FAILURE",
        /// Cancelled by the customer.
        Cancelled => "CANCELLED",
        /// Expired.
        Expired => "EXPIRED",
    }
}

/// A payment of the Checkout (`payments[]`).
#[non_exhaustive]
#[derive(Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Payment {
    /// Payment id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<Text>,
    /// Payment method used (`type`).
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<PaymentMethod>,
    /// Payment status.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<PaymentStatus>,
    /// When the payment was started.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_at: Option<Time>,
}

/// The id only when a plain token.
impl std::fmt::Debug for Payment {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Payment")
            .field("id", &ShownStatus::optional(&self.id))
            .field("kind", &self.kind)
            .field("status", &self.status)
            .field("created_at", &self.created_at)
            .finish()
    }
}

txstatus_core::provider::record_decoder! {
    Payment {
        "id" => id: text,
        "type" => kind: text,
        "status" => status: text,
        "createdAt" => created_at: text,
    }
}
