//! Where the customer returns after paying: `returnUrl` or `returnUrls`.

use serde::{Deserialize, Serialize};

/// Return URLs per final status (`returnUrls`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReturnUrls {
    /// After `SUCCESS`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub success: Option<String>,
    /// After `CANCELLED`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cancelled: Option<String>,
    /// After `EXPIRED`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expired: Option<String>,
    /// After `FAILURE`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failed: Option<String>,
}

/// The return target of a Checkout: CM documents exactly one of `returnUrl` and
/// `returnUrls`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReturnTarget<'a> {
    /// One URL for every outcome (`returnUrl`).
    Single(&'a str),
    /// One URL per outcome (`returnUrls`).
    PerStatus(&'a ReturnUrls),
}
