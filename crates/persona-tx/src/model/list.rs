//! A page of `GET /transactions`.

use serde::Serialize;

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
#[derive(Clone, Debug, Default, Serialize)]
#[non_exhaustive]
pub struct Links {
    /// The previous page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prev: Option<String>,
    /// The next page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
}

txstatus_core::provider::record_decoder! {
    Links {
        "prev" => prev: value,
        "next" => next: value,
    }
}
