//! A page of `GET /transactions`.

use std::fmt;

use serde::Serialize;
use txstatus_core::provider::RedactedDebug;

use super::transaction::TransactionData;

/// One page of the transaction list.
#[derive(Clone, Debug, Default, Serialize)]
#[non_exhaustive]
pub struct TransactionList {
    /// The transactions, most recent first.
    pub data: Vec<TransactionData>,
    /// Pagination links.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub links: Option<Links>,
}

txstatus_core::provider::record_decoder! {
    TransactionList {
        "data" => data: value,
        "links" => links: value,
    }
}

/// Pagination links (paths with `page[before]` / `page[after]`).
///
/// Persona echoes the list's filters in them (`filter[reference-id]=`,
/// `filter[identifier][value]=`: an email, a user name), so they are personal
/// data: `Debug` shows only whether each is set, and redacted serialization
/// ([`txstatus_core::to_redacted_json`], `mask_document`) writes `"[redacted]"`.
#[derive(Clone, Default, Serialize)]
#[non_exhaustive]
pub struct Links {
    /// The previous page.
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "txstatus_core::provider::serialize_pii"
    )]
    pub prev: Option<String>,
    /// The next page.
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "txstatus_core::provider::serialize_pii"
    )]
    pub next: Option<String>,
}

impl fmt::Debug for Links {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        RedactedDebug::new(f, "Links")
            .optional_secret("prev", self.prev.is_some())
            .optional_secret("next", self.next.is_some())
            .finish()
    }
}

txstatus_core::provider::record_decoder! {
    Links {
        "prev" => prev: value,
        "next" => next: value,
    }
}

/// Whether a list page's top-level object has a `data` member (any value):
/// read only for a page that listed nothing, whose model cannot tell an empty
/// `data` from none.
pub(crate) fn has_data_member(body: &[u8]) -> bool {
    #[derive(serde::Deserialize)]
    struct PageShape {
        data: Option<serde::de::IgnoredAny>,
    }
    txstatus_core::provider::from_json_slice::<PageShape>(body)
        .is_ok_and(|page| page.data.is_some())
}
