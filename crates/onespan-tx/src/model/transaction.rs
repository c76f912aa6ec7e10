//! The answer of `GET /api/transaction/{id}`.

use serde_json::value::RawValue;
use tx_core::{NormalizedStatus, Pii, Timestamp, TxStatus};

use super::{
    Document, Token, User, Verification,
    record::record,
    text::{LenientTime, Text},
};
use crate::status::TransactionStatus;

record! {
    /// A transaction's status and metadata.
    ///
    /// Every field is optional: a response missing one still decodes. Keys are
    /// written back as OneSpan sends them (`urlSetKey`, `tenant_id`, ...).
    pub struct Transaction {
        /// `id`, the transaction UUID.
        id: String as Text => "id",
        /// `status` (see [`crate::normalize`]).
        status: TransactionStatus => "status",
        /// `created`.
        created: Timestamp as LenientTime => "created",
        /// `completed`, once the transaction is complete.
        completed: Timestamp as LenientTime => "completed",
        /// `tenant_id`.
        tenant_id: String as Text => "tenant_id",
        /// `workflow_id`.
        workflow_id: String as Text => "workflow_id",
        /// `urlSetKey`.
        url_set_key: String as Text => "urlSetKey",
        /// `brand_id`.
        brand_id: String as Text => "brand_id",
        /// `language` (`english`).
        language: String as Text => "language",
        /// `tokens`.
        tokens: Vec<Token> => "tokens",
        /// `users`: the participants and their personal data.
        users: Vec<User> => "users",
        /// `documents`.
        documents: Vec<Document> => "documents",
        /// `events`, kept as raw JSON items (they may name participants).
        events: Vec<Pii<Box<RawValue>>> => "events",
        /// `verifications`, sent with `withVerifications=true`.
        verifications: Vec<Verification> => "verifications",
    }
}

impl Transaction {
    /// The status as sent, empty when absent.
    pub fn raw_status(&self) -> &str {
        self.status.as_ref().map_or("", TransactionStatus::as_str)
    }

    /// The normalized status (`Unknown` when absent).
    pub fn normalized_status(&self) -> NormalizedStatus {
        crate::normalize(self.raw_status())
    }

    /// The normalized status with the raw one.
    pub fn tx_status(&self) -> TxStatus {
        TxStatus::new(self.normalized_status(), self.raw_status())
    }
}
