//! `txstatus_core::read_document` against serde_json: any bytes, read with every
//! number's digits kept. It must refuse what serde_json refuses and read the rest
//! as serde_json reads it, but for numbers (ours keep their digits: a number no
//! float holds exactly is its text) and escaped lone surrogates (ours are U+FFFD,
//! serde_json refuses them).
#![no_main]

#[path = "../../crates/txstatus-core/src/test_util/same_document.rs"]
mod same_document;

use libfuzzer_sys::fuzz_target;
use same_document::same_document;
use serde_json::Value;
use txstatus_core::read_document;

fuzz_target!(|data: &[u8]| {
    let ours = read_document(data);
    let theirs = serde_json::from_slice::<Value>(data);
    match (&ours, &theirs) {
        (Ok(ours), Ok(theirs)) => {
            assert!(
                same_document(ours, theirs),
                "ours {ours:?}, serde_json {theirs:?}"
            )
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
