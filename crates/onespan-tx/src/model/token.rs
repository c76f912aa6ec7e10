//! A signer's access token.

use serde::Serialize;
use txstatus_core::{Pii, provider::lenient::StringOrNumber};

use super::Role;

/// An item of `tokens[]`: a participant's access token and the URL that opens
/// the transaction with it. Both are bearer secrets.
#[non_exhaustive]
#[derive(Clone, Debug, Default, Serialize)]
pub struct Token {
    /// The access token (`token`); a bearer secret.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token: Option<Pii<String>>,
    /// The participant role it belongs to (`role`, `signer1`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<Role>,
    /// `version`: documented as an integer, shown as a string; both decode and
    /// are written back as sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<StringOrNumber>,
    /// The URL that opens the transaction with the token (`accessUrl`); it
    /// carries the token, so it is a bearer secret.
    #[serde(rename = "accessUrl", skip_serializing_if = "Option::is_none")]
    pub access_url: Option<Pii<String>>,
}

txstatus_core::provider::record_decoder! {
    Token {
        "token" => token: text,
        "role" => role: text,
        "version" => version: value,
        "accessUrl" => access_url: text,
    }
}
