//! The Transaction document: `data` and `included`.

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use txstatus_core::{NormalizedStatus, Pii, Timestamp, TxStatus};

use super::{
    account::Account,
    field::{FieldValue, Fields},
    government_id::GovernmentIdVerification,
    included::Included,
    relationship::{Relationship, ToMany},
    unknown::{UnknownAttributes, UnknownRelationships},
};

/// The answer of `GET /transactions/{id}` (and the payload of transaction
/// webhooks): the transaction and the related objects Persona included.
#[derive(Clone, Deserialize, Serialize)]
#[serde(remote = "Self")]
#[non_exhaustive]
pub struct Transaction {
    /// The transaction.
    pub data: TransactionData,
    /// Related objects, when Persona included any (`[]` after `include=`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub included: Option<Vec<Included>>,
    /// `errors` beside `data`: a document holding both (JSON:API forbids it) is
    /// no transaction, whatever its `data` says (an error under a 2xx).
    #[serde(
        default,
        rename = "errors",
        skip_serializing,
        deserialize_with = "no_errors"
    )]
    pub(crate) no_errors: NoErrors,
}

impl std::fmt::Debug for Transaction {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Transaction")
            .field("data", &self.data)
            .field("included", &self.included)
            .finish()
    }
}

/// The mark of a document read without `errors` beside its `data`.
#[derive(Clone, Copy, Default)]
pub(crate) struct NoErrors;

/// Refuses `errors` holding anything but `null` or an empty list.
fn no_errors<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<NoErrors, D::Error> {
    let errors = Option::<Vec<serde::de::IgnoredAny>>::deserialize(deserializer)
        .map_err(|_| serde::de::Error::custom("`errors` beside `data`: the answer is an error"))?;
    if errors.is_some_and(|errors| !errors.is_empty()) {
        return Err(serde::de::Error::custom(
            "`errors` beside `data`: the answer is an error, not the transaction",
        ));
    }
    Ok(NoErrors)
}

txstatus_core::provider::object_only!(Transaction);

impl Transaction {
    /// The normalized status by Persona's default table ([`Client::status_of`](crate::Client::status_of) applies the builder's extra mappings).
    pub fn status(&self) -> NormalizedStatus {
        crate::normalize(self.raw_status())
    }

    /// The provider's own status text, `""` when absent.
    pub fn raw_status(&self) -> &str {
        self.data
            .attributes
            .as_ref()
            .and_then(|a| a.status.as_deref())
            .unwrap_or_default()
    }

    /// The normalized status with the provider's own text.
    pub fn tx_status(&self) -> TxStatus {
        TxStatus::new(self.status(), self.raw_status())
    }

    /// The transaction's fields, when the response has them.
    pub fn fields(&self) -> Option<&Fields> {
        self.data.attributes.as_ref()?.fields.as_ref()
    }

    /// One field by name.
    pub fn field(&self, name: &str) -> Option<&FieldValue> {
        self.fields()?.get(name)
    }

    /// The included objects (empty when none).
    pub fn included(&self) -> &[Included] {
        self.included.as_deref().unwrap_or_default()
    }

    /// The included accounts.
    pub fn accounts(&self) -> impl Iterator<Item = &Account> {
        self.included().iter().filter_map(Included::as_account)
    }

    /// The included government-ID verifications (those that decoded).
    pub fn government_id_verifications(&self) -> impl Iterator<Item = &GovernmentIdVerification> {
        self.included()
            .iter()
            .filter_map(Included::as_government_id)
    }
}

/// The transaction resource (`type` = `transaction`). `Debug` shows its id and
/// type only as plain tokens.
#[derive(Clone, Default, Serialize)]
#[non_exhaustive]
pub struct TransactionData {
    /// Transaction id (`txn_...`).
    #[serde(
        skip_serializing_if = "String::is_empty",
        serialize_with = "txstatus_core::provider::shown_text::text"
    )]
    pub id: String,
    /// Resource type, `transaction`.
    #[serde(
        rename = "type",
        skip_serializing_if = "String::is_empty",
        serialize_with = "txstatus_core::provider::shown_text::resource_type"
    )]
    pub kind: String,
    /// Attributes; with sparse fieldsets, only those asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attributes: Option<TransactionAttributes>,
    /// Relationships.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub relationships: Option<TransactionRelationships>,
}

impl std::fmt::Debug for TransactionData {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TransactionData")
            .field("id", &txstatus_core::provider::ShownStatus(&self.id))
            .field("kind", &txstatus_core::provider::ShownStatus(&self.kind))
            .field("attributes", &self.attributes)
            .field("relationships", &self.relationships)
            .finish()
    }
}

txstatus_core::provider::record_decoder! {
    TransactionData {
        "id" => id: value,
        "type" => kind: value,
        "attributes" => attributes: value,
        "relationships" => relationships: value,
    }
}

/// A transaction's attributes. All optional: sparse fieldsets leave any out.
/// Decoded by hand (`transaction_de.rs`) so that attributes of later API versions
/// are kept in `other` instead of dropped.
///
/// `status` is the customer's own text: `Debug` shows it only when it is a plain
/// token, and redacted serialization writes `"[redacted]"` otherwise.
#[derive(Clone, Default, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub struct TransactionAttributes {
    /// Status as defined by the customer's workflows (`created`, `approved`...);
    /// see [`normalize`](crate::normalize).
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "txstatus_core::provider::shown_text::opt"
    )]
    pub status: Option<String>,
    /// The customer's own reference. Personal: customers put their user's id,
    /// email or name here.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reference_id: Option<Pii<String>>,
    /// Field values by name (names are not key-inflected). A name sent twice
    /// is a decode error: neither value silently wins.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fields: Option<Fields>,
    /// Tags. Personal: free text set by the customer's team and workflows.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tags: Option<Pii<Vec<String>>>,
    /// When the transaction was created.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_at: Option<Timestamp>,
    /// When it last changed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<Timestamp>,
    /// Risk signals keyed by signal name (API 2026-09-29, Sentinel): an open object,
    /// personal data.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub signals: Option<Pii<Box<RawValue>>>,
    /// Attributes this crate does not model (later API versions), kept raw and
    /// treated as personal data.
    #[serde(flatten)]
    pub other: UnknownAttributes,
}

impl std::fmt::Debug for TransactionAttributes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TransactionAttributes")
            .field(
                "status",
                &txstatus_core::provider::ShownStatus::optional(&self.status),
            )
            .field("reference_id", &self.reference_id)
            .field(
                "fields",
                &self
                    .fields
                    .as_ref()
                    .map(txstatus_core::provider::shown_text::ShownKeys),
            )
            .field("tags", &self.tags)
            .field("created_at", &self.created_at)
            .field("updated_at", &self.updated_at)
            .field("signals", &self.signals)
            .field("other", &self.other)
            .finish()
    }
}

/// A transaction's relationships. Decoded by hand (`transaction_de.rs`) so that
/// relationships of later API versions are kept in `other`.
#[derive(Clone, Debug, Default, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub struct TransactionRelationships {
    /// Who reviewed it: a `workflow-run`, `workflow-step` or `user`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reviewer: Option<Relationship>,
    /// Its `transaction-label`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub transaction_label: Option<Relationship>,
    /// Its `transaction-type`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub transaction_type: Option<Relationship>,
    /// Objects of its workflow runs (at most 100).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub related_objects: Option<ToMany>,
    /// Its Sentinel sessions (`sentinel-session`, API 2026-09-29).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sentinel_sessions: Option<ToMany>,
    /// Relationships this crate does not model (later API versions), kept raw
    /// and treated as personal data.
    #[serde(flatten)]
    pub other: UnknownRelationships,
}
