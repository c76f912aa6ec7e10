//! Where the customer returns after paying: `returnUrl` or `returnUrls`.

use serde::Serialize;
use txstatus_core::Pii;

/// Return URLs per final status (`returnUrls`). Personal: a merchant URL can
/// carry the customer in its path or query.
#[non_exhaustive]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ReturnUrls {
    /// After `SUCCESS`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub success: Option<Pii<String>>,
    /// After `CANCELLED`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cancelled: Option<Pii<String>>,
    /// After `EXPIRED`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expired: Option<Pii<String>>,
    /// After `FAILURE`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub failed: Option<Pii<String>>,
}

txstatus_core::provider::record_decoder! {
    ReturnUrls {
        "success" => success: text,
        "cancelled" => cancelled: text,
        "expired" => expired: text,
        "failed" => failed: text,
    }
}

/// The return target of a Checkout: CM documents exactly one of `returnUrl` and
/// `returnUrls`. `Debug` hides the URL, as the transaction's own `Debug` does.
#[non_exhaustive]
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum ReturnTarget<'a> {
    /// One URL for every outcome (`returnUrl`).
    Single(&'a str),
    /// One URL per outcome (`returnUrls`).
    PerStatus(&'a ReturnUrls),
}

impl std::fmt::Debug for ReturnTarget<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Single(_) => f
                .debug_tuple("Single")
                .field(&txstatus_core::REDACTED)
                .finish(),
            Self::PerStatus(urls) => f.debug_tuple("PerStatus").field(urls).finish(),
        }
    }
}
