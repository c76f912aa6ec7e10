//! Provider text made safe to show: the one rule for what may not reach a
//! terminal or a log raw, shared by the core's messages and the CLI.

use std::{borrow::Cow, fmt::Write};

/// Whether `c` must not be shown raw: C0 and C1 controls, DEL, the bidirectional
/// overrides, isolates and marks that reorder what is shown, the Unicode line and
/// paragraph separators (a reader splitting lines the Unicode way would cut a
/// one-line record in two), and the characters that show as nothing (a
/// zero-width space, a soft hyphen, word joiners and invisible operators, a byte
/// order mark, tag characters, interlinear annotation marks), with which
/// `approved` and `appro\u{200b}ved` would look the same. The zero-width joiner
/// and non-joiner are text: scripts and emoji need them.
pub fn is_unsafe_to_show(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{202A}'..='\u{202E}'
                | '\u{2066}'..='\u{2069}'
                | '\u{200E}'
                | '\u{200F}'
                | '\u{061C}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{00AD}'
                | '\u{180E}'
                | '\u{200B}'
                | '\u{2060}'..='\u{2064}'
                | '\u{FEFF}'
                | '\u{FFF9}'..='\u{FFFB}'
                | '\u{E0000}'..='\u{E007F}'
        )
}

/// `text` with every character [`is_unsafe_to_show`] written as `\u{..}`; a
/// backslash is then doubled, so an escape and the same characters typed read
/// apart. Text with nothing to escape is returned as it is (backslashes
/// included: a Windows path reads as typed).
pub fn escape_unsafe(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe_to_show) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len().saturating_add(8));
    for c in text.chars() {
        if is_unsafe_to_show(c) {
            let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
        } else if c == '\\' {
            out.push_str("\\\\");
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_escape_and_the_same_characters_typed_read_apart() {
        assert_eq!(escape_unsafe("C:\\dir"), "C:\\dir");
        assert_eq!(escape_unsafe("A\u{1b}B"), "A\\u{1b}B");
        assert_eq!(escape_unsafe("A\\u{1b}B\u{2028}"), "A\\\\u{1b}B\\u{2028}");
        assert_eq!(escape_unsafe("x\u{200b}\u{e0041}"), "x\\u{200b}\\u{e0041}");
        assert_eq!(
            escape_unsafe("\u{1f469}\u{200d}\u{1f4bb}"),
            "\u{1f469}\u{200d}\u{1f4bb}"
        );
    }
}
