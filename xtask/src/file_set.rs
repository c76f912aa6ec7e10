//! The file set of a provider crate, checked on content (docs/PROVIDER-CRATES.md,
//! "File set"): each concern lives in the file named for it, so a reader (and a
//! reviewer) finds the one place a request is built or a status is mapped.
//!
//! Run by `cargo test -p xtask`; production code only (a file's text from its
//! first `#[cfg(test)]` on is not checked).

#![cfg(test)]

use std::{
    collections::{BTreeMap, BTreeSet},
    fs,
    path::{Path, PathBuf},
};

use crate::providers::PROVIDER_CRATES;

/// What every provider crate re-exports from the core at its root, so a team
/// names errors, statuses, times, transports and the polling helper through the
/// one crate it depends on (docs/PROVIDER-CRATES.md, "File set", `lib.rs`).
const CORE_REEXPORTS: &[&str] = &[
    "CalendarDate",
    "CallOptions",
    "ClientOptions",
    "DecodeError",
    "Error",
    "ErrorKind",
    "HttpError",
    "NormalizedStatus",
    "Pii",
    "PollError",
    "PollEvent",
    "PollOptions",
    "ProviderMessage",
    "RateLimitInfo",
    "RawBody",
    "Response",
    "Result",
    "RetryPolicy",
    "SecretString",
    "StatusReport",
    "StatusSource",
    "Timestamp",
    "Transport",
    "TransportBuilder",
    "TransportError",
    "TxStatus",
    "UnknownValue",
    "Url",
    "WithCallOptions",
    "poll_until_terminal",
];

/// The names in a file's `pub use txstatus_core::{..};` lines.
fn core_reexports(code: &str) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    let mut rest = code;
    while let Some(at) = rest.find("pub use txstatus_core::") {
        let after = &rest[at + "pub use txstatus_core::".len()..];
        let end = after.find(';').unwrap_or(after.len());
        names.extend(
            after[..end]
                .split(|c: char| !(c.is_alphanumeric() || c == '_'))
                .filter(|w| !w.is_empty())
                .map(str::to_owned),
        );
        rest = &after[end..];
    }
    names
}

/// One rule broken in one file.
fn violations(krate: &str) -> Vec<String> {
    let src = crate::util::root().join("crates").join(krate).join("src");
    let files = rust_files(&src);
    let mut found = Vec::new();
    let mut texts = BTreeMap::new();
    for path in &files {
        let rel = path
            .strip_prefix(&src)
            .map(|p| p.to_string_lossy().replace('\\', "/"))
            .unwrap_or_default();
        let text = fs::read_to_string(path).unwrap_or_default();
        let code = production(&text);
        let lines: Vec<&str> = code.lines().filter(|l| !is_comment(l)).collect();
        let has = |needle: &dyn Fn(&str) -> bool| lines.iter().any(|l| needle(l));
        if rel != "source.rs" && has(&|l| l.contains("impl") && l.contains("StatusSource for")) {
            found.push(format!(
                "{krate}/{rel}: `impl StatusSource` outside source.rs"
            ));
        }
        if has(&|l| {
            l.contains("serde_json::from_slice")
                || l.contains("serde_json::from_reader")
                || l.contains("Deserializer::from_slice")
                || l.contains("Deserializer::from_reader")
        }) {
            found.push(format!(
                "{krate}/{rel}: JSON bytes read with serde_json's slice or reader parser \
                 (use `txstatus_core::provider::from_json_slice`: one reader per crate)"
            ));
        }
        if rel == "lib.rs" && !has(&|l| l.trim() == "#![warn(clippy::arithmetic_side_effects)]") {
            found.push(format!(
                "{krate}/{rel}: no `#![warn(clippy::arithmetic_side_effects)]` (an overflow \
                 a response reaches panics in debug builds)"
            ));
        }
        if rel == "lib.rs" && has(&|l| l.trim_start().starts_with("pub mod requests")) {
            found.push(format!(
                "{krate}/{rel}: `pub mod requests` (request descriptions are built on the \
                 core's provider module, which is not semver-stable: keep the module private)"
            ));
        }
        if rel == "lib.rs" {
            let exported = core_reexports(code);
            for name in CORE_REEXPORTS {
                if !exported.contains(*name) {
                    found.push(format!(
                        "{krate}/{rel}: `{name}` not re-exported from txstatus_core (one \
                         dependency is enough: the same list in every provider crate)"
                    ));
                }
            }
        }
        if rel != "requests.rs" && has(&|l| l.contains("RequestSpec::")) {
            found.push(format!(
                "{krate}/{rel}: `RequestSpec::` built outside requests.rs"
            ));
        }
        if rel != "status.rs" && has(&|l| l.contains("NormalizedStatus::") && l.contains("=>")) {
            found.push(format!(
                "{krate}/{rel}: `NormalizedStatus` mapped outside status.rs"
            ));
        }
        if !rel.starts_with("model/") && derives_deserialize(&lines.join("\n")) {
            found.push(format!(
                "{krate}/{rel}: `#[derive(Deserialize)]` outside model/"
            ));
        }
        texts.insert(rel, lines.join("\n"));
    }
    found.extend(cycles(krate, &texts));
    found
}

/// Every `.rs` file under `dir`.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = fs::read_dir(dir) else {
        return out;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    out.sort();
    out
}

/// The text before the first `#[cfg(test)]`.
fn production(text: &str) -> &str {
    text.split("#[cfg(test)]").next().unwrap_or(text)
}

fn is_comment(line: &str) -> bool {
    line.trim_start().starts_with("//")
}

/// Whether a `#[derive(..)]` (on one line or several) names `Deserialize`.
fn derives_deserialize(code: &str) -> bool {
    code.split("#[derive(").skip(1).any(|rest| {
        rest.split(")]")
            .next()
            .is_some_and(|list| list.contains("Deserialize"))
    })
}

/// The top-level module a file belongs to (`erasure/batch.rs` -> `erasure`).
fn module_of(rel: &str) -> String {
    let first = rel.split('/').next().unwrap_or(rel);
    first.trim_end_matches(".rs").to_owned()
}

/// The names in a `{a, b::{c, d}, e as f}` list, first segment only.
fn heads(list: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut item = String::new();
    for c in list.chars() {
        match c {
            '{' => depth += 1,
            '}' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                out.push(std::mem::take(&mut item));
                continue;
            }
            _ => {}
        }
        if depth == 0 {
            item.push(c);
        }
    }
    out.push(item);
    out.iter()
        .map(|i| {
            let i = i.trim();
            i.split("::")
                .next()
                .unwrap_or(i)
                .split(' ')
                .next()
                .unwrap_or(i)
                .to_owned()
        })
        .filter(|i| !i.is_empty())
        .collect()
}

/// The paths after every `crate::` (a `use crate::{..}` list, or a single path).
fn crate_heads(code: &str) -> Vec<String> {
    let mut out = Vec::new();
    for rest in code.split("crate::").skip(1) {
        if let Some(list) = rest.strip_prefix('{') {
            let mut depth = 1usize;
            let end = list
                .char_indices()
                .find(|&(_, c)| {
                    match c {
                        '{' => depth += 1,
                        '}' => depth -= 1,
                        _ => {}
                    }
                    depth == 0
                })
                .map_or(list.len(), |(i, _)| i);
            out.extend(heads(&list[..end]));
        } else {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            out.push(name);
        }
    }
    out
}

/// `use crate::` cycles between top-level modules; names re-exported at the
/// root (`pub use client::Client`) count as their module.
fn cycles(krate: &str, texts: &BTreeMap<String, String>) -> Vec<String> {
    let modules: BTreeSet<String> = texts
        .keys()
        .map(|r| module_of(r))
        .filter(|m| m != "lib")
        .collect();
    let mut root_names: BTreeMap<String, String> = BTreeMap::new();
    if let Some(lib) = texts.get("lib.rs") {
        for rest in lib.split("pub use ").skip(1) {
            let stmt = rest.split(';').next().unwrap_or(rest);
            let Some((module, names)) = stmt.split_once("::") else {
                continue;
            };
            if !modules.contains(module.trim()) {
                continue;
            }
            let names = names.trim().trim_start_matches('{').trim_end_matches('}');
            for name in names.split(',') {
                let last = name.trim().rsplit("::").next().unwrap_or("").trim();
                let last = last.rsplit(" as ").next().unwrap_or(last).trim();
                if !last.is_empty() && !last.contains('{') {
                    root_names.insert(last.to_owned(), module.trim().to_owned());
                }
            }
        }
    }
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (rel, code) in texts {
        let from = module_of(rel);
        if from == "lib" {
            continue;
        }
        for head in crate_heads(code) {
            let to = if modules.contains(&head) {
                head
            } else if let Some(m) = root_names.get(&head) {
                m.clone()
            } else {
                continue;
            };
            if to != from {
                edges.entry(from.clone()).or_default().insert(to);
            }
        }
    }
    let reaches = |from: &str, to: &str| {
        let mut seen = BTreeSet::new();
        let mut stack = vec![from.to_owned()];
        while let Some(m) = stack.pop() {
            for next in edges.get(&m).into_iter().flatten() {
                if next == to {
                    return true;
                }
                if seen.insert(next.clone()) {
                    stack.push(next.clone());
                }
            }
        }
        false
    };
    let mut out = Vec::new();
    for (from, tos) in &edges {
        for to in tos {
            if from < to && reaches(to, from) {
                out.push(format!("{krate}: import cycle between `{from}` and `{to}`"));
            }
        }
    }
    out
}

#[test]
fn provider_crates_keep_each_concern_in_its_file() {
    let mut failing = Vec::new();
    for krate in PROVIDER_CRATES {
        failing.extend(violations(krate));
    }
    assert!(
        failing.is_empty(),
        "file-set violations:\n{}",
        failing.join("\n")
    );
}

#[test]
fn the_checker_sees_a_cycle_and_a_root_reexport() {
    let texts = BTreeMap::from([
        ("lib.rs".to_owned(), "pub use client::{Client};".to_owned()),
        ("client.rs".to_owned(), "use crate::{source::X};".to_owned()),
        (
            "source.rs".to_owned(),
            "use crate::{Client, PROVIDER};".to_owned(),
        ),
    ]);
    assert_eq!(cycles("k", &texts).len(), 1);
    assert!(derives_deserialize(
        "#[derive(Debug,\n serde::Deserialize)]\nstruct A;"
    ));
}

#[test]
fn the_checker_reads_the_core_reexports_of_a_root() {
    let names = core_reexports(
        "pub use txstatus_core::{Error, ErrorKind,\n    Url};\npub use txstatus_core::TxStatus;\npub use other::Thing;",
    );
    assert_eq!(
        names.into_iter().collect::<Vec<_>>(),
        ["Error", "ErrorKind", "TxStatus", "Url"]
    );
}

#[test]
fn the_checker_sees_a_wire_struct_outside_model() {
    assert!(derives_deserialize(
        "#[derive(Clone, Debug, serde::Deserialize)]\npub struct Answer { id: String }"
    ));
    assert!(derives_deserialize(
        "#[non_exhaustive]\n#[derive(Deserialize)]\nstruct Wire;"
    ));
    assert!(!derives_deserialize(
        "#[derive(Clone, Debug, Serialize)]\npub struct Request;"
    ));
}
