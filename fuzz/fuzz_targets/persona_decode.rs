//! Persona decoders: transactions, lists, webhook events, error bodies. Whatever
//! the bytes, decoding and re-serializing (plain and redacted) must not panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use persona_tx::{
    PROVIDER, Transaction, WebhookEvent,
    model::{ErrorBody, TransactionList},
};
use txstatus_core::{RawBody, provider::decode_json_bytes, to_redacted_json};

fuzz_target!(|data: &[u8]| {
    let body = RawBody::new(data.to_vec());
    if let Ok(value) = decode_json_bytes::<Transaction>(PROVIDER, 200, &body) {
        let _ = serde_json::to_vec(&value);
        let _ = to_redacted_json(&value);
        let _ = format!("{value:?}");
        let _ = value.tx_status();
        let _ = value
            .field("name-first")
            .map(|field| (field.text(), field.type_name()));
        for included in value.included() {
            let _ = (included.kind(), included.id());
        }
        let _ = value.accounts().count();
        for verification in value.government_id_verifications() {
            let _ = format!("{verification:?}");
        }
    }
    if let Ok(value) = decode_json_bytes::<TransactionList>(PROVIDER, 200, &body) {
        let _ = to_redacted_json(&value);
    }
    if let Ok(value) = WebhookEvent::from_slice(data) {
        let _ = to_redacted_json(&value);
        let _ = value.transaction();
    }
    let _ = ErrorBody::from_slice(data);
});
