//! Deeply nested hostile bodies, decoded on a small stack: a decoder must
//! answer `Ok` or a decode error, never overflow (an overflow aborts the
//! process, not one task). Type mutations ([`mutation_bodies`]): every member
//! replaced by a value of another type, answered by a value or a decode error
//! that keeps the body and shows no personal value. For the provider crates'
//! tests only (feature `test-util`): it panics on broken fixtures, which is
//! what a test wants.
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
    out.extend(at_every_member(fixtures, &nestings(MEMBER_DEPTH)));
    out
}

/// Each fixture with one member replaced by each of `values` (raw JSON text,
/// named), each member path once over all the fixtures (arrays by their first
/// element).
fn at_every_member(fixtures: &[Vec<u8>], values: &[(&str, String)]) -> Vec<(String, String)> {
    let quoted = serde_json::to_string(MARK).unwrap();
    let mut out = Vec::new();
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
            for (name, value) in values {
                out.push((
                    format!("{name} at /{}", path.join("/")),
                    text.replacen(&quoted, value, 1),
                ));
            }
        }
    }
    out
}

/// A personal value planted in fixtures by [`with_personal_marker`]: no decode
/// error's `Display` or `Debug` may show it.
pub const PERSONAL_MARKER: &str = "Zyxwvut Personal";

/// Length of the long string put in place of every member.
pub const LONG_STRING_BYTES: usize = 100_000;

/// The values put in place of every member by [`mutation_bodies`], as raw JSON
/// text (some are not what a serializer writes: `1e400`, a lone surrogate).
pub fn mutations() -> Vec<(&'static str, String)> {
    let mut long = String::with_capacity(LONG_STRING_BYTES + 2);
    long.push('"');
    long.extend(std::iter::repeat_n('x', LONG_STRING_BYTES));
    long.push('"');
    [
        ("null", "null"),
        ("empty string", r#""""#),
        ("number as string", r#""12""#),
        ("number", "12"),
        ("negative number", "-1"),
        ("fraction", "1.5"),
        ("float past f64", "1e400"),
        ("exponent past i64", "1e99999999999999999999"),
        ("integer past u64", "18446744073709551616"),
        ("boolean", "true"),
        ("empty object", "{}"),
        ("empty array", "[]"),
        ("array of null", "[null]"),
        ("object with a null member", r#"{"a":null}"#),
        ("new enum value", r#""NEW_VALUE_FROM_PROVIDER""#),
        ("lone surrogate", r#""\ud800""#),
        ("escaped NUL", r#""\u0000""#),
    ]
    .into_iter()
    .map(|(name, text)| (name, text.to_owned()))
    .chain(std::iter::once(("100 kB string", long)))
    .collect()
}

/// Every body with one member of the fixtures replaced by one of
/// [`mutations`]: each member path once (arrays by their first element), so
/// the count is the number of distinct paths, plus one for the whole body,
/// times the mutations.
pub fn mutation_bodies(fixtures: &[Vec<u8>]) -> Vec<(String, String)> {
    let values = mutations();
    let mut out: Vec<(String, String)> = values
        .iter()
        .map(|(name, value)| (format!("{name} as the body"), value.clone()))
        .collect();
    out.extend(at_every_member(fixtures, &values));
    out
}

/// The fixtures with every string under a member named in `keys` (at any
/// depth, in any fixture) set to [`PERSONAL_MARKER`]; panics when no fixture
/// has such a member, so a renamed key cannot make the check vacuous.
pub fn with_personal_marker(fixtures: &[Vec<u8>], keys: &[&str]) -> Vec<Vec<u8>> {
    fn plant(value: &mut Value, keys: &[&str], personal: bool, planted: &mut usize) {
        match value {
            Value::String(text) if personal => {
                PERSONAL_MARKER.clone_into(text);
                *planted += 1;
            }
            Value::Array(items) => items
                .iter_mut()
                .for_each(|item| plant(item, keys, personal, planted)),
            Value::Object(members) => {
                for (key, member) in members {
                    plant(
                        member,
                        keys,
                        personal || keys.contains(&key.as_str()),
                        planted,
                    );
                }
            }
            _ => {}
        }
    }
    let mut planted = 0;
    let out = fixtures
        .iter()
        .map(|fixture| match serde_json::from_slice::<Value>(fixture) {
            Ok(mut document) => {
                plant(&mut document, keys, false, &mut planted);
                serde_json::to_vec(&document).unwrap()
            }
            Err(_) => fixture.clone(),
        })
        .collect();
    assert!(planted > 0, "no fixture has a member named in {keys:?}");
    out
}

/// Decodes every body of [`mutation_bodies`] with `decode` (the client's own
/// decode path) on a small stack: each is a value (handed to `then`, which
/// runs what a caller runs next) or a decode error that keeps the body whole
/// and shows no [`PERSONAL_MARKER`] in `Display` or `Debug`.
pub fn assert_type_mutations<T: 'static>(
    fixtures: Vec<Vec<u8>>,
    decode: impl Fn(&[u8]) -> crate::Result<T> + Send + 'static,
    then: impl Fn(T) + Send + 'static,
) -> Tried {
    assert_type_mutations_with(fixtures, decode, then, assert_decode_error_keeps_body)
}

/// [`assert_type_mutations`] with the check of an error given: for a decoder
/// whose errors are not decode errors with the body by design (a token
/// response drops the body; a webhook notification is invalid input).
pub fn assert_type_mutations_with<T: 'static>(
    fixtures: Vec<Vec<u8>>,
    decode: impl Fn(&[u8]) -> crate::Result<T> + Send + 'static,
    then: impl Fn(T) + Send + 'static,
    check: fn(&str, &str, &crate::Error),
) -> Tried {
    let (done, received) = std::sync::mpsc::channel();
    on_small_stack(move || {
        let mut tried = Tried::default();
        for (label, body) in mutation_bodies(&fixtures) {
            tried.bodies += 1;
            match decode(body.as_bytes()) {
                Ok(value) => then(value),
                Err(error) => {
                    tried.errors += 1;
                    assert_no_personal_marker(&label, &error);
                    check(&label, &body, &error);
                }
            }
        }
        done.send(tried).unwrap();
    });
    let tried = received.recv().unwrap();
    assert!(tried.bodies > 0, "no body to try: {tried:?}");
    tried
}

/// Decodes `body` as a 200 answer the way a client does
/// (`RawResponse::decode_json`), keeping the response for a [`StatusReport`](crate::StatusReport).
pub fn decode_response<T: serde::de::DeserializeOwned>(
    provider: &'static str,
    body: &[u8],
) -> crate::Result<crate::Response<T>> {
    crate::provider::RawResponse::new(
        provider,
        200,
        crate::provider::header::HeaderMap::new(),
        crate::RawBody::new(body.to_vec()),
    )
    .decode_json()
}

/// No [`PERSONAL_MARKER`] in a report's `Debug` or in its redacted document
/// (the raw body with the typed model's personal values masked). Returns
/// whether the body held the marker, so a caller can tell the check was not
/// vacuous.
pub fn assert_report_hides_marker(report: &crate::StatusReport) -> bool {
    let debug = format!("{report:?}");
    assert!(!debug.contains(PERSONAL_MARKER), "{debug}");
    // An error is no leak: a number past f64 (`1e400`) or a lone surrogate in
    // a member the model keeps raw fits no `Value` (the CLI prints null).
    if let Ok(redacted) = report.document_json(true) {
        let redacted = redacted.to_string();
        assert!(!redacted.contains(PERSONAL_MARKER), "{redacted}");
    }
    let marker = PERSONAL_MARKER.as_bytes();
    report
        .raw
        .as_bytes()
        .windows(marker.len())
        .any(|window| window == marker)
}

/// No [`PERSONAL_MARKER`] in the error's `Display` or `Debug`.
pub fn assert_no_personal_marker(label: &str, error: &crate::Error) {
    let shown = format!("{error}");
    let debug = format!("{error:?}");
    assert!(
        !shown.contains(PERSONAL_MARKER) && !debug.contains(PERSONAL_MARKER),
        "{label}: personal data in the error: {shown} / {debug}"
    );
}

/// A decode error holding `body` whole.
pub fn assert_decode_error_keeps_body(label: &str, body: &str, error: &crate::Error) {
    assert!(
        matches!(error.kind(), crate::ErrorKind::Decode(_)),
        "{label}: not a decode error: {error}"
    );
    assert!(
        error.body().map(crate::RawBody::as_bytes) == Some(body.as_bytes()),
        "{label}: the error does not keep the body: {error}"
    );
}

/// What [`assert_type_mutations`] tried.
#[derive(Clone, Copy, Debug, Default)]
pub struct Tried {
    /// Bodies decoded.
    pub bodies: usize,
    /// Of which failed (with an error the check accepted).
    pub errors: usize,
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
        // The decode's own panic, not a `JoinError`, reaches the test.
        .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
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

#[cfg(test)]
mod tests {
    use super::*;

    const FIXTURE: &[u8] = br#"{"name":"Jan","items":[{"n":1},{"n":2}],"kept":true}"#;

    #[test]
    fn mutation_bodies_put_every_value_once_at_every_member_and_as_the_body() {
        let bodies = mutation_bodies(&[FIXTURE.to_vec(), FIXTURE.to_vec()]);
        // name, items, items/0, items/0/n, kept; and the body itself.
        assert_eq!(bodies.len(), 6 * mutations().len());
        let texts: Vec<&str> = bodies.iter().map(|(_, body)| body.as_str()).collect();
        for raw in [
            r#""name":1e400"#,
            r#""n":18446744073709551616"#,
            r#""kept":"\ud800""#,
            r#""items":{"a":null}"#,
            r#""items":[[null],{"n":2}]"#,
        ] {
            assert!(texts.iter().any(|t| t.contains(raw)), "{raw}");
        }
        assert!(texts.contains(&"null"));
        assert!(texts.iter().any(|t| t.len() > LONG_STRING_BYTES));
    }

    #[test]
    fn the_marker_is_planted_under_personal_keys_only() {
        let planted = with_personal_marker(&[FIXTURE.to_vec()], &["name"]);
        let text = String::from_utf8(planted[0].clone()).unwrap();
        assert!(
            text.contains(PERSONAL_MARKER) && !text.contains("Jan"),
            "{text}"
        );
        assert!(text.contains(r#""n":1"#), "{text}");
    }

    #[test]
    #[should_panic(expected = "does not keep the body")]
    fn an_error_without_the_body_fails_the_check() {
        assert_type_mutations(
            vec![FIXTURE.to_vec()],
            |_| {
                Err(crate::Error::decode(
                    "p",
                    200,
                    ".",
                    "x",
                    crate::RawBody::default(),
                ))
            },
            |(): ()| {},
        );
    }

    #[test]
    #[should_panic(expected = "personal data in the error")]
    fn an_error_quoting_the_marker_fails_the_check() {
        assert_type_mutations(
            vec![FIXTURE.to_vec()],
            |body| {
                Err(crate::Error::decode(
                    "p",
                    200,
                    PERSONAL_MARKER,
                    "x",
                    body.to_vec().into(),
                ))
            },
            |(): ()| {},
        );
    }
}

pub mod debug_agreement;
pub mod fixtures;
pub mod mutations;
pub mod planted;
mod provider_checks;
pub mod same_document;
pub mod sweep;
pub mod trace_capture;
pub mod wide_arrays;

pub use provider_checks::{
    AGAIN, NEVER, assert_error_fixtures, assert_message_withheld, assert_retry_table,
};
pub use trace_capture::{TraceCapture, set_test_subscriber};
pub use wide_arrays::assert_wide_arrays_bounded;
