//! The few members of a webhook delivery the receiver reads: event id, event
//! name and the object's id and type. Single-word keys, so every key inflection
//! reads alike; everything else in the body is skipped.

use serde::Deserialize;

/// A delivery's envelope: `{"data": {...}}`.
#[derive(Deserialize)]
pub(crate) struct DeliveryEnvelope {
    #[serde(default)]
    pub(crate) data: Option<DeliveryEvent>,
}

/// The event: `data.id` and `data.attributes`.
#[derive(Deserialize)]
pub(crate) struct DeliveryEvent {
    #[serde(default)]
    pub(crate) id: Option<String>,
    #[serde(default)]
    pub(crate) attributes: Option<DeliveryAttributes>,
}

/// `data.attributes.name` and `data.attributes.payload`.
#[derive(Deserialize)]
pub(crate) struct DeliveryAttributes {
    #[serde(default)]
    pub(crate) name: Option<String>,
    #[serde(default)]
    pub(crate) payload: Option<DeliveryPayload>,
}

/// `payload.data`: the object the event is about.
#[derive(Deserialize)]
pub(crate) struct DeliveryPayload {
    #[serde(default)]
    pub(crate) data: Option<DeliveryObject>,
}

/// The object's `id` and `type`.
#[derive(Deserialize)]
pub(crate) struct DeliveryObject {
    #[serde(default)]
    pub(crate) id: Option<String>,
    #[serde(default, rename = "type")]
    pub(crate) kind: Option<String>,
}
