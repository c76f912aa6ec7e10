//! The next step for the merchant, present only while the Checkout is `OPEN`.

use serde::Serialize;
use txstatus_core::Pii;

/// What the merchant should do next (`action`).
#[non_exhaustive]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Action {
    /// Where to send the customer to pay.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub redirect: Option<Redirect>,
}

txstatus_core::provider::record_decoder! {
    Action {
        "redirect" => redirect: value,
    }
}

/// A redirect to the hosted checkout (`action.redirect`).
#[non_exhaustive]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Redirect {
    /// The hosted-checkout URL. Kept as [`Pii`]: whoever holds it can open the
    /// customer's checkout.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<Pii<String>>,
}

txstatus_core::provider::record_decoder! {
    Redirect {
        "url" => url: text,
    }
}
