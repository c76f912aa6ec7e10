//! Text a provider or a customer's workflow chooses outside the personal
//! members (a status, a type name, a country, a check's reasons, a media type):
//! it may hold a name or an email address, so `Debug` shows it only when it is
//! a plain token ([`ShownStatus`]), and redacted serialization
//! ([`to_redacted_json`](crate::to_redacted_json)) writes exactly what `Debug`
//! shows (`"[redacted]"` otherwise). Plain serialization writes it as sent.
//!
//! The serializers are for `#[serde(serialize_with = "...")]`; the wrappers
//! for hand-written `Debug` impls. One rule for every provider crate.

use std::fmt;
use std::ops::Deref;

use serde::Serializer;

use crate::private_support::open_enum_text;
use crate::status::ShownStatus;

/// Serializes an optional text: as sent, except under redacted serialization,
/// where text that is not a plain token is `"[redacted]"`.
pub fn opt<T: Deref<Target = str>, S: Serializer>(
    value: &Option<T>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match value {
        Some(text) => serializer.serialize_str(open_enum_text(text, true)),
        None => serializer.serialize_none(),
    }
}

/// [`opt`] for a text that is always there (an id, a type).
pub fn text<T: Deref<Target = str>, S: Serializer>(
    value: &T,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(open_enum_text(value, true))
}

/// A JSON:API resource type (`verification/government-id`): as sent, except
/// under redacted serialization, where it is written only when each of its
/// `/`-separated parts is a plain token, else as `"[redacted]"`.
pub fn resource_type<T: Deref<Target = str>, S: Serializer>(
    value: &T,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(shown_resource_type(value))
}

/// What [`resource_type`] writes for `kind`; also [`Text`](crate::Text)'s rule.
pub fn shown_resource_type(kind: &str) -> &str {
    if !crate::pii::is_redacting()
        || kind.is_empty()
        || kind
            .split('/')
            .all(|part| crate::message::is_machine_token(part, crate::message::MAX_CODE_CHARS))
    {
        kind
    } else {
        crate::pii::REDACTED
    }
}

/// [`opt`] for each item of an optional list (of texts or of optional texts).
pub fn opt_list<I: ShownItem, S: Serializer>(
    value: &Option<Vec<I>>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match value {
        Some(items) => serializer.collect_seq(
            items
                .iter()
                .map(|item| item.text().map(|text| open_enum_text(text, true))),
        ),
        None => serializer.serialize_none(),
    }
}

/// An optional time kept as text: as sent, except under redacted serialization,
/// where text not shaped like a time ([`ShownTime`](crate::provider::ShownTime)'s
/// rule) is `"[redacted]"`.
pub fn opt_time<T: Deref<Target = str>, S: Serializer>(
    value: &Option<T>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match value {
        Some(text) => serializer.serialize_str(crate::timestamp::written_time(text, true)),
        None => serializer.serialize_none(),
    }
}

/// [`opt`] for each item of a list that is always there.
pub fn list<I: ShownItem, S: Serializer>(value: &[I], serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_seq(
        value
            .iter()
            .map(|item| item.text().map(|text| open_enum_text(text, true))),
    )
}

/// An item of a list [`ShownList`] and [`opt_list`] show: a text, or an
/// optional text.
pub trait ShownItem {
    /// The text, if there is one.
    fn text(&self) -> Option<&str>;
}

impl ShownItem for String {
    fn text(&self) -> Option<&str> {
        Some(self)
    }
}

impl ShownItem for Option<String> {
    fn text(&self) -> Option<&str> {
        self.as_deref()
    }
}

/// A map whose keys a provider or a customer chose (field names, image names) in
/// `Debug`: each key as [`ShownStatus`] shows it (an email address used as a key
/// is withheld), each value as its own `Debug` shows it.
pub struct ShownKeys<'a, V>(pub &'a std::collections::BTreeMap<String, V>);

impl<V: fmt::Debug> fmt::Debug for ShownKeys<'_, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map()
            .entries(self.0.iter().map(|(key, value)| (ShownStatus(key), value)))
            .finish()
    }
}

/// An optional list of texts in `Debug`, each item as [`ShownStatus`] shows it.
pub struct ShownList<'a, I>(pub &'a Option<Vec<I>>);

impl<I: ShownItem> fmt::Debug for ShownList<'_, I> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(items) => f.debug_tuple("Some").field(&Items(items)).finish(),
            None => f.write_str("None"),
        }
    }
}

struct Items<'a, I>(&'a [I]);

impl<I: ShownItem> fmt::Debug for Items<'_, I> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut list = f.debug_list();
        for item in self.0 {
            match item.text() {
                Some(text) => list.entry(&ShownStatus(text)),
                None => list.entry(&None::<()>),
            };
        }
        list.finish()
    }
}

/// The media type of a `Content-Type` or a MIME type a provider names
/// (`image/jpeg`), without its parameters (the server chooses them:
/// `name="passport-jan-jansen.jpg"` names a person), when it is one `Debug`
/// may show: a registered top-level type, `/`, and a subtype of token
/// characters holding no personal number. `None` when it is not.
pub fn media_type(text: &str) -> Option<&str> {
    const TOP: [&str; 9] = [
        "application",
        "audio",
        "font",
        "image",
        "message",
        "model",
        "multipart",
        "text",
        "video",
    ];
    let essence = text.split(';').next().unwrap_or_default().trim();
    let (top, sub) = essence.split_once('/')?;
    let shown = essence.len() <= 127
        && TOP.iter().any(|known| top.eq_ignore_ascii_case(known))
        && !sub.is_empty()
        && sub
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'.' | b'-' | b'_'))
        && !crate::personal_number::holds_personal_number(sub);
    shown.then_some(essence)
}

/// An optional MIME type in `Debug`: its [`media_type`] when it has one that
/// may be shown, else as [`ShownStatus`] shows any text.
pub struct ShownMediaType<'a, T>(pub &'a Option<T>);

impl<T: Deref<Target = str>> fmt::Debug for ShownMediaType<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0.as_deref() {
            Some(text) => match media_type(text) {
                Some(essence) => f.debug_tuple("Some").field(&essence).finish(),
                None => f.debug_tuple("Some").field(&ShownStatus(text)).finish(),
            },
            None => f.write_str("None"),
        }
    }
}

/// Serializes an optional MIME type: as sent, except under redacted
/// serialization, where it is what [`ShownMediaType`] shows (its media type,
/// a plain token, or `"[redacted]"`).
pub fn opt_media_type<T: Deref<Target = str>, S: Serializer>(
    value: &Option<T>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match value.as_deref() {
        Some(text) if crate::pii::is_redacting() => match media_type(text) {
            Some(essence) => serializer.serialize_str(essence),
            None => serializer.serialize_str(open_enum_text(text, true)),
        },
        Some(text) => serializer.serialize_str(text),
        None => serializer.serialize_none(),
    }
}
