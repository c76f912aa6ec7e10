//! The decode fast path (one UTF-8 check of the whole body, then a parse as
//! text) decides every UTF-8 body exactly as `serde_json::from_slice` does: the
//! same values, the same failures at the same place. A body that is not UTF-8
//! (RFC 8259 requires it) is an error that keeps the body, wherever the bytes sit.
//! One difference, on purpose: a byte order mark before the text is skipped
//! (RFC 8259 lets a parser ignore it), where `from_slice` refuses it.
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
fn the_fast_path_decides_every_utf8_body_as_from_slice_does() {
    for body in bodies()
        .into_iter()
        .filter(|b| std::str::from_utf8(b).is_ok())
    {
        let fast = from_json_slice::<Doc>(&body);
        let slice = serde_json::from_slice::<Doc>(body.strip_prefix(BOM).unwrap_or(&body));
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

const BOM: &[u8] = b"\xef\xbb\xbf";

#[test]
fn a_byte_order_mark_before_the_text_is_skipped_and_nowhere_else() {
    for (body, status) in [
        (b"\xef\xbb\xbf{\"status\":\"bom\"}".to_vec(), "bom"),
        (
            b"\xef\xbb\xbf  {\"status\":\"spaced\",\"count\":2}\n".to_vec(),
            "spaced",
        ),
    ] {
        let doc = decode_json_bytes::<Doc>("test", 200, &RawBody::new(body)).unwrap();
        assert_eq!(doc.status.as_deref(), Some(status));
    }
    // Two marks, a mark after whitespace or inside the document: not JSON.
    for body in [
        b"\xef\xbb\xbf\xef\xbb\xbf{}".to_vec(),
        b" \xef\xbb\xbf{}".to_vec(),
        b"{\xef\xbb\xbf}".to_vec(),
        b"\xef\xbb\xbf".to_vec(),
    ] {
        let error = decode_json_bytes::<Doc>("test", 200, &RawBody::new(body.clone())).unwrap_err();
        assert_eq!(error.body().map(|raw| raw.as_bytes().to_vec()), Some(body));
    }
}

#[test]
fn a_body_that_is_not_utf8_fails_where_the_bytes_are_and_keeps_the_body() {
    let not_text: Vec<Vec<u8>> = bodies()
        .into_iter()
        .filter(|b| std::str::from_utf8(b).is_err())
        .collect();
    assert_eq!(not_text.len(), 3);
    for body in not_text {
        let fast = from_json_slice::<Doc>(&body).unwrap_err();
        // The position and category a `Value` parse reports for the same bytes.
        let value = serde_json::from_slice::<serde_json::Value>(&body).unwrap_err();
        assert_eq!(
            (fast.classify(), fast.line(), fast.column()),
            (value.classify(), value.line(), value.column()),
            "{body:?}"
        );
        let error = decode_json_bytes::<Doc>("test", 200, &RawBody::new(body.clone())).unwrap_err();
        assert_eq!(error.body().map(|raw| raw.as_bytes().to_vec()), Some(body));
    }
}
