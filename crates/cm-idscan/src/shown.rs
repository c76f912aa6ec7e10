//! Text in `Debug` that CM hands over outside the personal members.
//!
//! Ids, field names and locales are CM's to choose and can be any text, a
//! name or an email address included. `Debug` shows each only when it is a
//! plain token (ASCII letters, digits, `_ . : -`, at most 64 characters), as
//! the core shows an unknown enum value or a provider's notice.

use txstatus_core::provider::ShownStatus;

/// A text in `Debug`: as sent when it is a plain token, withheld otherwise.
pub(crate) fn text(value: &str) -> ShownStatus<'_> {
    ShownStatus(value)
}

/// An optional text in `Debug` (see [`text`]).
pub(crate) fn opt_text(value: &Option<String>) -> Option<ShownStatus<'_>> {
    value.as_deref().map(ShownStatus)
}
