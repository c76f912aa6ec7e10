//! The state and transition records distributed watching keeps in Redis.

use std::collections::BTreeMap;

use serde::{Serialize, Serializer, ser::SerializeStruct};
use time::{OffsetDateTime, format_description::well_known::Rfc3339};
use txstatus_webhooks::ObservedState;

/// The schema name of a transition record (the same as `txstatus listen`'s).
pub const TRANSITION_SCHEMA: &str = "txstatus.transition/1";

/// A state as stored: [`ObservedState`]'s JSON, or `None` when it does not serialize
/// (never written as empty text: an empty last state is one no later read can be
/// compared with).
pub(crate) fn encode_state(state: &ObservedState) -> Option<String> {
    serde_json::to_string(state).ok()
}

/// A stored state back; `None` for anything this version did not write. `None` here is
/// "unreadable", not "no state": recording refuses a present but unreadable state
/// (`WatchQueue::record` fails, as the webhook store does) rather than recording afresh
/// over it, which could put a pending state after a final one.
///
/// The webhook store's own decoder, so both record paths read one stored state alike: a
/// state without a boolean `terminal`, or with an `updated_at` that is not RFC 3339, is
/// unreadable to both (never guessed from its name by one and refused by the other).
pub(crate) fn decode_state(text: &str) -> Option<ObservedState> {
    crate::record::state_from_text(text)
}

/// A transition a worker recorded: the same record as a webhook transition (schema
/// [`TRANSITION_SCHEMA`]), with `source` `poll`, and the stream entry id it was recorded
/// under, by which consumers of at-least-once output deduplicate. Ids, statuses and
/// verified non-personal hints only: nothing personal, safe to print and log.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct PolledTransition {
    /// Provider name.
    pub provider: String,
    /// Transaction id.
    pub id: String,
    /// The state read.
    pub status: ObservedState,
    /// The state recorded before, if any.
    pub previous: Option<ObservedState>,
    /// When the worker read it.
    pub observed_at: OffsetDateTime,
    /// Verified hints webhook deliveries left for the transaction since its last
    /// transition (ID Scan's `resultId`): this read recorded the state they may be about.
    pub hints: BTreeMap<String, String>,
    /// The stream entry id (`<ms>-<seq>`).
    pub stream_id: String,
}

impl PolledTransition {
    /// The record as stored in the stream (no stream id: Redis assigns it), or `None`
    /// when it does not serialize (never appended as an empty record, which every
    /// consumer would skip as "not a transition").
    pub(crate) fn stream_record(&self) -> Option<String> {
        serde_json::to_string(&Record {
            transition: self,
            with_stream_id: false,
        })
        .ok()
    }
}

impl Serialize for PolledTransition {
    /// The `txstatus.transition/1` record, with `stream_id`.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        Record {
            transition: self,
            with_stream_id: true,
        }
        .serialize(serializer)
    }
}

struct Record<'a> {
    transition: &'a PolledTransition,
    with_stream_id: bool,
}

impl Serialize for Record<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let t = self.transition;
        let observed_at = t
            .observed_at
            .format(&Rfc3339)
            .map_err(serde::ser::Error::custom)?;
        let mut record = serializer.serialize_struct("Transition", 10)?;
        record.serialize_field("schema", TRANSITION_SCHEMA)?;
        record.serialize_field("provider", &t.provider)?;
        record.serialize_field("id", &t.id)?;
        record.serialize_field("status", &t.status)?;
        record.serialize_field("previous", &t.previous)?;
        record.serialize_field("event_id", &None::<String>)?;
        record.serialize_field("hints", &t.hints)?;
        record.serialize_field("source", "poll")?;
        record.serialize_field("observed_at", &observed_at)?;
        if self.with_stream_id {
            record.serialize_field("stream_id", &t.stream_id)?;
        }
        record.end()
    }
}

#[cfg(test)]
mod tests {
    use time::macros::datetime;
    use txstatus_core::{NormalizedStatus, TxStatus};

    use super::*;

    #[test]
    fn a_state_survives_the_round_trip() {
        let state = ObservedState::new(
            &TxStatus::new(NormalizedStatus::Succeeded, "approved"),
            Some(datetime!(2026-01-01 10:00 UTC)),
        );
        assert_eq!(decode_state(&encode_state(&state).unwrap()), Some(state));
    }

    #[test]
    fn an_unreadable_state_decodes_to_none() {
        assert_eq!(decode_state(""), None);
        assert_eq!(decode_state("{\"raw\":1}"), None);
    }
}
