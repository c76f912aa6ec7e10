//! The few primitives provider authentication needs, on the ring already linked for TLS.
//!
//! Providers use these instead of adding their own crypto crates, so a provider
//! crate compiles nothing beyond txstatus-core for its signatures.

use base64::{
    Engine as _, alphabet,
    engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig},
};
use ring::hmac;

/// HMAC-SHA256 of `message` under `key`.
pub fn hmac_sha256(key: &[u8], message: &[u8]) -> [u8; 32] {
    let key = hmac::Key::new(hmac::HMAC_SHA256, key);
    let tag = hmac::sign(&key, message);
    let mut out = [0u8; 32];
    for (slot, byte) in out.iter_mut().zip(tag.as_ref()) {
        *slot = *byte;
    }
    out
}

/// Checks an HMAC-SHA256 tag in constant time.
///
/// Always `false` under a blank key (empty or whitespace only,
/// [`is_blank_secret`](crate::webhook::is_blank_secret)): anyone can sign with
/// such a key, so a tag under it proves nothing.
pub fn verify_hmac_sha256(key: &[u8], message: &[u8], tag: &[u8]) -> bool {
    if crate::webhook::is_blank_secret(key) {
        return false;
    }
    let key = hmac::Key::new(hmac::HMAC_SHA256, key);
    hmac::verify(&key, message, tag).is_ok()
}

/// Encodes without padding, as JWTs and CM's webhook tokens use it; decodes with
/// or without padding (never more than canonical), and refuses non-zero trailing
/// bits so that one byte string has one spelling (a signature or token cannot be
/// re-spelled and still compare equal once decoded).
const CONFIG: GeneralPurposeConfig = GeneralPurposeConfig::new()
    .with_encode_padding(false)
    .with_decode_padding_mode(DecodePaddingMode::Indifferent);
/// RFC 4648 §5 (`-`, `_`).
const URL_SAFE: GeneralPurpose = GeneralPurpose::new(&alphabet::URL_SAFE, CONFIG);
/// RFC 4648 §4 (`+`, `/`), still accepted on decode: some senders use it.
const STANDARD: GeneralPurpose = GeneralPurpose::new(&alphabet::STANDARD, CONFIG);

/// Base64url without padding (RFC 4648 §5), as JWTs use it.
pub fn base64url_encode(input: &[u8]) -> String {
    URL_SAFE.encode(input)
}

/// Decodes base64url, or standard base64 (`+`, `/`), with or without padding.
///
/// `None` on any character outside the alphabet (whitespace included), on a
/// mix of both alphabets in one input, on padding that is not canonical (`Zg===`,
/// `=` after a whole group), on a length no encoder produces (one character past
/// a group of four), and on non-zero bits after the last byte (`Zh` for `Zg`):
/// each of those is a string no encoder writes, so a signature or token spelled
/// that way is refused rather than read as something it does not say.
pub fn base64url_decode(input: &str) -> Option<Vec<u8>> {
    let engine = if input.bytes().any(|b| b == b'+' || b == b'/') {
        &STANDARD
    } else {
        &URL_SAFE
    };
    engine.decode(input).ok()
}

// Hex stays hand-written: no hex crate is in the tree, and a new dependency for
// these thirty lines would not earn its place.

/// Lower-case hex.
pub fn hex_encode(input: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(input.len().saturating_mul(2));
    for byte in input {
        for nibble in [byte >> 4, byte & 0x0f] {
            if let Some(&c) = DIGITS.get(usize::from(nibble)) {
                out.push(char::from(c));
            }
        }
    }
    out
}

/// Decodes hex (either case); `None` on odd length or a non-hex character.
pub fn hex_decode(input: &str) -> Option<Vec<u8>> {
    if !input.len().is_multiple_of(2) {
        return None;
    }
    let digit = |c: u8| -> Option<u8> {
        match c {
            b'0'..=b'9' => Some(c.wrapping_sub(b'0')),
            b'a'..=b'f' => Some(c.wrapping_sub(b'a').wrapping_add(10)),
            b'A'..=b'F' => Some(c.wrapping_sub(b'A').wrapping_add(10)),
            _ => None,
        }
    };
    input
        .as_bytes()
        .chunks(2)
        .map(|pair| match pair {
            [hi, lo] => Some((digit(*hi)? << 4) | digit(*lo)?),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hmac_matches_rfc4231_case_2() {
        let tag = hmac_sha256(b"Jefe", b"what do ya want for nothing?");
        assert_eq!(
            hex_encode(&tag),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
        assert!(verify_hmac_sha256(
            b"Jefe",
            b"what do ya want for nothing?",
            &tag
        ));
    }

    #[test]
    fn a_tag_under_an_empty_or_blank_key_never_verifies() {
        for key in ["", " ", "\t\n  "] {
            let tag = hmac_sha256(key.as_bytes(), b"forged body");
            assert!(
                !verify_hmac_sha256(key.as_bytes(), b"forged body", &tag),
                "{key:?}"
            );
        }
    }

    #[test]
    fn base64url_round_trips_every_length() {
        for len in 0..40u8 {
            let data: Vec<u8> = (0..len).map(|i| i.wrapping_mul(37)).collect();
            assert_eq!(base64url_decode(&base64url_encode(&data)).unwrap(), data);
        }
        assert_eq!(
            base64url_encode(b"{\"alg\":\"HS256\"}"),
            "eyJhbGciOiJIUzI1NiJ9"
        );
    }

    #[test]
    fn base64url_decodes_with_or_without_canonical_padding() {
        for input in ["Zg", "Zg=", "Zg=="] {
            assert_eq!(base64url_decode(input).unwrap(), b"f", "{input}");
        }
        assert_eq!(base64url_decode("Zm8=").unwrap(), b"fo");
        assert_eq!(base64url_decode("").unwrap(), b"");
        for input in ["Zg===", "Zm9v=", "Zm9v====", "=", "Z=g", "Zm9v=Zm9v"] {
            assert!(base64url_decode(input).is_none(), "{input}");
        }
    }

    #[test]
    fn base64url_decode_accepts_the_standard_alphabet_but_not_a_mix() {
        assert_eq!(base64url_decode("-_8").unwrap(), vec![0xfb, 0xff]);
        assert_eq!(base64url_decode("+/8").unwrap(), vec![0xfb, 0xff]);
        assert_eq!(base64url_decode("+/8=").unwrap(), vec![0xfb, 0xff]);
        assert!(base64url_decode("+_8").is_none());
        assert!(base64url_decode("-/8").is_none());
        assert_eq!(base64url_encode(&[0xfb, 0xff]), "-_8");
    }

    #[test]
    fn base64url_decode_refuses_characters_outside_the_alphabet() {
        for input in ["Zg!", "Z g", "Zm9v\n", "Zm9v.", "Zm9v\u{e9}", "eyJ.eyJ"] {
            assert!(base64url_decode(input).is_none(), "{input:?}");
        }
    }

    #[test]
    fn base64url_decode_refuses_spellings_no_encoder_writes() {
        // Non-zero bits after the last byte: `Zh` would otherwise read as `Zg`.
        for input in ["Zh", "Zh==", "Zm9", "Zm/", "AB", "AAB"] {
            assert!(base64url_decode(input).is_none(), "{input}");
        }
        assert_eq!(base64url_decode("Zm8").unwrap(), b"fo");
        // One character past a whole group carries no byte.
        for input in ["Z", "Zm9vZ", "Zm9vZ="] {
            assert!(base64url_decode(input).is_none(), "{input}");
        }
    }

    #[test]
    fn hex_round_trips_and_rejects_garbage() {
        assert_eq!(
            hex_decode(&hex_encode(&[0, 255, 16])).unwrap(),
            vec![0, 255, 16]
        );
        assert!(hex_decode("abc").is_none());
        assert!(hex_decode("zz").is_none());
    }
}
