//! CM iDIN decoders: status answers (and their outcome), the directory, created
//! transactions.
#![no_main]

use cm_idin::{CreatedTransaction, DirectoryCountry, PROVIDER, StatusResponse};
use libfuzzer_sys::fuzz_target;
use txstatus_core::{RawBody, provider::decode_json_bytes, to_redacted_json};

fuzz_target!(|data: &[u8]| {
    let body = RawBody::new(data.to_vec());
    if let Ok(value) = decode_json_bytes::<StatusResponse>(PROVIDER, 200, &body) {
        let _ = value.has_personal_data();
        let _ = value.tx_status();
        let _ = format!("{:?}", value.outcome());
        let _ = to_redacted_json(&value);
    }
    let _ = decode_json_bytes::<Vec<DirectoryCountry>>(PROVIDER, 200, &body);
    let _ = decode_json_bytes::<CreatedTransaction>(PROVIDER, 200, &body);
});
