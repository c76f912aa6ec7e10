//! Text OneSpan or a verification partner chooses outside the personal members
//! (an address's country code, a verification result's provider and type): it
//! may hold a name or an email address, so `Debug` shows it only when it is a
//! plain token, and redacted serialization ([`txstatus_core::to_redacted_json`])
//! writes exactly what `Debug` shows (`"[redacted]"` otherwise). Plain
//! serialization writes it as sent.

use serde::Serializer;
use txstatus_core::provider::{ShownStatus, open_enum_text};

/// An optional text in `Debug`, as [`ShownStatus`] shows it.
pub(crate) fn debug_opt<T: std::ops::Deref<Target = str>>(
    value: &Option<T>,
) -> Option<ShownStatus<'_>> {
    ShownStatus::optional(value)
}

/// Serializes an optional text: as sent, except under redacted serialization,
/// where text that is not a plain token is `"[redacted]"`.
pub(crate) fn opt_text<T: std::ops::Deref<Target = str>, S: Serializer>(
    value: &Option<T>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match value {
        Some(text) => serializer.serialize_str(open_enum_text(text, true)),
        None => serializer.serialize_none(),
    }
}
