//! What the receiver emits: one record per real change of a transaction's state.

use std::collections::BTreeMap;

use serde::Serialize;
use time::{OffsetDateTime, UtcOffset, format_description::well_known::Rfc3339};
use txstatus_core::{NormalizedStatus, StatusReport, TxStatus, provider::ShownStatus};

/// Why a re-read happened.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    /// A webhook delivery (authenticated or a hint).
    Webhook,
    /// The periodic sweep (stale transactions, accepted deliveries never
    /// reconciled, a provider's event list).
    Sweep,
    /// A scheduled read by a polling worker (`txstatus-redis`'s distributed
    /// watching), recorded through the same rule and stream as webhooks.
    Poll,
}

impl Origin {
    /// `webhook`, `sweep` or `poll`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Webhook => "webhook",
            Self::Sweep => "sweep",
            Self::Poll => "poll",
        }
    }
}

/// A status as re-read from the provider: the only state the receiver trusts.
/// `Debug` shows the provider's spelling only when it is a plain token.
#[derive(Clone, PartialEq, Eq, Serialize)]
pub struct ObservedState {
    /// Normalized status.
    #[serde(serialize_with = "normalized_name")]
    pub normalized: NormalizedStatus,
    /// The provider's own spelling.
    pub raw: String,
    /// Whether the status can no longer change.
    pub terminal: bool,
    /// The provider's last-update time, when it gives one. Written as RFC 3339, or
    /// `null` for a time RFC 3339 cannot write (a year before 0 or after 9999), which
    /// [`ObservedState::new`] never keeps.
    #[serde(serialize_with = "rfc3339_or_null")]
    pub updated_at: Option<OffsetDateTime>,
}

impl std::fmt::Debug for ObservedState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ObservedState")
            .field("normalized", &self.normalized)
            .field("raw", &txstatus_core::provider::ShownStatus(&self.raw))
            .field("terminal", &self.terminal)
            .field("updated_at", &self.updated_at)
            .finish()
    }
}

impl ObservedState {
    /// A state from a status and the provider's update time. A time RFC 3339
    /// cannot write as it is (an offset with seconds) is kept in UTC; one it cannot
    /// write at all (a year before 0, which OneSpan's epoch milliseconds can say) is
    /// not kept: it orders nothing, and a state must always be writable (a shared
    /// store that could not write it could never record the transaction again).
    pub fn new(status: &TxStatus, updated_at: Option<OffsetDateTime>) -> Self {
        Self {
            normalized: status.normalized(),
            raw: status.raw().to_owned(),
            terminal: status.is_terminal(),
            updated_at: updated_at.and_then(writable),
        }
    }

    /// The state a status report shows.
    pub fn from_report(report: &StatusReport) -> Self {
        Self::new(
            &report.status,
            report.updated_at.as_ref().and_then(|at| at.parsed()),
        )
    }

    /// Whether two states are the same status (update times aside).
    pub fn same_status(&self, other: &Self) -> bool {
        self.normalized == other.normalized && self.raw == other.raw
    }
}

/// `at` as RFC 3339 can write it (in UTC when its own offset has seconds), or `None`
/// when it cannot write it at all (a year outside 0 to 9999).
fn writable(at: OffsetDateTime) -> Option<OffsetDateTime> {
    let fits = |at: &OffsetDateTime| at.format(&Rfc3339).is_ok();
    if fits(&at) {
        return Some(at);
    }
    at.checked_to_offset(UtcOffset::UTC).filter(fits)
}

/// An update time as RFC 3339, or `null` for one it cannot write (set directly on
/// the field): serializing a state never fails.
fn rfc3339_or_null<S: serde::Serializer>(
    at: &Option<OffsetDateTime>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match at
        .and_then(writable)
        .and_then(|at| at.format(&Rfc3339).ok())
    {
        Some(text) => serializer.serialize_str(&text),
        None => serializer.serialize_none(),
    }
}

fn normalized_name<S: serde::Serializer>(
    status: &NormalizedStatus,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(status.as_str())
}

/// A change of a transaction's state, recorded once. Holds ids, statuses and
/// verified non-personal hints only: it is safe to print and log. The
/// transaction id and the event id are the sender's: `Debug` shows each only
/// when it is a plain token (hints are kept only as plain tokens).
#[derive(Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Transition {
    /// Provider name.
    pub provider: String,
    /// Transaction id.
    pub id: String,
    /// The new state.
    pub status: ObservedState,
    /// The state recorded before, if any.
    pub previous: Option<ObservedState>,
    /// The delivery's event id, when it had one.
    pub event_id: Option<String>,
    /// Verified hints from an authenticated delivery (ID Scan's `resultId`).
    pub hints: BTreeMap<String, String>,
    /// What caused the re-read.
    pub source: Origin,
    /// When the receiver observed the new state.
    #[serde(with = "time::serde::rfc3339")]
    pub observed_at: OffsetDateTime,
    /// Where a shared store recorded it (a Redis stream entry id): consumers of
    /// at-least-once output deduplicate by it. `None` for the in-memory store.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stream_id: Option<String>,
}

/// Hints in `Debug`: each key and value shown only when it is a plain token
/// (a [`Commit`](crate::Commit) is built with any hints; a sender chose them).
pub(crate) struct ShownHints<'a>(pub(crate) &'a BTreeMap<String, String>);

impl std::fmt::Debug for ShownHints<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_map()
            .entries(self.0.iter().map(|(k, v)| (ShownStatus(k), ShownStatus(v))))
            .finish()
    }
}

impl std::fmt::Debug for Transition {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let hints = ShownHints(&self.hints);
        f.debug_struct("Transition")
            .field("provider", &self.provider)
            // A transaction id is the sender's text too (a hint names any).
            .field("id", &ShownStatus(&self.id))
            .field("status", &self.status)
            .field("previous", &self.previous)
            .field("event_id", &ShownStatus::optional(&self.event_id))
            .field("hints", &hints)
            .field("source", &self.source)
            .field("observed_at", &self.observed_at)
            .field("stream_id", &self.stream_id)
            .finish()
    }
}

impl Transition {
    /// A transition with no event id, no hints and no stream id (stores outside this
    /// crate build theirs with it).
    pub fn new(
        key: crate::TxKey,
        status: ObservedState,
        previous: Option<ObservedState>,
        source: Origin,
        observed_at: OffsetDateTime,
    ) -> Self {
        Self {
            provider: key.provider,
            id: key.id,
            status,
            previous,
            event_id: None,
            hints: BTreeMap::new(),
            source,
            observed_at,
            stream_id: None,
        }
    }

    /// Sets the event id and hints of the delivery that caused the read.
    pub fn with_delivery(
        mut self,
        event_id: Option<String>,
        hints: BTreeMap<String, String>,
    ) -> Self {
        self.event_id = event_id;
        self.hints = hints;
        self
    }

    /// Sets where a shared store recorded it.
    pub fn with_stream_id(mut self, stream_id: impl Into<String>) -> Self {
        self.stream_id = Some(stream_id.into());
        self
    }
}
