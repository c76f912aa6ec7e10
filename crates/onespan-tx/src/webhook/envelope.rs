//! The few members of a notification the receiver reads: `transaction_id`,
//! `trigger` and `type`. Everything else (`@timestamp`, `message`, `fields`,
//! `client_device`, members OneSpan may add) is skipped unread: the receiver
//! re-reads the transaction, so the shape of a member it never uses cannot keep
//! it from doing so, and personal members are never copied. A scalar is read as
//! its text (an id sent as a number still routes); an object or array where a
//! scalar belongs reads as absent. A repeated member is an error (which
//! transaction would be meant?), and so is a body that is not one JSON object.

use txstatus_core::provider::lenient::TextOrNothing;

/// `{transaction_id, trigger, type}`.
#[derive(Default)]
pub(super) struct Envelope {
    pub(super) transaction_id: TextOrNothing,
    pub(super) trigger: TextOrNothing,
    pub(super) kind: TextOrNothing,
}

txstatus_core::provider::record_decoder! {
    any_key Envelope {
        "transaction_id" => transaction_id: value,
        "trigger" => trigger: value,
        "type" => kind: value,
    }
}
