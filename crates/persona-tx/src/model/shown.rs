//! Text a customer's workflow or Persona chooses outside the personal members
//! (a transaction's status, an account's status, type name and country, a
//! check's name and reasons): it may hold a name or an email address, so
//! `Debug` shows it only when it is a plain token, and redacted serialization
//! ([`txstatus_core::to_redacted_json`]) writes exactly what `Debug` shows
//! (`"[redacted]"` otherwise). Plain serialization writes it as sent.

use std::fmt;

use serde::Serializer;
use txstatus_core::provider::{ShownStatus, open_enum_text};

/// An optional text in `Debug`, as [`ShownStatus`] shows it.
pub(crate) fn debug_opt(value: &Option<String>) -> Option<ShownStatus<'_>> {
    ShownStatus::optional(value)
}

/// Optional texts (`reasons`) in `Debug`, each as [`ShownStatus`] shows it.
pub(crate) struct ShownList<'a>(pub(crate) &'a Option<Vec<Option<String>>>);

impl fmt::Debug for ShownList<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(items) => f.debug_tuple("Some").field(&ItemsShown(items)).finish(),
            None => f.write_str("None"),
        }
    }
}

struct ItemsShown<'a>(&'a [Option<String>]);

impl fmt::Debug for ItemsShown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list()
            .entries(self.0.iter().map(ShownStatus::optional))
            .finish()
    }
}

/// Serializes an optional text: as sent, except under redacted serialization,
/// where text that is not a plain token is `"[redacted]"`.
pub(crate) fn opt_text<S: Serializer>(
    value: &Option<String>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match value {
        Some(text) => serializer.serialize_str(open_enum_text(text, true)),
        None => serializer.serialize_none(),
    }
}

/// [`opt_text`] for each item of an optional list of optional texts.
pub(crate) fn opt_text_list<S: Serializer>(
    value: &Option<Vec<Option<String>>>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match value {
        Some(items) => serializer.collect_seq(
            items
                .iter()
                .map(|item| item.as_deref().map(|text| open_enum_text(text, true))),
        ),
        None => serializer.serialize_none(),
    }
}

/// Optional texts (`entity-confidence-reasons`) in `Debug`, each as
/// [`ShownStatus`] shows it.
pub(crate) struct ShownTexts<'a>(pub(crate) &'a Option<Vec<String>>);

impl fmt::Debug for ShownTexts<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(items) => f.debug_tuple("Some").field(&TextsShown(items)).finish(),
            None => f.write_str("None"),
        }
    }
}

struct TextsShown<'a>(&'a [String]);

impl fmt::Debug for TextsShown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list()
            .entries(self.0.iter().map(|text| ShownStatus(text)))
            .finish()
    }
}

/// [`opt_text`] for each item of an optional list of texts.
pub(crate) fn opt_texts<S: Serializer>(
    value: &Option<Vec<String>>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match value {
        Some(items) => serializer.collect_seq(items.iter().map(|text| open_enum_text(text, true))),
        None => serializer.serialize_none(),
    }
}

/// Whether `text` is a MIME type `Debug` may show: a registered top-level type,
/// `/`, and a subtype that is a plain token ([`ShownStatus`] shows it as sent).
fn is_shown_mime(text: &str) -> bool {
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
    text.split_once('/').is_some_and(|(top, sub)| {
        TOP.iter().any(|known| top.eq_ignore_ascii_case(known))
            && !sub.is_empty()
            && sub
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"!#$&^_.+-".contains(&b))
            && format!("{:?}", ShownStatus(sub)) == format!("{sub:?}")
    })
}

/// An optional MIME type in `Debug`: as sent when it is one
/// ([`is_shown_mime`]), else as [`ShownStatus`] shows any text.
pub(crate) struct ShownMime<'a>(pub(crate) &'a Option<String>);

impl fmt::Debug for ShownMime<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(text) if is_shown_mime(text) => f.debug_tuple("Some").field(text).finish(),
            Some(text) => f.debug_tuple("Some").field(&ShownStatus(text)).finish(),
            None => f.write_str("None"),
        }
    }
}

/// Serializes an optional MIME type: as sent, except under redacted
/// serialization, where text that is neither a MIME type nor a plain token is
/// `"[redacted]"` (what [`ShownMime`] shows).
pub(crate) fn opt_mime<S: Serializer>(
    value: &Option<String>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match value {
        Some(text) if is_shown_mime(text) => serializer.serialize_str(text),
        other => opt_text(other, serializer),
    }
}
