//! The Persona webhook verifier: the first line is the `Persona-Signature`
//! header, the rest the body. Must not panic, whatever the header.
#![no_main]

use std::time::{Duration, UNIX_EPOCH};

use libfuzzer_sys::fuzz_target;
use persona_tx::WebhookVerifier;
use txstatus_core::SecretString;

fuzz_target!(|data: &[u8]| {
    let split = data.iter().position(|&b| b == b'\n').unwrap_or(data.len());
    let (header, body) = data.split_at(split);
    let body = body.get(1..).unwrap_or_default();
    let Ok(header) = std::str::from_utf8(header) else {
        return;
    };
    let verifier = WebhookVerifier::new(SecretString::from("wbhsec_fuzz"))
        .also_accept(SecretString::from("wbhsec_fuzz_old"));
    for now in [0, 1_709_686_052, u64::MAX / 2] {
        let _ = verifier.verify_event(header, body, UNIX_EPOCH + Duration::from_secs(now));
    }
});
