//! A user's email addresses.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer, de};

use txstatus_core::Text;

use super::text::Opt;

/// Email addresses: documented as an array, described as a comma-separated list.
/// Both forms decode, and each is written back in the form it came in.
#[non_exhaustive]
#[derive(Clone, PartialEq, Eq)]
pub enum Emails {
    /// A JSON array of addresses (each kept in place up to 38 bytes).
    List(Vec<Text>),
    /// One string (possibly comma-separated).
    Text(String),
}

impl Emails {
    /// Every address, trimmed, empty ones left out.
    pub fn addresses(&self) -> Vec<&str> {
        let parts: Vec<&str> = match self {
            Self::List(list) => list.iter().map(Text::as_str).collect(),
            Self::Text(text) => text.split(',').collect(),
        };
        parts
            .into_iter()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect()
    }
}

impl fmt::Debug for Emails {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Always inside `Pii`, but never print addresses even when used alone.
        write!(f, "Emails({} [redacted])", self.addresses().len())
    }
}

impl Serialize for Emails {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::List(list) => list.serialize(serializer),
            Self::Text(text) => serializer.serialize_str(text),
        }
    }
}

impl<'de> Deserialize<'de> for Emails {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> de::Visitor<'de> for V {
            type Value = Emails;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a list of email addresses or a string")
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<Emails, E> {
                Ok(Emails::Text(v.to_owned()))
            }

            fn visit_string<E: de::Error>(self, v: String) -> Result<Emails, E> {
                Ok(Emails::Text(v))
            }

            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Emails, A::Error> {
                // Room for two: the usual one or two addresses in one allocation.
                let mut list = Vec::with_capacity(seq.size_hint().unwrap_or(2).min(16));
                while let Some(item) = seq.next_element::<Opt<Text>>()? {
                    if let Some(address) = item.0 {
                        list.push(address);
                    }
                }
                Ok(Emails::List(list))
            }
        }
        deserializer.deserialize_any(V)
    }
}
