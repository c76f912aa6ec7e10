//! OneSpan decoders: the transaction and what its accessors compute (times,
//! epoch milliseconds, dates of birth, e-mail lists, the raw events), the
//! verification results and report, erasure answers and webhook notifications.
#![no_main]

use libfuzzer_sys::fuzz_target;
use onespan_tx::{
    DetailedVerificationReport, ErasureResponse, Notification, PROVIDER, Transaction,
    TransactionVerification,
};
use txstatus_core::{RawBody, provider::decode_json_bytes, to_redacted_json};

fuzz_target!(|data: &[u8]| {
    let body = RawBody::new(data.to_vec());
    if let Ok(value) = decode_json_bytes::<Transaction>(PROVIDER, 200, &body) {
        let _ = value.tx_status();
        let _ = serde_json::to_vec(&value);
        let _ = to_redacted_json(&value);
        let _ = format!("{value:?}");
        for time in [&value.created, &value.completed].into_iter().flatten() {
            let _ = time.parsed();
            let _ = time.to_timestamp();
        }
        for user in value.users.iter().flatten() {
            let _ = user.date_of_birth();
            let _ = user
                .emails
                .as_ref()
                .map(|emails| emails.expose().addresses());
        }
        for verification in value.verifications.iter().flatten() {
            if let Some(stamp) = &verification.timestamp {
                let _ = stamp.millis();
                let _ = stamp.to_timestamp();
                let _ = format!("{stamp:?}");
            }
        }
        if let Some(events) = &value.events {
            let _ = events.len();
            let _ = format!("{events:?}");
        }
    }
    if let Ok(value) = decode_json_bytes::<TransactionVerification>(PROVIDER, 200, &body) {
        let _ = to_redacted_json(&value);
        let _ = format!("{value:?}");
    }
    if let Ok(value) = decode_json_bytes::<DetailedVerificationReport>(PROVIDER, 200, &body) {
        let _ = to_redacted_json(&value);
        let _ = format!("{value:?}");
    }
    if let Ok(value) = decode_json_bytes::<ErasureResponse>(PROVIDER, 200, &body) {
        let _ = to_redacted_json(&value);
        let _ = format!("{value:?}");
    }
    if let Ok(value) = Notification::parse(data) {
        let _ = format!("{value:?}");
    }
});
