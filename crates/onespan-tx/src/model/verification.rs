//! A verification result (with `withVerifications=true`).

use serde::Serialize;
use txstatus_core::Text;

use super::{EpochMillis, VerificationName, VerificationStatus, VhubTransactionStatus};

/// An item of `verifications[]`. Result details the model does not name (which
/// may hold personal data read from an identity document) are not modelled: they
/// stay in the raw body, where the CLI masks them as personal data.
#[non_exhaustive]
#[derive(Clone, Debug, Default, Serialize)]
pub struct Verification {
    /// `id` (`document_id_authentication`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<Text>,
    /// `revision_id`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub revision_id: Option<Text>,
    /// `name` (`doc_id`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<VerificationName>,
    /// `status` as sent (upper case in the documentation: `SUCCESS`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<VerificationStatus>,
    /// `timestamp`, epoch milliseconds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timestamp: Option<EpochMillis>,
    /// `vhub_workflow_id`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vhub_workflow_id: Option<Text>,
    /// `vhub_transaction_id`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vhub_transaction_id: Option<Text>,
    /// `vhub_verification_id`: needed to fetch the verification images.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vhub_verification_id: Option<Text>,
    /// `vhub_transaction_status` (`COMPLETED`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vhub_transaction_status: Option<VhubTransactionStatus>,
}

txstatus_core::provider::record_decoder! {
    Verification {
        "id" => id: text,
        "revision_id" => revision_id: text,
        "name" => name: text,
        "status" => status: text,
        "timestamp" => timestamp: value,
        "vhub_workflow_id" => vhub_workflow_id: text,
        "vhub_transaction_id" => vhub_transaction_id: text,
        "vhub_verification_id" => vhub_verification_id: text,
        "vhub_transaction_status" => vhub_transaction_status: text,
    }
}
