//! JSON:API relationships: `{"data": {"type", "id"}}`, `{"data": null}`, `{}`.

use serde::{Deserialize, Serialize};
use txstatus_core::provider::ShownStatus;

/// A relationship. `data` is `None` when it was `null` or absent; to-many
/// relationships are `Relationship<Vec<ResourceIdentifier>>`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct Relationship<T = ResourceIdentifier> {
    /// The linked resource(s).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<T>,
}

/// A to-many relationship.
pub type ToMany = Relationship<Vec<ResourceIdentifier>>;

impl<T> Relationship<T> {
    /// The linked resource(s), when there are any.
    pub fn get(&self) -> Option<&T> {
        self.data.as_ref()
    }
}

/// The `type` and `id` of a linked resource. `Debug` shows each only when it
/// is a plain token (an id or a type is one; other text may be anything, a
/// name included), as every provider's models do.
#[derive(Clone, Default, PartialEq, Eq, Hash, Serialize)]
#[non_exhaustive]
pub struct ResourceIdentifier {
    /// Resource type (`workflow-run`, `account`, `verification/government-id`...).
    #[serde(
        rename = "type",
        serialize_with = "txstatus_core::provider::shown_text::resource_type"
    )]
    pub kind: String,
    /// Resource id (`wfr_...`, `act_...`).
    #[serde(serialize_with = "txstatus_core::provider::shown_text::text")]
    pub id: String,
}

impl std::fmt::Debug for ResourceIdentifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ResourceIdentifier")
            .field("kind", &ShownStatus(&self.kind))
            .field("id", &ShownStatus(&self.id))
            .finish()
    }
}

txstatus_core::provider::record_decoder! {
    ResourceIdentifier {
        "type" => kind: value,
        "id" => id: value,
    }
}
