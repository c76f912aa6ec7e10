//! Arrays refilled with hundreds of thousands of tiny items (`{}`, `null`, `0`)
//! decode to a value or a decode error, and never to many times the body's
//! size. One test in its own binary (a `[[test]]`, never a suite module): it measures the
//! process's peak memory.
#![allow(clippy::unwrap_used, clippy::panic)]

use txstatus_core::test_util as hostile;

/// This crate's fixtures.
const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures");

/// A line of `/proc/self/status` in bytes (`VmRSS`, `VmHWM`); `None` off Linux.
fn status_bytes(key: &str) -> Option<usize> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with(key))?;
    let kib: usize = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

#[test]
fn wide_arrays_of_tiny_items_keep_memory_in_proportion_to_the_body() {
    use cm_idscan::{PROVIDER, Transaction, TransactionResult};
    // First, while the process's peak is still its own: an iframe message of
    // millions of tiny items beside its `resultId` keeps none of them (a
    // `serde_json::Value` of it would be 16 times the message).
    let count = 4 << 20;
    let mut message = String::with_capacity(2 * count + 64);
    message.push_str(r#"{"pad":["#);
    for i in 0..count {
        if i > 0 {
            message.push(',');
        }
        message.push('0');
    }
    message.push_str(r#"],"resultId":"r1"}"#);
    let before = status_bytes("VmRSS:");
    assert_eq!(
        cm_idscan::result_id_from_iframe_message(&message).as_deref(),
        Some("r1")
    );
    if let (Some(before), Some(peak)) = (before, status_bytes("VmHWM:")) {
        let grown = peak.saturating_sub(before);
        assert!(
            grown <= message.len(),
            "the iframe message's peak memory grew by {grown} bytes for {} bytes",
            message.len()
        );
    }
    hostile::assert_wide_arrays_bounded::<Transaction>(
        PROVIDER,
        FIXTURES,
        "transaction-details-completed",
    );
    hostile::assert_wide_arrays_bounded::<TransactionResult>(
        PROVIDER,
        FIXTURES,
        "transaction-result-unknown-shapes",
    );
    hostile::assert_wide_arrays_bounded::<TransactionResult>(
        PROVIDER,
        FIXTURES,
        "transaction-result",
    );
}
