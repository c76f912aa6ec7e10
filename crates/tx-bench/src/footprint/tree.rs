//! `cargo tree -e normal` read into its crates and the chain of parents of every line.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use crate::error::{BenchError, Context, Result};

/// One crate of a tree: `name vX.Y.Z`.
pub type CrateId = String;

/// One line of the tree: a crate and its ancestors, root first.
#[derive(Clone, Debug, Default)]
pub struct Occurrence {
    /// The crate.
    pub id: CrateId,
    /// Its ancestors from the root down to its parent.
    pub ancestors: Vec<CrateId>,
}

/// A normal dependency tree.
#[derive(Clone, Debug, Default)]
pub struct Tree {
    /// The root package.
    pub root: CrateId,
    /// Every crate, the root included (what `--prefix none` prints, deduplicated).
    pub crates: BTreeSet<CrateId>,
    /// Every line below the root.
    pub occurrences: Vec<Occurrence>,
}

/// Downloads every package `manifest`'s lock file names (`cargo fetch`, online), so
/// that the offline `cargo tree` and cold builds find them: `cargo tree` reads the
/// manifest of every locked package, also of those no build on this machine has
/// needed yet (a fresh machine's cache held only those, and the tree failed).
pub fn fetch(manifest: &Path) -> Result<()> {
    let output = Command::new(crate::paths::cargo())
        .arg("fetch")
        .arg("--manifest-path")
        .arg(manifest)
        .output()
        .context("cannot run cargo fetch")?;
    if !output.status.success() {
        return Err(BenchError::new(format!(
            "cargo fetch failed for {}: {}",
            manifest.display(),
            String::from_utf8_lossy(&output.stderr).trim()
        )));
    }
    Ok(())
}

/// The tree of `package` in the workspace of `manifest` (the manifest's own package
/// when `package` is `None`).
pub fn load(manifest: &Path, package: Option<&str>) -> Result<Tree> {
    let cargo = crate::paths::cargo();
    let mut command = Command::new(cargo);
    command.arg("tree").arg("--manifest-path").arg(manifest);
    if let Some(package) = package {
        command.args(["-p", package]);
    }
    command.args([
        "-e",
        "normal",
        "--prefix",
        "depth",
        "--offline",
        "--color",
        "never",
    ]);
    let output = command.output().context("cannot run cargo tree")?;
    if !output.status.success() {
        return Err(BenchError::new(format!(
            "cargo tree failed for {}: {}",
            package.unwrap_or("the baseline"),
            String::from_utf8_lossy(&output.stderr).trim()
        )));
    }
    Ok(parse(&String::from_utf8_lossy(&output.stdout)))
}

/// Parses `--prefix depth` output (`0root v0.1.0 (path)`, `1dep v1.2.3 (*)`, ...).
pub fn parse(text: &str) -> Tree {
    let mut tree = Tree::default();
    let mut stack: Vec<CrateId> = Vec::new();
    for line in text.lines() {
        let digits = line.chars().take_while(char::is_ascii_digit).count();
        let Ok(depth) = line.get(..digits).unwrap_or_default().parse::<usize>() else {
            continue;
        };
        let mut words = line.get(digits..).unwrap_or_default().split_whitespace();
        let (Some(name), Some(version)) = (words.next(), words.next()) else {
            continue;
        };
        let id = format!("{name} {version}");
        stack.truncate(depth);
        if depth == 0 {
            tree.root = id.clone();
        } else {
            tree.occurrences.push(Occurrence {
                id: id.clone(),
                ancestors: stack.clone(),
            });
        }
        tree.crates.insert(id.clone());
        stack.push(id);
    }
    tree
}

/// `name` of `name vX.Y.Z`.
pub fn crate_name(id: &str) -> &str {
    id.split_whitespace().next().unwrap_or(id)
}

#[cfg(test)]
mod tests {
    use super::parse;

    #[test]
    fn crates_are_deduplicated_and_lines_keep_their_parents() {
        let text = "0cm-idin v0.1.0 (/x)\n1secrecy v0.10.3\n2zeroize v1.9.2\n1txstatus-core v0.1.0 (/y)\n2ring v0.17.14\n3cc v1.0.0\n2rustls v0.23.1\n3ring v0.17.14 (*)\n1zeroize v1.9.2\n";
        let tree = parse(text);
        assert_eq!(tree.root, "cm-idin v0.1.0");
        assert_eq!(tree.crates.len(), 7);
        let last_ring = tree
            .occurrences
            .iter()
            .rfind(|o| o.id == "ring v0.17.14")
            .unwrap();
        assert_eq!(
            last_ring.ancestors,
            ["cm-idin v0.1.0", "txstatus-core v0.1.0", "rustls v0.23.1"]
        );
    }
}
