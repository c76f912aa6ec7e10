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
/// - a non-null value the typed side does not have (an unknown key) or has as
///   `null` (the model read nothing there: a blank, a value it could not parse)
///   is redacted: what the model did not read may be personal;
/// - an object or array nested deeper than [`MAX_MASK_DEPTH`] is redacted whole
///   (fail closed), so the walk's stack use is bounded whatever the input.
pub fn mask_document(raw: &Value, typed_redacted: &Value) -> Value {
    mask_at(raw, typed_redacted, 0)
}

/// Nesting depth past which [`mask_document`] redacts a container whole instead of
/// walking into it. Provider documents nest a dozen levels at most.
pub const MAX_MASK_DEPTH: usize = 64;

fn mask_at(raw: &Value, typed_redacted: &Value, depth: usize) -> Value {
    if depth >= MAX_MASK_DEPTH && (raw.is_object() || raw.is_array()) {
        return Value::String(REDACTED.to_owned());
    }
    let next = depth.saturating_add(1);
    match (raw, typed_redacted) {
        (Value::Null, _) => Value::Null,
        (_, Value::String(s)) if s == REDACTED => Value::String(REDACTED.to_owned()),
        (Value::Object(raw), Value::Object(typed)) => {
            let mut out = Map::with_capacity(raw.len());
            for (key, value) in raw {
                // A member name that is no plain token (an email address used as
                // a key) is withheld with its value, as the redacted JSON does.
                if !crate::json_writer::shown_key(key) {
                    out.insert(REDACTED.to_owned(), redact_unknown(value));
                    continue;
                }
                let masked = match typed.get(key) {
                    Some(typed_value) => mask_at(value, typed_value, next),
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
                    Some(typed_value) => mask_at(value, typed_value, next),
                    None => redact_unknown(value),
                })
                .collect(),
        ),
        // A number the model read as something else (an epoch time kept as its
        // RFC 3339 text) is shown only when its digits make no personal number,
        // as the redacted JSON writes numbers.
        (Value::Number(number), _)
            if crate::shown_number::json_number_holds_personal_number(number) =>
        {
            Value::String(REDACTED.to_owned())
        }
        // Text the model read as a number (`"+31612345678"` as 31612345678) is
        // shown only when it is the number as written back: anything else the
        // text says besides the figure is not shown.
        (Value::String(text), Value::Number(number)) if *text != number.to_string() => {
            Value::String(REDACTED.to_owned())
        }
        // A scalar the model read as a scalar: it did not mark it personal. Where
        // the model read nothing (`null`), it cannot say, so the value is masked.
        (Value::Bool(_) | Value::Number(_) | Value::String(_), t)
            if !t.is_object() && !t.is_array() && !t.is_null() =>
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

    use serde_json::Value;

    #[test]
    fn a_number_read_as_text_is_withheld_when_it_holds_a_personal_number() {
        let raw = json!({"created": 123_456_782, "completed": 1_657_216_749});
        let typed = json!({"created": "1973-11-29T21:33:02Z", "completed": "2022-07-07T18:05:49Z"});
        assert_eq!(
            super::mask_document(&raw, &typed),
            json!({"created": "[redacted]", "completed": 1_657_216_749})
        );
    }

    #[test]
    fn text_read_as_a_number_is_shown_only_as_that_number() {
        let raw =
            json!({"amount": "1200", "score": "0.5", "phone": "+31612345678", "padded": "007"});
        let typed = json!({"amount": 1200, "score": 0.5, "phone": 31_612_345_678_u64, "padded": 7});
        assert_eq!(
            super::mask_document(&raw, &typed),
            json!({"amount": "1200", "score": "0.5", "phone": "[redacted]", "padded": "[redacted]"})
        );
    }

    #[test]
    fn member_names_that_are_not_plain_tokens_are_withheld_with_their_values() {
        let raw =
            json!({"jane.doe@example.com": "x", "@timestamp": "2024-01-01T00:00:00Z", "a/b": 1});
        let typed = json!({"@timestamp": "2024-01-01T00:00:00Z", "a/b": 1});
        assert_eq!(
            super::mask_document(&raw, &typed),
            json!({"[redacted]": "[redacted]", "@timestamp": "2024-01-01T00:00:00Z", "a/b": 1})
        );
    }

    use super::{MAX_MASK_DEPTH, mask_document};

    /// `[[[ ... "Jane" ... ]]]`, built without recursion.
    fn nested(depth: usize, leaf: Value) -> Value {
        let mut value = leaf;
        for _ in 0..depth {
            value = Value::Array(vec![value]);
        }
        value
    }

    fn depth_of(mut value: &Value) -> usize {
        let mut depth = 0usize;
        while let Some(inner) = value.as_array().and_then(|a| a.first()) {
            value = inner;
            depth = depth.saturating_add(1);
        }
        depth
    }

    #[test]
    fn very_deep_documents_are_masked_on_a_small_stack_and_redacted_past_the_bound() {
        let raw = nested(100_000, json!("Jane"));
        let typed = nested(100_000, json!("Jane"));
        let raw_ref: &'static Value = Box::leak(Box::new(raw));
        let typed_ref: &'static Value = Box::leak(Box::new(typed));
        let masked = std::thread::Builder::new()
            .stack_size(256 * 1024)
            .spawn(move || {
                let masked = mask_document(raw_ref, typed_ref);
                assert_eq!(depth_of(&masked), MAX_MASK_DEPTH);
                assert!(!masked.to_string().contains("Jane"));
                masked
            })
            .unwrap()
            .join()
            .unwrap();
        assert!(masked.is_array());
    }

    #[test]
    fn masks_a_sent_value_the_model_read_as_null_whatever_its_kind() {
        let raw = json!({
            "birthdate": "1990-13-45",
            "name": "  ",
            "age": 41,
            "adult": true,
            "nested": {"email": "jane at example"},
            "list": ["x@y"],
            "gone": null
        });
        let typed = json!({
            "birthdate": null,
            "name": null,
            "age": null,
            "adult": null,
            "nested": {"email": null},
            "list": [null],
            "gone": null
        });
        assert_eq!(
            mask_document(&raw, &typed),
            json!({
                "birthdate": "[redacted]",
                "name": "[redacted]",
                "age": "[redacted]",
                "adult": "[redacted]",
                "nested": {"email": "[redacted]"},
                "list": ["[redacted]"],
                "gone": null
            })
        );
    }

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
