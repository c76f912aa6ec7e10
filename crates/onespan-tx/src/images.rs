//! Reading the image references of a verification ([`VerificationImages`]).

use txstatus_core::Pii;

use crate::model::VerificationImages;

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
