//! Refund totals of the Checkout (`refunds`).

use serde::Serialize;

use super::money::{MinorUnits, opt_minor_units};

/// Refunded and pending refund amounts, in the Checkout's currency.
#[non_exhaustive]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Refunds {
    /// Amount refunded so far, in minor units.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refunded_amount: Option<MinorUnits>,
    /// Amount whose refund is still pending, in minor units.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refunded_pending_amount: Option<MinorUnits>,
}

txstatus_core::provider::record_decoder! {
    Refunds {
        "refundedAmount" => refunded_amount: (with opt_minor_units as Option<MinorUnits>),
        "refundedPendingAmount" => refunded_pending_amount:
            (with opt_minor_units as Option<MinorUnits>),
    }
}
