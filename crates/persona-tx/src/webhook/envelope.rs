//! The few members of a delivery the receiver reads: the event's `id`, its
//! `attributes.name`, and the object's `type` and `id` under
//! `attributes.payload.data`. Single-word keys, so every key inflection reads
//! alike. Everything else (the delivered status, `fields`, timestamps, members
//! Persona may add) is skipped unread: the receiver re-reads the transaction, so
//! the shape of a member it never uses cannot keep it from doing so, and
//! personal members are never copied. A scalar is read as its text (an id sent
//! as a number still routes); `null`, a boolean, an object or an array where a
//! scalar belongs reads as absent. A repeated member is an error (which
//! transaction would be meant?), and so is a body that is not one JSON object.

use txstatus_core::provider::lenient::TextOrNothing;

/// A delivery's envelope: `{"data": {...}}`.
#[derive(Default)]
pub(super) struct Envelope {
    pub(super) data: Option<EnvelopeEvent>,
}

txstatus_core::provider::record_decoder! {
    any_key Envelope {
        "data" => data: value,
    }
}

/// The event: `data.id` and `data.attributes`.
#[derive(Default)]
pub(super) struct EnvelopeEvent {
    pub(super) id: TextOrNothing,
    pub(super) attributes: Option<EnvelopeAttributes>,
}

txstatus_core::provider::record_decoder! {
    any_key EnvelopeEvent {
        "id" => id: value,
        "attributes" => attributes: value,
    }
}

/// `data.attributes.name` and `data.attributes.payload`.
#[derive(Default)]
pub(super) struct EnvelopeAttributes {
    pub(super) name: TextOrNothing,
    pub(super) payload: Option<EnvelopePayload>,
}

txstatus_core::provider::record_decoder! {
    any_key EnvelopeAttributes {
        "name" => name: value,
        "payload" => payload: value,
    }
}

/// `payload.data`: the object the event is about.
#[derive(Default)]
pub(super) struct EnvelopePayload {
    pub(super) data: Option<EnvelopeObject>,
}

txstatus_core::provider::record_decoder! {
    any_key EnvelopePayload {
        "data" => data: value,
    }
}

/// The object's `id` and `type`.
#[derive(Default)]
pub(super) struct EnvelopeObject {
    pub(super) id: TextOrNothing,
    pub(super) kind: TextOrNothing,
}

txstatus_core::provider::record_decoder! {
    any_key EnvelopeObject {
        "id" => id: value,
        "type" => kind: value,
    }
}
