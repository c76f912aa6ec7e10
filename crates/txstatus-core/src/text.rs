//! [`Text`]: short text as a provider sent it (an id, a code, a name).

use std::borrow::Borrow;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::{scalar_text::FromText, short_text::short_text_type};

short_text_type!(
    /// Text kept exactly as sent: an id (a UUID, a workflow id), a code, or, as
    /// `Pii<Text>`, a name or a postal code. It reads as a `&str` (it derefs to
    /// one), `Display`s as the text, and serializes as a JSON string. `Debug`
    /// shows it only when it is a plain machine token (an id, a code: 1 to 64
    /// characters of `[A-Za-z0-9_.:-]` holding no card number, IBAN or BSN), as
    /// an unknown enum value is shown: other text where an id goes may be a
    /// name; inside [`Pii`](crate::Pii) it prints `[redacted]` like any
    /// personal value. Text of up to 38 bytes (a UUID is 36) is kept in place:
    /// decoding a record full of short fields does not allocate once per
    /// field, which is most of what a typed decode allocates.
    Text,
    38,
    own_debug
);

impl std::fmt::Debug for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        crate::message::ShownToken(self.as_str(), crate::message::MAX_CODE_CHARS).fmt(f)
    }
}

impl Borrow<str> for Text {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

/// Read as text: a string, or a number or boolean kept as its text (an id sent
/// as a number still decodes).
impl FromText for Text {
    const EXPECTING: &'static str = "a string";

    fn from_text(text: &str) -> Self {
        Self::new(text)
    }

    fn placeholder() -> Option<Self> {
        Some(Self::empty())
    }

    fn set_text(&mut self, text: &str) {
        self.set(text);
    }

    fn from_owned(text: String) -> Self {
        Self::from(text)
    }
}

/// Written as the text; under [`to_redacted_json`](crate::to_redacted_json), only
/// when it is empty or plain machine tokens split by `/` (a product code
/// `SDC4/32GB-2ADP`), else `"[redacted]"`: what its `Debug` withholds (an email
/// or a card number where an id goes) is withheld there too.
impl Serialize for Text {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(crate::provider::shown_text::shown_resource_type(
            self.as_str(),
        ))
    }
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        crate::scalar_text::required(deserializer)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::Text;

    #[test]
    fn text_reads_prints_compares_and_serializes_as_its_text() {
        for text in [
            "84f29725-7b57-4baa-a290-3be937f95ce6",
            "",
            "é∂ unicode",
            &"long id ".repeat(10),
        ] {
            let id = Text::from(text);
            assert_eq!(id.as_str(), text);
            assert_eq!(&*id, text);
            assert_eq!(id, text);
            assert_eq!(format!("{id}"), text);
            assert_eq!(String::from(id.clone()), text);
            assert_eq!(id, Text::from(text.to_owned()));
            assert_eq!(
                serde_json::to_string(&id).unwrap(),
                serde_json::to_string(text).unwrap()
            );
            let back: Text = serde_json::from_str(&serde_json::to_string(text).unwrap()).unwrap();
            assert_eq!(back, id);
        }
    }

    #[test]
    fn debug_shows_a_plain_token_and_withholds_other_text() {
        for token in ["84f29725-7b57-4baa-a290-3be937f95ce6", "", "wfr_ABC.1:2"] {
            assert_eq!(format!("{:?}", Text::from(token)), format!("{token:?}"));
        }
        for text in [
            "Jan Jansen",
            "é∂ unicode",
            "jan@example.com",
            "4111111111111111",
        ] {
            let shown = format!("{:?}", Text::from(text));
            assert!(!shown.contains(text), "{shown}");
        }
    }

    #[test]
    fn text_set_in_place_reads_compares_and_hashes_as_new_text() {
        use std::hash::{BuildHasher, RandomState};

        let hasher = RandomState::new();
        let mut text = Text::empty();
        assert_eq!(text.as_str(), "");
        for next in [
            "a text longer than thirty-eight bytes, kept on the heap",
            "short",
            "84f29725-7b57-4baa-a290-3be937f95ce6",
            "",
            "x",
            "another text longer than thirty-eight bytes, on the heap",
        ] {
            text.set(next);
            assert_eq!(text.as_str(), next);
            assert_eq!(text, Text::new(next));
            assert_eq!(hasher.hash_one(&text), hasher.hash_one(Text::new(next)));
        }
    }

    #[test]
    fn text_sent_as_a_number_is_kept_as_its_text_and_an_object_is_refused() {
        assert_eq!(serde_json::from_str::<Text>("42").unwrap(), "42");
        assert!(serde_json::from_str::<Text>("{}").is_err());
        assert!(serde_json::from_str::<Text>("null").is_err());
    }

    #[test]
    fn personal_text_is_redacted_in_debug_and_redacted_json_and_decodes_like_a_pii_string() {
        use crate::{Pii, scalar_text::Opt};

        #[derive(serde::Serialize)]
        struct Holder {
            name: Pii<Text>,
        }

        for json in [
            "\"Inkwellson\"",
            "\"a name longer than thirty-eight bytes, kept on the heap\"",
            "12345",
            "true",
        ] {
            // As a record's `text` field reads it.
            let read = |json: &str| {
                let text: Opt<Pii<Text>> = serde_json::from_str(json).unwrap();
                let string: Opt<Pii<String>> = serde_json::from_str(json).unwrap();
                (text.0.unwrap(), string.0.unwrap())
            };
            let (text, string) = read(json);
            assert_eq!(text.expose().as_str(), string.expose().as_str());
            assert_eq!(format!("{text:?}"), "[redacted]");
            let holder = Holder { name: text };
            let redacted = crate::to_redacted_json(&holder).unwrap().to_string();
            assert!(
                !redacted.contains(holder.name.expose().as_str()),
                "{redacted}"
            );
        }
        assert!(serde_json::from_str::<Opt<Pii<Text>>>("{}").is_err());
        assert!(
            serde_json::from_str::<Opt<Pii<Text>>>("null")
                .unwrap()
                .0
                .is_none()
        );
    }
}
