//! `GET /api/transactions/{t}/verifications/{v}/verification-images`: where the
//! identity document and selfie images of a passed verification are stored.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use txstatus_core::Pii;

/// The image references of one verification.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
pub struct VerificationImages {
    /// `transaction_id`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transaction_id: Option<String>,
    /// `verification_id` (the `vhub_verification_id` asked for).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verification_id: Option<String>,
    /// `verified_images`: objects mapping an image name
    /// (`image_submitted_document_front`, a selfie, ...) to an `sfs://`
    /// reference. The names are kept as sent; the references are personal (they
    /// open a person's identity document) and are fetched with
    /// [`Client::download`](crate::Client::download).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verified_images: Option<Vec<BTreeMap<String, Option<Pii<String>>>>>,
}

impl VerificationImages {
    /// Every `(name, sfs reference)` pair, in the order sent (names sorted within
    /// one object); `null` references are skipped.
    pub fn references(&self) -> impl Iterator<Item = (&str, &Pii<String>)> {
        self.verified_images
            .iter()
            .flatten()
            .flat_map(|images| images.iter())
            .filter_map(|(name, reference)| reference.as_ref().map(|r| (name.as_str(), r)))
    }
}
