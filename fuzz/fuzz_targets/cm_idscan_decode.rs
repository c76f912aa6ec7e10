//! CM ID Scan decoders: transaction details and results, and the picked values.
#![no_main]

use cm_idscan::{PROVIDER, Transaction, TransactionResult};
use libfuzzer_sys::fuzz_target;
use txstatus_core::{RawBody, provider::decode_json_bytes, to_redacted_json};

fuzz_target!(|data: &[u8]| {
    let body = RawBody::new(data.to_vec());
    if let Ok(value) = decode_json_bytes::<Transaction>(PROVIDER, 200, &body) {
        let _ = value.status();
        let _ = to_redacted_json(&value);
    }
    if let Ok(value) = decode_json_bytes::<TransactionResult>(PROVIDER, 200, &body) {
        let _ = value.status();
        for task in &value.tasks {
            let _ = task.picked();
            let _ = task.fields().len();
            let _ = task.pick("firstName");
        }
        let _ = value.pick("lastName");
        let _ = to_redacted_json(&value);
        let _ = format!("{value:?}");
    }
});
