//! [`UnknownValue`]: what an `open_enum!` keeps of a value it does not know.

use crate::short_text::short_text_type;

short_text_type!(
    /// A provider value this version does not know, kept exactly as sent. It reads
    /// as a `&str` (it derefs to one) and prints as the text (`Debug` as the
    /// text's own, so `Unknown("REFUNDED")` prints as it did when the variant held
    /// a `String`); values of up to 22 bytes are kept in place, so decoding one
    /// does not allocate.
    UnknownValue,
    22
);

#[cfg(test)]
mod tests {
    use super::UnknownValue;

    #[test]
    fn an_unknown_value_reads_prints_and_compares_as_its_text() {
        for text in ["selfie_video", "", &"long value ".repeat(10)] {
            let value = UnknownValue::from(text);
            assert_eq!(value.as_str(), text);
            assert_eq!(&*value, text);
            assert_eq!(value, text);
            assert_eq!(format!("{value}"), text);
            assert_eq!(format!("{value:?}"), format!("{text:?}"));
            assert_eq!(String::from(value.clone()), text);
            assert_eq!(value, UnknownValue::from(text.to_owned()));
        }
    }
}
