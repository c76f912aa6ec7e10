//! Deeply nested hostile bodies, decoded on a small stack: a decoder must
//! answer `Ok` or a decode error, never overflow (an overflow aborts the
//! process, not one task). For the provider crates' tests only (feature
//! `test-util`): it panics on broken fixtures, which is what a test wants.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::panic
)]

use serde_json::Value;

/// The stack the decodes run on: far below a tokio worker's 2 MiB.
pub const SMALL_STACK: usize = 512 * 1024;

/// Nesting placed at every member of a fixture.
pub const MEMBER_DEPTH: usize = 10_000;

/// Nesting of whole bodies.
pub const BODY_DEPTH: usize = 100_000;

const MARK: &str = "\u{1}hostile-nesting\u{1}";

/// The nested shapes: arrays, objects, and Persona-style `{type, value}`
/// fields with `type` first and with `value` first.
pub fn nestings(depth: usize) -> Vec<(&'static str, String)> {
    let wrap = |open: &str, inner: &str, close: &str| {
        let mut out = String::with_capacity((open.len() + close.len()) * depth + inner.len());
        for _ in 0..depth {
            out.push_str(open);
        }
        out.push_str(inner);
        for _ in 0..depth {
            out.push_str(close);
        }
        out
    };
    vec![
        ("arrays", wrap("[", "1", "]")),
        ("objects", wrap(r#"{"a":"#, "\"x\"", "}")),
        (
            "type-first hash",
            wrap(r#"{"type":"hash","value":{"k":"#, "1", "}}"),
        ),
        (
            "value-first hash",
            wrap(r#"{"value":{"k":"#, "1", r#"},"type":"hash"}"#),
        ),
        (
            "type-first array",
            wrap(r#"{"type":"array","value":["#, "1", "]}"),
        ),
        (
            "value-first array",
            wrap(r#"{"value":["#, "1", r#"],"type":"array"}"#),
        ),
    ]
}

/// Every body to try for one model, given its fixtures: each nesting alone
/// (deep), and each nesting put in place of every member of the fixtures
/// (arrays by their first element; each path once).
pub fn bodies(fixtures: &[Vec<u8>]) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = nestings(BODY_DEPTH)
        .into_iter()
        .map(|(name, body)| (format!("body of {name}"), body))
        .collect();
    let shapes = nestings(MEMBER_DEPTH);
    let quoted = serde_json::to_string(MARK).unwrap();
    let mut seen = std::collections::BTreeSet::new();
    for fixture in fixtures {
        let Ok(document) = serde_json::from_slice::<Value>(fixture) else {
            continue;
        };
        let mut paths = Vec::new();
        collect_paths(&document, &mut Vec::new(), &mut paths);
        for path in paths {
            if !seen.insert(path.clone()) {
                continue;
            }
            let mut marked = document.clone();
            if let Some(slot) = pointer_mut(&mut marked, &path) {
                *slot = Value::String(MARK.to_owned());
            }
            let text = serde_json::to_string(&marked).unwrap();
            for (name, nesting) in &shapes {
                out.push((
                    format!("{name} at /{}", path.join("/")),
                    text.replacen(&quoted, nesting, 1),
                ));
            }
        }
    }
    out
}

fn collect_paths(value: &Value, at: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
    match value {
        Value::Object(members) => {
            for (key, member) in members {
                at.push(key.clone());
                out.push(at.clone());
                collect_paths(member, at, out);
                at.pop();
            }
        }
        Value::Array(items) => {
            if let Some(first) = items.first() {
                at.push("0".to_owned());
                out.push(at.clone());
                collect_paths(first, at, out);
                at.pop();
            }
        }
        _ => {}
    }
}

fn pointer_mut<'a>(value: &'a mut Value, path: &[String]) -> Option<&'a mut Value> {
    let mut here = value;
    for step in path {
        here = match here {
            Value::Object(members) => members.get_mut(step)?,
            Value::Array(items) => items.get_mut(step.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(here)
}

/// The fixture files in `dir` whose names start with `prefix` and that are not
/// error bodies or fixtures meant to fail.
pub fn fixtures_in(dir: &std::path::Path, prefix: &str) -> Vec<Vec<u8>> {
    let mut out: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "json"))
        .filter(|path| {
            let name = path.file_stem().unwrap().to_string_lossy();
            name.starts_with(prefix) && !name.starts_with("error-") && !name.starts_with("fails-")
        })
        .collect();
    out.sort();
    out.into_iter()
        .map(|path| std::fs::read(path).unwrap())
        .collect()
}

/// Runs `decode` on a thread with [`SMALL_STACK`]; a stack overflow aborts
/// the test binary, so reaching the end is the assertion.
pub fn on_small_stack(decode: impl FnOnce() + Send + 'static) {
    std::thread::Builder::new()
        .stack_size(SMALL_STACK)
        .spawn(decode)
        .unwrap()
        .join()
        .unwrap();
}

/// Decodes every hostile body built from the fixtures in `dir` starting with
/// `prefix` as `T`, on a small stack: each is a value or a decode error.
pub fn assert_survives<T: serde::de::DeserializeOwned>(
    provider: &'static str,
    dir: impl AsRef<std::path::Path>,
    prefix: &str,
) {
    let fixtures = fixtures_in(dir.as_ref(), prefix);
    on_small_stack(move || {
        for (label, body) in bodies(&fixtures) {
            assert_value_or_decode_error::<T>(provider, &label, body);
        }
    });
}

/// Decodes `body` as `T` the way the clients do: a value or a decode error,
/// nothing else (`label` names the case in the failure).
pub fn assert_value_or_decode_error<T: serde::de::DeserializeOwned>(
    provider: &'static str,
    label: &str,
    body: String,
) {
    let result = crate::provider::decode_json_bytes::<T>(
        provider,
        200,
        &crate::RawBody::new(body.into_bytes()),
    );
    if let Err(error) = result {
        assert!(
            matches!(error.kind(), crate::ErrorKind::Decode(_)),
            "{label}: {error}"
        );
    }
}

pub mod fixtures;
pub mod planted;
mod provider_checks;
pub mod wide_arrays;

pub use provider_checks::{
    AGAIN, NEVER, assert_error_fixtures, assert_message_withheld, assert_retry_table,
};
pub use wide_arrays::assert_wide_arrays_bounded;
