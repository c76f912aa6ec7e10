//! The decode fast path (one UTF-8 check of the whole body, then a parse as
//! text) decides every body exactly as `serde_json::from_slice` does: the same
//! values, the same failures at the same place, and bytes that are not text
//! inside a member the model skips still decode.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use serde::Deserialize;
use txstatus_core::{RawBody, provider::decode_json_bytes, provider::from_json_slice};

#[derive(Debug, PartialEq, Deserialize)]
struct Doc {
    status: Option<String>,
    count: Option<u32>,
}

fn bodies() -> Vec<Vec<u8>> {
    let mut not_text_in_skipped = br#"{"status":"done","note":""#.to_vec();
    not_text_in_skipped.extend_from_slice(&[0xff, 0xfe, b'x']);
    not_text_in_skipped.extend_from_slice(br#"","count":3}"#);
    let mut not_text_in_kept = br#"{"status":""#.to_vec();
    not_text_in_kept.extend_from_slice(&[b'a', 0xc3]);
    not_text_in_kept.extend_from_slice(br#"","count":3}"#);
    let mut lone_continuation = b"{\"status\":\"ok\"}".to_vec();
    lone_continuation.push(0x80);
    vec![
        br#"{"status":"done","count":3}"#.to_vec(),
        "{\"status\":\"Zoë \\u00e9 ✓\",\"count\":\"3\"}"
            .as_bytes()
            .to_vec(),
        br#"{"status":"\ud800","count":1}"#.to_vec(),
        br#"{"status":"done","count":3"#.to_vec(),
        b"\xef\xbb\xbf{\"status\":\"bom\"}".to_vec(),
        br#"  {"status": null}  "#.to_vec(),
        b"<html>502</html>".to_vec(),
        not_text_in_skipped,
        not_text_in_kept,
        lone_continuation,
        Vec::new(),
    ]
}

#[test]
fn the_fast_path_decides_every_body_as_from_slice_does() {
    for body in bodies() {
        let fast = from_json_slice::<Doc>(&body);
        let slice = serde_json::from_slice::<Doc>(&body);
        match (&fast, &slice) {
            (Ok(a), Ok(b)) => assert_eq!(a, b, "{body:?}"),
            (Err(a), Err(b)) => {
                assert_eq!(a.classify(), b.classify(), "{body:?}");
                assert_eq!((a.line(), a.column()), (b.line(), b.column()), "{body:?}");
            }
            _ => panic!("{body:?}: fast {fast:?}, from_slice {slice:?}"),
        }
    }
}

#[test]
fn bytes_that_are_not_text_in_a_skipped_member_still_decode() {
    let body = &bodies()[7];
    assert!(std::str::from_utf8(body).is_err());
    let doc: Doc = decode_json_bytes("test", 200, &RawBody::new(body.clone())).unwrap();
    assert_eq!(doc.status.as_deref(), Some("done"));
    assert_eq!(doc.count, Some(3));
}

#[test]
fn bytes_that_are_not_text_in_a_kept_string_fail_with_the_body_kept() {
    let body = bodies()[8].clone();
    let error = decode_json_bytes::<Doc>("test", 200, &RawBody::new(body.clone())).unwrap_err();
    assert_eq!(error.body().map(|raw| raw.as_bytes().to_vec()), Some(body));
}
