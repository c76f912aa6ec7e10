//! `GET /api/transactions/{t}/verifications/{v}/verification-images`: where the
//! identity document and selfie images of a passed verification are stored.

use std::collections::BTreeMap;

use serde::Serialize;
use txstatus_core::Pii;

/// The image references of one verification.
#[non_exhaustive]
#[derive(Clone, Debug, Default, Serialize)]
pub struct VerificationImages {
    /// `transaction_id`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub transaction_id: Option<String>,
    /// `verification_id` (the `vhub_verification_id` asked for).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verification_id: Option<String>,
    /// `verified_images`: objects mapping an image name
    /// (`image_submitted_document_front`, a selfie, ...) to an `sfs://`
    /// reference. The names are kept as sent; the references are personal (they
    /// open a person's identity document) and are fetched with
    /// [`Client::download`](crate::Client::download).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verified_images: Option<Vec<BTreeMap<String, Option<Pii<String>>>>>,
}

txstatus_core::provider::record_decoder! {
    VerificationImages {
        "transaction_id" => transaction_id: value,
        "verification_id" => verification_id: value,
        "verified_images" => verified_images: value,
    }
}
