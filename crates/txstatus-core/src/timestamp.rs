//! Timestamps and dates that never fail a decode.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer, de};
use time::{Date, OffsetDateTime, format_description::well_known::Rfc3339};

/// An RFC 3339 timestamp as the provider sent it.
///
/// A value that is not RFC 3339 is kept as text ([`Timestamp::parsed`] is `None`)
/// instead of failing the whole response. Serializes back to the original text.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Timestamp {
    text: String,
    parsed: Option<OffsetDateTime>,
}

impl Timestamp {
    /// Parses `text`, keeping it whatever its form.
    pub fn parse(text: impl Into<String>) -> Self {
        let text = text.into();
        let parsed = OffsetDateTime::parse(&text, &Rfc3339).ok();
        Self { text, parsed }
    }

    /// From a time value, written as RFC 3339.
    pub fn from_datetime(value: OffsetDateTime) -> Self {
        let text = value.format(&Rfc3339).unwrap_or_default();
        Self {
            text,
            parsed: Some(value),
        }
    }

    /// The parsed time, when the text was RFC 3339.
    pub fn parsed(&self) -> Option<OffsetDateTime> {
        self.parsed
    }

    /// The text as sent.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// RFC 3339 text when it parsed, else `None`.
    pub fn to_rfc3339(&self) -> Option<String> {
        self.parsed.and_then(|p| p.format(&Rfc3339).ok())
    }
}

impl fmt::Debug for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.parsed {
            Some(_) => write!(f, "{}", self.text),
            None => write!(f, "Unparsed({:?})", self.text),
        }
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer
            .deserialize_str(TextVisitor("an RFC 3339 timestamp"))
            .map(Self::parse)
    }
}

/// A calendar date (`YYYY-MM-DD`) as the provider sent it; other forms kept as text.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct CalendarDate {
    text: String,
    parsed: Option<Date>,
}

impl CalendarDate {
    /// Parses `text`, keeping it whatever its form.
    pub fn parse(text: impl Into<String>) -> Self {
        let text = text.into();
        let format = time::macros::format_description!("[year]-[month]-[day]");
        let parsed = Date::parse(&text, &format).ok();
        Self { text, parsed }
    }

    /// The parsed date, when the text was `YYYY-MM-DD`.
    pub fn parsed(&self) -> Option<Date> {
        self.parsed
    }

    /// The text as sent.
    pub fn as_str(&self) -> &str {
        &self.text
    }
}

impl fmt::Debug for CalendarDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.parsed {
            Some(_) => write!(f, "{}", self.text),
            None => write!(f, "Unparsed({:?})", self.text),
        }
    }
}

impl Serialize for CalendarDate {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text)
    }
}

impl<'de> Deserialize<'de> for CalendarDate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer
            .deserialize_str(TextVisitor("a date"))
            .map(Self::parse)
    }
}

struct TextVisitor(&'static str);

impl de::Visitor<'_> for TextVisitor {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
        Ok(v.to_owned())
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<String, E> {
        Ok(v)
    }
}
