//! `from_json` on the models a user's own tests build (struct literals do not work on
//! `#[non_exhaustive]` models): the same decoding the client runs on a 200 answer, from
//! bytes such as a fixture or a recorded response.

use txstatus_core::{RawBody, Result, provider::decode_json_bytes};

use crate::{PROVIDER, Transaction, TransactionResult};

impl Transaction {
    /// Decodes a `Transaction` the way the client does: lenient where the model is lenient,
    /// and an error that keeps the body (never printed) when the bytes do not decode.
    ///
    /// ```
    /// # fn main() -> txstatus_core::Result<()> {
    /// let body = br#"{"id": "2c2f04a5-44e4-4a83-aa53-1a9fa90c2394", "state": "completed", "tasks": []}"#;
    /// let transaction = cm_idscan::Transaction::from_json(body)?;
    /// assert!(transaction.status().is_terminal());
    /// # Ok(())
    /// # }
    /// ```
    pub fn from_json(bytes: &[u8]) -> Result<Self> {
        decode_json_bytes(PROVIDER, 200, &RawBody::new(bytes.to_vec()))
    }
}

impl TransactionResult {
    /// Decodes a `TransactionResult` the way the client does (see [`Transaction::from_json`]).
    pub fn from_json(bytes: &[u8]) -> Result<Self> {
        decode_json_bytes(PROVIDER, 200, &RawBody::new(bytes.to_vec()))
    }
}
