//! The core's public surface: no reqwest type, and the split between the root and
//! `provider`.

#![allow(clippy::unwrap_used)]

use std::{fs, path::Path};

/// Every public line of the sources naming `reqwest::`, except the `http` header
/// re-export.
fn public_reqwest_lines(dir: &Path, found: &mut Vec<String>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            public_reqwest_lines(&path, found);
            continue;
        }
        let text = fs::read_to_string(&path).unwrap();
        for line in text.lines().map(str::trim_start) {
            let public = line.starts_with("pub ") || line.starts_with("pub fn");
            if public
                && line.contains("reqwest::")
                && !line.starts_with("pub use reqwest::header::{")
            {
                found.push(format!("{}: {line}", path.display()));
            }
        }
    }
}

#[test]
fn no_reqwest_type_in_public_api() {
    let mut found = Vec::new();
    public_reqwest_lines(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut found,
    );
    assert!(found.is_empty(), "public reqwest types: {found:#?}");
}

#[test]
fn url_at_the_root_is_the_url_crates() {
    let parsed: url::Url = txstatus_core::Url::parse("https://example.test/").unwrap();
    assert_eq!(parsed.host_str(), Some("example.test"));
}
