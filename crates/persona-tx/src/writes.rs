//! Bodies of `POST /transactions` and `PATCH /transactions/{id}`:
//! `{"data":{"attributes":{...}}}` with kebab-case keys.

use std::{collections::BTreeMap, fmt};

use serde::Serialize;
use serde_json::Value;
use txstatus_core::{Error, Pii, Result, provider::ShownStatus};

use crate::{PROVIDER, idempotency::Idempotency};

/// `POST /transactions`: a transaction of a type, with fields, a reference id and tags.
///
/// ```
/// use persona_tx::CreateTransaction;
///
/// let create = CreateTransaction::new("txntp_ABC123")
///     .reference_id("order-42")
///     .field("external-integration-id", "ind_123")
///     .tags(["checkout"]);
/// # let _ = create;
/// ```
#[derive(Clone)]
pub struct CreateTransaction {
    pub(crate) attributes: CreateAttributes,
    pub(crate) idempotency: Idempotency,
}

#[derive(Clone, Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) struct CreateAttributes {
    transaction_type_id: String,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    fields: BTreeMap<String, Pii<Value>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reference_id: Option<Pii<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    tags: Option<Vec<Pii<String>>>,
}

impl CreateTransaction {
    /// The reference id sent, for checking the answer names it.
    pub(crate) fn sent_reference_id(&self) -> Option<&str> {
        self.attributes
            .reference_id
            .as_ref()
            .map(|r| r.expose().as_str())
    }

    /// The transaction type sent, for checking the answer is of that type.
    pub(crate) fn sent_transaction_type_id(&self) -> &str {
        &self.attributes.transaction_type_id
    }

    /// A transaction of this transaction type (`txntp_...`), with an
    /// `Idempotency-Key` generated for the call.
    pub fn new(transaction_type_id: impl Into<String>) -> Self {
        Self {
            attributes: CreateAttributes {
                transaction_type_id: transaction_type_id.into(),
                fields: BTreeMap::new(),
                reference_id: None,
                tags: None,
            },
            idempotency: Idempotency::Generate,
        }
    }

    /// The customer's own reference (recover a create of unknown outcome with
    /// [`Client::find_by_reference_id`](crate::Client::find_by_reference_id)).
    pub fn reference_id(mut self, reference_id: impl Into<String>) -> Self {
        self.attributes.reference_id = Some(Pii::new(reference_id.into()));
        self
    }

    /// One field value, as the transaction type defines it (sent as given).
    pub fn field(mut self, name: impl Into<String>, value: impl Into<Value>) -> Self {
        self.attributes
            .fields
            .insert(name.into(), Pii::new(value.into()));
        self
    }

    /// Tag names.
    pub fn tags<I, S>(mut self, tags: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.attributes.tags = Some(tags.into_iter().map(|t| Pii::new(t.into())).collect());
        self
    }

    /// Whether and which `Idempotency-Key` is sent (default: generated per call).
    pub fn idempotency(mut self, idempotency: Idempotency) -> Self {
        self.idempotency = idempotency;
        self
    }

    /// The JSON body.
    pub fn body(&self) -> Result<Vec<u8>> {
        envelope(&self.attributes)
    }
}

impl fmt::Debug for CreateTransaction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CreateTransaction")
            .field("transaction_type_id", &self.attributes.transaction_type_id)
            .field("fields", &field_names(&self.attributes.fields))
            .field("reference_id", &self.attributes.reference_id)
            .field("tags", &self.attributes.tags)
            .field("idempotency", &self.idempotency)
            .finish()
    }
}

/// `PATCH /transactions/{id}`: only the attributes set are sent.
#[derive(Clone, Default)]
pub struct UpdateTransaction {
    pub(crate) attributes: UpdateAttributes,
    pub(crate) idempotency: Idempotency,
}

#[derive(Clone, Default, Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) struct UpdateAttributes {
    #[serde(skip_serializing_if = "Option::is_none")]
    status: Option<String>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    fields: BTreeMap<String, Pii<Value>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reference_id: Option<Pii<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    label: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    tags: Option<Vec<Pii<String>>>,
}

impl UpdateTransaction {
    /// The reference id sent, for checking the answer names it.
    pub(crate) fn sent_reference_id(&self) -> Option<&str> {
        self.attributes
            .reference_id
            .as_ref()
            .map(|r| r.expose().as_str())
    }

    /// An update that changes nothing yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the status (one of the transaction type's statuses).
    pub fn status(mut self, status: impl Into<String>) -> Self {
        self.attributes.status = Some(status.into());
        self
    }

    /// Sets one field value.
    pub fn field(mut self, name: impl Into<String>, value: impl Into<Value>) -> Self {
        self.attributes
            .fields
            .insert(name.into(), Pii::new(value.into()));
        self
    }

    /// Sets the reference id.
    pub fn reference_id(mut self, reference_id: impl Into<String>) -> Self {
        self.attributes.reference_id = Some(Pii::new(reference_id.into()));
        self
    }

    /// Sets the label.
    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.attributes.label = Some(label.into());
        self
    }

    /// Replaces the tags.
    pub fn tags<I, S>(mut self, tags: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.attributes.tags = Some(tags.into_iter().map(|t| Pii::new(t.into())).collect());
        self
    }

    /// Whether and which `Idempotency-Key` is sent (default: generated per call).
    pub fn idempotency(mut self, idempotency: Idempotency) -> Self {
        self.idempotency = idempotency;
        self
    }

    /// The JSON body.
    pub fn body(&self) -> Result<Vec<u8>> {
        envelope(&self.attributes)
    }
}

impl fmt::Debug for UpdateTransaction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UpdateTransaction")
            .field("status", &self.attributes.status)
            .field("fields", &field_names(&self.attributes.fields))
            .field("reference_id", &self.attributes.reference_id)
            // Free text the caller wrote: personal as far as this crate knows.
            .field(
                "label",
                &self
                    .attributes
                    .label
                    .as_ref()
                    .map(|_| txstatus_core::REDACTED),
            )
            .field("tags", &self.attributes.tags)
            .field("idempotency", &self.idempotency)
            .finish()
    }
}

#[derive(Serialize)]
struct Envelope<'a, T> {
    data: Data<'a, T>,
}

#[derive(Serialize)]
struct Data<'a, T> {
    attributes: &'a T,
}

fn envelope<T: Serialize>(attributes: &T) -> Result<Vec<u8>> {
    serde_json::to_vec(&Envelope {
        data: Data { attributes },
    })
    .map_err(|_| Error::invalid_input(PROVIDER, "the request body could not be written"))
}

/// The names of the fields a write sends, in `Debug`: each only as a plain token
/// (a customer may name a field after a person); the values are never shown.
fn field_names<V>(fields: &BTreeMap<String, V>) -> Vec<ShownStatus<'_>> {
    fields.keys().map(|key| ShownStatus(key)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn create_body_is_a_json_api_envelope() {
        let body = CreateTransaction::new("txntp_1")
            .reference_id("ref-1")
            .field("name-first", "Jane")
            .tags(["a"])
            .body()
            .unwrap();
        let value: Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(
            value,
            serde_json::json!({"data": {"attributes": {
                "transaction-type-id": "txntp_1",
                "fields": {"name-first": "Jane"},
                "reference-id": "ref-1",
                "tags": ["a"],
            }}})
        );
    }

    #[test]
    fn update_sends_only_what_is_set() {
        let body = UpdateTransaction::new().status("approved").body().unwrap();
        assert_eq!(body, br#"{"data":{"attributes":{"status":"approved"}}}"#);
    }

    #[test]
    fn debug_shows_no_values() {
        let create = CreateTransaction::new("txntp_1")
            .reference_id("jane-ref")
            .field("name-first", "Jane")
            .tags(["jane-tag"]);
        let update = UpdateTransaction::new()
            .field("name-first", "Jane")
            .reference_id("jane-ref");
        let printed = format!("{create:?}{update:?}");
        assert!(!printed.contains("Jane") && !printed.contains("jane"));
    }
}
