//! Personal data a provider puts where an id, a resource type, an amount or a
//! `Retry-After` goes is never printed: ids and types only as plain tokens,
//! figures only when their digits make no card number or BSN.
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use crate::support::*;

const EMAIL: &str = "jane.doe@example.com";
const CARD: &str = "4111111111111111";

fn assert_absent(output: &std::process::Output, values: &[&str]) {
    for text in [stdout(output), stderr(output)] {
        for value in values {
            assert!(!text.contains(value), "{value} leaked: {text}");
        }
    }
}

#[test]
fn list_persona_withholds_item_ids_that_are_not_plain_tokens() {
    for json_flag in [true, false] {
        let fake = Fake::start();
        let page = format!(
            r#"{{"data":[
              {{"id":"{EMAIL}","type":"transaction","attributes":{{"status":"approved","created-at":"2025-01-02T10:00:00.000Z"}}}},
              {{"id":"{CARD}","type":"transaction","attributes":{{"status":"approved","created-at":"2025-01-02T10:00:00.000Z"}}}},
              {{"id":"txn_plain1","type":"transaction","attributes":{{"status":"approved","created-at":"2025-01-02T10:00:00.000Z"}}}}
            ],"links":{{"next":null}}}}"#
        );
        fake.send(200, &page);
        let mut args = vec!["list", "persona"];
        if json_flag {
            args.push("--json");
        }
        let output = persona_command(&fake, &args).output().unwrap();
        assert_eq!(code(&output), Some(0), "{}", stderr(&output));
        assert_eq!(stdout(&output).lines().count(), 3);
        assert!(
            stdout(&output).contains("txn_plain1"),
            "{}",
            stdout(&output)
        );
        assert_absent(&output, &[EMAIL, CARD]);
    }
}

#[test]
fn events_persona_withholds_event_and_transaction_ids_that_are_not_plain_tokens() {
    for json_flag in [true, false] {
        let fake = Fake::start();
        let page = format!(
            r#"{{"data":[{{"id":"{EMAIL}","type":"event","attributes":{{
                "name":"transaction.status-updated","created-at":"2025-01-02T10:00:00.000Z",
                "payload":{{"data":{{"id":"4111 1111 1111 1111","type":"transaction","attributes":{{"status":"approved"}}}}}}
            }}}}],"links":{{"next":null}}}}"#
        );
        fake.send(200, &page);
        let mut args = vec!["events", "persona"];
        if json_flag {
            args.push("--json");
        }
        let output = persona_command(&fake, &args).output().unwrap();
        assert_eq!(code(&output), Some(0), "{}", stderr(&output));
        assert_absent(&output, &[EMAIL, "4111 1111 1111 1111", CARD]);
    }
}

#[test]
fn get_persona_masks_included_ids_and_types_that_are_not_plain_tokens() {
    let fake = Fake::start();
    let body = format!(
        r#"{{"data":{{"id":"txn_1","type":"transaction","attributes":{{"status":"approved","created-at":"2025-01-02T10:00:00.000Z"}},
              "relationships":{{"account":{{"data":{{"type":"{EMAIL}","id":"{CARD}"}}}}}}}},
            "included":[{{"id":"{CARD}","type":"{EMAIL}","attributes":{{"x":1}}}},
                        {{"id":"ver_plain1","type":"verification/government-id","attributes":{{"status":"passed"}}}}]}}"#
    );
    fake.send(200, &body);
    let output = persona_command(&fake, &["get", "persona", "txn_1", "--json"])
        .output()
        .unwrap();
    assert_eq!(code(&output), Some(0), "{}", stderr(&output));
    assert_absent(&output, &[EMAIL, CARD]);
    let shown = stdout(&output);
    assert!(shown.contains("verification/government-id"), "{shown}");
    assert!(shown.contains("ver_plain1"), "{shown}");
}

#[test]
fn get_cm_checkout_withholds_card_numbers_sent_as_amounts_and_ids() {
    let fake = Fake::start();
    fake.send(
        200,
        r#"{"access_token":"eyJhbGciOiJSUzI1NiJ9.learnedaccesstoken12345.c2lnbmF0dXJl","token_type":"Bearer","expires_in":3600}"#,
    );
    let id = "6a1e1c3e-0000-4000-8000-000000000001";
    fake.send(
        200,
        &format!(
            r#"{{"id":"{id}","status":"SUCCESS","amount":"{CARD}","currency":"EUR",
                "orderItems":[{{"code":"c1","quantity":"5500000000000004","unitPrice":"4012888888881881","vatRate":"{CARD}"}}],
                "payments":[{{"id":"{EMAIL}","type":"ideal","status":"SUCCESS"}}]}}"#
        ),
    );
    let output = command(&["get", "cm-checkout", id, "--json"])
        .env("CM_CHECKOUT_CLIENT_ID", "cid")
        .env("CM_CHECKOUT_CLIENT_SECRET", "checkout-secret-QWERTY999")
        .env("CM_CHECKOUT_BASE_URL", &fake.url)
        .output()
        .unwrap();
    assert_eq!(code(&output), Some(0), "{}", stderr(&output));
    assert_absent(
        &output,
        &[CARD, "5500000000000004", "4012888888881881", EMAIL],
    );
    assert!(stdout(&output).contains(id));
}

#[test]
fn a_card_number_in_retry_after_is_not_echoed_in_the_error() {
    for json_flag in [true, false] {
        let fake = Fake::start();
        fake.send_with_headers(429, "{}", &["Retry-After: 4111111111111111"]);
        let mut args = vec!["get", "persona", "txn_1"];
        if json_flag {
            args.push("--json");
        }
        let output = persona_command(&fake, &args).output().unwrap();
        assert_eq!(code(&output), Some(1), "{}", stderr(&output));
        assert!(stdout(&output).is_empty());
        assert_absent(&output, &[CARD]);
    }
}
