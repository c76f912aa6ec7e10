//! Any number of ids, sent 500 at a time, with what happened to each.

use std::{
    collections::{HashMap, HashSet},
    sync::Arc,
};

use txstatus_core::Error;

use super::{ErasureAction, ErasureEvent, ErasureResponse, erasure_id_problem};

/// What happened to one id in [`Client::erase_all`](crate::Client::erase_all).
/// `Debug` shows whether a message was sent, never the message (OneSpan's free
/// text, see [`ErasureResponse`]).
#[non_exhaustive]
#[derive(Clone)]
pub enum ErasureOutcome {
    /// OneSpan accepted the id: its answer is the acceptance event of the
    /// action sent, in that action's field
    /// ([`ErasureEntry::is_accepted_for`](crate::ErasureEntry::is_accepted_for)).
    Accepted {
        /// The event it answered (the action's acceptance event).
        event: Option<ErasureEvent>,
        /// Its message.
        message: Option<String>,
    },
    /// OneSpan answered for the id with anything but the acceptance event of
    /// the action sent: a refusal (not found, malformed, ...), an event of the
    /// other action or in the other action's field, an unknown event (even one
    /// ending in `- Accepted`), or no event; or it answered for the id more than
    /// once and not every time with the acceptance (the first such entry is
    /// shown). Never counted as accepted.
    Refused {
        /// The event it answered, as sent: the one in the action's field, else
        /// the one in the other field.
        event: Option<ErasureEvent>,
        /// Its message.
        message: Option<String>,
    },
    /// The call succeeded but its answer did not mention this id: ask again.
    NotInAnswer,
    /// The call carrying this id failed; [`Error::may_have_been_sent`] says
    /// whether OneSpan may have acted on it anyway.
    Failed(Arc<Error>),
    /// Not sent: an earlier call failed and the helper stopped.
    NotAttempted,
    /// Not sent: the id itself is invalid (empty, `.`, too long, control
    /// characters).
    Invalid(&'static str),
}

impl std::fmt::Debug for ErasureOutcome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use txstatus_core::provider::RedactedDebug;
        match self {
            Self::Accepted { event, message } => RedactedDebug::new(f, "Accepted")
                .field("event", event)
                .optional_secret("message", message.is_some())
                .finish(),
            Self::Refused { event, message } => RedactedDebug::new(f, "Refused")
                .field("event", event)
                .optional_secret("message", message.is_some())
                .finish(),
            Self::NotInAnswer => f.write_str("NotInAnswer"),
            Self::Failed(error) => f.debug_tuple("Failed").field(error).finish(),
            Self::NotAttempted => f.write_str("NotAttempted"),
            Self::Invalid(problem) => f.debug_tuple("Invalid").field(problem).finish(),
        }
    }
}

/// One id and its outcome.
#[non_exhaustive]
#[derive(Clone, Debug)]
pub struct IdOutcome {
    /// The transaction id, as given.
    pub id: String,
    /// What happened.
    pub outcome: ErasureOutcome,
}

/// Per id, in the order given (duplicates once), what happened.
#[non_exhaustive]
#[derive(Clone, Debug, Default)]
pub struct ErasureReport {
    /// One entry per distinct id.
    pub outcomes: Vec<IdOutcome>,
    /// How many calls were made (including a failed one).
    pub calls: usize,
}

impl ErasureReport {
    /// Whether every id was accepted (each answered with the acceptance event
    /// of the action sent).
    pub fn all_accepted(&self) -> bool {
        self.outcomes
            .iter()
            .all(|o| matches!(o.outcome, ErasureOutcome::Accepted { .. }))
    }

    /// The ids OneSpan accepted.
    pub fn accepted_ids(&self) -> Vec<&str> {
        self.ids_where(|o| matches!(o, ErasureOutcome::Accepted { .. }))
    }

    /// The ids OneSpan answered for and refused.
    pub fn refused_ids(&self) -> Vec<&str> {
        self.ids_where(|o| matches!(o, ErasureOutcome::Refused { .. }))
    }

    /// The ids to ask again to resume: failed, not attempted, or missing from an
    /// answer. (A failed call that may have been sent is included: asking again
    /// may then answer "refused" for ids the first call accepted.)
    pub fn unfinished_ids(&self) -> Vec<&str> {
        self.ids_where(|o| {
            matches!(
                o,
                ErasureOutcome::Failed(_)
                    | ErasureOutcome::NotAttempted
                    | ErasureOutcome::NotInAnswer
            )
        })
    }

    fn ids_where(&self, keep: impl Fn(&ErasureOutcome) -> bool) -> Vec<&str> {
        self.outcomes
            .iter()
            .filter(|o| keep(&o.outcome))
            .map(|o| o.id.as_str())
            .collect()
    }
}

/// The ids split into valid distinct ones (to send) and the report's entries.
pub(crate) struct Plan {
    pub(crate) report: ErasureReport,
    /// Indexes into `report.outcomes` of the ids to send, in order.
    pub(crate) to_send: Vec<usize>,
}

pub(crate) fn plan<I, S>(ids: I) -> Plan
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    let mut seen = HashSet::new();
    let mut report = ErasureReport::default();
    let mut to_send = Vec::new();
    for id in ids {
        let id = id.as_ref();
        if !seen.insert(id.to_owned()) {
            continue;
        }
        let outcome = match erasure_id_problem(id) {
            Some(problem) => ErasureOutcome::Invalid(problem),
            None => {
                to_send.push(report.outcomes.len());
                ErasureOutcome::NotAttempted
            }
        };
        report.outcomes.push(IdOutcome {
            id: id.to_owned(),
            outcome,
        });
    }
    Plan { report, to_send }
}

/// Records one call's answer for the ids it carried: an id is accepted only
/// when every entry naming it carries the acceptance event of `action`, the
/// action sent.
pub(crate) fn record_answer(
    report: &mut ErasureReport,
    batch: &[usize],
    action: ErasureAction,
    answer: &ErasureResponse,
) {
    // How many ids of this batch each id names ignoring ASCII case: an answer
    // entry re-cased (UUIDs may come back so) names a sent id only when it names
    // no other one, so two ids differing in case are never answered by one entry.
    let mut folded: HashMap<String, usize> = HashMap::new();
    for &index in batch {
        if let Some(entry) = report.outcomes.get(index) {
            let count = folded.entry(entry.id.to_ascii_lowercase()).or_default();
            *count = count.saturating_add(1);
        }
    }
    let names_only = |named: &str, id: &str| {
        named.eq_ignore_ascii_case(id)
            && folded.get(&named.to_ascii_lowercase()).copied() == Some(1)
    };
    for &index in batch {
        let Some(entry) = report.outcomes.get_mut(index) else {
            continue;
        };
        // Every entry naming this id: exactly, or ignoring ASCII case when it
        // names this id alone. It is accepted only when each of them says so: an
        // answer that also refuses it (a repeated or re-cased entry) is no proof.
        let id = entry.id.as_str();
        let mut naming = answer.transactions.iter().flatten().filter(|e| {
            e.transaction_id
                .as_deref()
                .is_some_and(|named| named == id || names_only(named, id))
        });
        let outcome = match naming.next() {
            None => ErasureOutcome::NotInAnswer,
            Some(first) => match std::iter::once(first)
                .chain(naming)
                .find(|e| !e.is_accepted_for(action))
            {
                None => ErasureOutcome::Accepted {
                    event: first.event_for(action).cloned(),
                    message: first.message.clone(),
                },
                Some(e) => ErasureOutcome::Refused {
                    event: e.event_for(action).or(e.event()).cloned(),
                    message: e.message.clone(),
                },
            },
        };
        entry.outcome = outcome;
    }
}

pub(crate) fn record_failure(report: &mut ErasureReport, batch: &[usize], error: &Arc<Error>) {
    for &index in batch {
        if let Some(entry) = report.outcomes.get_mut(index) {
            entry.outcome = ErasureOutcome::Failed(Arc::clone(error));
        }
    }
}
