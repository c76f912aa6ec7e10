//! Text in `Debug` that CM or a user hands over outside the personal members.
//!
//! The `notice`, the merchant's `transaction_reference`, ids, the issuer, a
//! `notice_code` sent as text: any of them can be any text, a name or an email
//! address included. `Debug` shows each only when it is a plain token (ASCII
//! letters, digits, `_ . : -`, at most 64 characters), as the core's
//! `StatusReport` shows the same notice and `TxStatus` an unknown status.

use std::fmt;

use txstatus_core::provider::{ShownStatus, lenient::StringOrNumber};

/// An optional text in `Debug`: `None`, or `Some` of the text as sent when it is
/// a plain token, withheld otherwise.
pub(crate) fn text(value: &Option<String>) -> Option<ShownStatus<'_>> {
    value.as_deref().map(ShownStatus)
}

/// An optional number-or-text in `Debug`: a number as sent, a text as [`text`]
/// shows it.
pub(crate) fn code(value: &Option<StringOrNumber>) -> Option<ShownCode<'_>> {
    value.as_ref().map(ShownCode)
}

/// See [`code`].
pub(crate) struct ShownCode<'a>(&'a StringOrNumber);

impl fmt::Debug for ShownCode<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            StringOrNumber::Text(text) => f.debug_tuple("Text").field(&ShownStatus(text)).finish(),
            number => fmt::Debug::fmt(number, f),
        }
    }
}
