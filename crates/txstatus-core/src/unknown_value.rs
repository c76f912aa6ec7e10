//! [`UnknownValue`]: what an `open_enum!` keeps of a value it does not know.

use std::{fmt, ops::Deref};

use crate::short_text::ShortText;

/// A provider value this version does not know, kept exactly as sent. It reads
/// as a `&str` (it derefs to one) and prints as the text; values of up to 22
/// bytes are kept in place, so decoding one does not allocate.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct UnknownValue(ShortText<22>);

impl UnknownValue {
    /// Keeps `text`.
    pub fn new(text: &str) -> Self {
        Self(ShortText::new(text))
    }

    /// The value as sent.
    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }
}

impl Deref for UnknownValue {
    type Target = str;

    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for UnknownValue {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

/// As the text's own `Debug` (`"REFUNDED"`), so `Unknown("REFUNDED")` prints as
/// it did when the variant held a `String`.
impl fmt::Debug for UnknownValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for UnknownValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl From<&str> for UnknownValue {
    fn from(text: &str) -> Self {
        Self::new(text)
    }
}

impl From<String> for UnknownValue {
    fn from(text: String) -> Self {
        Self(ShortText::from_string(text))
    }
}

impl From<UnknownValue> for String {
    fn from(value: UnknownValue) -> Self {
        value.as_str().to_owned()
    }
}

impl PartialEq<str> for UnknownValue {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for UnknownValue {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

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
