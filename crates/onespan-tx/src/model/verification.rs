//! A verification result (with `withVerifications=true`).

use serde::{Deserialize, Serialize};

use super::{
    EpochMillis, VerificationName, VerificationStatus, VhubTransactionStatus, text::opt_text,
};

/// An item of `verifications[]`. Result details the model does not name (which
/// may hold personal data read from an identity document) are not modelled: they
/// stay in the raw body, where the CLI masks them as personal data.
#[non_exhaustive]
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
pub struct Verification {
    /// `id` (`document_id_authentication`).
    #[serde(
        default,
        deserialize_with = "opt_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub id: Option<String>,
    /// `revision_id`.
    #[serde(
        default,
        deserialize_with = "opt_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub revision_id: Option<String>,
    /// `name` (`doc_id`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<VerificationName>,
    /// `status` as sent (upper case in the documentation: `SUCCESS`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<VerificationStatus>,
    /// `timestamp`, epoch milliseconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timestamp: Option<EpochMillis>,
    /// `vhub_workflow_id`.
    #[serde(
        default,
        deserialize_with = "opt_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub vhub_workflow_id: Option<String>,
    /// `vhub_transaction_id`.
    #[serde(
        default,
        deserialize_with = "opt_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub vhub_transaction_id: Option<String>,
    /// `vhub_verification_id`: needed to fetch the verification images.
    #[serde(
        default,
        deserialize_with = "opt_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub vhub_verification_id: Option<String>,
    /// `vhub_transaction_status` (`COMPLETED`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vhub_transaction_status: Option<VhubTransactionStatus>,
}
