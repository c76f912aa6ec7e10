//! The provider crates, listed once for every xtask step; a test keeps the list
//! equal to the workspace members that declare a `PROVIDER` constant.

/// The provider crates (folders under `crates/`), sorted.
pub const PROVIDER_CRATES: &[&str] = &[
    "cm-checkout",
    "cm-idin",
    "cm-idscan",
    "onespan-tx",
    "persona-tx",
];

#[cfg(test)]
mod tests {
    use super::PROVIDER_CRATES;

    #[test]
    fn the_list_is_every_workspace_member_that_declares_a_provider() {
        let crates = crate::util::root().join("crates");
        let mut found = Vec::new();
        for entry in std::fs::read_dir(&crates).unwrap() {
            let dir = entry.unwrap().path();
            let manifest = dir.join("Cargo.toml");
            let lib = std::fs::read_to_string(dir.join("src/lib.rs")).unwrap_or_default();
            if manifest.exists() && lib.contains("\npub const PROVIDER: &str") {
                found.push(dir.file_name().unwrap().to_string_lossy().into_owned());
            }
        }
        found.sort();
        assert_eq!(found, PROVIDER_CRATES);
    }
}
