//! A number a provider sends where an id or a count goes, shown unless its
//! digits make a card number, an IBAN or a BSN (check digits tell them apart).

use std::fmt;

use serde::Serializer;

/// A whole number in `Debug`: as it is, or withheld when its digits hold a
/// personal number (`4111111111111111` where a stage id goes).
pub struct ShownNumber(pub u64);

impl fmt::Debug for ShownNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let digits = self.0.to_string();
        if crate::personal_number::holds_personal_number(&digits) {
            crate::message::Withheld(&digits).fmt(f)
        } else {
            f.write_str(&digits)
        }
    }
}

/// Serializes an optional whole number as it is, or, under the redacted
/// serialization ([`to_redacted_json`](crate::to_redacted_json)), as
/// `"[redacted]"` when its digits hold a personal number (`ShownNumber`'s rule);
/// for `#[serde(serialize_with)]`.
pub fn opt_u64<S: Serializer>(value: &Option<u64>, serializer: S) -> Result<S::Ok, S::Error> {
    match value {
        Some(number)
            if crate::pii::is_redacting()
                && crate::personal_number::holds_personal_number(&number.to_string()) =>
        {
            serializer.serialize_str(crate::pii::REDACTED)
        }
        Some(number) => serializer.serialize_u64(*number),
        None => serializer.serialize_none(),
    }
}
