//! `cargo xtask snapshots`: one generated test per fixture, and the freshness check.
//!
//! The generated file `crates/<crate>/tests/fixtures.rs` calls the crate's own
//! `tests/render/mod.rs::snapshot(case, bytes)` for every `crates/<crate>/fixtures/*.json`
//! and compares the rendering with an insta snapshot. A rendering is a summary and the
//! redacted JSON, never the full pretty `Debug` (the redaction tests cover `Debug`;
//! a snapshot of it would churn with every field and hide what changed).
//! `tests/support/` stays for helpers (every crate gives it that one meaning). New and changed renderings are
//! left as `.snap.new` for review, never accepted silently, and `check` fails while any
//! is pending.
//!
//! A fixture that is meant to fail decoding says so in its name (one of
//! [`FAILURE_WORDS`] as a `-`-separated word): a snapshot that renders a decode error
//! for any other fixture fails the gate, so a fixture that fails on its first day
//! cannot become the golden file.

use std::{
    fs,
    path::{Path, PathBuf},
};

use crate::util::{cargo, root};

/// The crates with generated fixture tests: the provider crates.
pub use crate::providers::PROVIDER_CRATES as PROVIDERS;

/// Each crate's fixture folder: inside the crate, so its package carries its test data.
pub const FIXTURES: &str = "fixtures";

/// Words that mark a fixture meant to fail decoding.
pub const FAILURE_WORDS: &[&str] = &["fails", "malformed", "truncated", "invalid", "undecodable"];

/// What a snapshot shows when the fixture did not decode.
const DECODE_ERROR_MARKS: &[&str] = &["kind: Decode", "did not decode"];

pub fn run() -> Result<(), String> {
    let root = root();
    let mut pending_review = Vec::new();
    for krate in PROVIDERS {
        let crate_dir = root.join("crates").join(krate);
        let cases = cases(&crate_dir.join(FIXTURES))?;
        let target = crate_dir.join("tests/fixtures.rs");
        let generated = render(krate, &cases);
        if fs::read_to_string(&target).ok().as_deref() != Some(generated.as_str()) {
            fs::write(&target, &generated)
                .map_err(|e| format!("cannot write {}: {e}", target.display()))?;
            println!("wrote {}", target.display());
        }
        let snapshot_dir = crate_dir.join("tests/snapshots");
        remove_orphans(&snapshot_dir, &cases)?;
        // `new`: a new or changed rendering is written beside as `.snap.new`; nothing
        // becomes a golden file without someone reading it.
        let status = cargo()
            .args(["test", "--quiet", "-p", krate, "--test", "fixtures"])
            .env("INSTA_UPDATE", "new")
            // One test renders every fixture: let each mismatch leave its `.snap.new`
            // instead of stopping at the first (the pending list fails the run).
            .env("INSTA_FORCE_PASS", "1")
            .env_remove("CI")
            .status()
            .map_err(|e| format!("cargo test: {e}"))?;
        let pending = pending(&snapshot_dir)?;
        if !status.success() && pending.is_empty() {
            return Err(format!(
                "the fixture tests of {krate} fail for a reason other than snapshots"
            ));
        }
        pending_review.extend(pending);
    }
    misnamed_failures_in(&root)?;
    if pending_review.is_empty() {
        println!("snapshots are up to date");
        Ok(())
    } else {
        for path in &pending_review {
            println!("to review: {}", path.display());
        }
        println!("{REVIEW_HINT}");
        Err(format!(
            "{} new or changed snapshot(s) await review",
            pending_review.len()
        ))
    }
}

/// How a pending snapshot is reviewed (printed by `snapshots` and by `check`).
const REVIEW_HINT: &str = "review each `.snap.new` (`cargo insta review`, or read it and \
     rename it to `.snap`), or fix the code or the fixture and run `cargo xtask snapshots` again";

/// The gate `check` runs: generated tests match their fixtures, no snapshot awaits
/// review, and only fixtures named as failing render a decode error.
pub fn check_fresh() -> Result<(), String> {
    let root = root();
    check_fresh_in(&root)?;
    let mut waiting = Vec::new();
    for krate in PROVIDERS {
        waiting.extend(pending(
            &root.join("crates").join(krate).join("tests/snapshots"),
        )?);
    }
    if !waiting.is_empty() {
        let list: Vec<String> = waiting.iter().map(|p| p.display().to_string()).collect();
        return Err(format!(
            "snapshots await review: {}; {REVIEW_HINT}",
            list.join(", ")
        ));
    }
    misnamed_failures_in(&root)
}

pub fn check_fresh_in(root: &Path) -> Result<(), String> {
    let mut stale = Vec::new();
    for krate in PROVIDERS {
        let crate_dir = root.join("crates").join(krate);
        let target = crate_dir.join("tests/fixtures.rs");
        let expected = render(krate, &cases(&crate_dir.join(FIXTURES))?);
        if fs::read_to_string(&target).ok().as_deref() != Some(expected.as_str()) {
            stale.push(target.display().to_string());
        }
    }
    if stale.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "stale generated snapshot tests (run `cargo xtask snapshots`): {}",
            stale.join(", ")
        ))
    }
}

/// Fixture case names (file stems of `*.json`), sorted.
pub fn cases(dir: &Path) -> Result<Vec<String>, String> {
    let mut cases = Vec::new();
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(_) => return Ok(cases),
    };
    for entry in entries {
        let path = entry.map_err(|e| e.to_string())?.path();
        if path.extension().and_then(|e| e.to_str()) == Some("json")
            && let Some(stem) = path.file_stem().and_then(|s| s.to_str())
        {
            cases.push(stem.to_owned());
        }
    }
    cases.sort();
    Ok(cases)
}

/// The generated test file for `krate`'s `cases` (its `fixtures/<case>.json`): the
/// list of cases on one unformatted line, and one test that renders each and compares
/// it with its snapshot `fixtures__<case>.snap` (insta names the failing case).
pub fn render(krate: &str, cases: &[String]) -> String {
    let list: Vec<String> = cases.iter().map(|case| format!("{case:?}")).collect();
    format!(
        "//! @generated by `cargo xtask snapshots` from `crates/{krate}/fixtures/`. Do not edit.\n\
         #![allow(missing_docs)]\n\
         \n\
         mod render;\n\
         \n\
         /// Every `fixtures/*.json`, by file stem.\n\
         #[rustfmt::skip]\n\
         const CASES: &[&str] = &[{}];\n\
         \n\
         #[test]\n\
         #[rustfmt::skip]\n\
         fn every_fixture_renders_as_its_reviewed_snapshot() {{\n    \
             for (case, bytes) in txstatus_core::test_util::fixtures::read(env!(\"CARGO_MANIFEST_DIR\"), CASES) {{\n        \
                 insta::assert_snapshot!(case, render::snapshot(case, &bytes));\n    \
             }}\n\
         }}\n",
        list.join(", ")
    )
}

fn snapshot_case(file_name: &str) -> Option<&str> {
    file_name.strip_prefix("fixtures__").and_then(|rest| {
        rest.strip_suffix(".snap")
            .or_else(|| rest.strip_suffix(".snap.new"))
    })
}

fn remove_orphans(dir: &Path, cases: &[String]) -> Result<(), String> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Ok(());
    };
    for entry in entries {
        let path = entry.map_err(|e| e.to_string())?.path();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        if let Some(case) = snapshot_case(name)
            && !cases.iter().any(|c| c == case)
        {
            fs::remove_file(&path).map_err(|e| e.to_string())?;
            println!("removed orphan snapshot {}", path.display());
        }
    }
    Ok(())
}

/// The `.snap.new` files in `dir` (new or changed renderings awaiting review), sorted.
fn pending(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let mut pending = Vec::new();
    let Ok(entries) = fs::read_dir(dir) else {
        return Ok(pending);
    };
    for entry in entries {
        let path = entry.map_err(|e| e.to_string())?.path();
        if path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.ends_with(".snap.new"))
        {
            pending.push(path);
        }
    }
    pending.sort();
    Ok(pending)
}

/// Whether a fixture's name says it is meant to fail decoding.
pub fn named_as_failing(case: &str) -> bool {
    case.split('-').any(|word| FAILURE_WORDS.contains(&word))
}

/// Fails when a snapshot (accepted or pending) renders a decode error for a fixture
/// whose name does not say it is meant to fail.
pub fn misnamed_failures_in(root: &Path) -> Result<(), String> {
    let mut misnamed = Vec::new();
    for krate in PROVIDERS {
        let dir = root.join("crates").join(krate).join("tests/snapshots");
        let Ok(entries) = fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries {
            let path = entry.map_err(|e| e.to_string())?.path();
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default();
            let Some(case) = snapshot_case(name) else {
                continue;
            };
            if named_as_failing(case) {
                continue;
            }
            let text = fs::read_to_string(&path)
                .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            if DECODE_ERROR_MARKS.iter().any(|mark| text.contains(mark)) {
                misnamed.push(path.display().to_string());
            }
        }
    }
    misnamed.sort();
    if misnamed.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "these snapshots render a decode error but their fixture's name does not say it \
             is meant to fail (fix the decoder, or rename the fixture with one of {}): {}",
            FAILURE_WORDS.join(", "),
            misnamed.join(", ")
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_root(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("xtask-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        dir
    }

    /// The gate of `cargo xtask snapshots --check`, run by `cargo test` too: a fixture
    /// added, renamed or removed without regenerating fails here, as does a rendering
    /// waiting for review or a decode error under a name not meant to fail.
    #[test]
    fn the_workspace_generated_fixture_tests_are_fresh_and_reviewed() {
        check_fresh().unwrap();
    }

    #[test]
    fn render_lists_every_fixture_for_one_test_reading_the_crates_own_fixtures() {
        let out = render("persona-tx", &["b-case".to_owned(), "a".to_owned()]);
        assert!(out.contains("const CASES: &[&str] = &[\"b-case\", \"a\"];"));
        assert!(out.contains("fixtures::read(env!(\"CARGO_MANIFEST_DIR\"), CASES)"));
        assert!(!out.contains(".."), "nothing outside the crate: {out}");
        assert_eq!(out.matches("#[test]").count(), 1);
    }

    #[test]
    fn freshness_fails_on_missing_and_extra_fixtures_and_passes_when_regenerated() {
        let root = temp_root("fresh");
        for krate in PROVIDERS {
            let crate_dir = root.join("crates").join(krate);
            fs::create_dir_all(crate_dir.join(FIXTURES)).unwrap();
            fs::create_dir_all(crate_dir.join("tests")).unwrap();
            fs::write(crate_dir.join(FIXTURES).join("one.json"), "{}").unwrap();
            let text = render(krate, &["one".to_owned()]);
            fs::write(crate_dir.join("tests/fixtures.rs"), text).unwrap();
        }
        check_fresh_in(&root).unwrap();

        // A fixture without a generated test.
        let persona = root.join("crates/persona-tx");
        fs::write(persona.join("fixtures/two.json"), "{}").unwrap();
        assert!(check_fresh_in(&root).unwrap_err().contains("persona-tx"));

        // Regenerated: fresh again.
        let text = render("persona-tx", &cases(&persona.join(FIXTURES)).unwrap());
        fs::write(persona.join("tests/fixtures.rs"), text).unwrap();
        check_fresh_in(&root).unwrap();

        // A generated test without a fixture.
        fs::remove_file(persona.join("fixtures/one.json")).unwrap();
        assert!(check_fresh_in(&root).is_err());
        let _ = fs::remove_dir_all(&root);
    }

    #[test]
    fn new_and_changed_snapshots_both_wait_for_review() {
        let dir = temp_root("pending");
        fs::create_dir_all(&dir).unwrap();
        fs::write(dir.join("fixtures__new.snap.new"), "x").unwrap();
        fs::write(dir.join("fixtures__old.snap"), "x").unwrap();
        fs::write(dir.join("fixtures__old.snap.new"), "y").unwrap();
        assert_eq!(
            pending(&dir).unwrap(),
            vec![
                dir.join("fixtures__new.snap.new"),
                dir.join("fixtures__old.snap.new")
            ]
        );
        // Nothing was renamed into a golden file.
        assert!(!dir.join("fixtures__new.snap").exists());
        remove_orphans(&dir, &["new".to_owned()]).unwrap();
        assert!(!dir.join("fixtures__old.snap").exists());
        assert!(!dir.join("fixtures__old.snap.new").exists());
        let _ = fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_decode_error_snapshot_fails_unless_the_fixture_is_named_as_failing() {
        let root = temp_root("misnamed");
        let dir = root.join("crates/cm-idin/tests/snapshots");
        fs::create_dir_all(&dir).unwrap();
        let decode_error =
            "case: x\n--- error\ncm-idin: HTTP 200: response did not decode at name\n";
        fs::write(dir.join("fixtures__status-truncated.snap"), decode_error).unwrap();
        fs::write(
            dir.join("fixtures__status-ok.snap"),
            "--- debug\nStatus {}\n",
        )
        .unwrap();
        misnamed_failures_in(&root).unwrap();

        fs::write(
            dir.join("fixtures__status-new-shape.snap.new"),
            decode_error,
        )
        .unwrap();
        let error = misnamed_failures_in(&root).unwrap_err();
        assert!(error.contains("status-new-shape"), "{error}");
        assert!(!error.contains("status-truncated"), "{error}");
        let _ = fs::remove_dir_all(&root);
    }

    #[test]
    fn failure_words_count_only_as_whole_words() {
        assert!(named_as_failing("status-malformed-name"));
        assert!(named_as_failing("transaction-truncated"));
        assert!(!named_as_failing("status-success"));
        assert!(!named_as_failing("status-invalidated"));
    }
}
