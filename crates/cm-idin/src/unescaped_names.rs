//! JSON text with the escapes inside its strings decoded, so that a byte search
//! for a member name (`"bin"`) finds it however the sender spelled it
//! (`"b\u0069n"`): JSON lets any character of a name be an escape.

/// `raw` with every escape inside a string that stands for a character other
/// than `"`, `\` or a control character written as that character; the rest
/// (those escapes, bytes outside strings, a string cut short) is kept as
/// sent, so quotes still delimit the same strings. `None` when `raw` holds no
/// escape (nothing to decode).
pub(crate) fn unescaped_strings(raw: &[u8]) -> Option<Vec<u8>> {
    if !raw.contains(&b'\\') {
        return None;
    }
    let mut out = Vec::with_capacity(raw.len());
    let mut in_string = false;
    let mut at = 0usize;
    while let Some(&byte) = raw.get(at) {
        if !in_string {
            in_string = byte == b'"';
            out.push(byte);
            at = at.saturating_add(1);
            continue;
        }
        match byte {
            b'"' => {
                in_string = false;
                out.push(byte);
                at = at.saturating_add(1);
            }
            b'\\' => match escape_at(raw, at) {
                Some((decoded, width))
                    if !decoded.is_control() && !matches!(decoded, '"' | '\\') =>
                {
                    let mut units = [0u8; 4];
                    out.extend_from_slice(decoded.encode_utf8(&mut units).as_bytes());
                    at = at.saturating_add(width);
                }
                _ => {
                    // Kept as sent, with the byte it escapes (an escaped quote
                    // does not end the string).
                    let end = at.saturating_add(2).min(raw.len());
                    out.extend_from_slice(raw.get(at..end).unwrap_or_default());
                    at = end;
                }
            },
            _ => {
                out.push(byte);
                at = at.saturating_add(1);
            }
        }
    }
    Some(out)
}

/// The character the escape at `at` stands for and its width in bytes:
/// `\uXXXX` (a surrogate pair as one character), `\/`; `None` for any other.
fn escape_at(raw: &[u8], at: usize) -> Option<(char, usize)> {
    match raw.get(at.saturating_add(1))? {
        b'/' => Some(('/', 2)),
        b'u' => {
            let high = hex4(raw, at.saturating_add(2))?;
            if (0xD800..0xDC00).contains(&high) {
                if raw.get(at.saturating_add(6)) != Some(&b'\\')
                    || raw.get(at.saturating_add(7)) != Some(&b'u')
                {
                    return None;
                }
                let low = hex4(raw, at.saturating_add(8))?;
                if !(0xDC00..0xE000).contains(&low) {
                    return None;
                }
                let code = high
                    .checked_sub(0xD800)?
                    .checked_shl(10)?
                    .checked_add(low.checked_sub(0xDC00)?)?
                    .checked_add(0x10000)?;
                Some((char::from_u32(code)?, 12))
            } else {
                Some((char::from_u32(high)?, 6))
            }
        }
        _ => None,
    }
}

/// Four hexadecimal digits at `at`.
fn hex4(raw: &[u8], at: usize) -> Option<u32> {
    let digits = raw.get(at..at.checked_add(4)?)?;
    digits.iter().try_fold(0u32, |value, &digit| {
        value
            .checked_mul(16)?
            .checked_add(char::from(digit).to_digit(16)?)
    })
}

#[cfg(test)]
mod tests {
    use super::unescaped_strings;

    fn decoded(raw: &str) -> String {
        String::from_utf8(unescaped_strings(raw.as_bytes()).unwrap()).unwrap()
    }

    #[test]
    fn names_spelled_with_escapes_read_as_written() {
        assert_eq!(decoded(r#"{"b\u0069n":"x"}"#), r#"{"bin":"x"}"#);
        assert_eq!(decoded(r#"{"\u0062\u0069\u006E":1}"#), r#"{"bin":1}"#);
        assert_eq!(
            decoded(r#"{"a\/b":"\ud83d\ude00"}"#),
            "{\"a/b\":\"\u{1f600}\"}"
        );
    }

    #[test]
    fn escaped_quotes_and_controls_keep_the_strings_where_they_were() {
        // An escaped quote inside a string does not become a member name.
        assert_eq!(decoded(r#"{"m":"\"bin\": 1"}"#), r#"{"m":"\"bin\": 1"}"#);
        assert_eq!(
            decoded(r#"{"m":"\u0022bin\u0022:1"}"#),
            r#"{"m":"\u0022bin\u0022:1"}"#
        );
        assert_eq!(decoded(r#"{"m":"a\nb\\"}"#), r#"{"m":"a\nb\\"}"#);
        // Cut short, broken escapes: kept as sent, no panic.
        assert_eq!(decoded(r#"{"b\u00"#), r#"{"b\u00"#);
        assert_eq!(decoded(r#"{"b\ud800x"}"#), r#"{"b\ud800x"}"#);
        assert_eq!(decoded("\"\\"), "\"\\");
        assert_eq!(unescaped_strings(br#"{"bin":"x"}"#), None);
    }
}
