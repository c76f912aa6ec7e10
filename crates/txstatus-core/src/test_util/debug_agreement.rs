//! Whether a model's `Debug` and its redacted serialization (`to_redacted_json`,
//! what the CLI and `mask_document` write) agree: every text and unsigned number of
//! a fixture is replaced by a mark of its own, and the marks each side lets
//! through must be the same. Each provider crate runs it over its fixtures.

use std::{collections::BTreeSet, fmt::Debug};

use serde::Serialize;
use serde_json::Value;

/// Replaces every string (but numbers and booleans sent as text, read as such, and
/// the members named in `skip`, which pick a shape) by a token of its own,
/// `M<n>-x`, and every unsigned number by a number of its own; returns the path of
/// each mark, in mark order. Plain tokens: what `Debug` withholds by its shape
/// alone (an unknown value, a code) is tested on its own; this tests what is
/// hidden as personal.
pub fn mark_every_value(value: &mut Value, skip: &[&str]) -> Vec<String> {
    let mut paths = Vec::new();
    mark(value, "", skip, &mut paths);
    paths
}

fn mark(value: &mut Value, path: &str, skip: &[&str], paths: &mut Vec<String>) {
    match value {
        Value::String(text)
            if !matches!(text.trim(), "true" | "false") && text.trim().parse::<f64>().is_err() =>
        {
            *text = format!("M{}-x", paths.len());
            paths.push(path.to_owned());
        }
        Value::Array(items) => {
            for (index, item) in items.iter_mut().enumerate() {
                mark(item, &format!("{path}/{index}"), skip, paths);
            }
        }
        Value::Object(members) => {
            for (key, member) in members.iter_mut() {
                if !skip.contains(&key.as_str()) {
                    mark(member, &format!("{path}/{key}"), skip, paths);
                }
            }
        }
        Value::Number(number) if number.is_u64() => {
            // 9876<n>0123: no mark is part of another.
            if let Ok(marked) = format!("9876{:04}0123", paths.len()).parse() {
                *number = marked;
            }
            paths.push(path.to_owned());
        }
        _ => {}
    }
}

fn marks(text: &str, count: usize) -> BTreeSet<usize> {
    (0..count)
        .filter(|n| text.contains(&format!("M{n}-x")) || text.contains(&format!("9876{n:04}0123")))
        .collect()
}

/// Panics, naming the paths, when `Debug` of `value` shows a mark that
/// `to_redacted_json` does not write, or the other way round.
pub fn assert_debug_agrees_with_redacted_json<T: Debug + Serialize>(
    case: &str,
    value: &T,
    paths: &[String],
) {
    let debug = format!("{value:?}");
    let redacted = match crate::to_redacted_json(value) {
        Ok(json) => json.to_string(),
        Err(error) => panic!("{case}: to_redacted_json failed: {error}"),
    };
    let in_debug = marks(&debug, paths.len());
    let in_redacted = marks(&redacted, paths.len());
    let named = |set: BTreeSet<&usize>| -> Vec<&str> {
        set.into_iter()
            .filter_map(|n| paths.get(*n).map(String::as_str))
            .collect()
    };
    let only_debug = named(in_debug.difference(&in_redacted).collect());
    let only_redacted = named(in_redacted.difference(&in_debug).collect());
    assert!(
        only_debug.is_empty() && only_redacted.is_empty(),
        "{case}: shown by Debug only: {only_debug:?}; written by to_redacted_json only: {only_redacted:?}"
    );
}
