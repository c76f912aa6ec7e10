//! Whether [`read_document`](crate::read_document)'s reading of a body is
//! serde_json's, but for numbers: serde_json (without `float_roundtrip`) may
//! read a float's last bit differently (`3e25`), and a number no float holds
//! exactly is read as its text. The core's tests and the `read_document` fuzz
//! target include this file by path.

use serde_json::Value;

/// `ours` (read_document's) and `theirs` (serde_json's) are the same document.
pub fn same_document(ours: &Value, theirs: &Value) -> bool {
    let close = |a: f64, b: f64| a == b || (a - b).abs() <= b.abs() * 1e-15;
    match (ours, theirs) {
        (Value::Number(a), Value::Number(b)) => match (a.as_f64(), b.as_f64()) {
            (Some(a), Some(b)) => close(a, b),
            _ => a == b,
        },
        (Value::String(text), Value::Number(b)) => text
            .parse::<f64>()
            .is_ok_and(|a| b.as_f64().is_some_and(|b| close(a, b))),
        (Value::Array(a), Value::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(a, b)| same_document(a, b))
        }
        (Value::Object(a), Value::Object(b)) => {
            a.len() == b.len()
                && a.iter()
                    .all(|(key, a)| b.get(key).is_some_and(|b| same_document(a, b)))
        }
        _ => ours == theirs,
    }
}
