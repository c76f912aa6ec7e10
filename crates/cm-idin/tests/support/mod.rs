//! Shared helpers for the mockito tests.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::{path::PathBuf, sync::Arc};

use cm_idin::{Client, ClientOptions};
use tx_core::ManualClock;

/// The merchant token every test uses; no output may ever show it.
pub const TOKEN: &str = "3c01abeb-b031-4fea-9f2d-c55c283cd78e";

/// The bytes of `fixtures/cm-idin/<name>.json`.
pub fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(fixtures_dir().join(format!("{name}.json"))).unwrap()
}

/// `fixtures/cm-idin/`.
pub fn fixtures_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/cm-idin")
}

/// A client for `base` whose retries sleep on a manual clock (no real waiting).
pub fn client(base: &str) -> (Client, ManualClock) {
    let clock = ManualClock::new();
    let client = Client::builder(TOKEN)
        .base_url(base)
        .configure_transport(|t| t.clock(Arc::new(clock.clone())).no_proxy())
        .build()
        .unwrap();
    (client, clock)
}
