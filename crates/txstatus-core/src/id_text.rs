//! [`IdText`]: an identifier as a provider sent it (a UUID, a workflow id).

use std::borrow::Borrow;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::{scalar_text::FromText, short_text::short_text_type};

short_text_type!(
    /// An identifier kept exactly as sent. It reads as a `&str` (it derefs to
    /// one), prints as the text (`Debug` as the text's own, as a `String` id
    /// printed), and serializes as a JSON string. Ids of up to 38 bytes (a UUID is
    /// 36) are kept in place: decoding a record full of them does not allocate
    /// once per id, which is most of what a typed decode allocates.
    IdText,
    38
);

impl Borrow<str> for IdText {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

/// Read as text: a string, or a number or boolean kept as its text (an id sent
/// as a number still decodes).
impl FromText for IdText {
    const EXPECTING: &'static str = "a string";

    fn from_text(text: &str) -> Self {
        Self::new(text)
    }

    fn from_owned(text: String) -> Self {
        Self::from(text)
    }
}

impl Serialize for IdText {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for IdText {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        crate::scalar_text::required(deserializer)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::IdText;

    #[test]
    fn an_id_reads_prints_compares_and_serializes_as_its_text() {
        for text in [
            "84f29725-7b57-4baa-a290-3be937f95ce6",
            "",
            "é∂ unicode",
            &"long id ".repeat(10),
        ] {
            let id = IdText::from(text);
            assert_eq!(id.as_str(), text);
            assert_eq!(&*id, text);
            assert_eq!(id, text);
            assert_eq!(format!("{id}"), text);
            assert_eq!(format!("{id:?}"), format!("{text:?}"));
            assert_eq!(String::from(id.clone()), text);
            assert_eq!(id, IdText::from(text.to_owned()));
            assert_eq!(
                serde_json::to_string(&id).unwrap(),
                serde_json::to_string(text).unwrap()
            );
            let back: IdText = serde_json::from_str(&serde_json::to_string(text).unwrap()).unwrap();
            assert_eq!(back, id);
        }
    }

    #[test]
    fn an_id_sent_as_a_number_is_kept_as_its_text_and_an_object_is_refused() {
        assert_eq!(serde_json::from_str::<IdText>("42").unwrap(), "42");
        assert!(serde_json::from_str::<IdText>("{}").is_err());
        assert!(serde_json::from_str::<IdText>("null").is_err());
    }
}
