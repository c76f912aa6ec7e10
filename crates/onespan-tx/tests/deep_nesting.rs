//! Deeply nested bodies decode to a value or a decode error on a small stack.
#![allow(clippy::unwrap_used, clippy::panic)]

mod hostile;

use serde::de::DeserializeOwned;
use txstatus_core::{ErrorKind, RawBody, decode_json_bytes};

fn survives<T: DeserializeOwned>(
    provider: &'static str,
    fixtures: &'static str,
    prefix: &'static str,
) {
    hostile::on_small_stack(move || {
        for (label, body) in hostile::bodies(&hostile::fixtures(fixtures, prefix)) {
            let result = decode_json_bytes::<T>(provider, 200, &RawBody::new(body.into_bytes()));
            if let Err(error) = result {
                assert!(
                    matches!(error.kind(), ErrorKind::Decode(_)),
                    "{label}: {error}"
                );
            }
        }
    });
}

#[test]
fn transactions_survive_deep_nesting_in_every_member() {
    survives::<onespan_tx::Transaction>(onespan_tx::PROVIDER, "onespan", "");
}
