//! The answer of a mark or unmark call (the wire shape; what counts as accepted
//! is decided in [`crate::erasure`]).

use std::fmt;

use serde::Serialize;
use txstatus_core::provider::RedactedDebug;

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
///
/// The messages (the summary's and each entry's) are OneSpan's free text and may
/// quote what a transaction holds: `Debug` shows only whether each is set, and
/// redacted serialization ([`txstatus_core::to_redacted_json`]) writes
/// `"[redacted]"`, as the core never shows a provider's message.
#[non_exhaustive]
#[derive(Clone, Default, Serialize)]
pub struct ErasureResponse {
    /// `message`: a summary ("Some of the transactions could be marked ...").
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "txstatus_core::provider::serialize_pii"
    )]
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

impl fmt::Debug for ErasureResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        RedactedDebug::new(f, "ErasureResponse")
            .optional_secret("message", self.message.is_some())
            .field("transactions", &self.transactions)
            .finish()
    }
}

/// What happened to one id. `Debug` and redacted serialization withhold its
/// `message` (see [`ErasureResponse`]).
#[non_exhaustive]
#[derive(Clone, Default, Serialize)]
pub struct ErasureEntry {
    /// `transaction_id`.
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "txstatus_core::provider::shown_text::opt"
    )]
    pub transaction_id: Option<String>,
    /// `marking_event` (mark calls).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub marking_event: Option<ErasureEvent>,
    /// `unmarking_event` (unmark calls).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unmarking_event: Option<ErasureEvent>,
    /// `message`: OneSpan's free text.
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "txstatus_core::provider::serialize_pii"
    )]
    pub message: Option<String>,
}

impl fmt::Debug for ErasureEntry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        RedactedDebug::new(f, "ErasureEntry")
            .field(
                "transaction_id",
                &txstatus_core::provider::ShownStatus::optional(&self.transaction_id),
            )
            .field("marking_event", &self.marking_event)
            .field("unmarking_event", &self.unmarking_event)
            .optional_secret("message", self.message.is_some())
            .finish()
    }
}

txstatus_core::provider::record_decoder! {
    ErasureEntry {
        "transaction_id" => transaction_id: value,
        "marking_event" => marking_event: text,
        "unmarking_event" => unmarking_event: text,
        "message" => message: value,
    }
}
