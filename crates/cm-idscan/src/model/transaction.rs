//! `GET /transactions/{id}`: the transaction details.

use serde::{Deserialize, Serialize};
use txstatus_core::provider::ShownStatus;
use txstatus_core::{NormalizedStatus, TxStatus};

use super::{DocumentScan, TaskState, TaskType, Time, TransactionState};

/// A transaction as the details endpoint returns it.
///
/// `tasks[].documentScans[].files` are present only while the transaction is
/// `pending` and has not expired; for a completed transaction, fetch the
/// [`TransactionResult`](crate::TransactionResult).
///
/// `Debug` shows the id only when it is a plain token.
#[non_exhaustive]
#[derive(Clone, Deserialize, Serialize)]
#[serde(remote = "Self")]
pub struct Transaction {
    /// Transaction id.
    #[serde(serialize_with = "txstatus_core::provider::shown_text::text")]
    pub id: String,
    /// `pending`, `completed`, `expired`, or a value this version does not know.
    pub state: TransactionState,
    /// When the transaction was created.
    #[serde(
        default,
        deserialize_with = "txstatus_core::provider::lenient::opt_from_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub created: Option<Time>,
    /// When it expires (or expired).
    #[serde(
        default,
        deserialize_with = "txstatus_core::provider::lenient::opt_from_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub expires: Option<Time>,
    /// When every task ended; `null` until then. Written back as `null`.
    #[serde(
        default,
        deserialize_with = "txstatus_core::provider::lenient::opt_from_text"
    )]
    pub completed: Option<Time>,
    /// The tasks, unknown types included.
    #[serde(default, deserialize_with = "txstatus_core::provider::lenient::vec")]
    pub tasks: Vec<Task>,
}

txstatus_core::provider::object_only!(Transaction);

impl std::fmt::Debug for Transaction {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Transaction")
            .field("id", &ShownStatus(&self.id))
            .field("state", &self.state)
            .field("created", &self.created)
            .field("expires", &self.expires)
            .field("completed", &self.completed)
            .field("tasks", &self.tasks)
            .finish()
    }
}

impl Transaction {
    /// The normalized status.
    pub fn status(&self) -> NormalizedStatus {
        crate::normalize(self.raw_status())
    }

    /// The provider's own status text, `""` when absent.
    pub fn raw_status(&self) -> &str {
        self.state.as_str()
    }

    /// The normalized status with the provider's own text.
    pub fn tx_status(&self) -> TxStatus {
        TxStatus::new(self.status(), self.raw_status())
    }

    /// The first task of a type.
    pub fn task(&self, kind: &TaskType) -> Option<&Task> {
        self.tasks.iter().find(|task| task.kind == *kind)
    }
}

/// One task of a transaction.
#[non_exhaustive]
#[derive(Clone, Deserialize, Serialize)]
pub struct Task {
    /// `document_scan`, `face_liveness`, `face_match`, or a type this version
    /// does not know (kept with its common fields).
    #[serde(rename = "type")]
    pub kind: TaskType,
    /// The task's state.
    #[serde(
        default,
        deserialize_with = "txstatus_core::provider::lenient::opt_from_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub state: Option<TaskState>,
    /// Attempts made (a number, or a numeric string).
    #[serde(
        default,
        deserialize_with = "txstatus_core::provider::lenient::opt_u64",
        skip_serializing_if = "Option::is_none"
    )]
    pub attempts: Option<u64>,
    /// Attempts invoiced.
    #[serde(
        rename = "attemptsInvoiced",
        default,
        deserialize_with = "txstatus_core::provider::lenient::opt_u64",
        skip_serializing_if = "Option::is_none"
    )]
    pub attempts_invoiced: Option<u64>,
    /// Score (face match, for example), 0 to 1.
    #[serde(
        default,
        deserialize_with = "txstatus_core::provider::lenient::opt_f64",
        skip_serializing_if = "Option::is_none"
    )]
    pub score: Option<f64>,
    /// The document scan attempts (document scan tasks only).
    #[serde(
        rename = "documentScans",
        default,
        deserialize_with = "txstatus_core::provider::lenient::opt_vec",
        skip_serializing_if = "Option::is_none"
    )]
    pub document_scans: Option<Vec<DocumentScan>>,
}

// A count or a score whose digits make a card number or a BSN is withheld
// (`ShownNumber`).
impl std::fmt::Debug for Task {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use txstatus_core::provider::ShownNumber;
        f.debug_struct("Task")
            .field("kind", &self.kind)
            .field("state", &self.state)
            .field("attempts", &self.attempts.map(ShownNumber))
            .field(
                "attempts_invoiced",
                &self.attempts_invoiced.map(ShownNumber),
            )
            .field("score", &self.score.map(ShownNumber))
            .field("document_scans", &self.document_scans)
            .finish()
    }
}
