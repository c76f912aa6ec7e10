//! `transaction` is the document as sent (docs/CLI.md): a number no float holds
//! exactly keeps its digits (written as a string of its text, as the typed models
//! write it), and one past a float's range (`1e400`) no longer makes the CLI drop
//! the document as received and blame its nesting; nor does an escaped surrogate
//! without its other half. Checked on the real binary.
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use crate::support;

use support::*;

const BIG: &str = "123456789012345678901234567890";
const FINE: &str = "0.1000000000000000055511151231257827";

fn body(huge: &str) -> String {
    format!(
        r#"{{"data":{{"id":"txn_Num01","type":"transaction","attributes":{{"status":"completed",
        "score":{BIG},"ratio":{FINE},"reach":{huge},"count":7,"half":0.5,
        "created-at":"2024-03-02T10:15:00.000Z"}}}}}}"#
    )
}

#[test]
fn get_shows_every_digit_a_provider_sent() {
    for huge in ["1e400", "-2.5E+99999", "17"] {
        for extra in [&["--json"][..], &[][..]] {
            let fake = Fake::start();
            fake.send(200, &body(huge));
            let mut args = vec!["get", "persona", "txn_Num01", "--show-personal-data"];
            args.extend_from_slice(extra);
            let output = persona_command(&fake, &args).output().unwrap();
            assert_eq!(code(&output), Some(0), "{huge}: {}", stderr(&output));
            let said = stderr(&output);
            assert!(said.is_empty(), "{huge} {extra:?}: {said}");
            let shown = stdout(&output);
            for digits in [BIG, FINE, huge] {
                assert!(
                    shown.contains(digits),
                    "{huge} {extra:?}: {digits} in {shown}"
                );
            }
            assert!(!shown.contains("e+29"), "{huge} {extra:?}: {shown}");
            if extra == ["--json"] {
                let report: serde_json::Value = serde_json::from_str(&shown).unwrap();
                let attributes = &report["transaction"]["data"]["attributes"];
                assert_eq!(attributes["score"], BIG, "{shown}");
                assert_eq!(attributes["ratio"], FINE, "{shown}");
                assert_eq!(attributes["count"], 7, "{shown}");
                assert_eq!(attributes["half"], 0.5, "{shown}");
            }
        }
    }
}

#[test]
fn a_number_past_a_float_is_masked_like_any_unknown_member_not_a_fallback() {
    let fake = Fake::start();
    fake.send(200, &body("1e400"));
    let output = persona_command(&fake, &["get", "persona", "txn_Num01", "--json"])
        .output()
        .unwrap();
    assert_eq!(code(&output), Some(0), "{}", stderr(&output));
    assert!(stderr(&output).is_empty(), "{}", stderr(&output));
    let report: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    let attributes = &report["transaction"]["data"]["attributes"];
    for member in ["score", "ratio", "reach", "count"] {
        assert_eq!(attributes[member], "[redacted]", "{member}: {report}");
    }
}

/// An escaped UTF-16 surrogate without its other half (which no JSON reader in
/// Rust takes) in a member the model keeps as sent: the document is still shown
/// as received, that one character as U+FFFD, and stderr does not blame nesting.
#[test]
fn a_lone_surrogate_costs_one_character_not_the_document() {
    let body = r#"{"data":{"id":"txn_Num01","type":"transaction","attributes":{"status":"completed",
        "nick":"a\ud800b","score":12}}}"#;
    let fake = Fake::start();
    fake.send(200, body);
    let output = persona_command(
        &fake,
        &[
            "get",
            "persona",
            "txn_Num01",
            "--json",
            "--show-personal-data",
        ],
    )
    .output()
    .unwrap();
    assert_eq!(code(&output), Some(0), "{}", stderr(&output));
    assert!(stderr(&output).is_empty(), "{}", stderr(&output));
    let report: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    let attributes = &report["transaction"]["data"]["attributes"];
    assert_eq!(attributes["nick"], "a\u{fffd}b", "{report}");
    assert_eq!(attributes["score"], 12, "{report}");
}
