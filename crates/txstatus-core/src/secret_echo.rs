//! Whether text a provider sent back, shown beside an error (its code, a request
//! id, its message), echoes a secret in a spelling the search for the secret's
//! whole forms misses: a piece of it (a key cut short, or split over lines, by
//! spaces or by invisible characters), or a piece of it written in hex, base64 or
//! percent-encoding.
//!
//! The text is read as its letters and digits only (ASCII case aside, escapes
//! `\u{..}` left out), and so is what its escapes and encoded runs decode to
//! ([`crate::echo_readings`]); a secret is echoed when one of its pieces of
//! [`PIECE`] letters and digits is in one of those readings. A text that echoes a secret
//! is withheld whole by its callers: which part of it is the secret cannot be
//! told once the pieces are apart.

/// Letters and digits a piece of a secret has: a shorter run is as likely to
/// be a word or an id of the provider's own as a part of the secret.
pub(crate) const PIECE: usize = 10;

/// Different characters a piece needs: a run of a low-entropy value
/// (`0000000000`) is as likely to be part of an id as of the secret.
const PIECE_VARIETY: usize = 5;

/// Fewest letters and digits a secret needs to be looked for at all (the
/// floor the whole-form search uses too).
const MIN_SECRET: usize = 6;

use crate::echo_readings::letters_and_digits;

/// Most bytes of a text read for pieces: what the core shows is shorter (a
/// message is cut at 300 characters, a code at 64); a longer text (an absurd
/// request-id header, a long token the CLI writes) is read this far only, so
/// its readings (each decoded text read again, two levels deep) stay bounded.
/// The search for a secret's whole forms covers the rest.
pub(crate) const MAX_READ: usize = 2048;

/// `text` cut to at most `max` bytes, at a character boundary.
fn head(text: &str, max: usize) -> &str {
    let mut end = max.min(text.len());
    while !text.is_char_boundary(end) {
        end = end.saturating_sub(1);
    }
    text.get(..end).unwrap_or_default()
}

/// What a shown text reads as: its letters and digits, and those of every run
/// of it that decodes to printable text.
pub(crate) struct Echo {
    /// The readings' letters and digits, one after the other, each ended by a
    /// 0 byte (never a letter or a digit, so no piece spans two readings).
    letters: Vec<u8>,
    /// Every piece of every reading, packed, sorted.
    pieces: Vec<u128>,
}

/// A piece's bytes packed in a `u128`: the low [`PIECE`] bytes.
const PIECE_MASK: u128 = (1u128 << (8 * PIECE)) - 1;

impl Echo {
    /// Reads `text` once (its first [`MAX_READ`] bytes); [`Echo::holds`] then
    /// checks each secret.
    pub(crate) fn of(text: &str) -> Self {
        let text = head(text, MAX_READ);
        let mut letters = Vec::with_capacity(text.len().saturating_mul(2));
        crate::echo_readings::read(text, &mut letters);
        let mut pieces = Vec::new();
        rolling_pieces(&letters, |packed, _| {
            pieces.push(packed);
            false
        });
        pieces.sort_unstable();
        pieces.dedup();
        Self { letters, pieces }
    }

    /// Whether one of the readings holds a piece of `secret` (the whole of it,
    /// when it has fewer letters and digits than a piece).
    pub(crate) fn holds(&self, secret: &str) -> bool {
        if self.letters.len() < MIN_SECRET {
            return false;
        }
        let secret = private_part(secret);
        let mut own = Vec::with_capacity(secret.len());
        letters_and_digits(secret, &mut own);
        if own.len() < MIN_SECRET {
            return false;
        }
        if own.len() < PIECE {
            return self.letters.windows(own.len()).any(|run| run == own);
        }
        let kinds = kinds(secret);
        !self.pieces.is_empty()
            && rolling_pieces(&own, |packed, start| {
                self.pieces.binary_search(&packed).is_ok()
                    && random_looking(
                        own.get(start..).unwrap_or_default(),
                        kinds.get(start..).unwrap_or_default(),
                    )
            })
    }
}

/// The part of a secret that is secret: a JWT's signature (its header and
/// claims are public, and any JWT's header reads like any other's), of a
/// credential header (`Bearer <jwt>`) too; any other secret whole.
fn private_part(secret: &str) -> &str {
    let last = secret.split_whitespace().last().unwrap_or(secret);
    let mut segments = last.split('.');
    match (
        segments.next(),
        segments.next(),
        segments.next(),
        segments.next(),
    ) {
        (Some(header), Some(_), Some(signature), None)
            if header.starts_with("eyJ")
                && signature.len() >= PIECE
                && signature
                    .bytes()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_')) =>
        {
            signature
        }
        _ => secret,
    }
}

/// For each of a secret's letters and digits, in order: whether it is a digit,
/// a lower-case or an upper-case letter (another letter counts as lower case).
fn kinds(secret: &str) -> Vec<Kind> {
    let mut out = Vec::with_capacity(secret.len());
    for c in secret.chars() {
        let mut letters = Vec::new();
        letters_and_digits(c.encode_utf8(&mut [0u8; 4]), &mut letters);
        let kind = if c.is_ascii_digit() {
            Kind::Digit
        } else if c.is_uppercase() {
            Kind::Upper
        } else {
            Kind::Lower
        };
        out.extend(std::iter::repeat_n(kind, letters.len()));
    }
    out
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Digit,
    Lower,
    Upper,
}

/// Calls `found` with every run of [`PIECE`] bytes of `bytes` without a 0 in
/// it, packed (and where it starts), until it says yes.
fn rolling_pieces(bytes: &[u8], mut found: impl FnMut(u128, usize) -> bool) -> bool {
    let mut packed = 0u128;
    let mut filled = 0usize;
    for (at, byte) in bytes.iter().enumerate() {
        if *byte == 0 {
            filled = 0;
            continue;
        }
        packed = (packed << 8 | u128::from(*byte)) & PIECE_MASK;
        filled = filled.saturating_add(1);
        if filled >= PIECE && found(packed, at.saturating_add(1).saturating_sub(PIECE)) {
            return true;
        }
    }
    false
}

/// Whether `text` holds one of `secrets`, or a piece of one, in a spelling a
/// provider may echo it in: cut short; split by spaces, line breaks or invisible
/// characters; in another case or in full-width forms; as hex (bytes apart or
/// not, UTF-16 included), base64, base32, percent-encoding or character escapes,
/// one inside another. A piece is 10 letters and digits with 5 different
/// characters and a digit or four capitals among lower-case letters (a run of
/// words is no piece); a secret shorter than that is looked for whole, one of
/// fewer than 6 not at all. A JWT counts by its signature (any JWT's header
/// reads alike).
///
/// What shows a text that does (an error's code, request id or message) should
/// withhold it whole: which part of it is the secret cannot be told.
///
/// ```
/// let key = "sk_live_Q7wErTy8UiOp3AsDfGh9JkLz";
/// assert!(txstatus_core::echoes_secret("key sk_live_Q7\nwErTy8UiOp3", [key]));
/// assert!(txstatus_core::echoes_secret("736b5f6c6976655f5137774572", [key]));
/// assert!(!txstatus_core::echoes_secret("invalid_api_key", [key]));
/// ```
pub fn echoes_secret<'a>(text: &str, secrets: impl IntoIterator<Item = &'a str>) -> bool {
    let echo = Echo::of(text);
    secrets.into_iter().any(|secret| echo.holds(secret))
}

/// Whether the piece starting `piece` (its kinds in `kinds`) is one to look
/// for: [`PIECE_VARIETY`] different characters, and a digit, or four capitals
/// among lower-case letters. A run of letters in one case, or of words in
/// capitals (`tClientSec`: two), is as likely a word the secret happens to hold
/// as a part of it, and a provider's words hold words; a random key's pieces
/// have digits or mixed case (`AbCdEfGhIj`).
fn random_looking(piece: &[u8], kinds: &[Kind]) -> bool {
    let piece = piece.get(..PIECE).unwrap_or(piece);
    let kinds = kinds.get(..PIECE).unwrap_or(kinds);
    let capitals = kinds.iter().filter(|kind| **kind == Kind::Upper).count();
    let mixed = capitals >= 4 && kinds.contains(&Kind::Lower);
    if !kinds.contains(&Kind::Digit) && !mixed {
        return false;
    }
    let mut seen = [0u64; 4];
    let mut different = 0usize;
    for byte in piece {
        let (word, bit) = (usize::from(byte >> 6), byte & 63);
        if let Some(slot) = seen.get_mut(word)
            && *slot & (1 << bit) == 0
        {
            *slot |= 1 << bit;
            different = different.saturating_add(1);
        }
    }
    different >= PIECE_VARIETY
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "sk_live_Q7wErTy8UiOp3AsDfGh9JkLz";

    fn hex(text: &str) -> String {
        text.bytes().map(|byte| format!("{byte:02x}")).collect()
    }

    fn b64url(text: &str) -> String {
        use base64::{Engine as _, engine::general_purpose::URL_SAFE_NO_PAD};
        URL_SAFE_NO_PAD.encode(text)
    }

    #[test]
    fn a_piece_of_a_secret_in_any_spelling_is_an_echo() {
        let key_hex = hex(KEY);
        for shown in [
            KEY.to_owned(),
            KEY.to_uppercase(),
            KEY.get(..16).unwrap().to_owned(),
            KEY.get(12..).unwrap().to_owned(),
            key_hex.clone(),
            key_hex.to_uppercase(),
            key_hex.get(..60).unwrap().to_owned(),
            key_hex.get(1..41).unwrap().to_owned(),
            b64url(KEY),
            b64url(&format!("client:{KEY}")),
            b64url(&format!("x{KEY}")),
            b64url(&format!("xy{KEY}")),
            "sk_live_Q7\nwErTy8UiOp3\nAsDfGh9JkLz".to_owned(),
            "sk_live_Q7\\u{a}wErTy8UiOp3\\u{200b}AsDfGh9JkLz".to_owned(),
            "sk_l ive_ Q7wE rTy8 UiOp 3AsD fGh9 JkLz".to_owned(),
            "key=sk%5Flive%5FQ7wErTy8UiOp3".to_owned(),
            format!("token {}", hex(KEY.get(..14).unwrap())),
            // Spellings a later audit tried.
            key_hex
                .as_bytes()
                .chunks(2)
                .map(|pair| String::from_utf8_lossy(pair).into_owned())
                .collect::<Vec<_>>()
                .join(":"),
            KEY.bytes().map(|byte| format!("&#{byte};")).collect(),
            KEY.bytes().map(|byte| format!("%25{byte:02X}")).collect(),
            KEY.bytes().map(|byte| format!("{byte:04x} ")).collect(),
            b64url(&key_hex),
            hex(&b64url(KEY)),
            KEY.chars().rev().collect(),
            KEY.chars()
                .map(|c| char::from_u32(u32::from(c) + 0xFEE0).unwrap())
                .collect(),
        ] {
            assert!(echoes_secret(&shown, [KEY]), "{shown}");
        }
        // A letters-only key in mixed case.
        let letters = "pk_live_AbCdEfGhIjKlMnOpQrStUvWxYz";
        assert!(echoes_secret("GhIjKlMnOpQrSt", [letters]));
        assert!(echoes_secret(&hex("GhIjKlMnOpQr"), [letters]));
    }

    #[test]
    fn any_jwt_is_no_echo_of_another_jwt_but_its_signature_is() {
        let sent = "Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJrMSJ9.dBjftJeZ4CVPmB92K27uhbUJU1p1r_wW1gFWFOEjXk";
        let other = "expected a JWT like eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.e30.x";
        assert!(!echoes_secret(other, [sent]));
        assert!(echoes_secret("sig dBjftJeZ4CVPmB92K27", [sent]));
    }

    #[test]
    fn ordinary_text_and_ids_are_no_echo() {
        for shown in [
            "unauthorized",
            "invalid_api_key",
            "req_01HZX5T3W9V6Q8N4R2M7K0J5PD",
            "3f2a9c1e-7b4d-4e8a-9c2f-1a6b8d0e4f7c",
            "The API key you sent is not valid for this environment.",
            "0000000000-0000-4000-8000-000000000000",
            "",
        ] {
            assert!(!echoes_secret(shown, [KEY]), "{shown}");
        }
        // Too short a secret is not looked for in pieces at all.
        assert!(!echoes_secret("abc", ["abc"]));
        // Words a secret holds are no piece of it.
        assert!(!echoes_secret(
            "client_id=merchant&client_secret=[redacted]",
            ["s3cr3t-Client-Secret-Kq9"]
        ));
    }

    #[test]
    fn a_secret_shorter_than_a_piece_is_looked_for_whole() {
        assert!(echoes_secret("x-Pa55w0rd-y", ["pa55w0rd"]));
        assert!(echoes_secret(&hex("Pa55w0rd!"), ["Pa55w0rd"]));
        assert!(!echoes_secret("pa55w0", ["pa55w0rd"]));
    }

    #[test]
    fn an_absurdly_long_text_is_read_as_far_as_the_bound() {
        // 1 MB of base64 that decodes to printable text, then hex: every
        // reading of it would hold tens of megabytes.
        let long = b64url(&hex(&"A7b".repeat(200_000)));
        let echo = Echo::of(&long);
        assert!(echo.letters.len() < 64 * MAX_READ, "{}", echo.letters.len());
        assert!(echoes_secret(&format!("{KEY}{long}"), [KEY]));
        assert_eq!(head("aé", 2), "a");
    }

    #[test]
    fn a_low_entropy_run_of_a_secret_is_not_a_piece() {
        let secret = "0000000000000000abcdefgh12";
        assert!(!echoes_secret("00000000000000000000", [secret]));
        assert!(echoes_secret("abcdefgh12", [secret]));
    }
}
