//! Transitions in and out of Redis: JSON, the same shape `txstatus listen` prints.

use serde_json::Value;
use time::{OffsetDateTime, format_description::well_known::Rfc3339};
use txstatus_core::NormalizedStatus;
use txstatus_webhooks::{ObservedState, Origin, Transition, TxKey};

/// Every normalized status, to read one back from its name.
const STATUSES: [NormalizedStatus; 6] = [
    NormalizedStatus::Pending,
    NormalizedStatus::Succeeded,
    NormalizedStatus::Failed,
    NormalizedStatus::Cancelled,
    NormalizedStatus::Expired,
    NormalizedStatus::Unknown,
];

/// A stored state, or `None` when it does not parse (then the record is unreadable).
pub(crate) fn state(value: &Value) -> Option<ObservedState> {
    let name = value.get("normalized")?.as_str()?;
    let normalized = STATUSES
        .into_iter()
        .find(|s| s.as_str() == name)
        .unwrap_or(NormalizedStatus::Unknown);
    Some(ObservedState {
        normalized,
        raw: value.get("raw")?.as_str()?.to_owned(),
        terminal: value.get("terminal")?.as_bool()?,
        updated_at: match value.get("updated_at") {
            None | Some(Value::Null) => None,
            Some(at) => Some(timestamp(at)?),
        },
    })
}

/// A state stored as JSON text.
pub(crate) fn state_from_text(text: &str) -> Option<ObservedState> {
    state(&serde_json::from_str(text).ok()?)
}

fn timestamp(value: &Value) -> Option<OffsetDateTime> {
    OffsetDateTime::parse(value.as_str()?, &Rfc3339).ok()
}

/// A transition recorded in the stream, with its entry id.
pub(crate) fn transition(stream_id: &str, record: &str) -> Option<Transition> {
    let value: Value = serde_json::from_str(record).ok()?;
    let text = |field: &str| value.get(field).and_then(Value::as_str).map(str::to_owned);
    let key = TxKey::new(text("provider")?, text("id")?);
    let previous = match value.get("previous") {
        None | Some(Value::Null) => None,
        Some(previous) => Some(state(previous)?),
    };
    let source = match value.get("source")?.as_str()? {
        "sweep" => Origin::Sweep,
        "poll" => Origin::Poll,
        _ => Origin::Webhook,
    };
    let hints = value
        .get("hints")
        .and_then(Value::as_object)
        .map(|hints| {
            hints
                .iter()
                .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_owned())))
                .collect()
        })
        .unwrap_or_default();
    Some(
        Transition::new(
            key,
            state(value.get("status")?)?,
            previous,
            source,
            timestamp(value.get("observed_at")?)?,
        )
        .with_delivery(text("event_id"), hints)
        .with_stream_id(stream_id),
    )
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::transition;
    use txstatus_webhooks::Origin;

    fn record(source: &str) -> String {
        format!(
            r#"{{"provider":"persona","id":"txn_1","source":"{source}","observed_at":"2026-12-02T10:00:00Z","previous":null,"status":{{"normalized":"succeeded","raw":"completed","terminal":true}}}}"#
        )
    }

    #[test]
    fn each_source_reads_back_as_itself() {
        for (text, origin) in [
            ("webhook", Origin::Webhook),
            ("sweep", Origin::Sweep),
            ("poll", Origin::Poll),
        ] {
            let read = transition("1-0", &record(text)).unwrap();
            assert_eq!(read.source, origin, "{text}");
            assert_eq!(read.source.as_str(), text);
        }
    }
}
