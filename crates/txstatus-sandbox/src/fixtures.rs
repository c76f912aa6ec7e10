//! The response bodies, embedded from the crate's `fixtures/<provider>/` at build time, and a
//! per-instance cache of the documents rendered from them.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};

use axum::body::Bytes;
use serde_json::Value;

use crate::Provider;

macro_rules! fixture {
    ($path:literal) => {
        include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/", $path))
    };
}

/// Persona `GET /transactions/{id}`; `data.id` and `data.attributes.status` are replaced.
pub(crate) const PERSONA_TRANSACTION: &str = fixture!("persona/transaction.json");
/// ID Scan transaction while pending (with files); `id` and `state` are replaced.
pub(crate) const IDSCAN_PENDING: &str = fixture!("cm-idscan/transaction-pending.json");
/// ID Scan transaction once completed.
pub(crate) const IDSCAN_COMPLETED: &str = fixture!("cm-idscan/transaction-completed.json");
/// ID Scan transaction once expired.
pub(crate) const IDSCAN_EXPIRED: &str = fixture!("cm-idscan/transaction-expired.json");
/// ID Scan transaction result.
pub(crate) const IDSCAN_RESULT: &str = fixture!("cm-idscan/result.json");
/// The bytes behind every ID Scan download URL.
pub(crate) const IDSCAN_DOWNLOAD: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/fixtures/cm-idscan/download.png"
));
/// The host and path ID Scan fixtures use for download URLs; replaced by the sandbox's
/// base URL so the links work.
pub(crate) const IDSCAN_FIXTURE_BASE: &str = "https://api.cm.com/id-scan/v1";
/// iDIN status without personal data; `status` and `transaction_id` are replaced.
pub(crate) const IDIN_STATUS: &str = fixture!("cm-idin/status.json");
/// iDIN first `success`, with the identity.
pub(crate) const IDIN_STATUS_IDENTITY: &str = fixture!("cm-idin/status-identity.json");
/// iDIN later `success`, with `notice_code` 2000.
pub(crate) const IDIN_STATUS_NOTICE: &str = fixture!("cm-idin/status-notice.json");
/// iDIN `POST /directory`.
pub(crate) const IDIN_DIRECTORY: &str = fixture!("cm-idin/directory.json");
/// iDIN `POST /transaction`; `transaction_id` is replaced.
pub(crate) const IDIN_TRANSACTION: &str = fixture!("cm-idin/transaction.json");
/// Checkout transaction while OPEN; `id`, `status` and the payment status are replaced and
/// `action` is removed once not OPEN.
pub(crate) const CHECKOUT_TRANSACTION: &str = fixture!("cm-checkout/transaction.json");
/// OneSpan transaction with verifications; `verifications` is removed unless asked for.
pub(crate) const ONESPAN_TRANSACTION: &str = fixture!("onespan/transaction.json");

/// Parses a fixture (after replacing `from` with `to` in its text, when given).
pub(crate) fn parse(text: &str, replace: Option<(&str, &str)>) -> Option<Value> {
    match replace {
        Some((from, to)) => serde_json::from_str(&text.replace(from, to)).ok(),
        None => serde_json::from_str(text).ok(),
    }
}

/// Replaces the value at a JSON pointer, if it exists.
pub(crate) fn set(document: &mut Value, pointer: &str, value: impl Into<Value>) {
    if let Some(slot) = document.pointer_mut(pointer) {
        *slot = value.into();
    }
}

/// Removes a top-level key, if the document is an object.
pub(crate) fn remove(document: &mut Value, key: &str) {
    if let Some(object) = document.as_object_mut() {
        object.remove(key);
    }
}

/// Identifies one rendered document.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct DocKey {
    pub(crate) provider: Provider,
    pub(crate) id: String,
    pub(crate) variant: &'static str,
    pub(crate) flag: bool,
}

/// Rendered documents, so that a hot id costs a map lookup instead of a JSON round trip.
#[derive(Debug, Default)]
pub(crate) struct Documents {
    cache: Mutex<HashMap<DocKey, Bytes>>,
}

impl Documents {
    /// The cached document for `key`, rendering it on first use; `None` if rendering
    /// fails (a broken fixture).
    pub(crate) fn get(&self, key: DocKey, render: impl FnOnce() -> Option<Value>) -> Option<Bytes> {
        if let Some(bytes) = self
            .cache
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(&key)
        {
            return Some(bytes.clone());
        }
        let bytes = Bytes::from(serde_json::to_vec(&render()?).ok()?);
        self.cache
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(key, bytes.clone());
        Some(bytes)
    }
}

/// The download tokens that appear in the ID Scan fixtures.
pub(crate) fn idscan_download_tokens() -> impl Iterator<Item = &'static str> {
    let marker = "/downloads/";
    [
        IDSCAN_PENDING,
        IDSCAN_COMPLETED,
        IDSCAN_EXPIRED,
        IDSCAN_RESULT,
    ]
    .into_iter()
    .flat_map(move |text| {
        text.match_indices(marker).filter_map(move |(at, _)| {
            let rest = text.get(at + marker.len()..)?;
            rest.split('"').next()
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_fixture_is_valid_json() {
        for text in [
            PERSONA_TRANSACTION,
            IDSCAN_PENDING,
            IDSCAN_COMPLETED,
            IDSCAN_EXPIRED,
            IDSCAN_RESULT,
            IDIN_STATUS,
            IDIN_STATUS_IDENTITY,
            IDIN_STATUS_NOTICE,
            IDIN_DIRECTORY,
            IDIN_TRANSACTION,
            CHECKOUT_TRANSACTION,
            ONESPAN_TRANSACTION,
        ] {
            assert!(parse(text, None).is_some());
        }
    }

    #[test]
    fn the_download_token_constant_is_in_the_fixtures() {
        assert!(idscan_download_tokens().any(|t| t == crate::ids::idscan::DOWNLOAD_TOKEN));
        assert!(idscan_download_tokens().all(|t| !t.is_empty() && !t.contains('/')));
    }
}
