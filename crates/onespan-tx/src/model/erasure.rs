//! The answer of a mark or unmark call (the wire shape; what counts as accepted
//! is decided in [`crate::erasure`]).

use serde::Serialize;

txstatus_core::provider::open_enum! {
    /// `marking_event` / `unmarking_event`: what happened to one id. Other values
    /// are kept in `Unknown` and never count as accepted; only the acceptance
    /// event of the action sent does
    /// ([`ErasureEvent::is_accepted_for`](crate::ErasureEvent::is_accepted_for)).
    pub enum ErasureEvent {
        /// Marked for erasure.
        MarkAccepted => "Transaction Erase Request - Accepted",
        /// The id was refused as malformed.
        MarkIdFieldError => "Transaction Erase Request - ID field error",
        /// No such transaction.
        MarkNotFound => "Transaction Erase Request - Transaction Not Found",
        /// Unmarked (recovered).
        UnmarkAccepted => "Transaction Recovery - Accepted",
        /// The id was refused as malformed.
        UnmarkIdFieldError => "Transaction Recovery - ID field error",
        /// No such transaction.
        UnmarkNotFound => "Transaction Recovery - Transaction Not Found",
    }
}

/// The answer of `mark-for-erasure` or `unmark-for-erasure`.
#[non_exhaustive]
#[derive(Clone, Debug, Default, Serialize)]
pub struct ErasureResponse {
    /// `message`: a summary ("Some of the transactions could be marked ...").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// `transactions`: one entry per id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub transactions: Option<Vec<ErasureEntry>>,
}

txstatus_core::provider::record_decoder! {
    ErasureResponse {
        "message" => message: value,
        "transactions" => transactions: value,
    }
}

/// What happened to one id.
#[non_exhaustive]
#[derive(Clone, Debug, Default, Serialize)]
pub struct ErasureEntry {
    /// `transaction_id`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub transaction_id: Option<String>,
    /// `marking_event` (mark calls).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub marking_event: Option<ErasureEvent>,
    /// `unmarking_event` (unmark calls).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unmarking_event: Option<ErasureEvent>,
    /// `message`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

txstatus_core::provider::record_decoder! {
    ErasureEntry {
        "transaction_id" => transaction_id: value,
        "marking_event" => marking_event: text,
        "unmarking_event" => unmarking_event: text,
        "message" => message: value,
    }
}
