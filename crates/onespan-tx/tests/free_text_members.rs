//! Text members OneSpan or a verification partner chooses outside the personal
//! ones (an address's country code, a verification result's provider and type):
//! personal data planted in them reaches neither `Debug` nor the redacted JSON,
//! while plain tokens still show and plain serialization keeps them as sent.
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use onespan_tx::{Address, TransactionVerification};
use txstatus_core::to_redacted_json;

const PERSONAL: &[&str] = &[
    "Jan de Vries",
    "jan.devries@example.com",
    "NL91ABNA0417164300",
    "4111 1111 1111 1111",
];

fn shown_and_redacted(planted: &str) -> (String, String, String) {
    let value = serde_json::Value::String(planted.to_owned());
    let address: Address =
        serde_json::from_value(serde_json::json!({"country_code": value})).unwrap();
    let verification: TransactionVerification = serde_json::from_value(serde_json::json!({
        "verificationResults": [{"provider": value, "type": value}]
    }))
    .unwrap();
    (
        format!("{address:?} {address:#?} {verification:?} {verification:#?}"),
        format!(
            "{} {}",
            to_redacted_json(&address).unwrap(),
            to_redacted_json(&verification).unwrap()
        ),
        format!(
            "{} {}",
            serde_json::to_string(&address).unwrap(),
            serde_json::to_string(&verification).unwrap()
        ),
    )
}

#[test]
fn personal_text_in_token_like_members_is_withheld_from_debug_and_redacted_json() {
    for planted in PERSONAL {
        let (shown, redacted, plain) = shown_and_redacted(planted);
        for text in [&shown, &redacted] {
            assert!(!text.contains("Vries"), "{planted}: {text}");
            assert!(!text.contains("NL91"), "{planted}: {text}");
            assert!(!text.contains("4111"), "{planted}: {text}");
        }
        assert_eq!(
            plain
                .matches(&serde_json::to_string(planted).unwrap())
                .count(),
            3,
            "{plain}"
        );
    }
}

#[test]
fn plain_tokens_in_token_like_members_still_show() {
    let (shown, redacted, _) = shown_and_redacted("GB");
    assert_eq!(shown.matches("\"GB\"").count(), 6, "{shown}");
    assert_eq!(redacted.matches("\"GB\"").count(), 3, "{redacted}");
}
