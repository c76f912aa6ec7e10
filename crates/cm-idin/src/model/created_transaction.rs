//! The answer to `POST /transaction`.

use serde::{Deserialize, Serialize};

/// The answer to `POST /transaction`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct CreatedTransaction {
    /// The public identifier (it comes back as `trxid` on the return URL).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transaction_id: Option<String>,
    /// Where to send the user.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issuer_authentication_url: Option<String>,
    /// The private reference the status call needs: keep it with your session.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub merchant_reference: Option<String>,
}
