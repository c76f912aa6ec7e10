//! The decoder of an event's [`EventPayload`], in one pass when Persona's own
//! layout allows it.
//!
//! Persona writes `{"data":{"type":"transaction",...},"included":[...]}`: with
//! `data` first and `type` first in it, the transaction is decoded as it is read.
//! Any other layout is captured raw and decided as before: typed when
//! `data.type` is `transaction`, kept raw otherwise.
//!
//! A member read here sent twice (`data`, `included`, or `type`, `id`,
//! `attributes`, `relationships` of a transaction's `data`) fails the decode
//! (`duplicate field`), as the typed decode of [`Transaction`] and a webhook's
//! event do: no copy silently wins, whichever layout the payload has.

use std::fmt;

use serde::{
    Deserialize, Deserializer,
    de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor},
};
use serde_json::value::RawValue;
use txstatus_core::Pii;

use super::{
    api_event::EventPayload,
    included::Included,
    raw::{RawVisitor, Tag, object, raw_fallback, to_raw},
    split::Name,
    transaction::{Transaction, TransactionAttributes, TransactionData, TransactionRelationships},
};

/// The `type` that makes a payload a transaction.
const TRANSACTION: &str = "transaction";

#[derive(Default)]
struct Peek {
    data: Option<PeekData>,
}

txstatus_core::provider::record_decoder! {
    Peek {
        "data" => data: value,
    }
}

#[derive(Default)]
struct PeekData {
    kind: Option<Box<RawValue>>,
}

txstatus_core::provider::record_decoder! {
    PeekData {
        "type" => kind: value,
    }
}

impl<'de> Deserialize<'de> for EventPayload {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(PayloadVisitor)
    }
}

/// A payload captured raw: typed when `data.type` is `transaction`.
fn decide<E: de::Error>(raw: Box<RawValue>) -> Result<EventPayload, E> {
    let is_transaction = serde_json::from_str::<Peek>(raw.get())
        .ok()
        .and_then(|peek| peek.data?.kind)
        // Compared as the text it spells (`"transact\u0069on"` included), as the
        // other layout's decoded tag is.
        .is_some_and(|kind| {
            serde_json::from_str::<String>(kind.get()).is_ok_and(|kind| kind == "transaction")
        });
    if is_transaction {
        serde_json::from_str::<Transaction>(raw.get())
            .map(|transaction| EventPayload::Transaction(Box::new(transaction)))
            .map_err(E::custom)
    } else {
        Ok(EventPayload::Other(Pii::new(raw)))
    }
}

/// Marks `name` as read; a second one is `duplicate field`.
fn once<E: de::Error>(seen: &mut bool, name: &'static str) -> Result<(), E> {
    if *seen {
        return Err(E::duplicate_field(name));
    }
    *seen = true;
    Ok(())
}

fn other(raw: Box<RawValue>) -> EventPayload {
    EventPayload::Other(Pii::new(raw))
}

struct PayloadVisitor;

impl<'de> Visitor<'de> for PayloadVisitor {
    type Value = EventPayload;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an event payload")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<EventPayload, A::Error> {
        let mut members = Vec::new();
        let mut seen_data = false;
        if let Some(Name(key)) = map.next_key::<Name<'de>>()? {
            if key == "data" {
                seen_data = true;
                match map.next_value_seed(DataSeed)? {
                    Data::Transaction(data) => return rest_of_transaction(map, *data),
                    Data::Raw(raw) => members.push((key.into_owned(), raw)),
                }
            } else {
                members.push((key.into_owned(), map.next_value::<Box<RawValue>>()?));
            }
        }
        while let Some(Name(key)) = map.next_key::<Name<'de>>()? {
            if key == "data" {
                once(&mut seen_data, "data")?;
            }
            members.push((key.into_owned(), map.next_value::<Box<RawValue>>()?));
        }
        decide(object(&members)?)
    }

    raw_fallback!(other; visit_bool(bool), visit_i64(i64), visit_u64(u64), visit_f64(f64), visit_str(&str));

    fn visit_unit<E: de::Error>(self) -> Result<EventPayload, E> {
        RawVisitor.visit_unit().map(other)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<EventPayload, A::Error> {
        RawVisitor.visit_seq(seq).map(other)
    }
}

/// The members after a transaction's `data`: `included` typed, the rest skipped
/// (as a typed decode of [`Transaction`] skips them).
fn rest_of_transaction<'de, A: MapAccess<'de>>(
    mut map: A,
    data: TransactionData,
) -> Result<EventPayload, A::Error> {
    let mut included = None;
    let mut seen_included = false;
    while let Some(Name(key)) = map.next_key::<Name<'de>>()? {
        match key.as_ref() {
            "included" => {
                once(&mut seen_included, "included")?;
                included = map.next_value::<Option<Vec<Included>>>()?;
            }
            "data" => return Err(de::Error::duplicate_field("data")),
            _ => {
                map.next_value::<IgnoredAny>()?;
            }
        }
    }
    Ok(EventPayload::Transaction(Box::new(Transaction {
        data,
        included,
        no_errors: super::transaction::NoErrors,
    })))
}

/// `data`: a transaction read as it comes, or the value kept raw.
enum Data {
    Transaction(Box<TransactionData>),
    Raw(Box<RawValue>),
}

struct DataSeed;

impl<'de> DeserializeSeed<'de> for DataSeed {
    type Value = Data;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Data, D::Error> {
        deserializer.deserialize_any(DataVisitor)
    }
}

struct DataVisitor;

impl<'de> Visitor<'de> for DataVisitor {
    type Value = Data;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an event payload's data")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Data, A::Error> {
        let mut members = Vec::new();
        let mut seen_type = false;
        if let Some(Name(key)) = map.next_key::<Name<'de>>()? {
            if key == "type" {
                seen_type = true;
                match map.next_value::<Tag>()? {
                    Tag::Text(kind) if kind == TRANSACTION => {
                        return rest_of_data(map, kind)
                            .map(|data| Data::Transaction(Box::new(data)));
                    }
                    Tag::Text(kind) => members.push(("type".to_owned(), to_raw(&kind)?)),
                    Tag::Raw(raw) => members.push(("type".to_owned(), raw)),
                }
            } else {
                members.push((key.into_owned(), map.next_value::<Box<RawValue>>()?));
            }
        }
        while let Some(Name(key)) = map.next_key::<Name<'de>>()? {
            if key == "type" {
                once(&mut seen_type, "type")?;
            }
            members.push((key.into_owned(), map.next_value::<Box<RawValue>>()?));
        }
        object(&members).map(Data::Raw)
    }

    raw_fallback!(Data::Raw; visit_bool(bool), visit_i64(i64), visit_u64(u64), visit_f64(f64), visit_str(&str));

    fn visit_unit<E: de::Error>(self) -> Result<Data, E> {
        RawVisitor.visit_unit().map(Data::Raw)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Data, A::Error> {
        RawVisitor.visit_seq(seq).map(Data::Raw)
    }
}

/// A transaction resource's members after its `type`, as [`TransactionData`]'s
/// own decode reads them (a member sent twice, `type` included, fails).
fn rest_of_data<'de, A: MapAccess<'de>>(
    mut map: A,
    kind: String,
) -> Result<TransactionData, A::Error> {
    let mut id = None;
    let mut attributes = None;
    let mut relationships = None;
    while let Some(Name(key)) = map.next_key::<Name<'de>>()? {
        match key.as_ref() {
            "id" if id.is_none() => id = Some(map.next_value::<String>()?),
            "attributes" if attributes.is_none() => {
                attributes = Some(map.next_value::<Option<TransactionAttributes>>()?);
            }
            "relationships" if relationships.is_none() => {
                relationships = Some(map.next_value::<Option<TransactionRelationships>>()?);
            }
            "id" => return Err(de::Error::duplicate_field("id")),
            "attributes" => return Err(de::Error::duplicate_field("attributes")),
            "relationships" => return Err(de::Error::duplicate_field("relationships")),
            "type" => return Err(de::Error::duplicate_field("type")),
            _ => {
                map.next_value::<IgnoredAny>()?;
            }
        }
    }
    Ok(TransactionData {
        id: id.unwrap_or_default(),
        kind,
        attributes: attributes.flatten(),
        relationships: relationships.flatten(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn payload(json: &str) -> EventPayload {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn persona_layout_is_typed_with_its_included_objects() {
        let EventPayload::Transaction(transaction) = payload(
            r#"{"data":{"type":"transaction","id":"txn_1","attributes":{"status":"approved"},
            "extra":[1]},"included":[{"type":"account","id":"act_1"}],"meta":{}}"#,
        ) else {
            panic!("expected a transaction");
        };
        assert_eq!(transaction.data.id, "txn_1");
        assert_eq!(transaction.data.kind, "transaction");
        assert_eq!(transaction.raw_status(), "approved");
        assert_eq!(transaction.accounts().count(), 1);
    }

    #[test]
    fn other_layouts_are_decided_on_the_whole_payload() {
        let EventPayload::Transaction(transaction) = payload(
            r#"{"included":[],"data":{"id":"txn_2","type":"transaction","attributes":null}}"#,
        ) else {
            panic!("expected a transaction");
        };
        assert_eq!(transaction.data.id, "txn_2");
        assert_eq!(transaction.included().len(), 0);
        let EventPayload::Other(raw) = payload(r#"{"data":{"type":"inquiry","id":"inq_1"},"x":2}"#)
        else {
            panic!("expected a raw payload");
        };
        let value: serde_json::Value = serde_json::from_str(raw.expose().get()).unwrap();
        assert_eq!(
            value,
            serde_json::json!({"data":{"type":"inquiry","id":"inq_1"},"x":2})
        );
        assert!(matches!(payload("[1]"), EventPayload::Other(_)));
        assert!(matches!(payload("{}"), EventPayload::Other(_)));
    }

    #[test]
    fn a_transaction_that_does_not_decode_fails_in_either_layout() {
        for json in [
            r#"{"data":{"type":"transaction","id":7}}"#,
            r#"{"data":{"id":7,"type":"transaction"}}"#,
            r#"{"data":{"type":"transaction","id":"txn_1"},"included":5}"#,
        ] {
            assert!(
                serde_json::from_str::<EventPayload>(json).is_err(),
                "{json}"
            );
        }
    }
}
