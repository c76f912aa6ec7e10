//! `GET /api/transactions/{t}/verifications/{v}/verification-images`: where the
//! identity document and selfie images of a passed verification are stored.

use std::{collections::BTreeMap, fmt};

use serde::{
    Deserialize, Deserializer, Serialize,
    de::{self, MapAccess, Visitor},
};
use txstatus_core::Pii;

/// One object of `verified_images`: image name to `sfs://` reference.
type ImageReferences = BTreeMap<String, Option<Pii<String>>>;

/// The image references of one verification. `Debug` shows the ids only as
/// plain tokens.
#[non_exhaustive]
#[derive(Clone, Default, Serialize)]
pub struct VerificationImages {
    /// `transaction_id`.
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "txstatus_core::provider::shown_text::opt"
    )]
    pub transaction_id: Option<String>,
    /// `verification_id` (the `vhub_verification_id` asked for).
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "txstatus_core::provider::shown_text::opt"
    )]
    pub verification_id: Option<String>,
    /// `verified_images`: objects mapping an image name
    /// (`image_submitted_document_front`, a selfie, ...) to an `sfs://`
    /// reference. The names are kept as sent; the references are personal (they
    /// open a person's identity document) and are fetched with
    /// [`Client::download`](crate::Client::download).
    /// An object naming one image twice fails the decode: neither reference
    /// may silently replace the other.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verified_images: Option<Vec<BTreeMap<String, Option<Pii<String>>>>>,
}

impl std::fmt::Debug for VerificationImages {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use txstatus_core::provider::ShownStatus;
        f.debug_struct("VerificationImages")
            .field(
                "transaction_id",
                &ShownStatus::optional(&self.transaction_id),
            )
            .field(
                "verification_id",
                &ShownStatus::optional(&self.verification_id),
            )
            .field(
                "verified_images",
                &self.verified_images.as_ref().map(|maps| {
                    maps.iter()
                        .map(txstatus_core::provider::shown_text::ShownKeys)
                        .collect::<Vec<_>>()
                }),
            )
            .finish()
    }
}

txstatus_core::provider::record_decoder! {
    VerificationImages {
        "transaction_id" => transaction_id: value,
        "verification_id" => verification_id: value,
        "verified_images" => verified_images: (with image_maps as Option<Vec<ImageReferences>>),
    }
}

/// `verified_images`: each item charged to the decode's budget, each object
/// read by [`ImageMap`].
fn image_maps<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Vec<ImageReferences>>, D::Error> {
    let maps: Option<Vec<ImageMap>> = txstatus_core::provider::lenient::opt_vec(deserializer)?;
    Ok(maps.map(|maps| maps.into_iter().map(|map| map.0).collect()))
}

/// One object of `verified_images`; an image name sent twice is an error that
/// does not name it (the name is the sender's text).
struct ImageMap(ImageReferences);

impl<'de> Deserialize<'de> for ImageMap {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct MapVisitor;
        impl<'de> Visitor<'de> for MapVisitor {
            type Value = ImageMap;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object of image references")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<ImageMap, A::Error> {
                let mut images = BTreeMap::new();
                while let Some(name) = map.next_key::<String>()? {
                    if images.contains_key(&name) {
                        return Err(de::Error::custom(
                            "an image name is sent twice in one verified_images object",
                        ));
                    }
                    let reference = map.next_value()?;
                    images.insert(name, reference);
                }
                Ok(ImageMap(images))
            }
        }
        deserializer.deserialize_map(MapVisitor)
    }
}
