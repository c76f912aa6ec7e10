//! `cargo xtask package`: the packages users would download build and test themselves.
//!
//! 1. `cargo publish --dry-run --workspace` packages every publishable crate (crates with
//!    `publish = false` are left out) without building them: step 2 builds them anyway;
//!    `cargo package` writes the same `.crate` files where step 2 finds them.
//! 2. Each `.crate` is unpacked under `target/packaged/`, the unpacked crates form a
//!    workspace whose `[patch.crates-io]` points each crate at its unpacked sibling, and
//!    `cargo test --workspace` runs there: unit, integration and doc tests (README
//!    included) from the package's own files only. It shares `target/` with the
//!    repository, so dependencies are not rebuilt.

use std::{fs, path::Path, process::Command};

use crate::{
    metadata::published,
    util::{cargo, root, step},
};

/// Packages, unpacks and tests every publishable crate.
pub fn run() -> Result<(), String> {
    let root = root();
    let mut publish = cargo();
    publish.args([
        "publish",
        "--dry-run",
        "--workspace",
        "--locked",
        "--no-verify",
        "--allow-dirty",
        "--quiet",
    ]);
    step("cargo publish --dry-run --workspace", publish)?;
    // The same packages again where unpacking can find them (`target/package/*.crate`).
    let mut package = cargo();
    package
        .args([
            "package",
            "--workspace",
            "--locked",
            "--no-verify",
            "--allow-dirty",
            "--quiet",
        ])
        // Where the unpacking below reads them, whatever target directory the
        // caller's environment names (packaging compiles nothing).
        .env("CARGO_TARGET_DIR", root.join("target"));
    step("cargo package --workspace", package)?;

    let version = workspace_version()?;
    let unpacked = root.join("target/packaged");
    if unpacked.exists() {
        fs::remove_dir_all(&unpacked)
            .map_err(|e| format!("cannot clear {}: {e}", unpacked.display()))?;
    }
    fs::create_dir_all(&unpacked)
        .map_err(|e| format!("cannot create {}: {e}", unpacked.display()))?;
    let mut members = Vec::new();
    for name in published() {
        let archive = root
            .join("target/package")
            .join(format!("{name}-{version}.crate"));
        let status = Command::new("tar")
            .arg("-xzf")
            .arg(&archive)
            .arg("-C")
            .arg(&unpacked)
            .status()
            .map_err(|e| format!("tar: {e}"))?;
        if !status.success() {
            return Err(format!("cannot unpack {}", archive.display()));
        }
        members.push(format!("{name}-{version}"));
    }
    fs::write(unpacked.join("Cargo.toml"), manifest(&members, &version))
        .map_err(|e| format!("cannot write the packaged workspace: {e}"))?;
    copy(&root.join("Cargo.lock"), &unpacked.join("Cargo.lock"))?;

    let mut test = cargo();
    test.current_dir(&unpacked)
        .args(["test", "--workspace", "--offline"])
        .env("CARGO_TARGET_DIR", root.join("target"))
        .env("CI", "true");
    step("cargo test of the unpacked packages", test)
}

/// The workspace of unpacked crates, with the repository's dev profile so the shared
/// target directory's dependencies are reused.
fn manifest(members: &[String], version: &str) -> String {
    let mut out = String::from(
        "# Written by `cargo xtask package`: the unpacked packages, tested together.\n\
         [workspace]\nresolver = \"3\"\nmembers = [\n",
    );
    for member in members {
        out.push_str(&format!("    \"{member}\",\n"));
    }
    out.push_str("]\n\n[patch.crates-io]\n");
    for name in published() {
        out.push_str(&format!("{name} = {{ path = \"{name}-{version}\" }}\n"));
    }
    out.push_str(
        "\n[profile.dev]\ndebug = \"line-tables-only\"\n\n[profile.dev.package.\"*\"]\ndebug = false\n",
    );
    out
}

fn workspace_version() -> Result<String, String> {
    let manifest = fs::read_to_string(root().join("Cargo.toml"))
        .map_err(|e| format!("cannot read Cargo.toml: {e}"))?;
    manifest
        .lines()
        .find_map(|line| {
            let value = line.trim().strip_prefix("version")?.trim();
            Some(value.strip_prefix('=')?.trim().trim_matches('"').to_owned())
        })
        .ok_or_else(|| "no version in [workspace.package]".to_owned())
}

fn copy(from: &Path, to: &Path) -> Result<(), String> {
    fs::copy(from, to)
        .map(|_| ())
        .map_err(|e| format!("cannot copy {}: {e}", from.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_packaged_workspace_patches_every_published_crate_to_its_unpacked_copy() {
        let text = manifest(&["txstatus-core-0.1.0".to_owned()], "0.1.0");
        assert!(text.contains("\"txstatus-core-0.1.0\",\n"));
        for name in published() {
            assert!(text.contains(&format!("{name} = {{ path = \"{name}-0.1.0\" }}")));
        }
    }
}
