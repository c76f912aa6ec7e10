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
