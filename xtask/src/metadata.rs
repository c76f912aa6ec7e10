//! Every publishable crate carries what a crates.io page needs: description, readme,
//! documentation, homepage, repository, license (and the license texts), keywords,
//! categories, and its README as its crate docs.

use std::path::Path;

use serde_json::Value;

use crate::util::cargo;

/// The crates that publish, in dependency order: the core, the provider crates,
/// then these; everything else says `publish = false`.
const PUBLISHED_AFTER_PROVIDERS: &[&str] = &[
    "txstatus-sandbox",
    // `txstatus listen` builds on it.
    "txstatus-webhooks",
    // `txstatus listen`/`worker` build on it.
    "txstatus-redis",
    "txstatus",
];

/// The crates that publish, in dependency order.
pub fn published() -> Vec<&'static str> {
    let mut all = vec!["txstatus-core"];
    all.extend_from_slice(crate::providers::PROVIDER_CRATES);
    all.extend_from_slice(PUBLISHED_AFTER_PROVIDERS);
    all
}

/// `check`'s step.
pub fn check() -> Result<(), String> {
    println!("==> crates.io metadata of every publishable crate");
    let output = cargo()
        .args([
            "metadata",
            "--format-version",
            "1",
            "--no-deps",
            "--locked",
            "--offline",
        ])
        .output()
        .map_err(|e| format!("cargo metadata: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "cargo metadata failed: {}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    let metadata: Value = serde_json::from_slice(&output.stdout)
        .map_err(|e| format!("cargo metadata output: {e}"))?;
    let problems = problems(&metadata);
    if problems.is_empty() {
        println!("ok: crates.io metadata of every publishable crate");
        Ok(())
    } else {
        Err(format!("crates.io metadata: {}", problems.join("; ")))
    }
}

/// What is missing, one message per problem.
pub fn problems(metadata: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    let packages = metadata
        .get("packages")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    for package in &packages {
        let name = package.get("name").and_then(Value::as_str).unwrap_or("?");
        // `publish: []` is `publish = false`; null means crates.io.
        let publishes = !package
            .get("publish")
            .and_then(Value::as_array)
            .is_some_and(Vec::is_empty);
        let meant_to = published().contains(&name);
        if publishes != meant_to {
            problems.push(format!(
                "{name}: publish is {publishes}, expected {meant_to} (xtask/src/metadata.rs)"
            ));
        }
        if !publishes {
            continue;
        }
        for field in [
            "description",
            "readme",
            "documentation",
            "homepage",
            "repository",
            "license",
            "rust_version",
        ] {
            if package
                .get(field)
                .and_then(Value::as_str)
                .is_none_or(|v| v.trim().is_empty())
            {
                problems.push(format!("{name}: no {field}"));
            }
        }
        for field in ["keywords", "categories"] {
            if package
                .get(field)
                .and_then(Value::as_array)
                .is_none_or(Vec::is_empty)
            {
                problems.push(format!("{name}: no {field}"));
            }
        }
        let description = package
            .get("description")
            .and_then(Value::as_str)
            .unwrap_or_default();
        if !description.contains("Unofficial") {
            problems.push(format!(
                "{name}: the description does not say the crate is unofficial"
            ));
        }
        let Some(dir) = package
            .get("manifest_path")
            .and_then(Value::as_str)
            .and_then(|p| Path::new(p).parent())
        else {
            problems.push(format!("{name}: no manifest path"));
            continue;
        };
        for file in ["README.md", "LICENSE-MIT", "LICENSE-APACHE"] {
            if !dir.join(file).is_file() {
                problems.push(format!("{name}: no {file} in {}", dir.display()));
            }
        }
        let lib = dir.join("src/lib.rs");
        if lib.is_file()
            && !std::fs::read_to_string(&lib)
                .unwrap_or_default()
                .starts_with("#![doc = include_str!(\"../README.md\")]")
        {
            problems.push(format!(
                "{name}: src/lib.rs does not start with #![doc = include_str!(\"../README.md\")]"
            ));
        }
    }
    problems.extend(example_commands(&packages));
    for name in published() {
        if !packages
            .iter()
            .any(|p| p.get("name").and_then(Value::as_str) == Some(name))
        {
            problems.push(format!("{name}: not in the workspace"));
        }
    }
    problems
}

/// Every `cargo run -p PKG --example NAME` written in an example's source names an
/// example target that PKG has (cargo answers "no example target named" otherwise).
fn example_commands(packages: &[Value]) -> Vec<String> {
    let targets = |package: &Value| -> Vec<(String, String)> {
        package
            .get("targets")
            .and_then(Value::as_array)
            .map(|targets| {
                targets
                    .iter()
                    .filter(|t| {
                        t.get("kind")
                            .and_then(Value::as_array)
                            .is_some_and(|k| k.iter().any(|k| k == "example"))
                    })
                    .filter_map(|t| {
                        Some((
                            t.get("name")?.as_str()?.to_owned(),
                            t.get("src_path")?.as_str()?.to_owned(),
                        ))
                    })
                    .collect()
            })
            .unwrap_or_default()
    };
    let mut problems = Vec::new();
    for package in packages {
        for (_, src) in targets(package) {
            let text = std::fs::read_to_string(&src).unwrap_or_default();
            for (krate, example) in documented_commands(&text) {
                let known = packages
                    .iter()
                    .find(|p| p.get("name").and_then(Value::as_str) == Some(krate.as_str()))
                    .is_some_and(|p| targets(p).iter().any(|(name, _)| *name == example));
                if !known {
                    problems.push(format!(
                        "{src} documents `cargo run -p {krate} --example {example}`, \
                         but there is no such example target"
                    ));
                }
            }
        }
    }
    problems
}

/// `(package, example)` of every `cargo run -p PACKAGE --example EXAMPLE` in `text`.
fn documented_commands(text: &str) -> Vec<(String, String)> {
    let mut found = Vec::new();
    for line in text.lines() {
        let words: Vec<&str> = line.split_whitespace().collect();
        let after = |flag: &str| {
            words
                .iter()
                .position(|w| *w == flag)
                .and_then(|i| words.get(i.saturating_add(1)))
                .map(|w| (*w).to_owned())
        };
        if line.contains("cargo run")
            && let (Some(krate), Some(example)) = (after("-p"), after("--example"))
        {
            found.push((krate, example));
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_publishable_crate_has_its_crates_io_metadata() {
        check().unwrap();
    }

    #[test]
    fn documented_example_commands_are_found_and_a_wrong_name_is_reported() {
        let text = "//! X=1 cargo run -p cm-idin --example status -- id\n//! cargo build\n";
        assert_eq!(
            documented_commands(text),
            vec![("cm-idin".to_owned(), "status".to_owned())]
        );
        let dir = std::env::temp_dir().join(format!("xtask-examples-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let src = dir.join("get.rs");
        std::fs::write(&src, "//! cargo run -p p --example get_transaction\n").unwrap();
        let packages = vec![serde_json::json!({"name": "p", "targets": [
            {"kind": ["example"], "name": "p_get_transaction", "src_path": src},
        ]})];
        let problems = example_commands(&packages);
        assert_eq!(problems.len(), 1, "{problems:?}");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_publishable_crate_without_keywords_or_readme_is_reported() {
        let metadata = serde_json::json!({"packages": [{
            "name": "cm-idin",
            "publish": null,
            "description": "CM.com iDIN status API client. Unofficial.",
            "documentation": "https://docs.rs/cm-idin",
            "homepage": "https://example.invalid",
            "repository": "https://example.invalid",
            "license": "MIT OR Apache-2.0",
            "rust_version": "1.88",
            "keywords": [],
            "categories": ["api-bindings"],
            "manifest_path": "/nonexistent/cm-idin/Cargo.toml",
        }]});
        let problems = problems(&metadata).join("\n");
        assert!(problems.contains("cm-idin: no readme"), "{problems}");
        assert!(problems.contains("cm-idin: no keywords"), "{problems}");
        assert!(problems.contains("cm-idin: no LICENSE-MIT"), "{problems}");
        assert!(
            problems.contains("txstatus-core: not in the workspace"),
            "{problems}"
        );
    }
}
