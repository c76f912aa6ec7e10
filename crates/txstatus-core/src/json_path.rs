//! Finds the JSON path at a byte offset, for decode errors, without a second
//! deserializer pass or a path-tracking dependency.
//!
//! Hand-written: `serde_path_to_error` wraps every decode (a cost on the success
//! path too); this scanner runs only after a decode has failed.

use std::ops::Range;

/// One open container on the way to the offset.
enum Frame {
    Object {
        /// The current key and where its text is (between the quotes).
        key: Option<(String, Range<usize>)>,
        expect_key: bool,
    },
    Array {
        index: usize,
    },
}

/// The path (`data.attributes.fields`, `tasks[2].score`) of the value being read
/// at byte `offset` of `json`; `.` for the root. With `show_keys` false every key
/// is written `<key>`: keys come from the body, and only a model-checked path may
/// print them (an unknown member, a map key or a key cut short can be personal data).
pub(crate) fn path_at(json: &[u8], offset: usize, show_keys: bool) -> String {
    render(&frames_at(json, offset), |_| show_keys)
}

/// [`path_at`] printing a key only where `declared` says the model reads it as
/// a field name; `declared` gets the key's byte range (between its quotes).
pub(crate) fn path_declared(
    json: &[u8],
    offset: usize,
    mut declared: impl FnMut(Range<usize>) -> bool,
) -> String {
    let frames = frames_at(json, offset);
    // Keys elided by the depth bound or not printable are never probed.
    let shown = frames
        .iter()
        .filter(|frame| !matches!(frame, Frame::Object { key: None, .. }))
        .count();
    let skip = shown.saturating_sub(MAX_SEGMENTS);
    let mut seen = 0usize;
    let flags: Vec<bool> = frames
        .iter()
        .map(|frame| match frame {
            Frame::Object {
                key: Some((key, span)),
                ..
            } => {
                seen = seen.saturating_add(1);
                seen > skip && is_plain(key) && declared(span.clone())
            }
            Frame::Object { key: None, .. } => false,
            Frame::Array { .. } => {
                seen = seen.saturating_add(1);
                false
            }
        })
        .collect();
    render(&frames, |index| flags.get(index).copied().unwrap_or(false))
}

/// The open containers at byte `offset`, outermost first.
fn frames_at(json: &[u8], offset: usize) -> Vec<Frame> {
    let end = offset.min(json.len());
    let mut stack: Vec<Frame> = Vec::new();
    let mut i = 0;
    while i < end {
        let Some(&byte) = json.get(i) else { break };
        match byte {
            b'{' => stack.push(Frame::Object {
                key: None,
                expect_key: true,
            }),
            b'[' => stack.push(Frame::Array { index: 0 }),
            b'}' | b']' => {
                stack.pop();
            }
            b',' => match stack.last_mut() {
                Some(Frame::Array { index }) => *index = index.saturating_add(1),
                Some(Frame::Object { expect_key, .. }) => *expect_key = true,
                None => {}
            },
            b':' => {
                if let Some(Frame::Object { expect_key, .. }) = stack.last_mut() {
                    *expect_key = false;
                }
            }
            b'"' => {
                let start = i.saturating_add(1);
                let (text, next) = read_string(json, start, end);
                if let Some(Frame::Object {
                    key,
                    expect_key: true,
                }) = stack.last_mut()
                {
                    *key = Some((text, start..next.saturating_sub(1)));
                }
                i = next;
                continue;
            }
            _ => {}
        }
        i = i.saturating_add(1);
    }
    stack
}

/// Reads a string body starting after its opening quote; returns the text (escapes
/// kept as written) and the index after the closing quote.
fn read_string(json: &[u8], start: usize, end: usize) -> (String, usize) {
    let mut i = start;
    while i < end {
        match json.get(i) {
            Some(b'\\') => i = i.saturating_add(2),
            Some(b'"') => {
                let text = json
                    .get(start..i)
                    .map(|b| String::from_utf8_lossy(b).into_owned())
                    .unwrap_or_default();
                return (text, i.saturating_add(1));
            }
            Some(_) => i = i.saturating_add(1),
            None => break,
        }
    }
    let text = json
        .get(start..end.min(json.len()))
        .map(|b| String::from_utf8_lossy(b).into_owned())
        .unwrap_or_default();
    (text, end)
}

/// Most path segments printed; deeper paths keep their last segments after `…`.
const MAX_SEGMENTS: usize = 24;
/// Longest key printed, in characters.
const MAX_KEY_CHARS: usize = 64;

/// Renders the frames; the key of frame `i` is written only when `show(i)`.
fn render(stack: &[Frame], show: impl Fn(usize) -> bool) -> String {
    let parts: Vec<Part<'_>> = stack
        .iter()
        .enumerate()
        .filter_map(|(at, frame)| match frame {
            Frame::Object {
                key: Some((key, _)),
                ..
            } if show(at) => Some(Part::Key(key)),
            Frame::Object { key: Some(_), .. } => Some(Part::Hidden),
            Frame::Object { key: None, .. } => None,
            Frame::Array { index } => Some(Part::Index(*index)),
        })
        .collect();
    render_parts(parts.into_iter())
}

/// One step of a JSON path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Part<'a> {
    /// An object key.
    Key(&'a str),
    /// An object key not printed (it may be data, not a field name).
    Hidden,
    /// An array index.
    Index(usize),
}

/// Renders a path (`data.attributes.fields`, `tasks[2].score`, `.` for the root),
/// keeping only the last [`MAX_SEGMENTS`] parts.
pub(crate) fn render_parts<'a>(parts: impl ExactSizeIterator<Item = Part<'a>>) -> String {
    let mut out = String::new();
    let skip = parts.len().saturating_sub(MAX_SEGMENTS);
    if skip > 0 {
        out.push('…');
    }
    for part in parts.skip(skip) {
        match part {
            Part::Key(key) => {
                if !out.is_empty() {
                    out.push('.');
                }
                push_escaped(&mut out, key);
            }
            Part::Hidden => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str("<key>");
            }
            Part::Index(index) => out.push_str(&format!("[{index}]")),
        }
    }
    if out.is_empty() { ".".to_owned() } else { out }
}

/// Appends a key as written when it looks like a field name (ASCII letters,
/// digits, `_`, `-`, `$`, `@`, `:`, at most [`MAX_KEY_CHARS`]); any other key
/// (a map keyed by a name, a key holding quotes, spaces or control characters) is
/// written as `<key>`: keys of provider maps can be personal data too.
fn push_escaped(out: &mut String, key: &str) {
    if is_plain(key) {
        out.push_str(key);
    } else {
        out.push_str("<key>");
    }
}

/// Whether a key looks like a field name and may be printed (not a card number,
/// an IBAN or a BSN used as a key).
pub(crate) fn is_plain(key: &str) -> bool {
    !key.is_empty()
        && key.len() <= MAX_KEY_CHARS
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'$' | b'@' | b':'))
        && !crate::personal_number::holds_personal_number(key)
}

/// Byte offset of serde_json's 1-based `line` and `column`.
pub(crate) fn offset_of(json: &[u8], line: usize, column: usize) -> usize {
    let mut current = 1;
    let mut line_start = 0;
    for (index, byte) in json.iter().enumerate() {
        if current == line {
            break;
        }
        if *byte == b'\n' {
            current = current.saturating_add(1);
            line_start = index.saturating_add(1);
        }
    }
    line_start.saturating_add(column)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path_of_error<T: serde::de::DeserializeOwned + std::fmt::Debug>(json: &str) -> String {
        let error = serde_json::from_str::<T>(json).unwrap_err();
        path_at(
            json.as_bytes(),
            offset_of(json.as_bytes(), error.line(), error.column()),
            true,
        )
    }

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Task {
        score: Option<f64>,
    }

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Doc {
        count: Option<u32>,
        tasks: Option<Vec<Task>>,
    }

    #[test]
    fn names_the_key_and_index_of_the_failing_value() {
        assert_eq!(path_of_error::<Doc>(r#"{"count":"Jane"}"#), "count");
        assert_eq!(
            path_of_error::<Doc>(r#"{"count":1,"tasks":[{"score":1},{"score":"x, y"}]}"#),
            "tasks[1].score"
        );
        assert_eq!(
            path_of_error::<Doc>("{\n  \"tasks\": [\n    {\"score\": \"a\\\"b\"}\n  ]\n}"),
            "tasks[0].score"
        );
        assert_eq!(path_of_error::<Doc>("[1]"), ".");
    }

    #[test]
    fn keys_that_are_not_plain_names_are_not_printed() {
        let json = b"{\"a\x1b[31m\":{\"b\":1";
        let path = path_at(json, json.len(), true);
        assert!(!path.chars().any(char::is_control), "{path:?}");
        assert_eq!(path, "<key>.b");
    }

    #[test]
    fn bounds_the_rendered_depth() {
        let json = "[".repeat(10_000);
        let path = path_at(json.as_bytes(), json.len(), true);
        assert!(path.starts_with('…'));
        assert!(path.len() < 200, "{}", path.len());
    }
}
