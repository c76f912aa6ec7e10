//! A document read as sent (`read_document`, behind `StatusReport::document_json`
//! and the CLI's `transaction`) keeps every number's digits, and refuses exactly
//! what a JSON reader refuses.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "../src/test_util/same_document.rs"]
mod same_document;

use same_document::same_document;
use serde_json::{Value, json};
use txstatus_core::read_document;

#[test]
fn numbers_no_integer_or_float_holds_keep_their_digits_as_text() {
    let body = br#"{"big": 123456789012345678901234567890, "fine": 0.1000000000000000055511151231257827,
        "huge": 1e400, "tiny": -1E-400, "past_u64": 18446744073709551616, "below_i64": -9223372036854775809,
        "u": 18446744073709551615, "i": -9223372036854775808, "f": 20.5, "g": 2.05e1, "z": -0, "one": 1.0,
        "nested": [1, [2.5, {"n": 99999999999999999999}]], "text": "12 -3 1e400 \"4\" \\5"}"#;
    let value = read_document(body).unwrap();
    assert_eq!(
        value,
        json!({
            "big": "123456789012345678901234567890",
            "fine": "0.1000000000000000055511151231257827",
            "huge": "1e400",
            "tiny": "-1E-400",
            "past_u64": "18446744073709551616",
            "below_i64": "-9223372036854775809",
            "u": 18446744073709551615u64,
            "i": -9223372036854775808i64,
            "f": 20.5,
            "g": 20.5,
            "z": -0.0,
            "one": 1.0,
            "nested": [1, [2.5, {"n": "99999999999999999999"}]],
            "text": "12 -3 1e400 \"4\" \\5",
        })
    );
}

#[test]
fn documents_a_float_or_an_integer_holds_read_as_serde_json_reads_them() {
    for body in [
        r#"{"a": [1, -2, 3.5, 1e3, -0.25, true, false, null, "x\"y", {}], "b": {"c": [[]]}}"#,
        r#"[0, 10, 4503599627370496, 0.5e-3, 7E+2]"#,
        r#"  "only a string"  "#,
        "12",
        r#"{"a": 1, "a": 2}"#,
        r#"{"key with 3 digits \u0031": -7}"#,
    ] {
        let expected: Value = serde_json::from_str(body).unwrap();
        assert_eq!(read_document(body.as_bytes()).unwrap(), expected, "{body}");
    }
}

#[test]
fn what_a_json_reader_refuses_is_refused() {
    for body in [
        "",
        " ",
        "01",
        "-",
        "1.",
        ".5",
        "+1",
        "1e",
        "1e+",
        "1-2",
        "1e5e5",
        "--1",
        "00",
        "-01.5",
        "[1,]",
        "[01]",
        r#"{"a": 1"#,
        r#"{"a" 1}"#,
        "tru1",
        "nul",
        "[1 2]",
        r#""unclosed"#,
        r#"{"a": "\"}"#,
        "1 2",
        "[1]x",
    ] {
        refused(body.as_bytes());
    }
    refused(b"{\"a\": \"\xff\"}");
}

fn refused(bytes: &[u8]) {
    {
        let body = String::from_utf8_lossy(bytes);
        assert!(read_document(bytes).is_err(), "accepted {body:?}");
        assert!(serde_json::from_slice::<Value>(bytes).is_err(), "{body:?}");
    }
}

#[test]
fn every_cut_and_every_one_byte_change_of_a_document_reads_as_serde_json_reads_it() {
    let body = br#"{"id": "tx_1", "n": [1, -2, 3.25, 0, 1e2], "s": "a\"b\\c", "o": {"t": true, "f": null}}"#;
    let replacements = b"0-+.eE\"\\{}[],: x19";
    let mut variants: Vec<Vec<u8>> = (0..=body.len()).map(|cut| body[..cut].to_vec()).collect();
    for at in 0..body.len() {
        for &byte in replacements {
            let mut changed = body.to_vec();
            changed[at] = byte;
            variants.push(changed);
        }
    }
    for variant in variants {
        let ours = read_document(&variant);
        let theirs = serde_json::from_slice::<Value>(&variant);
        match (&ours, &theirs) {
            (Ok(ours), Ok(theirs)) => assert!(
                same_document(ours, theirs),
                "{}: ours {ours:?}, serde_json {theirs:?}",
                String::from_utf8_lossy(&variant)
            ),
            (Err(_), Err(_)) => {}
            _ => panic!(
                "{}: ours {ours:?}, serde_json {theirs:?}",
                String::from_utf8_lossy(&variant)
            ),
        }
    }
}

#[test]
fn deep_nesting_is_refused_not_a_crash() {
    for depth in [129usize, 10_000, 1_000_000] {
        let body = format!("{}1{}", "[".repeat(depth), "]".repeat(depth));
        assert!(read_document(body.as_bytes()).is_err(), "{depth}");
        let objects = format!("{}1{}", "{\"a\":".repeat(depth), "}".repeat(depth));
        assert!(read_document(objects.as_bytes()).is_err(), "{depth}");
    }
    let within = format!("{}1{}", "[".repeat(100), "]".repeat(100));
    assert!(read_document(within.as_bytes()).is_ok());
}

#[test]
fn a_long_run_of_digits_is_read_whole() {
    let digits = "7".repeat(1_000_000);
    let body = format!(r#"{{"n": {digits}}}"#);
    assert_eq!(
        read_document(body.as_bytes()).unwrap(),
        json!({ "n": digits })
    );
}

#[test]
fn an_escaped_surrogate_without_its_other_half_is_one_replacement_character() {
    let body = br#"{"a": "x\ud800y", "b": "\udc00", "c": "\ud83d\ude00", "d": "\ud83d", "e": "\ud83d\u0041", "f": "\\ud800", "g": 1.5}"#;
    assert!(serde_json::from_slice::<Value>(body).is_err());
    assert_eq!(
        read_document(body).unwrap(),
        json!({"a": "x\u{fffd}y", "b": "\u{fffd}", "c": "\u{1f600}", "d": "\u{fffd}", "e": "\u{fffd}A", "f": "\\ud800", "g": 1.5})
    );
    assert_eq!(
        read_document(br#"{"\udfffkey": 1e400}"#).unwrap(),
        json!({"\u{fffd}key": "1e400"})
    );
    for refused in [
        &br#""\ud800"#[..],
        br#""\u12"#,
        br#""\"#,
        br#""\uZZZZ""#,
        br#""\u+123""#,
    ] {
        assert!(
            read_document(refused).is_err(),
            "{}",
            String::from_utf8_lossy(refused)
        );
    }
}
