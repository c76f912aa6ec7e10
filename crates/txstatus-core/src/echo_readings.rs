//! The readings of a text a provider sent back ([`crate::secret_echo`]): the
//! text itself, and what its escapes and encoded runs decode to, so that a
//! secret written in another spelling is read in its own.
//!
//! Each reading is added as its letters and digits (ASCII letters in lower case,
//! full-width forms as ASCII, the core's `\u{..}` escapes left out), ended by a 0
//! byte. Decoded text is read again, to [`MAX_DEPTH`] levels (base64 of hex,
//! percent-encoding twice).

/// Levels of decoding: a spelling inside a spelling (base64 of hex) is read;
/// deeper ones are not looked for.
const MAX_DEPTH: usize = 2;

/// Shortest run tried as hex, base64 or base32: what holds one piece.
const MIN_ENCODED_RUN: usize = 14;

/// Fewest bytes a decoded stretch needs to be read (the shortest secret
/// looked for).
const MIN_STRETCH: usize = 6;

/// Adds every reading of `text` to `letters`.
pub(crate) fn read(text: &str, letters: &mut Vec<u8>) {
    read_at(text, 0, letters);
    // The letters of the text backwards: a secret echoed reversed.
    let mut reversed = Vec::with_capacity(text.len());
    letters_and_digits(text, &mut reversed);
    reversed.reverse();
    letters.extend(reversed);
    letters.push(0);
}

fn read_at(text: &str, depth: usize, letters: &mut Vec<u8>) {
    letters_and_digits(text, letters);
    letters.push(0);
    if depth >= MAX_DEPTH {
        return;
    }
    let next = depth.saturating_add(1);
    for decoded in unescaped(text) {
        read_at(&decoded, next, letters);
    }
    let mut bytes = Vec::new();
    if let Some(hex) = separated_hex(text) {
        hex_lenient(hex.as_bytes(), &mut bytes);
        read_printable(&bytes, next, letters);
    }
    for run in encoded_runs(text) {
        let chars = run.as_bytes();
        if chars.iter().all(u8::is_ascii_hexdigit) {
            for start in 0..2usize {
                bytes.clear();
                hex_lenient(chars.get(start..).unwrap_or_default(), &mut bytes);
                read_printable(&bytes, next, letters);
            }
        }
        for start in 0..4usize {
            bytes.clear();
            base64_lenient(chars.get(start..).unwrap_or_default(), &mut bytes);
            read_printable(&bytes, next, letters);
        }
        if chars
            .iter()
            .all(|c| c.is_ascii_alphabetic() || (b'2'..=b'7').contains(c))
        {
            bytes.clear();
            base32_lenient(chars, &mut bytes);
            read_printable(&bytes, next, letters);
        }
    }
}

/// Reads each printable stretch of decoded `bytes`, its 0 bytes left out first
/// (UTF-16 text decodes to a letter and a 0 byte in turn).
fn read_printable(bytes: &[u8], depth: usize, letters: &mut Vec<u8>) {
    let text: Vec<u8> = bytes.iter().copied().filter(|byte| *byte != 0).collect();
    for stretch in text
        .split(|byte| !(0x20..0x7f).contains(byte))
        .filter(|stretch| stretch.len() >= MIN_STRETCH)
    {
        if let Ok(stretch) = std::str::from_utf8(stretch) {
            read_at(stretch, depth, letters);
        }
    }
}

/// `text` with its percent-escapes decoded, and with its character escapes
/// (`&#x70;`, `&#112;`, `\u0070`, `\x70`) decoded: each where it has some.
fn unescaped(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    if text.contains('%') {
        let decoded = percent_encoding::percent_decode_str(text).decode_utf8_lossy();
        if decoded != text {
            out.push(decoded.into_owned());
        }
    }
    if text.contains("&#") || text.contains("\\u") || text.contains("\\x") {
        let decoded = character_escapes(text);
        if decoded != text {
            out.push(decoded);
        }
    }
    out
}

/// Decodes `&#xHH;`, `&#DDD;`, `\uHHHH` and `\xHH`; leaves the rest as is.
fn character_escapes(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if let Some((decoded, used)) = escape_at(rest) {
            out.push(decoded);
            rest = rest.get(used..).unwrap_or_default();
        } else {
            out.push(c);
            rest = rest.get(c.len_utf8()..).unwrap_or_default();
        }
    }
    out
}

/// The character an escape at the start of `text` stands for, and its length.
fn escape_at(text: &str) -> Option<(char, usize)> {
    let (digits, radix, prefix, suffix) = if let Some(rest) = text.strip_prefix("&#x") {
        (rest, 16, 3, ";")
    } else if let Some(rest) = text.strip_prefix("&#X") {
        (rest, 16, 3, ";")
    } else if let Some(rest) = text.strip_prefix("&#") {
        (rest, 10, 2, ";")
    } else if let Some(rest) = text.strip_prefix("\\u") {
        (rest.get(..4)?, 16, 2, "")
    } else if let Some(rest) = text.strip_prefix("\\x") {
        (rest.get(..2)?, 16, 2, "")
    } else {
        return None;
    };
    let end = digits
        .find(|c: char| !c.is_digit(radix))
        .unwrap_or(digits.len());
    let number = digits
        .get(..end)
        .filter(|n| !n.is_empty() && n.len() <= 7)?;
    if !digits.get(end..)?.starts_with(suffix) {
        return None;
    }
    let value = u32::from_str_radix(number, radix).ok()?;
    let used = usize::saturating_add(prefix, end).saturating_add(suffix.len());
    Some((char::from_u32(value)?, used))
}

/// The hex digits of a text that writes bytes apart (`70:6b:5f`, `70 6b 5f`,
/// `0x70 0x6b`, UTF-16's `0070 006b`), joined; `None` when fewer than three
/// such groups.
fn separated_hex(text: &str) -> Option<String> {
    let mut joined = String::new();
    let mut groups = 0usize;
    for token in text.split(|c: char| !c.is_ascii_alphanumeric()) {
        let digits = token
            .strip_prefix("0x")
            .or_else(|| token.strip_prefix("0X"))
            .or_else(|| token.strip_prefix('x'))
            .unwrap_or(token);
        if matches!(digits.len(), 2 | 4) && digits.bytes().all(|c| c.is_ascii_hexdigit()) {
            joined.push_str(digits);
            groups = groups.saturating_add(1);
        }
    }
    (groups >= 3).then_some(joined)
}

/// The runs of `text` that may be hex, base64 (either alphabet) or base32,
/// long enough to hold a piece.
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

/// Base32 (RFC 4648's alphabet, either case), as far as it goes.
fn base32_lenient(chars: &[u8], out: &mut Vec<u8>) {
    let mut bits = 0u32;
    let mut held = 0u32;
    for c in chars {
        let value = match c.to_ascii_uppercase() {
            upper @ b'A'..=b'Z' => upper.wrapping_sub(b'A'),
            digit @ b'2'..=b'7' => digit.wrapping_sub(b'2').wrapping_add(26),
            _ => return,
        };
        bits = (bits << 5 | u32::from(value)) & 0x00ff_ffff;
        held = held.saturating_add(5);
        if held >= 8 {
            held = held.saturating_sub(8);
            out.push(u8::try_from((bits >> held) & 0xff).unwrap_or_default());
        }
    }
}

/// Appends `text`'s letters and digits to `out`, ASCII letters in lower case
/// and full-width forms (`ｐｋ１`) as ASCII, as UTF-8 bytes; an escape the core
/// writes for an unsafe character (`\u{200b}`) is left out whole, so a secret
/// split by one reads joined.
pub(crate) fn letters_and_digits(text: &str, out: &mut Vec<u8>) {
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
        let c = full_width_as_ascii(c);
        if c.is_alphanumeric() {
            let mut buffer = [0u8; 4];
            out.extend_from_slice(c.to_ascii_lowercase().encode_utf8(&mut buffer).as_bytes());
        }
    }
}

/// `U+FF01..=U+FF5E` as the ASCII character it is a full-width form of.
fn full_width_as_ascii(c: char) -> char {
    match u32::from(c) {
        wide @ 0xFF01..=0xFF5E => char::from_u32(wide.wrapping_sub(0xFEE0)).unwrap_or(c),
        _ => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn readings(text: &str) -> String {
        let mut letters = Vec::new();
        read(text, &mut letters);
        String::from_utf8_lossy(&letters).replace('\0', "|")
    }

    #[test]
    fn escapes_and_separated_hex_read_as_the_text_they_write() {
        for (text, holds) in [
            ("&#x70;&#x6b;&#95;&#108;&#105;&#118;&#101;", "pklive"),
            ("\\u0070\\u006b\\u005f\\u006c\\u0069\\u0076", "pkliv"),
            ("\\x70\\x6b\\x5f\\x6c\\x69\\x76\\x65", "pklive"),
            ("70:6b:5f:6c:69:76:65", "pklive"),
            ("70 6b 5f 6c 69 76 65", "pklive"),
            ("0x70 0x6b 0x5f 0x6c 0x69 0x76", "pkliv"),
            ("0070 006b 005f 006c 0069 0076", "pkliv"),
            ("%2570%256B%255F%256C%2569%2576%2565", "pklive"),
            ("ｐｋ＿ｌｉｖｅ", "pklive"),
            ("OBVV63DJOZSV6UJXO5CXEVDZHA======", "pkliveq7werty8"),
            ("evil_ekil", "likeliv"),
        ] {
            let read = readings(text);
            assert!(read.contains(holds), "{text}: {read}");
        }
    }
}
