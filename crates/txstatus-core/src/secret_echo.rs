//! Whether text a provider sent back, shown beside an error (its code, a request
//! id, its message), echoes a secret in a spelling the search for the secret's
//! whole forms misses: a piece of it (a key cut short, or split over lines, by
//! spaces or by invisible characters), or a piece of it written in hex, base64 or
//! percent-encoding.
//!
//! The text is read as its letters and digits only (ASCII case aside, escapes
//! `\u{..}` left out), and so is each run of it that decodes, as hex or base64,
//! to printable text; a secret is echoed when one of its pieces of [`PIECE`]
//! letters and digits is in one of those readings. A text that echoes a secret
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

/// Shortest run of a text tried as hex (two digits a byte) or base64 (four
/// characters for three bytes): what holds one piece.
const MIN_ENCODED_RUN: usize = 14;

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
    /// Reads `text` once; [`Echo::holds`] then checks each secret.
    pub(crate) fn of(text: &str) -> Self {
        let mut letters = Vec::with_capacity(text.len().saturating_add(1));
        letters_and_digits(text, &mut letters);
        letters.push(0);
        if text.contains('%') {
            let decoded = percent_encoding::percent_decode_str(text).decode_utf8_lossy();
            letters_and_digits(&decoded, &mut letters);
            letters.push(0);
        }
        let mut decoded = Vec::new();
        for run in encoded_runs(text) {
            let bytes = run.as_bytes();
            if bytes.iter().all(u8::is_ascii_hexdigit) {
                for start in 0..2usize {
                    decoded.clear();
                    hex_lenient(bytes.get(start..).unwrap_or_default(), &mut decoded);
                    add_printable(&decoded, &mut letters);
                }
            }
            for start in 0..4usize {
                decoded.clear();
                base64_lenient(bytes.get(start..).unwrap_or_default(), &mut decoded);
                add_printable(&decoded, &mut letters);
            }
        }
        let mut pieces = Vec::new();
        rolling_pieces(&letters, |packed, _| {
            pieces.push(packed);
            false
        });
        pieces.sort_unstable();
        Self { letters, pieces }
    }

    /// Whether one of the readings holds a piece of `secret` (the whole of it,
    /// when it has fewer letters and digits than a piece).
    pub(crate) fn holds(&self, secret: &str) -> bool {
        if self.letters.len() < MIN_SECRET {
            return false;
        }
        let mut own = Vec::with_capacity(secret.len());
        letters_and_digits(secret, &mut own);
        if own.len() < MIN_SECRET {
            return false;
        }
        if own.len() < PIECE {
            return self.letters.windows(own.len()).any(|run| run == own);
        }
        !self.pieces.is_empty()
            && rolling_pieces(&own, |packed, piece| {
                self.pieces.binary_search(&packed).is_ok() && varied(piece)
            })
    }
}

/// Calls `found` with every run of [`PIECE`] bytes of `bytes` without a 0 in
/// it, packed (and as bytes), until it says yes.
fn rolling_pieces(bytes: &[u8], mut found: impl FnMut(u128, &[u8]) -> bool) -> bool {
    let mut packed = 0u128;
    let mut filled = 0usize;
    for (at, byte) in bytes.iter().enumerate() {
        if *byte == 0 {
            filled = 0;
            continue;
        }
        packed = (packed << 8 | u128::from(*byte)) & PIECE_MASK;
        filled = filled.saturating_add(1);
        if filled >= PIECE {
            let piece = bytes
                .get(at.saturating_add(1).saturating_sub(PIECE)..=at)
                .unwrap_or_default();
            if found(packed, piece) {
                return true;
            }
        }
    }
    false
}

/// Adds the letters and digits of each printable stretch of `decoded`
/// ([`printable_stretches`]) to `letters`, each ended by a 0.
fn add_printable(decoded: &[u8], letters: &mut Vec<u8>) {
    for stretch in printable_stretches(decoded) {
        letters_and_digits(stretch, letters);
        letters.push(0);
    }
}

/// Whether `text` echoes one of `secrets` ([`Echo`]).
pub(crate) fn echoes_any<'a>(text: &str, secrets: impl IntoIterator<Item = &'a str>) -> bool {
    let echo = Echo::of(text);
    secrets.into_iter().any(|secret| echo.holds(secret))
}

/// Appends `text`'s letters and digits to `out`, ASCII letters in lower case,
/// as UTF-8 bytes; an escape the core writes for an unsafe character
/// (`\u{200b}`) is left out whole, so a secret split by one reads joined.
fn letters_and_digits(text: &str, out: &mut Vec<u8>) {
    if text.is_ascii() && !text.contains('\\') {
        out.extend(
            text.bytes()
                .filter(u8::is_ascii_alphanumeric)
                .map(|byte| byte.to_ascii_lowercase()),
        );
        return;
    }
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' && chars.peek() == Some(&'u') {
            let mut ahead = chars.clone();
            ahead.next();
            if ahead.next() == Some('{') {
                let mut digits = 0usize;
                let mut closed = false;
                for next in ahead.by_ref() {
                    if next == '}' {
                        closed = true;
                        break;
                    }
                    if !next.is_ascii_hexdigit() || digits >= 6 {
                        break;
                    }
                    digits = digits.saturating_add(1);
                }
                if closed && digits > 0 {
                    chars = ahead;
                    continue;
                }
            }
        }
        if c.is_alphanumeric() {
            let mut buffer = [0u8; 4];
            out.extend_from_slice(c.to_ascii_lowercase().encode_utf8(&mut buffer).as_bytes());
        }
    }
}

/// The runs of `text` that may be hex or base64 (either alphabet), long enough
/// to hold a piece.
fn encoded_runs(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '-' | '_')))
        .filter(|run| run.len() >= MIN_ENCODED_RUN)
}

/// Hex digits decoded two by two (an odd last digit left out).
fn hex_lenient(digits: &[u8], out: &mut Vec<u8>) {
    out.extend(digits.chunks_exact(2).filter_map(|pair| match pair {
        [high, low] => Some(hex_value(*high)? << 4 | hex_value(*low)?),
        _ => None,
    }));
}

fn hex_value(digit: u8) -> Option<u8> {
    char::from(digit)
        .to_digit(16)
        .and_then(|value| u8::try_from(value).ok())
}

/// Base64 of either alphabet, without padding, a last partial group decoded as
/// far as it goes: a piece is all this needs.
fn base64_lenient(chars: &[u8], out: &mut Vec<u8>) {
    let mut bits = 0u32;
    let mut held = 0u32;
    for c in chars {
        let value = match c {
            b'A'..=b'Z' => c.wrapping_sub(b'A'),
            b'a'..=b'z' => c.wrapping_sub(b'a').wrapping_add(26),
            b'0'..=b'9' => c.wrapping_sub(b'0').wrapping_add(52),
            b'+' | b'-' => 62,
            _ => 63,
        };
        bits = (bits << 6 | u32::from(value)) & 0x00ff_ffff;
        held = held.saturating_add(6);
        if held >= 8 {
            held = held.saturating_sub(8);
            out.push(u8::try_from((bits >> held) & 0xff).unwrap_or_default());
        }
    }
}

/// The stretches of `bytes` of at least [`MIN_SECRET`] printable ASCII
/// characters: what a decoded secret is, where random bytes seldom are.
fn printable_stretches(bytes: &[u8]) -> impl Iterator<Item = &str> {
    bytes
        .split(|byte| !(0x20..0x7f).contains(byte))
        .filter(|stretch| stretch.len() >= MIN_SECRET)
        .filter_map(|stretch| std::str::from_utf8(stretch).ok())
}

/// Whether a piece is one to look for: [`PIECE_VARIETY`] different bytes, a
/// digit among them. A run of letters alone is as likely a word the secret
/// happens to hold (`client_secret` in `s3cr3t-Client-Secret`) as a part of it,
/// and a provider's words hold words; a random key has a digit in most of its
/// pieces.
fn varied(piece: &[u8]) -> bool {
    if !piece.iter().any(u8::is_ascii_digit) {
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
        ] {
            assert!(echoes_any(&shown, [KEY]), "{shown}");
        }
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
            assert!(!echoes_any(shown, [KEY]), "{shown}");
        }
        // Too short a secret is not looked for in pieces at all.
        assert!(!echoes_any("abc", ["abc"]));
        // Words a secret holds are no piece of it.
        assert!(!echoes_any(
            "client_id=merchant&client_secret=[redacted]",
            ["s3cr3t-Client-Secret-Kq9"]
        ));
    }

    #[test]
    fn a_secret_shorter_than_a_piece_is_looked_for_whole() {
        assert!(echoes_any("x-Pa55w0rd-y", ["pa55w0rd"]));
        assert!(echoes_any(&hex("Pa55w0rd!"), ["Pa55w0rd"]));
        assert!(!echoes_any("pa55w0", ["pa55w0rd"]));
    }

    #[test]
    fn a_low_entropy_run_of_a_secret_is_not_a_piece() {
        let secret = "0000000000000000abcdefgh12";
        assert!(!echoes_any("00000000000000000000", [secret]));
        assert!(echoes_any("abcdefgh12", [secret]));
    }
}
