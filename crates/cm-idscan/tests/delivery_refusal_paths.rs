//! A delivery that does not read is refused with the JSON path where it
//! failed; a key of the body on that path (any text the sender chose: a name,
//! a birth date, a document number) is not shown by the refusal's `Display` or
//! `Debug`, and a huge or deep body gives a short path.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use cm_idscan::{SecretString, WebhookRefusal, WebhookVerifier};
use txstatus_core::provider::header::{HeaderMap, HeaderValue};

fn headers() -> HeaderMap {
    let mut map = HeaderMap::new();
    map.insert("x-hook-secret", HeaderValue::from_static("hunter2-secret"));
    map
}

fn verifier() -> WebhookVerifier {
    WebhookVerifier::new("X-Hook-Secret", SecretString::from("hunter2-secret"))
}

const PERSONAL_KEYS: &[&str] = &[
    "Jan de Vries",
    "19900101",
    "1990-01-01",
    "NX1234567",
    "NL91ABNA0417164300",
    "4111111111111111",
    "123456782",
];

#[test]
fn a_refused_delivery_shows_no_key_of_the_body() {
    for key in PERSONAL_KEYS {
        for body in [
            format!(r#"{{"{key}": [1, 2, "#),
            format!(r#"{{"id":"1","type":"x","transaction":{{"{key}": {{"a": tru}}}}}}"#),
            format!(r#"{{"id":"1","type":"x","transaction":{{"id":"t","{key}":[}}}}"#),
            format!(r#"{{"{key}": {{"{key}": [{{"{key}": nul"#),
        ] {
            let refusal = verifier().verify(&headers(), body.as_bytes()).unwrap_err();
            assert!(
                matches!(refusal, WebhookRefusal::Malformed { .. }),
                "{body}"
            );
            let shown = format!("{refusal} {refusal:?}");
            assert!(!shown.contains(key), "{key}: {shown}");
        }
    }
}

#[test]
fn a_huge_or_deep_delivery_is_refused_with_a_short_path() {
    let deep = format!("{}{}", r#"{"a":"#.repeat(10_000), "}".repeat(10_000));
    let wide = format!(r#"{{"{}": 1, "id": [}}"#, "k".repeat(1_000_000));
    for body in [deep, wide] {
        let refusal = verifier().verify(&headers(), body.as_bytes()).unwrap_err();
        assert!(
            refusal.to_string().len() < 2_000,
            "{}",
            refusal.to_string().len()
        );
    }
}
