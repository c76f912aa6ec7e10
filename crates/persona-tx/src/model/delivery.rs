//! The few members of a webhook delivery the receiver reads: event id, event
//! name and the object's id and type. Single-word keys, so every key inflection
//! reads alike; everything else in the body is skipped.

/// A delivery's envelope: `{"data": {...}}`.
#[derive(Default)]
pub(crate) struct DeliveryEnvelope {
    pub(crate) data: Option<DeliveryEvent>,
}

txstatus_core::provider::record_decoder! {
    DeliveryEnvelope {
        "data" => data: value,
    }
}

/// The event: `data.id` and `data.attributes`.
#[derive(Default)]
pub(crate) struct DeliveryEvent {
    pub(crate) id: Option<String>,
    pub(crate) attributes: Option<DeliveryAttributes>,
}

txstatus_core::provider::record_decoder! {
    DeliveryEvent {
        "id" => id: value,
        "attributes" => attributes: value,
    }
}

/// `data.attributes.name` and `data.attributes.payload`.
#[derive(Default)]
pub(crate) struct DeliveryAttributes {
    pub(crate) name: Option<String>,
    pub(crate) payload: Option<DeliveryPayload>,
}

txstatus_core::provider::record_decoder! {
    DeliveryAttributes {
        "name" => name: value,
        "payload" => payload: value,
    }
}

/// `payload.data`: the object the event is about.
#[derive(Default)]
pub(crate) struct DeliveryPayload {
    pub(crate) data: Option<DeliveryObject>,
}

txstatus_core::provider::record_decoder! {
    DeliveryPayload {
        "data" => data: value,
    }
}

/// The object's `id` and `type`.
#[derive(Default)]
pub(crate) struct DeliveryObject {
    pub(crate) id: Option<String>,
    pub(crate) kind: Option<String>,
}

txstatus_core::provider::record_decoder! {
    DeliveryObject {
        "id" => id: value,
        "type" => kind: value,
    }
}
