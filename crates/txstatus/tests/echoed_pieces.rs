//! A provider echoing a credential in pieces or encoded (split over lines or by
//! zero-width spaces, cut short, hex, base64) gets no piece of it printed, even
//! under `--show-personal-data`: neither the key the CLI was given nor the
//! access token Checkout's client fetched itself.
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use crate::support;

use support::*;

const KEY: &str = "sk_live_Q7wErTy8UiOp3AsDfGh9JkLz";
const TOKEN: &str = "at_Yt5Re4Wq3Po2Iu1Ly9Tk8Jh7Gf6";

/// Base64, URL-safe alphabet, no padding.
fn b64url(text: &str) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::new();
    for chunk in text.as_bytes().chunks(3) {
        let bits = chunk.iter().enumerate().fold(0u32, |bits, (i, byte)| {
            bits | u32::from(*byte) << (16 - 8 * i)
        });
        for i in 0..=chunk.len() {
            out.push(char::from(ALPHABET[(bits >> (18 - 6 * i) & 63) as usize]));
        }
    }
    out
}

fn hex(text: &str) -> String {
    text.bytes().map(|byte| format!("{byte:02x}")).collect()
}

/// Pieces no whole spelling of `secret` matches: every third of it, and its hex
/// cut short.
fn assert_no_piece(secret: &str, what: &str, output: &std::process::Output) {
    let third = secret.len() / 3;
    let pieces = [
        &secret[..third],
        &secret[third..2 * third],
        &secret[2 * third..],
        &hex(secret)[..20],
    ]
    .map(str::to_owned);
    for (stream, text) in [("stdout", stdout(output)), ("stderr", stderr(output))] {
        for piece in &pieces {
            assert!(
                !text.to_lowercase().contains(&piece.to_lowercase()),
                "{what}: {piece} on {stream}: {text}"
            );
        }
    }
}

fn split(secret: &str, separator: &str) -> String {
    let third = secret.len() / 3;
    format!(
        "{}{separator}{}{separator}{}",
        &secret[..third],
        &secret[third..2 * third],
        &secret[2 * third..]
    )
}

#[test]
fn a_persona_key_echoed_in_pieces_is_never_printed() {
    for (details, error_code, request_id) in [
        (split(KEY, "\n"), hex(KEY)[..60].to_owned(), hex(KEY)),
        (split(KEY, "\u{200b}"), KEY[..16].to_owned(), b64url(KEY)),
        (
            format!("key: {}", hex(KEY)),
            b64url(&KEY[4..]),
            KEY[10..].to_owned(),
        ),
    ] {
        let body =
            serde_json::json!({"errors": [{"title": "Bad key", "details": details, "code": error_code}]})
                .to_string();
        for args in [
            &["get", "persona", "txn_1", "--show-personal-data"][..],
            &["get", "persona", "txn_1", "--json", "--show-personal-data"][..],
            &["get", "persona", "txn_1"][..],
        ] {
            let fake = Fake::start();
            fake.send_with_headers(400, &body, &[&format!("Request-Id: {request_id}")]);
            let output = command(args)
                .env("PERSONA_API_KEY", KEY)
                .env("PERSONA_BASE_URL", &fake.url)
                .output()
                .unwrap();
            assert_eq!(code(&output), Some(1), "{}", stderr(&output));
            assert_no_piece(KEY, &args.join(" "), &output);
        }
    }
}

#[test]
fn a_fetched_checkout_token_echoed_encoded_is_never_printed() {
    let token =
        serde_json::json!({"access_token": TOKEN, "expires_in": 3600, "token_type": "Bearer"})
            .to_string();
    let body = serde_json::json!({"message": format!("bad token {}", hex(TOKEN))}).to_string();
    for args in [
        &["get", "cm-checkout", "55555555-5555-4555-8555-555555555555"][..],
        &[
            "get",
            "cm-checkout",
            "55555555-5555-4555-8555-555555555555",
            "--json",
            "--show-personal-data",
        ][..],
    ] {
        let fake = Fake::start();
        fake.send(200, &token);
        fake.send_with_headers(400, &body, &[&format!("X-Request-Id: {}", b64url(TOKEN))]);
        let output = command(args)
            .env("CM_CHECKOUT_CLIENT_ID", "merchant-client")
            .env(
                "CM_CHECKOUT_CLIENT_SECRET",
                "cs_Mn4Bv5Cx6Zl7Kj8Hg9Fd0Sa1Qw2",
            )
            .env("CM_CHECKOUT_BASE_URL", &fake.url)
            .output()
            .unwrap();
        assert_eq!(code(&output), Some(1), "{}", stderr(&output));
        assert!(fake.requests() >= 2, "{}", stderr(&output));
        assert_no_piece(TOKEN, &args.join(" "), &output);
    }
}

#[test]
fn a_document_field_holding_a_piece_of_the_key_is_never_printed_nor_kept() {
    let body = serde_json::json!({"data": {"type": "transaction", "id": "txn_1", "attributes": {
        "status": &KEY[..12],
        "created-at": hex(&KEY[14..28]),
        "reference-id": b64url(&KEY[10..]),
    }}})
    .to_string();
    let file = temp_path("echoed-piece.json");
    let _ = std::fs::remove_file(&file);
    let save = format!("--save-raw={}", file.to_str().unwrap());
    for args in [
        &["get", "persona", "txn_1"][..],
        &["get", "persona", "txn_1", "--json"][..],
        &[
            "get",
            "persona",
            "txn_1",
            "--json",
            "--show-personal-data",
            &save,
        ][..],
    ] {
        let fake = Fake::start();
        fake.send(200, &body);
        let output = command(args)
            .env("PERSONA_API_KEY", KEY)
            .env("PERSONA_BASE_URL", &fake.url)
            .output()
            .unwrap();
        assert_no_piece(KEY, &args.join(" "), &output);
    }
    let kept = std::fs::read_to_string(&file).unwrap();
    for piece in [&KEY[..12], &hex(&KEY[14..28]), &b64url(&KEY[10..])] {
        assert!(!kept.contains(piece), "{piece} kept: {kept}");
    }
    let _ = std::fs::remove_file(&file);
}

/// An HS256 JWT signed with `key`, as ID Scan's client makes one per request.
fn jwt(key: &str) -> String {
    use txstatus_core::crypto::{base64url_encode, hmac_sha256};
    let signed = format!(
        "{}.{}",
        base64url_encode(br#"{"alg":"HS256","typ":"JWT","kid":"key-1"}"#),
        base64url_encode(br#"{"iat":1765065600,"exp":1765065660}"#)
    );
    let signature = base64url_encode(&hmac_sha256(key.as_bytes(), signed.as_bytes()));
    format!("{signed}.{signature}")
}

#[test]
fn a_jwt_signed_with_the_id_scan_key_is_never_printed_nor_kept() {
    const SECRET: &str = "idscan-Secret-7Hq2Lx9Vb4";
    let token = jwt(SECRET);
    let id = "2c2f04a5-44e4-4a83-aa53-1a9fa90c2394";
    let body = serde_json::json!({"id": id, "state": "pending", "echo": token}).to_string();
    let file = temp_path("echoed-jwt.json");
    let _ = std::fs::remove_file(&file);
    let save = format!("--save-raw={}", file.to_str().unwrap());
    for args in [
        &["get", "cm-idscan", id, "--json", "--show-personal-data"][..],
        &["get", "cm-idscan", id, "--show-personal-data", &save][..],
    ] {
        let fake = Fake::start();
        fake.send(200, &body);
        let output = command(args)
            .env("CM_IDSCAN_KEY_ID", "key-1")
            .env("CM_IDSCAN_SECRET", SECRET)
            .env("CM_IDSCAN_BASE_URL", &fake.url)
            .output()
            .unwrap();
        assert_eq!(code(&output), Some(0), "{}", stderr(&output));
        let signature = token.rsplit('.').next().unwrap();
        for text in [stdout(&output), stderr(&output)] {
            assert!(!text.contains(signature), "{text}");
        }
    }
    let kept = std::fs::read_to_string(&file).unwrap();
    assert!(!kept.contains(&token), "{kept}");
    // A JWT signed with another key is the provider's own: shown.
    let other = jwt("another-Key-5Tr8Wq1Zm3");
    let fake = Fake::start();
    fake.send(
        200,
        &serde_json::json!({"id": id, "state": "pending", "echo": other}).to_string(),
    );
    let output = command(&["get", "cm-idscan", id, "--json", "--show-personal-data"])
        .env("CM_IDSCAN_KEY_ID", "key-1")
        .env("CM_IDSCAN_SECRET", SECRET)
        .env("CM_IDSCAN_BASE_URL", &fake.url)
        .output()
        .unwrap();
    assert!(stdout(&output).contains(&other), "{}", stdout(&output));
    let _ = std::fs::remove_file(&file);
}

#[test]
fn a_fetched_checkout_token_echoed_into_the_document_is_never_printed_nor_kept() {
    // A token shaped like nothing the CLI was given: only the transport's
    // report of what it sent tells the scrubber about it.
    const FETCHED: &str = "Qx7Lm2Vb9Nc4Zr8Tk3Wp6Hy1Gd5";
    let id = "3f0c1f0e-6c53-4d6b-9a55-0d1c7d0a4b12";
    let token =
        serde_json::json!({"access_token": FETCHED, "expires_in": 3600, "token_type": "Bearer"})
            .to_string();
    let document = serde_json::json!({
        "id": id,
        "amount": 995,
        "currency": "EUR",
        "status": "OPEN",
        "reference": FETCHED,
        "description": format!("token {}", b64url(FETCHED)),
        "merchantOrderReference": hex(&FETCHED[3..20]),
        "echo": {"seen": FETCHED.to_lowercase()},
    })
    .to_string();
    let file = temp_path("echoed-fetched-token.json");
    let _ = std::fs::remove_file(&file);
    let save = format!("--save-raw={}", file.to_str().unwrap());
    for args in [
        &["get", "cm-checkout", id, "--show-personal-data"][..],
        &[
            "get",
            "cm-checkout",
            id,
            "--json",
            "--show-personal-data",
            &save,
        ][..],
        &["get", "cm-checkout", id, "--json"][..],
    ] {
        let fake = Fake::start();
        fake.send(200, &token);
        fake.send(200, &document);
        let output = command(args)
            .env("CM_CHECKOUT_CLIENT_ID", "merchant-client")
            .env(
                "CM_CHECKOUT_CLIENT_SECRET",
                "cs_Mn4Bv5Cx6Zl7Kj8Hg9Fd0Sa1Qw2",
            )
            .env("CM_CHECKOUT_BASE_URL", &fake.url)
            .output()
            .unwrap();
        assert_eq!(code(&output), Some(0), "{}", stderr(&output));
        assert_eq!(fake.requests(), 2, "{}", stderr(&output));
        assert_no_piece(FETCHED, &args.join(" "), &output);
        assert!(stdout(&output).contains("[redacted]") || !args.contains(&"--show-personal-data"));
    }
    let kept = std::fs::read_to_string(&file).unwrap();
    for piece in [
        &FETCHED[..12],
        &FETCHED[12..],
        &hex(&FETCHED[3..20]),
        &b64url(FETCHED),
    ] {
        assert!(
            !kept.to_lowercase().contains(&piece.to_lowercase()),
            "{piece} kept: {kept}"
        );
    }
    // The document's own values beside it are kept as the provider sent them.
    assert!(
        kept.contains("\"currency\":\"EUR\"") || kept.contains("\"currency\": \"EUR\""),
        "{kept}"
    );
    let _ = std::fs::remove_file(&file);
}
