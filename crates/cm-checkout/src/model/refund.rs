//! Refunds of a payment: what is asked and what CM answers.

use serde::{Deserialize, Deserializer, Serialize, de};
use txstatus_core::{Pii, Text};

use super::Time;
use super::money::{Currency, MinorUnits, opt_minor_units};

txstatus_core::open_enum! {
    /// A refund's `status`. CM's pages do not list the set; these spellings
    /// follow the Checkout statuses, and every other value is kept.
    pub enum RefundStatus {
        /// Accepted, money not moved yet.
        Pending => "PENDING",
        /// Being processed by the payment method.
        Processing => "PROCESSING",
        /// Money returned.
        Success => "SUCCESS",
        /// Refused or failed.
        Failure => "FAILURE",
        /// Cancelled before it was paid out.
        Cancelled => "CANCELLED",
    }
}

/// A refund to create: an amount in the payment's currency and a reason.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RefundRequest {
    /// Amount in minor units, 1 to [`MAX_AMOUNT`](crate::MAX_AMOUNT) (checked
    /// before sending).
    pub amount: u64,
    /// Why; shown to the customer by some methods, so it is [`Pii`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<Pii<String>>,
}

impl RefundRequest {
    /// A refund of `amount` minor units.
    pub fn new(amount: u64) -> Self {
        Self {
            amount,
            reason: None,
        }
    }

    /// Sets the reason.
    pub fn reason(mut self, reason: impl Into<String>) -> Self {
        self.reason = Some(Pii::new(reason.into()));
        self
    }
}

/// A refund as CM returns it.
#[non_exhaustive]
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Refund {
    /// Refund id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<Text>,
    /// Amount in minor units.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount: Option<MinorUnits>,
    /// Currency.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub currency: Option<Currency>,
    /// Status (open set).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<RefundStatus>,
    /// The reason as CM kept it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<Pii<String>>,
    /// When it was created.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_at: Option<Time>,
}

txstatus_core::provider::record_decoder! {
    Refund {
        "id" => id: text,
        "amount" => amount: (with opt_minor_units as Option<MinorUnits>),
        "currency" => currency: text,
        "status" => status: text,
        "reason" => reason: text,
        "createdAt" => created_at: text,
    }
}

/// The refunds of a transaction. CM's pages show no list shape: a bare array
/// and an object holding `refunds` (or `items`) are both accepted.
#[non_exhaustive]
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(transparent)]
pub struct RefundList(pub Vec<Refund>);

impl<'de> Deserialize<'de> for RefundList {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> de::Visitor<'de> for V {
            type Value = RefundList;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an array of refunds or an object with `refunds`")
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let mut out = Vec::new();
                while let Some(refund) = seq.next_element()? {
                    out.push(refund);
                }
                Ok(RefundList(out))
            }
            fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                // `None` until the list's key is seen: an object without it (an
                // error object under a 200, a single refund) is not "no refunds",
                // which a caller checking before a second refund would trust.
                let mut out: Option<Vec<Refund>> = None;
                while let Some(key) = map.next_key::<String>()? {
                    if key == "refunds" || key == "items" {
                        if out.is_some() {
                            return Err(de::Error::custom(
                                "more than one list of refunds (`refunds`, `items`)",
                            ));
                        }
                        out = Some(map.next_value::<Option<Vec<Refund>>>()?.unwrap_or_default());
                    } else {
                        map.next_value::<de::IgnoredAny>()?;
                    }
                }
                out.map(RefundList).ok_or_else(|| {
                    de::Error::custom(
                        "an object without `refunds` or `items` is not a list of refunds",
                    )
                })
            }
        }
        deserializer.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_decode_from_an_array_or_a_wrapping_object() {
        let a: RefundList =
            serde_json::from_str(r#"[{"id":"r1","amount":"300","status":"PENDING"}]"#).unwrap();
        assert_eq!(a.0[0].amount, Some(MinorUnits::new(300)));
        let b: RefundList = serde_json::from_str(
            r#"{"total":1,"refunds":[{"id":"r1","status":"REVERSED","extra":{}}]}"#,
        )
        .unwrap();
        assert_eq!(b.0[0].status.as_ref().unwrap().as_str(), "REVERSED");
        let c: RefundList = serde_json::from_str(r#"{"items":null}"#).unwrap();
        assert!(c.0.is_empty());
    }

    #[test]
    fn an_object_without_exactly_one_refund_list_is_not_an_empty_list() {
        for body in [
            r#"{"message":"Internal error"}"#,
            r#"{"id":"r1","amount":300,"status":"SUCCESS"}"#,
            r#"{}"#,
            r#"{"refunds":[{"id":"r1"}],"items":[{"id":"r2"}]}"#,
            r#"{"refunds":[],"refunds":[{"id":"r1"}]}"#,
        ] {
            assert!(serde_json::from_str::<RefundList>(body).is_err(), "{body}");
        }
        let empty: RefundList = serde_json::from_str(r#"{"refunds":[]}"#).unwrap();
        assert!(empty.0.is_empty());
    }

    #[test]
    fn a_refund_reason_is_redacted() {
        let request = RefundRequest::new(100).reason("Jane returned the shoes");
        assert!(!format!("{request:?}").contains("Jane"));
        let json = serde_json::to_string(&request).unwrap();
        assert_eq!(json, r#"{"amount":100,"reason":"Jane returned the shoes"}"#);
    }
}
