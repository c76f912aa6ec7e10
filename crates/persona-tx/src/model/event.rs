//! A webhook event carrying a transaction.

use serde::Serialize;
use txstatus_core::{RawBody, Result, Timestamp, provider::ShownStatus};

use super::transaction::Transaction;
use crate::PROVIDER;

txstatus_core::provider::open_enum! {
    /// The transaction events Persona sends.
    pub enum EventName {
        /// A transaction was created.
        TransactionCreated => "transaction.created",
        /// Its status changed.
        TransactionStatusUpdated => "transaction.status-updated",
        /// Some fields changed.
        TransactionUpdatedFields => "transaction.updated-fields",
        /// It was labeled.
        TransactionLabeled => "transaction.labeled",
        /// Its personal data was redacted.
        TransactionRedacted => "transaction.redacted",
        /// A relation to an account or a transaction was added.
        TransactionAddedRelation => "transaction.added-relation",
        /// A relation was removed.
        TransactionRemovedRelation => "transaction.removed-relation",
        /// A Sentinel session finished processing.
        TransactionSentinelSessionProcessed => "transaction.sentinel-session-processed",
    }
}

/// A webhook body: `{"data": {"type": "event", "id", "attributes": {...}}}`.
///
/// Verify it first with [`WebhookVerifier`](crate::WebhookVerifier).
#[derive(Clone, Debug, Default, Serialize)]
#[non_exhaustive]
pub struct WebhookEvent {
    /// The event.
    pub data: EventData,
}

txstatus_core::provider::record_decoder! {
    WebhookEvent {
        "data" => data: value,
    }
}

/// The event resource. `Debug` shows its id and type only as plain tokens.
#[derive(Clone, Default, Serialize)]
#[non_exhaustive]
pub struct EventData {
    /// Event id (`evt_...`).
    #[serde(
        skip_serializing_if = "String::is_empty",
        serialize_with = "txstatus_core::provider::shown_text::text"
    )]
    pub id: String,
    /// Resource type, `event`.
    #[serde(
        rename = "type",
        skip_serializing_if = "String::is_empty",
        serialize_with = "txstatus_core::provider::shown_text::resource_type"
    )]
    pub kind: String,
    /// What happened and to what.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attributes: Option<EventAttributes>,
}

impl std::fmt::Debug for EventData {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EventData")
            .field("id", &ShownStatus(&self.id))
            .field("kind", &ShownStatus(&self.kind))
            .field("attributes", &self.attributes)
            .finish()
    }
}

txstatus_core::provider::record_decoder! {
    EventData {
        "id" => id: value,
        "type" => kind: value,
        "attributes" => attributes: value,
    }
}

/// An event's attributes.
#[derive(Clone, Debug, Default, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub struct EventAttributes {
    /// Event name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<EventName>,
    /// The transaction as it was when the event fired, with its included objects.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payload: Option<Transaction>,
    /// The relation added or removed (`added-relation` / `removed-relation`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub context: Option<EventContext>,
    /// When the event was created.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_at: Option<Timestamp>,
}

txstatus_core::provider::record_decoder! {
    EventAttributes {
        "name" => name: text,
        "payload" => payload: value,
        "context" => context: value,
        "created-at" => created_at: value,
    }
}

/// Which relation an `added-relation` / `removed-relation` event is about.
/// `Debug` shows each member only as a plain token.
#[derive(Clone, Default, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub struct EventContext {
    /// Key of the relation schema (`txn_account`).
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "txstatus_core::provider::shown_text::opt"
    )]
    pub relation_schema_key: Option<String>,
    /// The related account (`act_...`), when it is one.
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "txstatus_core::provider::shown_text::opt"
    )]
    pub target_account_id: Option<String>,
    /// The related transaction (`txn_...`), when it is one.
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "txstatus_core::provider::shown_text::opt"
    )]
    pub target_txn_id: Option<String>,
}

impl std::fmt::Debug for EventContext {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EventContext")
            .field(
                "relation_schema_key",
                &ShownStatus::optional(&self.relation_schema_key),
            )
            .field(
                "target_account_id",
                &ShownStatus::optional(&self.target_account_id),
            )
            .field("target_txn_id", &ShownStatus::optional(&self.target_txn_id))
            .finish()
    }
}

txstatus_core::provider::record_decoder! {
    EventContext {
        "relation-schema-key" => relation_schema_key: value,
        "target-account-id" => target_account_id: value,
        "target-txn-id" => target_txn_id: value,
    }
}

impl WebhookEvent {
    /// Decodes a webhook body. A failure keeps the body and names the JSON path.
    pub fn from_slice(body: &[u8]) -> Result<Self> {
        txstatus_core::provider::decode_json_bytes(PROVIDER, 200, &RawBody::new(body.to_vec()))
    }

    /// The event name.
    pub fn name(&self) -> Option<&EventName> {
        self.data.attributes.as_ref()?.name.as_ref()
    }

    /// The transaction the event is about: `None` when the payload is a
    /// resource of another type (an inquiry's event carries the inquiry).
    pub fn transaction(&self) -> Option<&Transaction> {
        self.data
            .attributes
            .as_ref()?
            .payload
            .as_ref()
            .filter(|payload| !crate::names_another_type(&payload.data.kind, "transaction"))
    }
}
