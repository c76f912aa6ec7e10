//! Text in `Debug` that CM or a user hands over outside the personal members.
//!
//! The `notice`, the merchant's `transaction_reference`, ids, the issuer, a
//! `notice_code` sent as text (the core's `StringOrNumber` withholds that one
//! itself): any of them can be any text, a name or an email
//! address included. `Debug` shows each only when it is a plain token (ASCII
//! letters, digits, `_ . : -`, at most 64 characters), as the core's
//! `StatusReport` shows the same notice and `TxStatus` an unknown status.

use txstatus_core::provider::ShownStatus;

/// An optional text in `Debug`: `None`, or `Some` of the text as sent when it is
/// a plain token, withheld otherwise.
pub(crate) fn text(value: &Option<String>) -> Option<ShownStatus<'_>> {
    value.as_deref().map(ShownStatus)
}
