//! OneSpan decoder: transactions, their times and users.
#![no_main]

use libfuzzer_sys::fuzz_target;
use onespan_tx::{PROVIDER, Transaction};
use txstatus_core::{RawBody, provider::decode_json_bytes, to_redacted_json};

fuzz_target!(|data: &[u8]| {
    let body = RawBody::new(data.to_vec());
    if let Ok(value) = decode_json_bytes::<Transaction>(PROVIDER, 200, &body) {
        let _ = value.tx_status();
        let _ = serde_json::to_vec(&value);
        let _ = to_redacted_json(&value);
        let _ = format!("{value:?}");
    }
});
