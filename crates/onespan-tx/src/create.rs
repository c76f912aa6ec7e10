//! Creating a transaction and sending it events.
//!
//! `PUT /api/transaction/` creates, whatever HTTP says of PUT: it is never resent
//! once it may have reached OneSpan, and the error then says so
//! ([`txstatus_core::Error::may_have_been_sent`]). To recover, do not create
//! again blindly: look for the transaction you meant to create (OneSpan keeps
//! your `opaque_id`, and notifications carry the new `transaction_id`), and only
//! create again once you know it does not exist.

use std::fmt;

use serde::{Serialize, de::IgnoredAny};
use txstatus_core::{Error, Result};

use crate::PROVIDER;

/// The body of a create-transaction call: the transaction model as JSON
/// (`tenant_id`, `workflow_id`, `users`, `documents`, ...). It carries personal
/// data and documents, so `Debug` shows only its size.
#[derive(Clone)]
pub struct NewTransaction {
    json: Vec<u8>,
}

impl NewTransaction {
    /// Serializes `value`; it must be a JSON object.
    pub fn from_json<T: Serialize + ?Sized>(value: &T) -> Result<Self> {
        let json = serde_json::to_vec(value).map_err(|_| {
            Error::invalid_input(PROVIDER, "the new transaction does not serialize to JSON")
        })?;
        Self::from_json_bytes(json)
    }

    /// Takes JSON bytes as they are; they must hold one JSON object.
    pub fn from_json_bytes(json: impl Into<Vec<u8>>) -> Result<Self> {
        let json = json.into();
        // One whole JSON value (read with the core's reader, skipping what it
        // holds) whose first token opens an object.
        let is_object = txstatus_core::provider::from_json_slice::<IgnoredAny>(&json).is_ok()
            && json
                .iter()
                .find(|byte| !matches!(byte, b' ' | b'\t' | b'\n' | b'\r'))
                == Some(&b'{');
        if !is_object {
            return Err(Error::invalid_input(
                PROVIDER,
                "the new transaction is not one JSON object",
            ));
        }
        Ok(Self { json })
    }

    /// The JSON bytes sent.
    pub fn as_bytes(&self) -> &[u8] {
        &self.json
    }

    pub(crate) fn into_bytes(self) -> Vec<u8> {
        self.json
    }

    /// The text of top-level member `name` sent (`workflow_id`, `tenant_id`),
    /// for checking the answer names the same; `None` when it was not sent as
    /// non-blank text.
    pub(crate) fn sent_text(&self, name: &str) -> Option<String> {
        let members = txstatus_core::provider::from_json_slice::<
            std::collections::BTreeMap<String, serde_json::Value>,
        >(&self.json)
        .ok()?;
        members
            .get(name)
            .and_then(serde_json::Value::as_str)
            .map(str::trim)
            .filter(|text| !text.is_empty())
            .map(str::to_owned)
    }
}

impl fmt::Debug for NewTransaction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("NewTransaction")
            .field("len", &self.json.len())
            .finish()
    }
}

txstatus_core::provider::open_enum! {
    /// An event sent with `PUT /api/transaction/{id}/event`. The docs name the
    /// cancel and lender-signature uses without showing the body; this crate
    /// sends `{"event": "<name>"}`. Any other name can be sent as `Unknown`.
    pub enum TransactionEvent {
        /// `cancel`: cancels an ongoing transaction.
        Cancel => "cancel",
        /// `lender_signature`: applies the lender signature.
        LenderSignature => "lender_signature",
    }
}

/// The JSON body of an event.
pub(crate) fn event_body(event: &TransactionEvent) -> Vec<u8> {
    serde_json::json!({ "event": event.as_str() })
        .to_string()
        .into_bytes()
}
