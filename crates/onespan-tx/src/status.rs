//! OneSpan transaction statuses and their normalized meaning.

use txstatus_core::NormalizedStatus;

txstatus_core::provider::open_enum! {
    /// A transaction `status`, from both published lists. Values this version does
    /// not know are kept in `Unknown`.
    pub enum TransactionStatus {
        /// `new`: created, not started.
        New => "new",
        /// `workflow_in_progress`.
        WorkflowInProgress => "workflow_in_progress",
        /// `workflow_completed`: the participants are done; processing follows.
        WorkflowCompleted => "workflow_completed",
        /// `post_processing`.
        PostProcessing => "post_processing",
        /// `completed`.
        Completed => "completed",
        /// `autosigned`.
        Autosigned => "autosigned",
        /// `vaulted`.
        Vaulted => "vaulted",
        /// `error`.
        Error => "error",
        /// `cancelled`.
        Cancelled => "cancelled",
        /// `expired`.
        Expired => "expired",
    }
}

impl TransactionStatus {
    /// The normalized meaning (see [`normalize`]).
    pub fn normalized(&self) -> NormalizedStatus {
        match self {
            Self::New
            | Self::WorkflowInProgress
            | Self::WorkflowCompleted
            | Self::PostProcessing => NormalizedStatus::Pending,
            Self::Completed | Self::Autosigned | Self::Vaulted => NormalizedStatus::Succeeded,
            Self::Error => NormalizedStatus::Failed,
            Self::Cancelled => NormalizedStatus::Cancelled,
            Self::Expired => NormalizedStatus::Expired,
            Self::Unknown(_) => NormalizedStatus::Unknown,
        }
    }
}

/// Maps a OneSpan `status` to the shared meaning. Both published status lists are
/// covered; matching is exact on the documented spelling.
///
/// | OneSpan `status` | normalized |
/// |---|---|
/// | `new`, `workflow_in_progress`, `workflow_completed`, `post_processing` | `Pending` |
/// | `completed`, `autosigned`, `vaulted` | `Succeeded` |
/// | `error` | `Failed` |
/// | `cancelled` | `Cancelled` |
/// | `expired` | `Expired` |
/// | anything else (absent included) | `Unknown`, never terminal |
///
/// ```
/// use txstatus_core::NormalizedStatus;
///
/// assert_eq!(onespan_tx::normalize("vaulted"), NormalizedStatus::Succeeded);
/// assert_eq!(onespan_tx::normalize("workflow_completed"), NormalizedStatus::Pending);
/// assert_eq!(onespan_tx::normalize("Completed"), NormalizedStatus::Unknown);
/// ```
pub fn normalize(raw: &str) -> NormalizedStatus {
    TransactionStatus::from_provider(raw).normalized()
}
