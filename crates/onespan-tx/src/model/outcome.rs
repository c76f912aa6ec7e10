//! `GET /api/transaction/{id}/verification`: each verification provider's result.

use serde::Serialize;
use serde_json::value::RawValue;
use txstatus_core::Pii;

/// The answer of the get-transaction-verification call.
#[non_exhaustive]
#[derive(Clone, Debug, Default, Serialize)]
pub struct TransactionVerification {
    /// `vHubTransaction`: the verification hub's transaction. Kept raw (the docs
    /// show it elided) and personal: it can repeat what the person submitted.
    #[serde(rename = "vHubTransaction", skip_serializing_if = "Option::is_none")]
    pub v_hub_transaction: Option<Pii<Box<RawValue>>>,
    /// `verificationResults`: one item per verification provider and check.
    #[serde(
        rename = "verificationResults",
        skip_serializing_if = "Option::is_none"
    )]
    pub verification_results: Option<Vec<VerificationResult>>,
}

txstatus_core::provider::record_decoder! {
    TransactionVerification {
        "vHubTransaction" => v_hub_transaction: value,
        "verificationResults" => verification_results: value,
    }
}

/// An item of `verificationResults`.
#[non_exhaustive]
#[derive(Clone, Default, Serialize)]
pub struct VerificationResult {
    /// `provider`: who ran the check (the partner's name). `Debug` and redacted
    /// serialization show it only when it is a plain token.
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "txstatus_core::provider::shown_text::opt"
    )]
    pub provider: Option<String>,
    /// `type` (`document_id`).
    #[serde(
        rename = "type",
        skip_serializing_if = "Option::is_none",
        serialize_with = "txstatus_core::provider::shown_text::opt"
    )]
    pub kind: Option<String>,
    /// `content`: the partner's own report (configuration, dossier metadata,
    /// evidence, findings). OneSpan documents it as partner data subject to
    /// change, sent as an object or as a string holding JSON: kept raw, and
    /// personal (it holds what was read from the identity document).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content: Option<Pii<Box<RawValue>>>,
}

impl std::fmt::Debug for VerificationResult {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("VerificationResult")
            .field(
                "provider",
                &txstatus_core::provider::ShownStatus::optional(&self.provider),
            )
            .field(
                "kind",
                &txstatus_core::provider::ShownStatus::optional(&self.kind),
            )
            .field("content", &self.content)
            .finish()
    }
}

txstatus_core::provider::record_decoder! {
    VerificationResult {
        "provider" => provider: value,
        "type" => kind: value,
        "content" => content: value,
    }
}
