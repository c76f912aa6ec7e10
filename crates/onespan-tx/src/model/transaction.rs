//! The answer of `GET /api/transaction/{id}`.

use txstatus_core::{NormalizedStatus, TxStatus};

use super::{
    Document, Events, Language, Time, Token, User, Verification, list::List, record::record,
    text::Opt, time::EpochOrText,
};
use crate::status::TransactionStatus;

record! {
    /// A transaction's status and metadata.
    ///
    /// Every field is optional: a response missing one still decodes. Keys are
    /// written back as OneSpan sends them (`urlSetKey`, `tenant_id`, ...).
    pub struct Transaction {
        /// `id`, the transaction UUID.
        id: String as Opt<String> => "id",
        /// `status` (see [`crate::normalize`]).
        status: TransactionStatus => "status",
        /// `created`.
        created: Time as Opt<EpochOrText> => "created",
        /// `completed`, once the transaction is complete.
        completed: Time as Opt<EpochOrText> => "completed",
        /// `tenant_id`.
        tenant_id: String as Opt<String> => "tenant_id",
        /// `workflow_id`.
        workflow_id: String as Opt<String> => "workflow_id",
        /// `urlSetKey`.
        url_set_key: String as Opt<String> => "urlSetKey",
        /// `brand_id`.
        brand_id: String as Opt<String> => "brand_id",
        /// `language` (`english`).
        language: Language => "language",
        /// `tokens`.
        tokens: Vec<Token> as List<Token> => "tokens",
        /// `users`: the participants and their personal data.
        users: Vec<User> as List<User> => "users",
        /// `documents`.
        documents: Vec<Document> as List<Document> => "documents",
        /// `events`, kept as the raw JSON array (events may name participants).
        events: Events => "events",
        /// `verifications`, sent with `withVerifications=true`.
        verifications: Vec<Verification> as List<Verification> => "verifications",
    }
}

impl Transaction {
    /// The normalized status (`Unknown` when absent).
    pub fn status(&self) -> NormalizedStatus {
        crate::normalize(self.raw_status())
    }

    /// The provider's own status text, `""` when absent.
    pub fn raw_status(&self) -> &str {
        self.status.as_ref().map_or("", TransactionStatus::as_str)
    }

    /// The normalized status with the provider's own text.
    pub fn tx_status(&self) -> TxStatus {
        TxStatus::new(self.status(), self.raw_status())
    }
}
