//! Hand-written decoders of a transaction's attributes and relationships: the known
//! members typed, every other member kept raw (later API versions add some).

use std::fmt;

use serde::{
    Deserialize, Deserializer,
    de::{MapAccess, Visitor},
};
use serde_json::value::RawValue;
use txstatus_core::Pii;

use super::transaction::{TransactionAttributes, TransactionRelationships};

impl<'de> Deserialize<'de> for TransactionAttributes {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(AttributesVisitor)
    }
}

/// A member name read as an identifier, not as map data: a decode error may name
/// the members these hand-written decoders read.
struct Member(String);

impl<'de> Deserialize<'de> for Member {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct NameVisitor;
        impl Visitor<'_> for NameVisitor {
            type Value = Member;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a member name")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Member, E> {
                Ok(Member(v.to_owned()))
            }
            fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Member, E> {
                Ok(Member(v))
            }
        }
        deserializer.deserialize_identifier(NameVisitor)
    }
}

struct AttributesVisitor;

impl<'de> Visitor<'de> for AttributesVisitor {
    type Value = TransactionAttributes;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a transaction's attributes object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut out = TransactionAttributes::default();
        while let Some(Member(key)) = map.next_key::<Member>()? {
            match key.as_str() {
                "status" => out.status = map.next_value()?,
                "reference-id" => out.reference_id = map.next_value()?,
                "fields" => out.fields = map.next_value()?,
                "tags" => out.tags = map.next_value()?,
                "created-at" => out.created_at = map.next_value()?,
                "updated-at" => out.updated_at = map.next_value()?,
                "signals" => {
                    let raw: Option<Box<RawValue>> = map.next_value()?;
                    out.signals = raw.map(Pii::new);
                }
                _ => {
                    let raw: Box<RawValue> = map.next_value()?;
                    out.other.0.insert(key, Pii::new(raw));
                }
            }
        }
        Ok(out)
    }
}

impl<'de> Deserialize<'de> for TransactionRelationships {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(RelationshipsVisitor)
    }
}

struct RelationshipsVisitor;

impl<'de> Visitor<'de> for RelationshipsVisitor {
    type Value = TransactionRelationships;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a transaction's relationships object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut out = TransactionRelationships::default();
        while let Some(Member(key)) = map.next_key::<Member>()? {
            match key.as_str() {
                "reviewer" => out.reviewer = map.next_value()?,
                "transaction-label" => out.transaction_label = map.next_value()?,
                "transaction-type" => out.transaction_type = map.next_value()?,
                "related-objects" => out.related_objects = map.next_value()?,
                "sentinel-sessions" => out.sentinel_sessions = map.next_value()?,
                _ => {
                    let raw: Box<RawValue> = map.next_value()?;
                    out.other.0.insert(key, raw);
                }
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use crate::model::TransactionData;

    #[test]
    fn later_attributes_and_relationships_are_kept() {
        let data: TransactionData = serde_json::from_str(
            r#"{"id":"txn_1","type":"transaction","attributes":{"status":"created",
            "signals":{"ip-risk":"high"},"future-attribute":{"a":[1,2]}},
            "relationships":{"sentinel-sessions":{"data":[{"type":"sentinel-session","id":"snts_1"}]},
            "future-link":{"data":null}}}"#,
        )
        .unwrap();
        let attributes = data.attributes.as_ref().unwrap();
        assert_eq!(attributes.status.as_deref(), Some("created"));
        assert_eq!(
            attributes.signals.as_ref().unwrap().expose().get(),
            r#"{"ip-risk":"high"}"#
        );
        assert_eq!(
            attributes
                .other
                .get("future-attribute")
                .unwrap()
                .expose()
                .get(),
            r#"{"a":[1,2]}"#
        );
        let relationships = data.relationships.as_ref().unwrap();
        let sessions = relationships
            .sentinel_sessions
            .as_ref()
            .unwrap()
            .get()
            .unwrap();
        assert_eq!(sessions[0].id, "snts_1");
        assert_eq!(
            relationships.other.get("future-link").unwrap().get(),
            r#"{"data":null}"#
        );
        let printed = format!("{data:?}");
        assert!(!printed.contains("ip-risk") && !printed.contains("[1,2]"));
        let redacted = txstatus_core::to_redacted_json(&data).unwrap().to_string();
        assert!(redacted.contains("future-attribute") && !redacted.contains("[1,2]"));
        assert!(!redacted.contains("high"));
    }
}
