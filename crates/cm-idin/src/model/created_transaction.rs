//! The answer to `POST /transaction`.

use serde::Serialize;
use txstatus_core::Pii;
use txstatus_core::provider::ShownStatus;

/// The answer to `POST /transaction`. `Debug` shows the id and the reference
/// only when each is a plain token, and never the authentication URL.
#[derive(Clone, Default, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct CreatedTransaction {
    /// The public identifier (it comes back as `trxid` on the return URL).
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "txstatus_core::provider::shown_text::opt"
    )]
    pub transaction_id: Option<String>,
    /// Where to send the user: it opens that user's session at the bank, so it is
    /// [`Pii`] (never in `Debug` or logs).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub issuer_authentication_url: Option<Pii<String>>,
    /// The private reference the status call needs: keep it with your session.
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "txstatus_core::provider::shown_text::opt"
    )]
    pub merchant_reference: Option<String>,
}

txstatus_core::provider::record_decoder! {
    CreatedTransaction {
        "transaction_id" => transaction_id: text,
        "issuer_authentication_url" => issuer_authentication_url: text,
        "merchant_reference" => merchant_reference: text,
    }
}

impl std::fmt::Debug for CreatedTransaction {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CreatedTransaction")
            .field(
                "transaction_id",
                &ShownStatus::optional(&self.transaction_id),
            )
            .field("issuer_authentication_url", &self.issuer_authentication_url)
            .field(
                "merchant_reference",
                &ShownStatus::optional(&self.merchant_reference),
            )
            .finish()
    }
}
