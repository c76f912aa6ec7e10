//! The provider's own document, with personal values masked by the typed model.
//!
//! The typed model knows which values are personal (`Pii`), but drops keys it does
//! not know; the raw body has every key but no types. Walking both together gives
//! the whole document, keys and values as sent, with every non-null value that the
//! typed model redacts (or does not know) written as `"[redacted]"`.

use serde_json::{Map, Value};

use crate::pii::REDACTED;

/// Masks `raw` with `typed_redacted` (the typed model serialized with
/// [`to_redacted_json`](crate::to_redacted_json)).
///
/// - `null` in the raw document stays `null`;
/// - a value the typed side writes as `"[redacted]"` is redacted whole;
/// - objects and arrays are walked key by key and index by index;
/// - a non-null value the typed side does not have (an unknown key) is redacted:
///   what the model does not know may be personal.
pub fn mask_document(raw: &Value, typed_redacted: &Value) -> Value {
    match (raw, typed_redacted) {
        (Value::Null, _) => Value::Null,
        (_, Value::String(s)) if s == REDACTED => Value::String(REDACTED.to_owned()),
        (Value::Object(raw), Value::Object(typed)) => {
            let mut out = Map::with_capacity(raw.len());
            for (key, value) in raw {
                let masked = match typed.get(key) {
                    Some(typed_value) => mask_document(value, typed_value),
                    None => redact_unknown(value),
                };
                out.insert(key.clone(), masked);
            }
            Value::Object(out)
        }
        (Value::Array(raw), Value::Array(typed)) => Value::Array(
            raw.iter()
                .enumerate()
                .map(|(i, value)| match typed.get(i) {
                    Some(typed_value) => mask_document(value, typed_value),
                    None => redact_unknown(value),
                })
                .collect(),
        ),
        // Same kind of scalar on both sides: the model did not mark it personal.
        (Value::Bool(_) | Value::Number(_) | Value::String(_), t)
            if !t.is_object() && !t.is_array() =>
        {
            raw.clone()
        }
        // Shapes disagree (the model read it differently): keep nothing that may be personal.
        _ => redact_unknown(raw),
    }
}

fn redact_unknown(value: &Value) -> Value {
    match value {
        Value::Null => Value::Null,
        _ => Value::String(REDACTED.to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::mask_document;

    #[test]
    fn keeps_keys_and_nulls_and_masks_what_the_model_redacts_or_does_not_know() {
        let raw = json!({
            "id": "t1",
            "status": "approved",
            "name": "Jane",
            "city": null,
            "extra": {"secret": "x"},
            "count": "3",
            "list": [{"email": "a@b"}, {"email": "c@d"}],
            "obj": {"k": 1}
        });
        let typed = json!({
            "id": "t1",
            "status": "approved",
            "name": "[redacted]",
            "count": 3,
            "list": [{"email": "[redacted]"}],
            "obj": "[redacted]"
        });
        assert_eq!(
            mask_document(&raw, &typed),
            json!({
                "id": "t1",
                "status": "approved",
                "name": "[redacted]",
                "city": null,
                "extra": "[redacted]",
                "count": "3",
                "list": [{"email": "[redacted]"}, "[redacted]"],
                "obj": "[redacted]"
            })
        );
    }
}
