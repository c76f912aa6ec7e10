//! [`UnknownValue`]: what an `open_enum!` keeps of a value it does not know.

use crate::short_text::short_text_type;

short_text_type!(
    /// A provider value this version does not know, kept exactly as sent. It reads
    /// as a `&str` (it derefs to one) and `Display`s as the text; values of up to
    /// 22 bytes are kept in place, so decoding one does not allocate.
    ///
    /// `Debug` shows it only when it is a plain token (`[A-Za-z0-9_.:-]`, at most
    /// 64 characters) or empty, as `TxStatus` does, so `Unknown("REFUNDED")`
    /// prints as sent: where a code was expected a provider may send any text, a
    /// name or a sentence included, and every `open_enum!`'s `Debug` goes
    /// through this one.
    UnknownValue,
    22,
    own_debug
);

impl std::fmt::Debug for UnknownValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        crate::message::ShownToken(self.as_str(), crate::message::MAX_CODE_CHARS).fmt(f)
    }
}

#[cfg(test)]
mod tests {
    use super::UnknownValue;

    #[test]
    fn an_unknown_value_reads_prints_and_compares_as_its_text() {
        for text in [
            "selfie_video",
            "",
            &"long value ".repeat(10),
            "Jan de Vries",
        ] {
            let value = UnknownValue::from(text);
            assert_eq!(value.as_str(), text);
            assert_eq!(&*value, text);
            assert_eq!(value, text);
            assert_eq!(format!("{value}"), text);
            assert_eq!(String::from(value.clone()), text);
            assert_eq!(value, UnknownValue::from(text.to_owned()));
        }
    }

    #[test]
    fn an_unknown_value_is_shown_in_debug_only_when_it_is_a_plain_token() {
        for token in ["REFUNDED", "selfie_video", "v2.needs-review:x", ""] {
            assert_eq!(
                format!("{:?}", UnknownValue::from(token)),
                format!("{token:?}")
            );
        }
        for text in [
            "Jan de Vries",
            "jan@example.com",
            "a\u{202E}b",
            &"x".repeat(65),
        ] {
            let shown = format!("{:?}", UnknownValue::from(text));
            assert!(!shown.contains(text), "{shown}");
            assert!(shown.contains("withheld"), "{shown}");
        }
    }
}
