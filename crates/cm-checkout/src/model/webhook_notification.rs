//! A webhook notification's body as CM posts it; reading and checking it is in
//! `webhook/`.

use serde::{Deserialize, Deserializer, Serialize, de};
use txstatus_core::provider::ShownStatus;
use txstatus_core::provider::lenient::FromText;

use super::{
    Time, WebhookEvent,
    repeated::{KeySeed, Repeated},
};

/// A webhook notification as CM posts it.
///
/// CM does not sign these: anyone can post one. Use it only to learn *which*
/// transaction to read, then read it with
/// [`Client::fetch_notified_transaction`](crate::Client::fetch_notified_transaction).
/// Ids sent as numbers are kept as their text.
#[non_exhaustive]
#[derive(Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WebhookNotification {
    /// When the event happened.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_at: Option<Time>,
    /// What happened.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub event: Option<WebhookEvent>,
    /// The transaction id.
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "txstatus_core::provider::shown_text::opt"
    )]
    pub transaction: Option<String>,
    /// The merchant's reference of the transaction.
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "txstatus_core::provider::shown_text::opt"
    )]
    pub reference: Option<String>,
    /// The payment id the event is about.
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "txstatus_core::provider::shown_text::opt"
    )]
    pub payment: Option<String>,
}

/// Ids and the reference only when plain tokens: anyone can post a
/// notification, with any text in them.
impl std::fmt::Debug for WebhookNotification {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WebhookNotification")
            .field("created_at", &self.created_at)
            .field("event", &self.event)
            .field("transaction", &ShownStatus::optional(&self.transaction))
            .field("reference", &ShownStatus::optional(&self.reference))
            .field("payment", &ShownStatus::optional(&self.payment))
            .finish()
    }
}

/// The members read, by index.
const MEMBERS: [&str; 5] = ["createdAt", "event", "transaction", "reference", "payment"];

/// Each member a scalar as its text (`null` absent; an object or an array fails
/// the decode). A member repeated with the same value is that value; with
/// another, it is absent (a repeated `transaction` then names none) and the
/// other members are still read.
impl<'de> Deserialize<'de> for WebhookNotification {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> de::Visitor<'de> for V {
            type Value = WebhookNotification;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a notification object")
            }
            fn visit_map<A: de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<WebhookNotification, A::Error> {
                let mut members: [Repeated<String>; 5] = Default::default();
                while let Some(key) = map.next_key_seed(KeySeed(MEMBERS))? {
                    match key.and_then(|index| members.get_mut(index)) {
                        Some(member) => member.take(map.next_value::<Scalar>()?.0),
                        None => {
                            map.next_value::<de::IgnoredAny>()?;
                        }
                    }
                }
                let [created_at, event, transaction, reference, payment] =
                    members.map(Repeated::into_value);
                Ok(WebhookNotification {
                    created_at: created_at.as_deref().map(Time::from_text),
                    event: event.as_deref().map(WebhookEvent::from_text),
                    transaction,
                    reference,
                    payment,
                })
            }
        }
        deserializer.deserialize_map(V)
    }
}

/// A scalar as its text, `null` as nothing.
struct Scalar(Option<String>);

impl<'de> Deserialize<'de> for Scalar {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        txstatus_core::provider::lenient::opt_text(deserializer).map(Scalar)
    }
}
