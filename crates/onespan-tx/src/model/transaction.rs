//! The answer of `GET /api/transaction/{id}`.

use serde::Serialize;
use txstatus_core::{NormalizedStatus, TxStatus};
use txstatus_core::{Text, provider::lenient::opt_records};

use super::{Document, Events, Language, Time, Token, User, Verification, time::opt_time};
use crate::status::TransactionStatus;

/// A transaction's status and metadata.
///
/// Every field is optional: a response missing one still decodes. Keys are
/// written back as OneSpan sends them (`urlSetKey`, `tenant_id`, ...). Keys the
/// model does not name are not kept here: the whole body is the response's raw
/// body ([`Response::raw`](txstatus_core::Response::raw)).
#[non_exhaustive]
#[derive(Clone, Debug, Default, Serialize)]
pub struct Transaction {
    /// `id`, the transaction UUID.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<Text>,
    /// `status` (see [`crate::normalize`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<TransactionStatus>,
    /// `created`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created: Option<Time>,
    /// `completed`, once the transaction is complete.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub completed: Option<Time>,
    /// `tenant_id`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tenant_id: Option<Text>,
    /// `workflow_id`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub workflow_id: Option<Text>,
    /// `urlSetKey`.
    #[serde(rename = "urlSetKey", skip_serializing_if = "Option::is_none")]
    pub url_set_key: Option<Text>,
    /// `brand_id`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub brand_id: Option<Text>,
    /// `language` (`english`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language: Option<Language>,
    /// `tokens`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tokens: Option<Vec<Token>>,
    /// `users`: the participants and their personal data.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub users: Option<Vec<User>>,
    /// `documents`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub documents: Option<Vec<Document>>,
    /// `events`, kept as the raw JSON array (events may name participants).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub events: Option<Events>,
    /// `verifications`, sent with `withVerifications=true`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verifications: Option<Vec<Verification>>,
}

txstatus_core::provider::record_decoder! {
    Transaction {
        "id" => id: text,
        "status" => status: text,
        "created" => created: (with opt_time as Option<Time>),
        "completed" => completed: (with opt_time as Option<Time>),
        "tenant_id" => tenant_id: text,
        "workflow_id" => workflow_id: text,
        "urlSetKey" => url_set_key: text,
        "brand_id" => brand_id: text,
        "language" => language: text,
        "tokens" => tokens: (with opt_records as Option<Vec<Token>>),
        "users" => users: (with opt_records as Option<Vec<User>>),
        "documents" => documents: (with opt_records as Option<Vec<Document>>),
        "events" => events: value,
        "verifications" => verifications: (with opt_records as Option<Vec<Verification>>),
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
