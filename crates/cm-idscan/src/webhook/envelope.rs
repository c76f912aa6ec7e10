//! The few members of a delivery the receiver reads: the delivery `id`, its
//! `type`, and the transaction's `id` and `resultId`. Everything else (the
//! delivered `state`, `created`, members CM may add) is skipped unread: the
//! receiver re-reads the transaction, so the shape of a member it never uses
//! cannot keep it from doing so. A scalar is read as its text (an id sent as a
//! number still routes); an object or array where a scalar belongs reads as
//! absent. A repeated member is an error (which transaction would be meant?),
//! and so is a body that is not one JSON object.

use txstatus_core::provider::lenient::TextOrNothing;

/// `{id, type, transaction}`.
#[derive(Default)]
pub(super) struct Envelope {
    pub(super) id: TextOrNothing,
    pub(super) kind: TextOrNothing,
    pub(super) transaction: Option<EnvelopeTransaction>,
}

txstatus_core::provider::record_decoder! {
    any_key Envelope {
        "id" => id: value,
        "type" => kind: value,
        "transaction" => transaction: value,
    }
}

/// `transaction{id, resultId}`.
#[derive(Default)]
pub(super) struct EnvelopeTransaction {
    pub(super) id: TextOrNothing,
    pub(super) result_id: TextOrNothing,
}

txstatus_core::provider::record_decoder! {
    any_key EnvelopeTransaction {
        "id" => id: value,
        "resultId" => result_id: value,
    }
}
