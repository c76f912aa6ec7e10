//! `txstatus_core::read_document` against serde_json: any bytes, read with every
//! number's digits kept. It must refuse what serde_json refuses and read the rest
//! as serde_json reads it, but for numbers (ours keep their digits: a number no
//! float holds exactly is its text) and escaped lone surrogates (ours are U+FFFD,
//! serde_json refuses them).
#![no_main]

use libfuzzer_sys::fuzz_target;
use serde_json::Value;
use txstatus_core::read_document;

fuzz_target!(|data: &[u8]| {
    let ours = read_document(data);
    let theirs = serde_json::from_slice::<Value>(data);
    match (&ours, &theirs) {
        (Ok(ours), Ok(theirs)) => {
            assert!(same(ours, theirs), "ours {ours:?}, serde_json {theirs:?}")
        }
        (Err(_), Err(_)) => {}
        (Ok(_), Err(error)) => assert!(
            knowingly_more(data, &error.to_string()),
            "read: {ours:?}, serde_json: {error}"
        ),
        (Err(error), Ok(_)) => panic!("refused: {error}, serde_json read it: {theirs:?}"),
    }
});

/// serde_json refuses what `read_document` reads on purpose: an escaped lone
/// surrogate (the document with every escaped surrogate written as U+FFFD must
/// then read), a number past `f64`'s range.
fn knowingly_more(data: &[u8], error: &str) -> bool {
    if error.starts_with("number out of range") {
        return true;
    }
    let replaced = surrogates_replaced(data);
    replaced != data
        && match serde_json::from_slice::<Value>(&replaced) {
            Ok(_) => true,
            Err(error) => error.to_string().starts_with("number out of range"),
        }
}

/// `data` with every `\uD800`-`\uDFFF` escape written `\uFFFD`.
fn surrogates_replaced(data: &[u8]) -> Vec<u8> {
    let mut out = data.to_vec();
    let mut at = 0;
    while let Some(window) = out.get(at..at + 6) {
        if window.first() == Some(&b'\\')
            && window.get(1) == Some(&b'u')
            && matches!(window.get(2), Some(b'd' | b'D'))
            && matches!(window.get(3), Some(b'8'..=b'9' | b'a'..=b'f' | b'A'..=b'F'))
            && window.iter().skip(4).all(u8::is_ascii_hexdigit)
        {
            out.splice(at..at + 6, *b"\\ufffd");
            at += 6;
        } else {
            at += 1;
        }
    }
    out
}

/// Equal, but for numbers: serde_json (without `float_roundtrip`) may read a
/// float's last bit differently, and a number no float holds exactly is ours as
/// its text.
fn same(ours: &Value, theirs: &Value) -> bool {
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
            a.len() == b.len() && a.iter().zip(b).all(|(a, b)| same(a, b))
        }
        (Value::Object(a), Value::Object(b)) => {
            a.len() == b.len()
                && a.iter()
                    .all(|(key, a)| b.get(key).is_some_and(|b| same(a, b)))
        }
        _ => ours == theirs,
    }
}
