//! Erasure: mark transactions for deletion after a grace period, or unmark them.
//!
//! `POST /api/transaction/mark-for-erasure` with `{"grace_period": days,
//! "transaction_ids": [...]}` and `POST /api/transaction/unmark-for-erasure` with
//! `{"transaction_ids": [...]}`, 1 to 500 ids per call. The answer says, per id,
//! whether OneSpan accepted it ([`ErasureEntry`]): only the acceptance event of
//! the action sent, in that action's field, counts
//! ([`ErasureEntry::is_accepted_for`]).
//!
//! Choices where the docs are silent: the grace period is counted in days (the
//! docs say a period of 0 deletes "on the day it is marked") and has no default;
//! both calls are never resent once they may have reached OneSpan (a resent mark
//! could answer "refused" for ids the first call accepted), so a failed call says
//! whether it may have been sent, and [`ErasureReport::unfinished_ids`] lists what
//! to ask again.

pub(crate) mod batch;

pub use crate::model::{ErasureEntry, ErasureEvent, ErasureResponse};
pub use batch::{ErasureOutcome, ErasureReport, IdOutcome};

use txstatus_core::{Error, Result, provider::id_problem};

use crate::PROVIDER;

/// The most ids one mark or unmark call takes.
pub const MAX_ERASURE_BATCH: usize = 500;

/// How long a marked transaction stays recoverable, in days. There is no
/// default: [`GracePeriod::IMMEDIATE`] (0 days) deletes the transaction the day
/// it is marked and cannot be undone.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct GracePeriod(u32);

impl GracePeriod {
    /// 0 days: deleted the day it is marked, and never recoverable.
    pub const IMMEDIATE: Self = Self(0);

    /// A grace period of `days` days.
    pub const fn days(days: u32) -> Self {
        Self(days)
    }

    /// The period in days, as sent in `grace_period`.
    pub const fn as_days(self) -> u32 {
        self.0
    }

    /// Whether the erasure is immediate and irreversible.
    pub const fn is_immediate(self) -> bool {
        self.0 == 0
    }
}

/// What to do with a set of transactions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErasureAction {
    /// Mark for erasure after the grace period.
    Mark(GracePeriod),
    /// Unmark (recover) transactions still within their grace period.
    Unmark,
}

impl ErasureAction {
    /// The one documented event that says OneSpan accepted an id for this
    /// action: `Transaction Erase Request - Accepted` for a mark,
    /// `Transaction Recovery - Accepted` for an unmark.
    pub const fn accepted_event(self) -> ErasureEvent {
        match self {
            Self::Mark(_) => ErasureEvent::MarkAccepted,
            Self::Unmark => ErasureEvent::UnmarkAccepted,
        }
    }
}

impl ErasureEvent {
    /// Whether this is the documented acceptance event of `action`
    /// ([`ErasureAction::accepted_event`]). The other action's acceptance and
    /// any unknown value (even one ending in `- Accepted`) are not.
    pub fn is_accepted_for(&self, action: ErasureAction) -> bool {
        matches!(
            (action, self),
            (ErasureAction::Mark(_), Self::MarkAccepted)
                | (ErasureAction::Unmark, Self::UnmarkAccepted)
        )
    }
}

impl ErasureEntry {
    /// The marking or unmarking event, whichever was sent (`marking_event`
    /// first). It does not say which action the entry answers: use
    /// [`ErasureEntry::event_for`] or [`ErasureEntry::is_accepted_for`] to judge
    /// an answer.
    pub fn event(&self) -> Option<&ErasureEvent> {
        self.marking_event
            .as_ref()
            .or(self.unmarking_event.as_ref())
    }

    /// The event in the field that answers `action`: `marking_event` for a mark,
    /// `unmarking_event` for an unmark.
    pub fn event_for(&self, action: ErasureAction) -> Option<&ErasureEvent> {
        match action {
            ErasureAction::Mark(_) => self.marking_event.as_ref(),
            ErasureAction::Unmark => self.unmarking_event.as_ref(),
        }
    }

    /// Whether OneSpan accepted this id for `action`, the action that was sent:
    /// the field of that action holds its documented acceptance event and the
    /// other action's field is absent. An event of the other action, an event
    /// in the other field, or an unknown value (even one ending in
    /// `- Accepted`) is not an acceptance.
    pub fn is_accepted_for(&self, action: ErasureAction) -> bool {
        let other_field = match action {
            ErasureAction::Mark(_) => &self.unmarking_event,
            ErasureAction::Unmark => &self.marking_event,
        };
        other_field.is_none()
            && self
                .event_for(action)
                .is_some_and(|event| event.is_accepted_for(action))
    }
}

/// Why an id cannot be sent, if it cannot.
pub(crate) fn erasure_id_problem(id: &str) -> Option<&'static str> {
    id_problem(id)
}

/// Checks one call's ids: 1 to 500, each a valid id.
pub(crate) fn check_batch<S: AsRef<str>>(ids: &[S]) -> Result<()> {
    if ids.is_empty() {
        return Err(Error::invalid_input(
            PROVIDER,
            "an erasure call needs at least one transaction id",
        ));
    }
    if ids.len() > MAX_ERASURE_BATCH {
        return Err(Error::invalid_input(
            PROVIDER,
            format!(
                "an erasure call takes at most {MAX_ERASURE_BATCH} transaction ids; use erase_all to batch"
            ),
        ));
    }
    for id in ids {
        if let Some(problem) = erasure_id_problem(id.as_ref()) {
            return Err(Error::invalid_input(
                PROVIDER,
                format!("invalid transaction id: {problem}"),
            ));
        }
    }
    Ok(())
}

/// The JSON body of one call.
pub(crate) fn body<S: AsRef<str>>(action: ErasureAction, ids: &[S]) -> Vec<u8> {
    let ids: Vec<&str> = ids.iter().map(AsRef::as_ref).collect();
    let value = match action {
        ErasureAction::Mark(period) => serde_json::json!({
            "grace_period": period.as_days(),
            "transaction_ids": ids,
        }),
        ErasureAction::Unmark => serde_json::json!({ "transaction_ids": ids }),
    };
    value.to_string().into_bytes()
}
