//! The Checkout `status`.

use txstatus_core::{NormalizedStatus, TxStatus};

txstatus_core::open_enum! {
    /// The status of a Checkout transaction; unknown values are kept.
    pub enum TransactionStatus {
        /// Checkout has been created; the initial status.
        Open => "OPEN",
        /// A payment could not be completed yet; waiting for something.
        Pending => "PENDING",
        /// A payment is authorized.
        Authorized => "AUTHORIZED",
        /// Checkout successfully paid.
        Success => "SUCCESS",
        /// Checkout has not succeeded; unknown reason.
        Failure => "FAILURE",
        /// Checkout has been cancelled by the customer.
        Cancelled => "CANCELLED",
        /// Checkout has not succeeded; expired.
        Expired => "EXPIRED",
    }
}

impl TransactionStatus {
    /// The status in the shared vocabulary (see [`crate::normalize`]).
    pub fn normalized(&self) -> NormalizedStatus {
        crate::normalize(self.as_str())
    }

    /// The normalized status together with CM's spelling.
    pub fn tx_status(&self) -> TxStatus {
        TxStatus::new(self.normalized(), self.as_str())
    }
}
