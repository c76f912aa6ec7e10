//! Wide hostile arrays: every array of a fixture refilled with hundreds of
//! thousands of the smallest items (`{}`, `null`, `0`, `""`, `[]`). A typed item
//! can be hundreds of bytes where its JSON is three, so without the decode
//! budget ([`crate::provider::charge`]) a body within the 4 MiB cap decoded to
//! gigabytes. The check measures the process's peak memory (Linux), so each
//! provider runs it in a test binary of its own.

use serde_json::Value;

/// Bytes of items per wide array: about 256 KiB of body (the ratios the check
/// bounds do not depend on the size; tests run unoptimised).
pub const WIDE_BODY_BYTES: usize = 256 << 10;

/// Peak memory a decode may add, per byte of body: the decode budget (8) plus
/// heap parts of items and `Vec` growth; `serde_json::Value` keeps 16 to 32 per
/// byte of the same bodies.
pub const MAX_PEAK_PER_BODY_BYTE: usize = 48;

const MARK: &str = "\u{1}hostile-wide\u{1}";

/// The smallest items a hostile array is filled with.
pub const SMALL_ITEMS: [&str; 5] = ["{}", "null", "0", "\"\"", "[]"];

/// For every array of every fixture (descending through each array's first
/// item) and every item of [`SMALL_ITEMS`]: a label and the body with that
/// array refilled to about [`WIDE_BODY_BYTES`], built one at a time.
pub fn wide_array_bodies(fixtures: &[Vec<u8>]) -> impl Iterator<Item = (String, String)> + '_ {
    fixtures
        .iter()
        .enumerate()
        .filter_map(|(index, fixture)| {
            let value = serde_json::from_slice::<Value>(fixture).ok()?;
            let mut paths = Vec::new();
            arrays(&value, &mut Vec::new(), &mut paths);
            Some(paths.into_iter().flat_map(move |path| {
                let mut marked = value.clone();
                *at(&mut marked, &path) = Value::String(MARK.to_owned());
                let text = serde_json::to_string(&marked).unwrap();
                SMALL_ITEMS.into_iter().map(move |item| {
                    (
                        format!("fixture {index}, /{}", path.join("/")),
                        item,
                        text.clone(),
                    )
                })
            }))
        })
        .flatten()
        .map(|(place, item, text)| {
            let count = WIDE_BODY_BYTES / (item.len() + 1);
            let mut wide = String::with_capacity(WIDE_BODY_BYTES + 2);
            wide.push('[');
            for i in 0..count {
                if i > 0 {
                    wide.push(',');
                }
                wide.push_str(item);
            }
            wide.push(']');
            let quoted = serde_json::to_string(MARK).unwrap();
            (
                format!("{place}, {count} x {item}"),
                text.replacen(&quoted, &wide, 1),
            )
        })
}

fn arrays(value: &Value, path: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
    match value {
        Value::Array(items) => {
            out.push(path.clone());
            if let Some(first) = items.first() {
                path.push("0".to_owned());
                arrays(first, path, out);
                path.pop();
            }
        }
        Value::Object(map) => {
            for (key, member) in map {
                path.push(key.clone());
                arrays(member, path, out);
                path.pop();
            }
        }
        _ => {}
    }
}

fn at<'a>(mut value: &'a mut Value, path: &[String]) -> &'a mut Value {
    for step in path {
        value = match value {
            Value::Array(items) => &mut items[step.parse::<usize>().unwrap()],
            Value::Object(map) => map.get_mut(step).unwrap(),
            _ => panic!("no member {step}"),
        };
    }
    value
}

/// A line of `/proc/self/status` in bytes (`VmRSS`, `VmHWM`); `None` off Linux.
fn status_bytes(key: &str) -> Option<usize> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with(key))?;
    let kib: usize = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

/// Decodes every wide-array body built from the fixtures in `dir` starting with
/// `prefix` as `T`, the way the clients do: each is a value or a decode error,
/// and the process's peak memory grows by at most [`MAX_PEAK_PER_BODY_BYTE`]
/// per byte of body. Run it alone in its test binary (the peak is
/// the process's); off Linux only the outcomes are checked.
pub fn assert_wide_arrays_bounded<T: serde::de::DeserializeOwned>(
    provider: &'static str,
    dir: impl AsRef<std::path::Path>,
    prefix: &str,
) {
    let fixtures = super::fixtures_in(dir.as_ref(), prefix);
    let before = status_bytes("VmRSS:");
    let mut checked = 0;
    for (label, body) in wide_array_bodies(&fixtures) {
        checked += 1;
        // The body itself (and the client's copy of it) count against the limit.
        let largest = body.len();
        super::assert_value_or_decode_error::<T>(provider, &label, body);
        if let (Some(before), Some(peak)) = (before, status_bytes("VmHWM:")) {
            let grown = peak.saturating_sub(before);
            assert!(
                grown <= largest * MAX_PEAK_PER_BODY_BYTE,
                "{label}: peak memory grew by {grown} bytes for a body of {largest}"
            );
        }
    }
    assert!(checked > 0, "no fixture with an array under {prefix}");
}
