//! Events read back from `GET /events` and `GET /events/{id}`: any object type, the
//! payload typed as a [`Transaction`] when it is one.

use serde::{Serialize, Serializer};
use serde_json::value::RawValue;
use txstatus_core::{Pii, Timestamp};

use super::{
    event::{EventContext, EventName},
    list::Links,
    transaction::Transaction,
};

/// `GET /events/{id}`: `{"data": event}`.
#[derive(Clone, Debug, Default, Serialize)]
#[non_exhaustive]
pub struct EventDocument {
    /// The event.
    pub data: Event,
}

txstatus_core::provider::record_decoder! {
    EventDocument {
        "data" => data: value,
    }
}

/// One page of `GET /events`, newest first.
#[derive(Clone, Debug, Default, Serialize)]
#[non_exhaustive]
pub struct EventList {
    /// The events.
    pub data: Vec<Event>,
    /// Pagination links.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub links: Option<Links>,
}

txstatus_core::provider::record_decoder! {
    EventList {
        "data" => data: value,
        "links" => links: value,
    }
}

/// An event resource (`type` = `event`). `Debug` shows its id and type only as
/// plain tokens.
#[derive(Clone, Default, Serialize)]
#[non_exhaustive]
pub struct Event {
    /// Event id (`evt_...`).
    #[serde(
        skip_serializing_if = "String::is_empty",
        serialize_with = "txstatus_core::provider::shown_text::text"
    )]
    pub id: String,
    /// Resource type, `event`.
    #[serde(
        rename = "type",
        skip_serializing_if = "String::is_empty",
        serialize_with = "txstatus_core::provider::shown_text::resource_type"
    )]
    pub kind: String,
    /// What happened and to what.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attributes: Option<ApiEventAttributes>,
}

impl std::fmt::Debug for Event {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Event")
            .field("id", &txstatus_core::provider::ShownStatus(&self.id))
            .field("kind", &txstatus_core::provider::ShownStatus(&self.kind))
            .field("attributes", &self.attributes)
            .finish()
    }
}

txstatus_core::provider::record_decoder! {
    Event {
        "id" => id: value,
        "type" => kind: value,
        "attributes" => attributes: value,
    }
}

/// An event's attributes.
#[derive(Clone, Debug, Default, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub struct ApiEventAttributes {
    /// Event name (`transaction.created`, or any other object's events).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<EventName>,
    /// The object as it was when the event fired.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payload: Option<EventPayload>,
    /// The relation added or removed, for relation events.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub context: Option<EventContext>,
    /// When the event was created.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_at: Option<Timestamp>,
}

txstatus_core::provider::record_decoder! {
    ApiEventAttributes {
        "name" => name: text,
        "payload" => payload: value,
        "context" => context: value,
        "created-at" => created_at: value,
    }
}

/// An event's payload: a transaction, typed, or any other object kept raw (it may
/// carry personal data, so it is [`Pii`]).
#[derive(Clone, Debug)]
#[non_exhaustive]
pub enum EventPayload {
    /// `payload.data.type` is `transaction`.
    Transaction(Box<Transaction>),
    /// Any other object (`inquiry`, `account`...).
    Other(Pii<Box<RawValue>>),
}

impl Event {
    /// The event name.
    pub fn name(&self) -> Option<&EventName> {
        self.attributes.as_ref()?.name.as_ref()
    }

    /// The transaction the event is about, when its payload is one.
    pub fn transaction(&self) -> Option<&Transaction> {
        match self.attributes.as_ref()?.payload.as_ref()? {
            EventPayload::Transaction(transaction) => Some(transaction),
            EventPayload::Other(_) => None,
        }
    }

    /// When the event was created.
    pub fn created_at(&self) -> Option<&Timestamp> {
        self.attributes.as_ref()?.created_at.as_ref()
    }
}

impl Serialize for EventPayload {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Transaction(transaction) => transaction.serialize(serializer),
            Self::Other(raw) => raw.serialize(serializer),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_transaction_payload_with_its_type_last_is_still_typed() {
        let event: Event = serde_json::from_str(
            r#"{"id":"evt_1","attributes":{"payload":{"data":{"id":"txn_1",
            "attributes":{"status":"approved"},"type":"transaction"}}}}"#,
        )
        .unwrap();
        assert_eq!(event.transaction().unwrap().raw_status(), "approved");
    }

    #[test]
    fn transaction_payloads_are_typed_and_others_kept_raw() {
        let list: EventList = serde_json::from_str(
            r#"{"data":[
              {"type":"event","id":"evt_1","attributes":{"name":"transaction.created",
               "payload":{"data":{"type":"transaction","id":"txn_1","attributes":{"status":"created"}}},
               "created-at":"2023-09-23T17:14:01.918Z"}},
              {"type":"event","id":"evt_2","attributes":{"name":"inquiry.expired",
               "payload":{"data":{"type":"inquiry","id":"inq_1","attributes":{"name-first":"Jane"}}}}}
            ],"links":{"prev":null,"next":null}}"#,
        )
        .unwrap();
        let first = &list.data[0];
        assert_eq!(first.name(), Some(&EventName::TransactionCreated));
        assert_eq!(first.transaction().unwrap().raw_status(), "created");
        let second = &list.data[1];
        assert!(second.transaction().is_none());
        assert!(second.name().unwrap().is_unknown());
        assert!(!format!("{list:?}").contains("Jane"));
        let redacted = txstatus_core::to_redacted_json(&list).unwrap().to_string();
        assert!(!redacted.contains("Jane"));
    }
}
