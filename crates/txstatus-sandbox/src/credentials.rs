//! The test credentials the sandbox accepts.

use std::fmt;

/// The credentials the sandbox accepts, one set per instance.
///
/// [`Credentials::default`] holds obviously fake values (see the crate docs); they are
/// safe to print, but `Debug` redacts the secret ones anyway so that logs built from a
/// sandbox look like logs built from real clients.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    /// Persona API key (`Authorization: Bearer`).
    pub persona_api_key: String,
    /// CM.com ID Scan key id (the JWT header `kid`).
    pub idscan_key_id: String,
    /// CM.com ID Scan key secret (its UTF-8 bytes are the HS256 key).
    pub idscan_secret: String,
    /// CM.com iDIN `merchant_token` (in the JSON body).
    pub idin_merchant_token: String,
    /// CM.com Checkout OAuth `client_id`.
    pub checkout_client_id: String,
    /// CM.com Checkout OAuth `client_secret`.
    pub checkout_client_secret: String,
    /// OneSpan bearer token.
    pub onespan_token: String,
    /// OneSpan `X-Tenant`; when set, requests must carry it, when not, the header is
    /// ignored.
    pub onespan_tenant: Option<String>,
}

/// Default Persona API key.
pub const PERSONA_API_KEY: &str = "persona_sandbox_00000000-0000-4000-8000-00000000c0de";
/// Default CM.com ID Scan key id.
pub const IDSCAN_KEY_ID: &str = "sbx-idscan-key-0001";
/// Default CM.com ID Scan key secret.
pub const IDSCAN_SECRET: &str = "sbx-idscan-secret-not-for-production";
/// Default CM.com iDIN merchant token.
pub const IDIN_MERCHANT_TOKEN: &str = "00000000-0000-4000-8000-0000000001d1";
/// Default CM.com Checkout client id.
pub const CHECKOUT_CLIENT_ID: &str = "sbx-checkout-client";
/// Default CM.com Checkout client secret.
pub const CHECKOUT_CLIENT_SECRET: &str = "sbx-checkout-secret-not-for-production";
/// Default OneSpan bearer token.
pub const ONESPAN_TOKEN: &str = "sbx-onespan-token-not-for-production";

impl Default for Credentials {
    fn default() -> Self {
        Credentials {
            persona_api_key: PERSONA_API_KEY.to_owned(),
            idscan_key_id: IDSCAN_KEY_ID.to_owned(),
            idscan_secret: IDSCAN_SECRET.to_owned(),
            idin_merchant_token: IDIN_MERCHANT_TOKEN.to_owned(),
            checkout_client_id: CHECKOUT_CLIENT_ID.to_owned(),
            checkout_client_secret: CHECKOUT_CLIENT_SECRET.to_owned(),
            onespan_token: ONESPAN_TOKEN.to_owned(),
            onespan_tenant: None,
        }
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("persona_api_key", &"[redacted]")
            .field("idscan_key_id", &self.idscan_key_id)
            .field("idscan_secret", &"[redacted]")
            .field("idin_merchant_token", &"[redacted]")
            .field("checkout_client_id", &self.checkout_client_id)
            .field("checkout_client_secret", &"[redacted]")
            .field("onespan_token", &"[redacted]")
            .field("onespan_tenant", &self.onespan_tenant)
            .finish()
    }
}
