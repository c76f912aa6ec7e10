//! Members of later API versions this crate does not model: kept raw, not dropped.

use std::{collections::BTreeMap, fmt};

use serde::{Serialize, Serializer, ser::SerializeMap};
use serde_json::value::RawValue;
use txstatus_core::{Pii, provider::ShownStatus};

/// Transaction attributes this crate does not know, by name. Values are
/// [`Pii`]: an unknown attribute may hold personal data; `Debug` shows a name
/// only when it is a plain token.
#[derive(Clone, Default)]
#[non_exhaustive]
pub struct UnknownAttributes(pub(crate) BTreeMap<String, Pii<Box<RawValue>>>);

/// Transaction relationships this crate does not know, by name. Values are
/// [`Pii`], as an unknown attribute and an undecodable included object's
/// `relationships` ([`OtherResource`](crate::model::OtherResource)) are: kept
/// verbatim, a relationship of a later version may carry anything (`meta`,
/// `links`, resource objects with attributes). `Debug` shows a name only when
/// it is a plain token.
#[derive(Clone, Default)]
#[non_exhaustive]
pub struct UnknownRelationships(pub(crate) BTreeMap<String, Pii<Box<RawValue>>>);

impl UnknownAttributes {
    /// One unknown attribute by its (kebab-case) name.
    pub fn get(&self, name: &str) -> Option<&Pii<Box<RawValue>>> {
        self.0.get(name)
    }

    /// The unknown attributes' names.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.0.keys().map(String::as_str)
    }

    /// Whether every attribute was a known one.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl UnknownRelationships {
    /// One unknown relationship by its (kebab-case) name, as raw JSON.
    pub fn get(&self, name: &str) -> Option<&Pii<Box<RawValue>>> {
        self.0.get(name)
    }

    /// The unknown relationships' names.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.0.keys().map(String::as_str)
    }

    /// Whether every relationship was a known one.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Members by name in `Debug`: each name only when it is a plain token (a
/// member a later version adds is named like one; other text may be anything).
pub(crate) struct ShownMembers<'a, V>(pub(crate) &'a BTreeMap<String, V>);

impl<V: fmt::Debug> fmt::Debug for ShownMembers<'_, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map()
            .entries(
                self.0
                    .iter()
                    .map(|(name, value)| (ShownStatus(name), value)),
            )
            .finish()
    }
}

impl fmt::Debug for UnknownAttributes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("UnknownAttributes")
            .field(&ShownMembers(&self.0))
            .finish()
    }
}

impl fmt::Debug for UnknownRelationships {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("UnknownRelationships")
            .field(&ShownMembers(&self.0))
            .finish()
    }
}

fn write_map<S: Serializer, V: Serialize>(
    serializer: S,
    entries: &BTreeMap<String, V>,
) -> Result<S::Ok, S::Error> {
    let mut map = serializer.serialize_map(Some(entries.len()))?;
    for (key, value) in entries {
        map.serialize_entry(key, value)?;
    }
    map.end()
}

impl Serialize for UnknownAttributes {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        write_map(serializer, &self.0)
    }
}

impl Serialize for UnknownRelationships {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        write_map(serializer, &self.0)
    }
}
