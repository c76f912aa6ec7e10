//! The few members of a notification the receiver reads: `transaction` and
//! `event`. Everything else (`createdAt`, `reference`, `payment`, members CM may
//! add) is skipped unread: the receiver re-reads the transaction, so the shape of
//! a member it never uses cannot keep it from doing so (nor, with per-Checkout
//! tokens, get a genuine delivery refused), and the merchant's reference is never
//! copied. A scalar is read as its text (an id sent as a number still routes);
//! `null`, a boolean, an object or an array where a scalar belongs reads as
//! absent. A member repeated with the same value is that value; repeated with
//! another, it names nothing (which transaction would be meant?), and the other
//! member still routes: a repeated `event` never loses the transaction. A body
//! that is not one JSON object names nothing.

use serde::{Deserialize, Deserializer, de};
use txstatus_core::provider::lenient::TextOrNothing;

use crate::model::repeated::{KeySeed, Repeated};

/// `{transaction, event}`.
#[derive(Default)]
pub(super) struct Envelope {
    pub(super) transaction: TextOrNothing,
    pub(super) event: TextOrNothing,
}

/// The members read, by index.
const MEMBERS: [&str; 2] = ["transaction", "event"];

impl<'de> Deserialize<'de> for Envelope {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> de::Visitor<'de> for V {
            type Value = Envelope;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a notification object")
            }
            fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Envelope, A::Error> {
                let mut transaction = Repeated::default();
                let mut event = Repeated::default();
                while let Some(key) = map.next_key_seed(KeySeed(MEMBERS))? {
                    match key {
                        Some(0) => transaction.take(map.next_value::<TextOrNothing>()?.0),
                        Some(_) => event.take(map.next_value::<TextOrNothing>()?.0),
                        None => {
                            map.next_value::<de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(Envelope {
                    transaction: TextOrNothing(transaction.into_value()),
                    event: TextOrNothing(event.into_value()),
                })
            }
        }
        deserializer.deserialize_map(V)
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
