//! Peak resident memory of this process, from `/proc/self/status`.

use crate::error::Result;

/// `VmHWM` (peak resident set size) of this process in KiB, or 0 where `/proc` has none.
pub fn peak_rss_kib() -> Result<u64> {
    let status = match std::fs::read_to_string("/proc/self/status") {
        Ok(status) => status,
        Err(_) => return Ok(0),
    };
    Ok(status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0))
}
