//! Where things are: the workspace root, the fixtures, scratch space under `target/`.

use std::path::{Path, PathBuf};

/// The workspace root (two levels above this crate).
pub fn workspace_root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest
        .parent()
        .and_then(Path::parent)
        .map(Path::to_path_buf)
        .unwrap_or(manifest)
}

/// A provider's fixtures, `crates/<crate>/fixtures/` (each crate carries its own, so its
/// package can test itself); `provider_dir` is the provider's name (its `PROVIDER`).
pub fn fixtures_dir(provider_dir: &str) -> PathBuf {
    let krate = crate::providers::by_id(provider_dir).map_or(provider_dir, |p| p.krate);
    workspace_root().join("crates").join(krate).join("fixtures")
}

/// The cargo program that runs this benchmark (`CARGO`, set by `cargo run`), else
/// `cargo` from `PATH`: the builds it starts use the same toolchain.
pub fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned())
}

/// The target directory cargo builds into (`CARGO_TARGET_DIR` or `<root>/target`).
pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("target"))
}

/// A scratch directory under the target directory, created if needed.
pub fn scratch(name: &str) -> std::io::Result<PathBuf> {
    let dir = target_dir().join("tx-bench").join(name);
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}
