//! The body of `POST /transactions`: sent, and read back by tests.

use serde::{Deserialize, Serialize};
use txstatus_core::provider::ShownStatus;

use super::TaskType;

/// What to ask CM for when creating a transaction.
///
/// Keep your own record of what you asked for (and of your user) before
/// sending: CM offers no lookup by reference for ID Scan, so if the create may
/// have reached CM but no answer came back, that record is the only way to
/// recognise the flow later. See [`Client::create_transaction`](crate::Client::create_transaction).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateTransaction {
    /// The tasks the person performs (`document_scan`, `face_liveness`, `face_match`).
    pub tasks: Vec<TaskType>,
    /// Per-task options.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub settings: Option<Settings>,
    /// The iframe's language, such as `nl-NL`.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "txstatus_core::provider::shown_text::opt"
    )]
    pub locale: Option<String>,
    /// Refuse desktop browsers (the person is handed over to a phone).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mobile_only: Option<bool>,
    /// Seconds until the transaction expires.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_in: Option<u64>,
}

impl CreateTransaction {
    /// A request for these tasks, with CM's defaults for everything else.
    pub fn new(tasks: impl IntoIterator<Item = TaskType>) -> Self {
        Self {
            tasks: tasks.into_iter().collect(),
            ..Self::default()
        }
    }
}

/// `settings`: options per task.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Settings {
    /// Options of the `document_scan` task.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document_scan: Option<DocumentScanSettings>,
}

/// `settings.documentScan`. `Debug` shows each field name only when it is a
/// plain token.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DocumentScanSettings {
    /// Fields CM blacks out in the stored images (`personal_number`).
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        serialize_with = "txstatus_core::provider::shown_text::list"
    )]
    pub redact_fields: Vec<String>,
}

impl std::fmt::Debug for DocumentScanSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let fields: Vec<_> = self
            .redact_fields
            .iter()
            .map(|field| ShownStatus(field))
            .collect();
        f.debug_struct("DocumentScanSettings")
            .field("redact_fields", &fields)
            .finish()
    }
}
