//! The shared hostile-nesting helpers of `txstatus_core::test_util` (feature
//! `test-util`), reading this crate's own fixtures.
#![allow(dead_code, unused_imports, clippy::unwrap_used)]

pub use txstatus_core::test_util::*;

/// The fixture files of this crate whose names start with `prefix` and that are
/// not error bodies (`_provider` names the crate in call sites).
pub fn fixtures(_provider: &str, prefix: &str) -> Vec<Vec<u8>> {
    fixtures_in(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures"),
        prefix,
    )
}
