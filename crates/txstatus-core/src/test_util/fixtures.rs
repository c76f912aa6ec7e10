//! The fixture files the generated snapshot tests read (`cargo xtask snapshots`
//! writes their list; this reads them).

use std::path::Path;

/// Each case with the bytes of `<manifest_dir>/fixtures/<case>.json`, in order;
/// panics on a missing file (the generated list is stale).
pub fn read<'a>(
    manifest_dir: &str,
    cases: &'a [&'a str],
) -> impl Iterator<Item = (&'a str, Vec<u8>)> + 'a {
    let dir = Path::new(manifest_dir).join("fixtures");
    cases.iter().map(move |case| {
        let path = dir.join(format!("{case}.json"));
        let bytes = std::fs::read(&path)
            .unwrap_or_else(|e| panic!("{}: {e} (run `cargo xtask snapshots`)", path.display()));
        (*case, bytes)
    })
}
