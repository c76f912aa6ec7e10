//! The Tokio runtime every process of the harness uses: multi-threaded, one worker per
//! core, timers and I/O enabled.

use crate::error::{Context, Result};

/// A multi-threaded runtime with all drivers, its threads named `name` (so profiles of
/// the SDK and raw children can be told apart).
pub fn multi_thread(name: &str) -> Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_name(name)
        .build()
        .context("cannot start the Tokio runtime")
}

/// As [`multi_thread`], with `workers` worker threads when given (the cores the
/// process is pinned to) instead of one per core of the machine.
pub fn with_workers(name: &str, workers: Option<usize>) -> Result<tokio::runtime::Runtime> {
    let mut builder = tokio::runtime::Builder::new_multi_thread();
    if let Some(workers) = workers.filter(|&n| n > 0) {
        builder.worker_threads(workers);
    }
    builder
        .enable_all()
        .thread_name(name)
        .build()
        .context("cannot start the Tokio runtime")
}
