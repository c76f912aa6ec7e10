//! Every file under a crate's `tests/` runs: with `autotests = false` (one suite binary
//! per crate instead of one binary per file), a file named neither as a `[[test]]` path
//! nor as a `#[path]` module of a test target would compile nowhere and pass silently.
//! A file that says it runs "in its own binary" (it measures the process's peak memory,
//! or re-executes itself by test name) must not be a suite module.

use std::{fs, path::Path};

use crate::util::root;

/// `check`'s step.
pub fn check() -> Result<(), String> {
    println!("==> every file under tests/ is a test target or a suite module");
    let crates = root().join("crates");
    let entries = fs::read_dir(&crates).map_err(|e| format!("{}: {e}", crates.display()))?;
    let mut problems = Vec::new();
    for entry in entries {
        let dir = entry
            .map_err(|e| format!("{}: {e}", crates.display()))?
            .path();
        problems.extend(crate_problems(&dir)?);
    }
    if problems.is_empty() {
        println!("ok: every file under tests/ is a test target or a suite module");
        Ok(())
    } else {
        Err(format!("tests that never run: {}", problems.join("; ")))
    }
}

/// One message per `tests/*.rs` file of `dir`'s crate that no test target compiles.
fn crate_problems(dir: &Path) -> Result<Vec<String>, String> {
    let Ok(manifest) = fs::read_to_string(dir.join("Cargo.toml")) else {
        return Ok(Vec::new());
    };
    let tests = dir.join("tests");
    let Ok(entries) = fs::read_dir(&tests) else {
        return Ok(Vec::new());
    };
    let mut files = Vec::new();
    for entry in entries {
        let path = entry
            .map_err(|e| format!("{}: {e}", tests.display()))?
            .path();
        if path.extension().is_some_and(|e| e == "rs")
            && let Some(name) = path.file_name().and_then(|n| n.to_str())
        {
            files.push(name.to_owned());
        }
    }
    let mut sources = String::new();
    for target in test_target_files(&manifest) {
        sources.push_str(&fs::read_to_string(tests.join(&target)).unwrap_or_default());
    }
    let crate_name = dir.file_name().and_then(|n| n.to_str()).unwrap_or("?");
    let mut problems: Vec<String> = unlisted(&manifest, &sources, &files)
        .into_iter()
        .map(|file| format!("{crate_name}/tests/{file} is compiled by no test target"))
        .collect();
    for module in path_modules(&sources) {
        let text = fs::read_to_string(tests.join(module)).unwrap_or_default();
        if needs_own_binary(&text) {
            problems.push(format!(
                "{crate_name}/tests/{module} says it runs in its own binary but is a suite module"
            ));
        }
    }
    Ok(problems)
}

/// Whether a test file's docs say it needs a process of its own.
fn needs_own_binary(text: &str) -> bool {
    text.lines()
        .take_while(|line| line.starts_with("//!"))
        .collect::<Vec<_>>()
        .join(" ")
        .replace("//!", " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .contains("its own binary")
}

/// The files named by `#[path = "..."]` in `sources`.
fn path_modules(sources: &str) -> Vec<&str> {
    sources
        .lines()
        .filter_map(|line| {
            let rest = line
                .trim()
                .strip_prefix("#[path")?
                .trim()
                .strip_prefix('=')?;
            Some(rest.trim().strip_suffix(']')?.trim().trim_matches('"'))
        })
        .collect()
}

/// The files under `tests/` named as `[[test]]` paths in `manifest`.
fn test_target_files(manifest: &str) -> Vec<String> {
    manifest
        .lines()
        .filter_map(|line| {
            let value = line.trim().strip_prefix("path")?.trim().strip_prefix('=')?;
            let value = value.trim().trim_matches('"');
            Some(value.strip_prefix("tests/")?.to_owned())
        })
        .collect()
}

/// The `files` neither a test target of `manifest` nor a `#[path]` module in `sources`
/// (the test targets' text); none when cargo discovers tests itself.
fn unlisted(manifest: &str, sources: &str, files: &[String]) -> Vec<String> {
    let discovers = !manifest
        .lines()
        .any(|line| line.replace(' ', "") == "autotests=false");
    if discovers {
        return Vec::new();
    }
    let targets = test_target_files(manifest);
    let modules = path_modules(sources);
    let mut missing: Vec<String> = files
        .iter()
        .filter(|file| !targets.contains(file) && !modules.contains(&file.as_str()))
        .cloned()
        .collect();
    missing.sort();
    missing
}

#[cfg(test)]
mod tests {
    use super::{needs_own_binary, unlisted};

    const MANIFEST: &str = "[package]\nautotests = false\n\n[[test]]\nname = \"suite\"\npath = \"tests/suite.rs\"\n\n[[test]]\nname = \"fixtures\"\npath = \"tests/fixtures.rs\"\n";

    fn files(names: &[&str]) -> Vec<String> {
        names.iter().map(|n| (*n).to_owned()).collect()
    }

    #[test]
    fn a_test_file_in_no_target_and_no_suite_module_is_reported() {
        let suite = "#[path = \"create.rs\"]\nmod create;\n";
        let all = files(&["suite.rs", "fixtures.rs", "create.rs", "forgotten.rs"]);
        assert_eq!(unlisted(MANIFEST, suite, &all), vec!["forgotten.rs"]);
    }

    #[test]
    fn every_file_listed_passes() {
        let suite = "#[path = \"create.rs\"]\nmod create;\n";
        let all = files(&["suite.rs", "fixtures.rs", "create.rs"]);
        assert!(unlisted(MANIFEST, suite, &all).is_empty());
    }

    #[test]
    fn a_crate_whose_tests_cargo_discovers_is_not_checked() {
        let all = files(&["anything.rs"]);
        assert!(unlisted("[package]\nname = \"x\"\n", "", &all).is_empty());
    }

    #[test]
    fn a_file_that_needs_its_own_process_is_recognised_across_doc_lines() {
        let text = "//! Peak memory. One test in its\n//! own binary.\n#![allow(clippy::panic)]\n";
        assert!(needs_own_binary(text));
        assert!(!needs_own_binary(
            "//! Plain tests.\nfn f() {} // its own binary\n"
        ));
    }
}
