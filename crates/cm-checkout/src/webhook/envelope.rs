//! The few members of a notification the receiver reads: `transaction` and
//! `event`. Everything else (`createdAt`, `reference`, `payment`, members CM may
//! add) is skipped unread: the receiver re-reads the transaction, so the shape of
//! a member it never uses cannot keep it from doing so (nor, with per-Checkout
//! tokens, get a genuine delivery refused), and the merchant's reference is never
//! copied. A scalar is read as its text (an id sent as a number still routes);
//! `null`, a boolean, an object or an array where a scalar belongs reads as
//! absent. A repeated member is an error (which transaction would be meant?),
//! and so is a body that is not one JSON object.

use txstatus_core::provider::lenient::TextOrNothing;

/// `{transaction, event}`.
#[derive(Default)]
pub(super) struct Envelope {
    pub(super) transaction: TextOrNothing,
    pub(super) event: TextOrNothing,
}

txstatus_core::provider::record_decoder! {
    Envelope {
        "transaction" => transaction: value,
        "event" => event: value,
    }
}

impl Envelope {
    /// The routed members of `body`; an unknown shape names nothing.
    pub(super) fn read(body: &[u8]) -> Self {
        txstatus_core::provider::from_json_slice(body).unwrap_or_default()
    }

    /// The transaction id when it is usable as one, borrowed (the per-Checkout
    /// token lookup runs before the delivery takes it). The same rule as the
    /// delivery's id ([`TextOrNothing::usable_id`]: not blank, no `.`/`..`, no
    /// control character, at most 256 bytes), so the lookup is never asked
    /// about an id the delivery would not carry.
    pub(super) fn usable_transaction(&self) -> Option<&str> {
        self.transaction
            .0
            .as_deref()
            .filter(|id| txstatus_core::provider::is_usable_id(id))
    }
}
