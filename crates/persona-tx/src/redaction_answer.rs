//! What a 2xx answer to a redaction still holds.

use std::fmt;

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

/// Whether a redaction's answer still holds a personal value, read from its
/// bytes, so that what the model keeps raw counts as well as what it reads:
/// any value that is not `null`, empty or blank in the transaction's attributes
/// (its fields, tags, reference id, signals, attributes this crate does not
/// know) or in an included object's, except `status`, the times (`*-at`) and
/// a field's `type`. Every copy of a member sent twice counts (`"email":"Jan",
/// "email":null` holds one), where a JSON object would keep the last only. An
/// answer that does not read as JSON holds one (it decoded as a transaction,
/// so only nesting past the reader's limit can do that): a redaction is
/// reported done only when the answer shows it.
pub(crate) fn holds_personal_values(raw: &[u8]) -> bool {
    let Ok(document) = txstatus_core::provider::from_json_slice::<Node>(raw) else {
        return true;
    };
    let resource_holds = |resource: &Node| match resource {
        Node::Map(_) => resource.members("attributes").any(attributes_hold),
        _ => true,
    };
    document.members("data").any(resource_holds)
        || document.members("included").any(|included| match included {
            Node::Seq(items) => items.iter().any(resource_holds),
            _ => false,
        })
}

/// Whether attributes hold a personal value (see [`holds_personal_values`]).
fn attributes_hold(attributes: &Node) -> bool {
    match attributes {
        Node::Map(members) => members
            .iter()
            .any(|(name, value)| name != "status" && !name.ends_with("-at") && holds_value(value)),
        other => holds_value(other),
    }
}

/// Whether a value is anything but `null`, blank text or containers of those
/// (a field's `type` tag, text beside its value, is no value; a member named
/// `type` holding an object or an array, a field or hash member of that name,
/// is one like any other).
fn holds_value(value: &Node) -> bool {
    match value {
        Node::Null | Node::Blank => false,
        Node::Scalar => true,
        Node::Seq(items) => items.iter().any(holds_value),
        Node::Map(members) => members.iter().any(|(key, member)| {
            let type_tag =
                key == "type" && matches!(member, Node::Scalar | Node::Blank | Node::Null);
            !type_tag && holds_value(member)
        }),
    }
}

/// A JSON value as far as the check needs it, every member of an object kept
/// in order, repeats included.
enum Node {
    Null,
    /// Empty or whitespace-only text.
    Blank,
    /// Other text, a number or a boolean.
    Scalar,
    Seq(Vec<Node>),
    Map(Vec<(String, Node)>),
}

impl Node {
    /// Every copy of member `name` (none when this is no object).
    fn members<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Node> + 'a {
        let members = match self {
            Self::Map(members) => members.as_slice(),
            _ => &[],
        };
        members
            .iter()
            .filter(move |(key, _)| key == name)
            .map(|(_, value)| value)
    }
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(NodeVisitor)
    }
}

struct NodeVisitor;

impl<'de> Visitor<'de> for NodeVisitor {
    type Value = Node;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_unit<E>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }

    fn visit_none<E>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Node, D::Error> {
        Node::deserialize(deserializer)
    }

    fn visit_bool<E>(self, _: bool) -> Result<Node, E> {
        Ok(Node::Scalar)
    }

    fn visit_i64<E>(self, _: i64) -> Result<Node, E> {
        Ok(Node::Scalar)
    }

    fn visit_u64<E>(self, _: u64) -> Result<Node, E> {
        Ok(Node::Scalar)
    }

    fn visit_f64<E>(self, _: f64) -> Result<Node, E> {
        Ok(Node::Scalar)
    }

    fn visit_str<E>(self, text: &str) -> Result<Node, E> {
        Ok(if text.trim().is_empty() {
            Node::Blank
        } else {
            Node::Scalar
        })
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Node>()? {
            items.push(item);
        }
        Ok(Node::Seq(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let mut members = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            members.push((key, map.next_value::<Node>()?));
        }
        Ok(Node::Map(members))
    }
}

#[cfg(test)]
mod tests {
    use super::holds_personal_values;

    #[test]
    fn every_copy_of_a_repeated_member_counts() {
        for body in [
            r#"{"data":{"attributes":{"email":"jan@example.com","email":null}}}"#,
            r#"{"data":{"attributes":{"x":{"y":"Jan","y":""}}}}"#,
            r#"{"data":{"attributes":{"fields":{}},"attributes":{"name":"Jan"}}}"#,
            r#"{"data":{"attributes":{}},"data":{"attributes":{"name":"Jan"}}}"#,
            r#"{"data":{"attributes":{}},"included":[{"attributes":{"a":"Jan"},"attributes":{"a":null}}]}"#,
            r#"{"data":{"attributes":{}},"included":[],"included":[{"attributes":{"a":"Jan"}}]}"#,
        ] {
            assert!(holds_personal_values(body.as_bytes()), "{body}");
        }
        for body in [
            r#"{"data":{"attributes":{"fields":{"type":{"type":"string","value":"Jan"}}}}}"#,
            r#"{"data":{"attributes":{"fields":{"a":{"type":"hash","value":{"type":{"type":"string","value":"Jan"}}}}}}}"#,
        ] {
            assert!(holds_personal_values(body.as_bytes()), "{body}");
        }
        for body in [
            r#"{"data":{"attributes":{"status":"redacted","email":null,"email":"  ","created-at":"x"}}}"#,
            r#"{"data":{"attributes":{"fields":{"a":{"type":"string","value":null}}}},"included":[]}"#,
        ] {
            assert!(!holds_personal_values(body.as_bytes()), "{body}");
        }
    }
}
