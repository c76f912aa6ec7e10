//! Every text CM hands over can be anything, a name or an email address
//! included, in members the model does not keep as personal data too (ids,
//! field names, locales, times, unknown enum values): `Debug` of the models,
//! of a delivery and of a refusal never shows such a value.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use cm_idscan::{CreatedTransaction, Delivery, Transaction, TransactionResult, parse_delivery};
use serde_json::Value;
use txstatus_core::{RawBody, provider::decode_json_bytes};

/// Values that are personal data (or a credential) whatever member holds them.
const PLANTED: &[&str] = &["Jan de Vries", "jan.devries@example.com", "+31 6 1234 5678"];

fn fixture(name: &str) -> Value {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(format!("{name}.json"));
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

/// Members holding a time: an unparseable time is shown by the core's
/// `LazyTime` (not this crate's to change).
const TIMES: &[&str] = &["created", "expires", "completed", "createdAt", "updatedAt"];

/// `value` with every text member but the times (and numbers or booleans sent
/// as text) replaced by `planted`.
fn plant(value: &mut Value, planted: &str) {
    match value {
        // Numbers and booleans sent as text stay: the model reads them as such.
        Value::String(text)
            if !matches!(text.trim(), "true" | "false") && text.trim().parse::<f64>().is_err() =>
        {
            *text = planted.to_owned();
        }
        Value::Array(items) => items.iter_mut().for_each(|item| plant(item, planted)),
        Value::Object(members) => members
            .iter_mut()
            .filter(|(key, _)| !TIMES.contains(&key.as_str()))
            .for_each(|(_, member)| plant(member, planted)),
        _ => {}
    }
}

fn planted_bodies(name: &str) -> Vec<(String, &'static str)> {
    PLANTED
        .iter()
        .map(|planted| {
            let mut body = fixture(name);
            plant(&mut body, planted);
            (body.to_string(), *planted)
        })
        .collect()
}

fn decode<T: serde::de::DeserializeOwned>(body: &str) -> T {
    decode_json_bytes::<T>("cm-idscan", 200, &RawBody::from(body.as_bytes().to_vec()))
        .unwrap_or_else(|error| panic!("{error}: {body}"))
}

fn assert_hidden(shown: &str, planted: &str, what: &str) {
    assert!(
        !shown.contains(planted),
        "{what} shows {planted:?}:\n{shown}"
    );
}

#[test]
fn transactions_and_results_show_no_text_that_is_not_a_plain_token() {
    for name in ["transaction-details", "transaction-details-completed"] {
        for (body, planted) in planted_bodies(name) {
            let model: Transaction = decode(&body);
            assert_hidden(&format!("{model:?} {model:#?}"), planted, name);
        }
    }
    for name in ["transaction-result", "transaction-result-unknown-shapes"] {
        for (body, planted) in planted_bodies(name) {
            let model: TransactionResult = decode(&body);
            assert_hidden(&format!("{model:?} {model:#?}"), planted, name);
            for task in &model.tasks {
                for picked in task.picked() {
                    assert_hidden(&format!("{picked:?}"), planted, name);
                }
            }
        }
    }
}

#[test]
fn created_transactions_and_deliveries_show_no_text_that_is_not_a_plain_token() {
    for (body, planted) in planted_bodies("create-response") {
        let model: CreatedTransaction = decode(&body);
        assert_hidden(&format!("{model:?} {model:#?}"), planted, "create");
    }
    for (body, planted) in planted_bodies("webhook-delivery-transaction-state-updated") {
        let delivery: Delivery = parse_delivery(body.as_bytes()).unwrap();
        assert_hidden(&format!("{delivery:?} {delivery:#?}"), planted, "delivery");
    }
}
