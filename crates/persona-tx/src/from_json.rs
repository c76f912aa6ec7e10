//! `from_json` on the models a user's own tests build (struct literals do not work on
//! `#[non_exhaustive]` models): the same decoding the client runs on a 200 answer, from
//! bytes such as a fixture or a recorded response.

use txstatus_core::provider::decode_json_bytes;
use txstatus_core::{RawBody, Result};

use crate::{PROVIDER, Transaction};

impl Transaction {
    /// Decodes a `Transaction` the way the client does: lenient where the model is lenient,
    /// and an error that keeps the body (never printed) when the bytes do not decode.
    ///
    /// ```
    /// # fn main() -> txstatus_core::Result<()> {
    /// let body = br#"{"data": {"type": "transaction", "id": "txn_ABC123",
    ///     "attributes": {"status": "completed"}}}"#;
    /// let transaction = persona_tx::Transaction::from_json(body)?;
    /// assert_eq!(transaction.raw_status(), "completed");
    /// # Ok(())
    /// # }
    /// ```
    pub fn from_json(bytes: &[u8]) -> Result<Self> {
        decode_json_bytes(PROVIDER, 200, &RawBody::new(bytes.to_vec()))
    }
}
