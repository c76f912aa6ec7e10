//! The outcome, image, erasure and notification models built from the fixtures show
//! no personal value in `Debug` or in redacted JSON.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::fmt::Debug;

use onespan_tx::{
    DetailedVerificationReport, Notification, PROVIDER, TransactionVerification, VerificationImages,
};
use serde::{Serialize, de::DeserializeOwned};
use txstatus_core::RawBody;

const PERSONAL: &[&str] = &[
    "John",
    "Doe",
    "1999-01-01",
    "MyStreet",
    "MyCity",
    "+12345678900",
    "X1234567",
    "192.0.2.15",
    "sfs://",
    "onespanidv",
    "Consent is accepted",
    "dossierId",
    "\"value\"",
];

fn fixture(case: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/fixtures/{case}.json",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

fn assert_hidden<T: Debug + Serialize>(case: &str, value: &T) {
    let debug = format!("{value:?}");
    let redacted = txstatus_core::to_redacted_json(value).unwrap().to_string();
    for personal in PERSONAL {
        assert!(!debug.contains(personal), "{case}: Debug shows {personal}");
        assert!(
            !redacted.contains(personal),
            "{case}: redacted JSON shows {personal}"
        );
    }
}

fn decoded<T: DeserializeOwned>(case: &str) -> T {
    txstatus_core::provider::decode_json_bytes(PROVIDER, 200, &RawBody::new(fixture(case))).unwrap()
}

#[test]
fn outcome_and_image_models_hide_personal_values() {
    for case in ["report-create-verification", "report-mixed-results"] {
        assert_hidden(case, &decoded::<DetailedVerificationReport>(case));
    }
    let case = "verification-results";
    assert_hidden(case, &decoded::<TransactionVerification>(case));
    let case = "images-verification-images";
    assert_hidden(case, &decoded::<VerificationImages>(case));
}

#[test]
fn notifications_hide_personal_values() {
    for case in [
        "notification-transaction-created",
        "notification-consent-accepted",
        "notification-unknown-trigger",
    ] {
        let notification = Notification::parse(&fixture(case)).unwrap();
        assert_hidden(case, &notification);
    }
}
