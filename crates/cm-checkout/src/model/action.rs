//! The next step for the merchant, present only while the Checkout is `OPEN`.

use serde::{Deserialize, Serialize};
use txstatus_core::Pii;

/// What the merchant should do next (`action`).
#[non_exhaustive]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Action {
    /// Where to send the customer to pay.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub redirect: Option<Redirect>,
}

/// A redirect to the hosted checkout (`action.redirect`).
#[non_exhaustive]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Redirect {
    /// The hosted-checkout URL. Kept as [`Pii`]: whoever holds it can open the
    /// customer's checkout.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<Pii<String>>,
}
