//! `from_json` on the models a user's own tests build (struct literals do not work on
//! `#[non_exhaustive]` models): the same decoding the client runs on a 200 answer, from
//! bytes such as a fixture or a recorded response.

use txstatus_core::{RawBody, Result, provider::decode_json_bytes};

use crate::{CreatedTransaction, PROVIDER, StatusResponse};

impl StatusResponse {
    /// Decodes a `StatusResponse` the way the client does: lenient where the model is lenient,
    /// and an error that keeps the body (never printed) when the bytes do not decode.
    ///
    /// ```
    /// # fn main() -> txstatus_core::Result<()> {
    /// let body = br#"{"status": "open", "transaction_id": "3645651845961623"}"#;
    /// let status = cm_idin::StatusResponse::from_json(body)?;
    /// assert_eq!(status.raw_status(), "open");
    /// # Ok(())
    /// # }
    /// ```
    pub fn from_json(bytes: &[u8]) -> Result<Self> {
        decode_json_bytes(PROVIDER, 200, &RawBody::new(bytes.to_vec()))
    }
}

impl CreatedTransaction {
    /// Decodes a `CreatedTransaction` the way the client does (see [`StatusResponse::from_json`]).
    pub fn from_json(bytes: &[u8]) -> Result<Self> {
        decode_json_bytes(PROVIDER, 200, &RawBody::new(bytes.to_vec()))
    }
}
