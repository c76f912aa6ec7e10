//! `txstatus_core::mask_document`: the raw document against a typed model's
//! redacted JSON. Input: two JSON documents separated by a 0xFF byte (the second
//! defaults to a Persona transaction decoded from the first, redacted).
#![no_main]

use libfuzzer_sys::fuzz_target;
use serde_json::Value;
use txstatus_core::{mask_document, to_redacted_json};

fuzz_target!(|data: &[u8]| {
    let split = data.iter().position(|&b| b == 0xFF).unwrap_or(data.len());
    let (raw, typed) = data.split_at(split);
    let Ok(raw_value) = serde_json::from_slice::<Value>(raw) else {
        return;
    };
    let typed = match serde_json::from_slice::<Value>(typed.get(1..).unwrap_or_default()) {
        Ok(typed) => typed,
        Err(_) => match serde_json::from_slice::<persona_tx::Transaction>(raw) {
            Ok(transaction) => to_redacted_json(&transaction).unwrap_or(Value::Null),
            Err(_) => raw_value.clone(),
        },
    };
    let _ = mask_document(&raw_value, &typed);
});
