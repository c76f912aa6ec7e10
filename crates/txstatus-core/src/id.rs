//! Transaction id validation: an id becomes exactly one path segment or is refused.

/// Longest id accepted, in bytes.
pub const MAX_ID_LEN: usize = 256;

/// Why an id was refused.
pub fn id_problem(id: &str) -> Option<&'static str> {
    if id.is_empty() {
        Some("the id is empty")
    } else if id == "." || id == ".." {
        Some("the id is `.` or `..`")
    } else if id.len() > MAX_ID_LEN {
        Some("the id is longer than 256 bytes")
    } else if has_control(id) {
        Some("the id contains a control character")
    } else {
        None
    }
}

/// Whether `text` holds a control character (`char::is_control`: U+0000-U+001F,
/// U+007F, U+0080-U+009F), read as bytes: every id of every call is checked,
/// and decoding it to `char`s cost more than the rest of the check.
fn has_control(text: &str) -> bool {
    let mut bytes = text.bytes();
    while let Some(byte) = bytes.next() {
        match byte {
            0x00..=0x1F | 0x7F => return true,
            // U+0080-U+009F are 0xC2 0x80-0x9F in UTF-8 (a `str` is valid UTF-8,
            // so a 0xC2 is always a lead byte followed by its continuation).
            0xC2 if bytes.next().is_some_and(|next| next <= 0x9F) => return true,
            _ => {}
        }
    }
    false
}

/// Checks an id before any request: non-empty, not `.` or `..`, no control
/// characters, at most 256 bytes. Everything else is percent-encoded as one segment.
pub fn validate_id(provider: &'static str, id: &str) -> crate::Result<()> {
    match id_problem(id) {
        Some(problem) => Err(crate::Error::invalid_input(provider, problem)),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::has_control;

    #[test]
    fn control_check_on_bytes_agrees_with_char_is_control_for_every_char() {
        for code in 0..=0x10FFFF_u32 {
            let Some(c) = char::from_u32(code) else {
                continue;
            };
            for text in [
                c.to_string(),
                format!("ab{c}"),
                format!("{c}z"),
                format!("\u{e9}{c}\u{c2}"),
            ] {
                assert_eq!(
                    has_control(&text),
                    text.chars().any(char::is_control),
                    "U+{code:04X} in {text:?}"
                );
            }
        }
    }
}
