//! Hand-written decoders of a transaction's attributes and relationships: the known
//! members typed, every other member kept raw (later API versions add some).

use std::fmt;

use serde::{
    Deserialize, Deserializer,
    de::{MapAccess, Visitor},
};
use serde_json::value::RawValue;
use txstatus_core::Pii;

use super::{
    field_de::OptFields,
    transaction::{TransactionAttributes, TransactionRelationships},
};

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

/// The known members already read, one bit each: a member sent twice fails the
/// decode (`duplicate field`), as in every record the core's decoder reads, so
/// neither copy silently wins (a second `status` cannot replace the first).
#[derive(Default)]
struct Seen(u8);

impl Seen {
    /// Marks the member of bit `bit`; a second one is `duplicate field`.
    fn first<E: serde::de::Error>(&mut self, bit: u8, name: &'static str) -> Result<(), E> {
        if self.0 & bit != 0 {
            return Err(E::duplicate_field(name));
        }
        self.0 |= bit;
        Ok(())
    }
}

/// A member this crate does not model sent twice: an error that does not name
/// it (a hostile key may be personal data).
fn repeated_unknown<E: serde::de::Error>(object: &str) -> E {
    E::custom(format_args!(
        "a member of the transaction's {object} is sent twice"
    ))
}

struct AttributesVisitor;

impl<'de> Visitor<'de> for AttributesVisitor {
    type Value = TransactionAttributes;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a transaction's attributes object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut out = TransactionAttributes::default();
        let mut seen = Seen::default();
        while let Some(Member(key)) = map.next_key::<Member>()? {
            match key.as_str() {
                "status" => {
                    seen.first::<A::Error>(1, "status")?;
                    out.status = map.next_value()?;
                }
                "reference-id" => {
                    seen.first::<A::Error>(2, "reference-id")?;
                    out.reference_id = map.next_value()?;
                }
                "fields" => {
                    seen.first::<A::Error>(4, "fields")?;
                    out.fields = map.next_value::<OptFields>()?.0;
                }
                "tags" => {
                    seen.first::<A::Error>(8, "tags")?;
                    out.tags = map.next_value()?;
                }
                "created-at" => {
                    seen.first::<A::Error>(16, "created-at")?;
                    out.created_at = map.next_value()?;
                }
                "updated-at" => {
                    seen.first::<A::Error>(32, "updated-at")?;
                    out.updated_at = map.next_value()?;
                }
                "signals" => {
                    seen.first::<A::Error>(64, "signals")?;
                    let raw: Option<Box<RawValue>> = map.next_value()?;
                    out.signals = raw.map(Pii::new);
                }
                _ => {
                    if out.other.0.contains_key(&key) {
                        return Err(repeated_unknown("attributes"));
                    }
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
        let mut seen = Seen::default();
        while let Some(Member(key)) = map.next_key::<Member>()? {
            match key.as_str() {
                "reviewer" => {
                    seen.first::<A::Error>(1, "reviewer")?;
                    out.reviewer = map.next_value()?;
                }
                "transaction-label" => {
                    seen.first::<A::Error>(2, "transaction-label")?;
                    out.transaction_label = map.next_value()?;
                }
                "transaction-type" => {
                    seen.first::<A::Error>(4, "transaction-type")?;
                    out.transaction_type = map.next_value()?;
                }
                "related-objects" => {
                    seen.first::<A::Error>(8, "related-objects")?;
                    out.related_objects = map.next_value()?;
                }
                "sentinel-sessions" => {
                    seen.first::<A::Error>(16, "sentinel-sessions")?;
                    out.sentinel_sessions = map.next_value()?;
                }
                _ => {
                    if out.other.0.contains_key(&key) {
                        return Err(repeated_unknown("relationships"));
                    }
                    let raw: Box<RawValue> = map.next_value()?;
                    out.other.0.insert(key, Pii::new(raw));
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
            relationships
                .other
                .get("future-link")
                .unwrap()
                .expose()
                .get(),
            r#"{"data":null}"#
        );
        let printed = format!("{data:?}");
        assert!(!printed.contains("ip-risk") && !printed.contains("[1,2]"));
        let redacted = txstatus_core::to_redacted_json(&data).unwrap().to_string();
        assert!(redacted.contains("future-attribute") && !redacted.contains("[1,2]"));
        assert!(!redacted.contains("high"));
    }
}
