//! A number a provider sends (an id, a count, a score, an amount), shown unless
//! its digits make a card number, an IBAN or a BSN (check digits tell them apart).

use std::fmt;

use serde::Serializer;

/// A number in `Debug`: as it is, or withheld when its digits hold a personal
/// number (`4111111111111111` where a stage id, a count or a score goes). For a
/// fraction, its whole part is what is judged (a score `0.93` is shown).
pub struct ShownNumber<T = u64>(pub T);

impl<T: NumberDigits + fmt::Debug> fmt::Debug for ShownNumber<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.holds_personal_number() {
            crate::message::Withheld(&format!("{:?}", self.0)).fmt(f)
        } else {
            self.0.fmt(f)
        }
    }
}

/// The numbers [`ShownNumber`] judges: whether the number's digits make a card
/// number, an IBAN or a BSN.
pub trait NumberDigits: sealed::Sealed {
    /// Whether the number's (whole) digits hold a personal number.
    fn holds_personal_number(&self) -> bool;
}

mod sealed {
    pub trait Sealed {}
}

macro_rules! whole_number_digits {
    ($($kind:ty),*) => {$(
        impl sealed::Sealed for $kind {}
        impl NumberDigits for $kind {
            fn holds_personal_number(&self) -> bool {
                digits_hold_personal_number(&self.to_string())
            }
        }
    )*};
}

whole_number_digits!(u32, i32, u64, i64, u128, i128);

impl sealed::Sealed for f64 {}
impl NumberDigits for f64 {
    fn holds_personal_number(&self) -> bool {
        float_holds_personal_number(*self)
    }
}

/// Whether a whole number's decimal digits (a sign allowed) hold a personal number.
/// Thirteen digits not starting with 4 are none: the only thirteen-digit card
/// numbers are Visa's (4...), and a time stamp in milliseconds has thirteen digits
/// from 2001 to 2286, so one in ten of them would pass the Luhn check.
pub(crate) fn digits_hold_personal_number(digits: &str) -> bool {
    let unsigned = digits.trim_start_matches('-');
    if unsigned.len() == 13 && !unsigned.starts_with('4') {
        return false;
    }
    // A BSN, the shortest, has nine digits.
    unsigned.len() >= 9 && crate::personal_number::holds_personal_number(unsigned)
}

/// Whether a float's whole part holds a personal number (`4111111111111111.0`,
/// a card number sent where a score goes); its fraction is not judged, so a
/// score with nine decimals is no BSN.
pub(crate) fn float_holds_personal_number(value: f64) -> bool {
    let whole = value.trunc().abs();
    // Below 10^8 a whole part has fewer than nine digits.
    value.is_finite() && whole >= 1e8 && digits_hold_personal_number(&format!("{whole:.0}"))
}

/// Whether a JSON number's digits hold a personal number ([`ShownNumber`]'s rule).
pub(crate) fn json_number_holds_personal_number(number: &serde_json::Number) -> bool {
    if let Some(whole) = number.as_u64() {
        whole.holds_personal_number()
    } else if let Some(whole) = number.as_i64() {
        whole.holds_personal_number()
    } else {
        number
            .as_f64()
            .is_some_and(|float| float.holds_personal_number())
    }
}

/// What a number sent as text (`"1657216749097"`) writes: the text, or, under
/// the redacted serialization, `"[redacted]"` when its digits hold a personal
/// number by [`ShownNumber`]'s rule (thirteen digits not starting with 4 are a
/// time in milliseconds, not a card number).
pub fn written_digits(text: &str) -> &str {
    let digits = text.strip_prefix('-').unwrap_or(text);
    if crate::pii::is_redacting()
        && digits.bytes().all(|b| b.is_ascii_digit())
        && digits_hold_personal_number(text)
    {
        crate::pii::REDACTED
    } else {
        text
    }
}

/// Serializes an optional whole number as it is, or, under the redacted
/// serialization ([`to_redacted_json`](crate::to_redacted_json)), as
/// `"[redacted]"` when its digits hold a personal number (`ShownNumber`'s rule);
/// for `#[serde(serialize_with)]`. [`to_redacted_json`](crate::to_redacted_json)
/// applies that rule to every number it writes, so this only matters to another
/// serializer run inside it.
pub fn opt_u64<S: Serializer>(value: &Option<u64>, serializer: S) -> Result<S::Ok, S::Error> {
    match value {
        Some(number) if crate::pii::is_redacting() && number.holds_personal_number() => {
            serializer.serialize_str(crate::pii::REDACTED)
        }
        Some(number) => serializer.serialize_u64(*number),
        None => serializer.serialize_none(),
    }
}

#[cfg(test)]
mod tests {
    use super::ShownNumber;

    #[test]
    fn numbers_whose_digits_make_a_card_number_or_bsn_are_withheld_in_debug() {
        assert_eq!(
            format!("{:?}", ShownNumber(4_111_111_111_111_111_u64)),
            "[withheld: 16 chars]"
        );
        assert_eq!(
            format!("{:?}", ShownNumber(-4_111_111_111_111_111_i64)),
            "[withheld: 17 chars]"
        );
        assert_eq!(
            format!("{:?}", ShownNumber(123_456_782_u32)),
            "[withheld: 9 chars]"
        );
        assert_eq!(
            format!("{:?}", ShownNumber(4_111_111_111_111_111.0_f64)),
            "[withheld: 18 chars]"
        );
        assert_eq!(
            format!("{:?}", ShownNumber(0.123_456_782_f64)),
            "0.123456782"
        );
        assert_eq!(format!("{:?}", ShownNumber(3_u64)), "3");
        assert_eq!(
            format!("{:?}", ShownNumber(1_733_000_000_i64)),
            "1733000000"
        );
        assert_eq!(format!("{:?}", ShownNumber(f64::NAN)), "NaN");
        // A time stamp in milliseconds that passes the Luhn check; a Visa number
        // of thirteen digits does not get through.
        assert_eq!(
            format!("{:?}", ShownNumber(1_579_219_711_118_u64)),
            "1579219711118"
        );
        assert_eq!(
            format!("{:?}", ShownNumber(4_222_222_222_222_u64)),
            "[withheld: 13 chars]"
        );
    }
}
