//! A verification's attributes read once, with `checks` set aside.
//!
//! `included` items are captured raw and decoded once their type is known (so a
//! bad value keeps the item whole). For a Government ID verification, `checks`
//! is most of the bytes and is kept raw anyway ([`Checks`](super::Checks)): taking
//! it out while capturing spares scanning it a second time.

use std::{borrow::Cow, fmt};

use serde::{
    Deserialize, Deserializer,
    de::{self, MapAccess, SeqAccess, Visitor},
};
use serde_json::value::RawValue;

use super::raw::{RawVisitor, raw_fallback};

/// The member set aside.
const CHECKS: &str = "checks";

/// Attributes without their first `checks` member.
pub(crate) struct SplitAttributes {
    /// The other members as a JSON object, in order (or the value as received
    /// when it is not an object).
    pub(crate) rest: Box<RawValue>,
    /// `checks`, and the byte offset in `rest` it was taken from.
    pub(crate) checks: Option<(Box<RawValue>, usize)>,
}

/// The attributes whole again: `checks` put back where it was.
pub(crate) fn restore(
    rest: Box<RawValue>,
    checks: Option<(Box<RawValue>, usize)>,
) -> Box<RawValue> {
    let Some((checks, at)) = checks else {
        return rest;
    };
    let text = rest.get();
    let Some((head, tail)) = text.split_at_checked(at) else {
        return rest;
    };
    let mut out = String::with_capacity(
        text.len()
            .saturating_add(checks.get().len())
            .saturating_add(12),
    );
    out.push_str(head);
    if head.ends_with('{') {
        out.push_str("\"checks\":");
        out.push_str(checks.get());
        if !tail.starts_with('}') {
            out.push(',');
        }
    } else {
        out.push_str(",\"checks\":");
        out.push_str(checks.get());
    }
    out.push_str(tail);
    RawValue::from_string(out).unwrap_or(rest)
}

impl<'de> Deserialize<'de> for SplitAttributes {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(SplitVisitor)
    }
}

/// A member name, borrowed when the input allows.
pub(crate) struct Name<'de>(pub(crate) Cow<'de, str>);

impl<'de> Deserialize<'de> for Name<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct NameVisitor;
        impl<'de> Visitor<'de> for NameVisitor {
            type Value = Name<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a member name")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Name<'de>, E> {
                Ok(Name(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Name<'de>, E> {
                Ok(Name(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Name<'de>, E> {
                Ok(Name(Cow::Owned(v)))
            }
        }
        deserializer.deserialize_str(NameVisitor)
    }
}

/// Writes `name` as a JSON string.
fn push_name<E: de::Error>(out: &mut String, name: &str) -> Result<(), E> {
    if name.bytes().any(|b| b == b'"' || b == b'\\' || b < 0x20) {
        out.push_str(&serde_json::to_string(name).map_err(E::custom)?);
    } else {
        out.push('"');
        out.push_str(name);
        out.push('"');
    }
    Ok(())
}

fn not_an_object(rest: Box<RawValue>) -> SplitAttributes {
    SplitAttributes { rest, checks: None }
}

struct SplitVisitor;

impl<'de> Visitor<'de> for SplitVisitor {
    type Value = SplitAttributes;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a verification's attributes")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<SplitAttributes, A::Error> {
        let mut out = String::with_capacity(1024);
        out.push('{');
        let mut checks = None;
        let mut first = true;
        while let Some(Name(name)) = map.next_key::<Name<'de>>()? {
            let value = map.next_value::<Box<RawValue>>()?;
            if checks.is_none() && name == CHECKS {
                checks = Some((value, out.len()));
                continue;
            }
            if !first {
                out.push(',');
            }
            first = false;
            push_name(&mut out, &name)?;
            out.push(':');
            out.push_str(value.get());
        }
        out.push('}');
        let rest = RawValue::from_string(out).map_err(de::Error::custom)?;
        Ok(SplitAttributes { rest, checks })
    }

    raw_fallback!(not_an_object; visit_bool(bool), visit_i64(i64), visit_u64(u64), visit_f64(f64), visit_str(&str));

    fn visit_unit<E: de::Error>(self) -> Result<SplitAttributes, E> {
        RawVisitor.visit_unit().map(not_an_object)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<SplitAttributes, A::Error> {
        RawVisitor.visit_seq(seq).map(not_an_object)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(json: &str) -> String {
        let split: SplitAttributes = serde_json::from_str(json).unwrap();
        restore(split.rest, split.checks).get().to_owned()
    }

    #[test]
    fn checks_are_set_aside_and_put_back_in_place() {
        let split: SplitAttributes =
            serde_json::from_str(r#"{"a":1, "checks":[{"name":"x"}], "b":"q\"z"}"#).unwrap();
        assert_eq!(split.rest.get(), r#"{"a":1,"b":"q\"z"}"#);
        assert_eq!(split.checks.as_ref().unwrap().0.get(), r#"[{"name":"x"}]"#);
        assert_eq!(
            round_trip(r#"{"a":1,"checks":[],"b":2}"#),
            r#"{"a":1,"checks":[],"b":2}"#
        );
        assert_eq!(
            round_trip(r#"{"checks":[],"b":2}"#),
            r#"{"checks":[],"b":2}"#
        );
        assert_eq!(
            round_trip(r#"{"a":1,"checks":[]}"#),
            r#"{"a":1,"checks":[]}"#
        );
        assert_eq!(round_trip(r#"{"checks":{}}"#), r#"{"checks":{}}"#);
        assert_eq!(round_trip(r#"{}"#), r#"{}"#);
    }

    #[test]
    fn only_the_first_checks_is_set_aside_and_escaped_names_stay_escaped() {
        let split: SplitAttributes =
            serde_json::from_str(r#"{"checks":[1],"che\u0063ks":[2],"a\"b":3}"#).unwrap();
        assert_eq!(split.rest.get(), r#"{"checks":[2],"a\"b":3}"#);
        assert_eq!(split.checks.unwrap().0.get(), "[1]");
    }

    #[test]
    fn values_that_are_not_objects_are_kept() {
        let split: SplitAttributes = serde_json::from_str("null").unwrap();
        assert_eq!(split.rest.get(), "null");
        assert!(split.checks.is_none());
        let split: SplitAttributes = serde_json::from_str("[1,2]").unwrap();
        assert_eq!(split.rest.get(), "[1,2]");
    }
}
