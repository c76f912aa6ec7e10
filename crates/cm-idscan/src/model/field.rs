//! Extracted document fields and the rule that picks one value per field.

use serde::{
    Deserialize, Deserializer, Serialize, Serializer, de::Error as _, ser::SerializeStruct as _,
};
use serde_json::value::RawValue;
use txstatus_core::Pii;
use txstatus_core::provider::ShownStatus;

use super::{Validity, ValueSource};

/// One extracted field in one locale, with the values read from each source.
///
/// A field can appear several times: once without a locale (as printed or
/// encoded) and once per translated locale.
///
/// `Debug` shows the field name and the locale only when each is a plain token,
/// and the values as `[redacted]`.
#[non_exhaustive]
#[derive(Clone, Deserialize, Serialize)]
#[serde(remote = "Self")]
pub struct ExtractedField {
    /// The field name (`document_number`, `given_names`, `nationality`, ...).
    #[serde(serialize_with = "txstatus_core::provider::shown_text::text")]
    pub field: String,
    /// Whether the field passed CM's checks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub validity: Option<Validity>,
    /// The locale of a translated value (`nl-NL`); `null` for the value itself.
    #[serde(default, serialize_with = "txstatus_core::provider::shown_text::opt")]
    pub locale: Option<String>,
    /// The value read from each source.
    #[serde(default, deserialize_with = "txstatus_core::provider::lenient::vec")]
    pub values: Vec<FieldValue>,
}

// Read from an object only: serde's array form would put a `[name, value]`
// pair's personal value in `validity`, which `Debug` and the redacted JSON show.
txstatus_core::provider::object_only!(ExtractedField);

impl std::fmt::Debug for ExtractedField {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ExtractedField")
            .field("field", &ShownStatus(&self.field))
            .field("validity", &self.validity)
            .field("locale", &ShownStatus::optional(&self.locale))
            .field("values", &self.values)
            .finish()
    }
}

/// A value read from one source. Personal data.
///
/// A value sent as a JSON number keeps its text as sent (a document number, a
/// card number or an IBAN's digits past what a float holds exactly, `1.10`):
/// [`FieldValue::text`] gives it and serialization writes it back unchanged;
/// [`FieldValue::value`] holds the number as parsed.
#[non_exhaustive]
#[derive(Clone)]
pub struct FieldValue {
    /// `mrz`, `visual`, or another source.
    pub source: Option<ValueSource>,
    /// The value as CM sent it (usually a string; any JSON is kept). A number
    /// is parsed (a float past 2^53 or 2^64 is rounded; one past a float's
    /// range, `1e400`, is a string of its text): read it with
    /// [`FieldValue::text`], which gives its digits as sent.
    pub value: Option<Pii<serde_json::Value>>,
    /// The text of a number whose parsed form would not write it back as sent.
    number_as_sent: Option<Pii<String>>,
}

impl std::fmt::Debug for FieldValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FieldValue")
            .field("source", &self.source)
            .field("value", &self.value)
            .finish()
    }
}

/// A value as it arrives: the text of `value` kept until it is read.
#[derive(Deserialize)]
struct WireValue {
    #[serde(default)]
    source: Option<ValueSource>,
    #[serde(default)]
    value: Option<Box<RawValue>>,
}

/// Reads a [`WireValue`] from an object only (serde's derive also reads an
/// array, position by position: a value's text would become its `source`).
struct ObjectOnly;

impl<'de> serde::de::Visitor<'de> for ObjectOnly {
    type Value = WireValue;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("struct FieldValue")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<WireValue, A::Error> {
        WireValue::deserialize(serde::de::value::MapAccessDeserializer::new(map))
    }
}

impl<'de> Deserialize<'de> for FieldValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let WireValue { source, value } = deserializer.deserialize_map(ObjectOnly)?;
        let Some(raw) = value else {
            return Ok(Self {
                source,
                value: None,
                number_as_sent: None,
            });
        };
        let text = raw.get().trim();
        // Every number with its digits, an escaped lone surrogate as U+FFFD:
        // valid JSON serde_json's `Value` refuses (`1e400`) does not fail the
        // read. serde_json's message quotes the value: not passed on.
        let parsed = txstatus_core::read_document(text.as_bytes())
            .map_err(|_| D::Error::custom("an extracted value did not read"))?;
        let number_as_sent = match &parsed {
            serde_json::Value::Number(number) if number.to_string() != text => {
                Some(Pii::new(text.to_owned()))
            }
            // A number no float or integer holds, read as its text.
            serde_json::Value::String(_) if !text.starts_with('"') => {
                Some(Pii::new(text.to_owned()))
            }
            _ => None,
        };
        Ok(Self {
            source,
            value: (!parsed.is_null()).then(|| Pii::new(parsed)),
            number_as_sent,
        })
    }
}

impl Serialize for FieldValue {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut state = serializer.serialize_struct("FieldValue", 2)?;
        match &self.source {
            Some(source) => state.serialize_field("source", source)?,
            None => state.skip_field("source")?,
        }
        match &self.number_as_sent {
            // Written back as it came: a number's text, unrounded.
            Some(text) => match RawValue::from_string(text.expose().clone()) {
                Ok(raw) => state.serialize_field("value", &Pii::new(raw))?,
                Err(_) => state.serialize_field("value", &self.value)?,
            },
            None => state.serialize_field("value", &self.value)?,
        }
        state.end()
    }
}

impl FieldValue {
    /// The value as text: strings as they are, numbers as sent and booleans
    /// written out; `None` for `null`, arrays and objects.
    pub fn text(&self) -> Option<Pii<String>> {
        let text = match self.value.as_ref()?.expose() {
            serde_json::Value::String(text) => text.clone(),
            serde_json::Value::Number(number) => match &self.number_as_sent {
                Some(text) => text.expose().clone(),
                None => number.to_string(),
            },
            serde_json::Value::Bool(flag) => flag.to_string(),
            _ => return None,
        };
        Some(Pii::new(text))
    }

    fn is_mrz(&self) -> bool {
        self.source.as_ref() == Some(&ValueSource::Mrz)
    }
}

/// The value chosen for one field, with the entry it came from (for its
/// validity and locale).
#[non_exhaustive]
#[derive(Clone, Copy, Debug)]
pub struct PickedValue<'a> {
    /// The entry the value came from.
    pub entry: &'a ExtractedField,
    /// The chosen value.
    pub value: &'a FieldValue,
}

impl<'a> PickedValue<'a> {
    /// The field name.
    pub fn field(&self) -> &'a str {
        &self.entry.field
    }
}

/// Picks one value for `name` among `entries`: the first `mrz` value of any
/// entry, else the first value of the entry without a locale, else the first
/// value of any entry.
pub(crate) fn pick<'a>(entries: &'a [ExtractedField], name: &str) -> Option<PickedValue<'a>> {
    let named = || entries.iter().filter(move |entry| entry.field == name);
    let first_of = |entry: &'a ExtractedField| {
        entry
            .values
            .first()
            .map(|value| PickedValue { entry, value })
    };
    named()
        .find_map(|entry| {
            entry
                .values
                .iter()
                .find(|value| value.is_mrz())
                .map(|value| PickedValue { entry, value })
        })
        .or_else(|| {
            named()
                .filter(|entry| entry.locale.is_none())
                .find_map(first_of)
        })
        .or_else(|| named().find_map(first_of))
}

/// One picked value per distinct field name, in order of first appearance.
pub(crate) fn pick_all(entries: &[ExtractedField]) -> Vec<PickedValue<'_>> {
    let mut names: Vec<&str> = Vec::new();
    for entry in entries {
        if !names.contains(&entry.field.as_str()) {
            names.push(&entry.field);
        }
    }
    names
        .into_iter()
        .filter_map(|name| pick(entries, name))
        .collect()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    fn entries(json: &str) -> Vec<ExtractedField> {
        serde_json::from_str(json).unwrap()
    }

    fn picked(entries: &[ExtractedField], name: &str) -> String {
        pick(entries, name)
            .unwrap()
            .value
            .text()
            .unwrap()
            .into_exposed()
    }

    #[test]
    fn the_first_mrz_value_wins_even_in_a_later_entry() {
        let e = entries(
            r#"[{"field":"n","locale":"nl-NL","values":[{"source":"visual","value":"loc"}]},
                {"field":"n","locale":null,"values":[{"source":"visual","value":"vis"},{"source":"mrz","value":"mrz"}]}]"#,
        );
        assert_eq!(picked(&e, "n"), "mrz");
    }

    #[test]
    fn without_mrz_the_entry_without_a_locale_wins() {
        let e = entries(
            r#"[{"field":"n","locale":"nl-NL","values":[{"source":"visual","value":"loc"}]},
                {"field":"n","values":[{"source":"visual","value":"plain"}]}]"#,
        );
        assert_eq!(picked(&e, "n"), "plain");
    }

    #[test]
    fn otherwise_the_first_value_wins() {
        let e = entries(
            r#"[{"field":"n","locale":"nl-NL","values":[]},
                {"field":"n","locale":"en-GB","values":[{"source":"chip","value":7}]}]"#,
        );
        assert_eq!(picked(&e, "n"), "7");
        assert!(pick(&e, "missing").is_none());
    }

    #[test]
    fn pick_all_keeps_first_appearance_order() {
        let e = entries(
            r#"[{"field":"b","values":[{"value":"1"}]},{"field":"a","values":[{"value":"2"}]},
                {"field":"b","locale":"nl-NL","values":[{"value":"3"}]}]"#,
        );
        let names: Vec<&str> = pick_all(&e).iter().map(PickedValue::field).collect();
        assert_eq!(names, ["b", "a"]);
    }
}
