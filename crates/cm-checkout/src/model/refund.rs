//! Refunds of a payment: what is asked and what CM answers.

use serde::{Deserialize, Deserializer, Serialize, de};
use txstatus_core::provider::ShownStatus;
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
#[derive(Clone, Default, PartialEq, Serialize)]
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
    /// The transaction the refund belongs to, when CM names it
    /// (`transactionId`): an answer naming another transaction than the one
    /// asked about is refused by the client.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub transaction_id: Option<Text>,
}

/// Ids only when plain tokens, the reason never.
impl std::fmt::Debug for Refund {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Refund")
            .field("id", &ShownStatus::optional(&self.id))
            .field("amount", &self.amount)
            .field("currency", &self.currency)
            .field("status", &self.status)
            .field("reason", &self.reason)
            .field("created_at", &self.created_at)
            .field(
                "transaction_id",
                &ShownStatus::optional(&self.transaction_id),
            )
            .finish()
    }
}

txstatus_core::provider::record_decoder! {
    Refund {
        "id" => id: text,
        "amount" => amount: (with opt_minor_units as Option<MinorUnits>),
        "currency" => currency: text,
        "status" => status: text,
        "reason" => reason: text,
        "createdAt" => created_at: text,
        "transactionId" => transaction_id: text,
    }
}

/// The refunds of a transaction. CM's pages show no list shape: a bare array
/// and an object holding `refunds` (or `items`) are both accepted.
///
/// The list is taken only when it is the whole list, since a caller checks it
/// before asking for another refund: an object that says there is more (a
/// non-empty `next…` member or `links.next`, `hasMore`/`hasNext` true,
/// `totalPages` past 1) or counts other than it lists (`total`, `totalCount`,
/// `count`...), and a list naming one refund id twice (a page repeated), fail
/// the decode. The client does not follow pages: CM documents none.
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
                whole(out, &Pages::default())
            }
            fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                // `None` until the list's key is seen: an object without it (an
                // error object under a 200, a single refund) is not "no refunds",
                // which a caller checking before a second refund would trust.
                let mut out: Option<Vec<Refund>> = None;
                let mut pages = Pages::default();
                while let Some(key) = map.next_key::<String>()? {
                    if key == "refunds" || key == "items" {
                        if out.is_some() {
                            return Err(de::Error::custom(
                                "more than one list of refunds (`refunds`, `items`)",
                            ));
                        }
                        // `null` is no list either: not "no refunds".
                        out = Some(map.next_value::<Option<Vec<Refund>>>()?.ok_or_else(|| {
                            de::Error::custom(
                                "the list of refunds is `null`, not a list: not \"no refunds\"",
                            )
                        })?);
                    } else {
                        pages.read(&key, &mut map)?;
                    }
                }
                let out = out.ok_or_else(|| {
                    de::Error::custom(
                        "an object without `refunds` or `items` is not a list of refunds",
                    )
                })?;
                whole(out, &pages)
            }
        }
        deserializer.deserialize_any(V)
    }
}

/// `list` when it is the whole list: nothing says there is more, the counts
/// stated match it, and no refund id is listed twice.
fn whole<E: de::Error>(list: Vec<Refund>, pages: &Pages) -> Result<RefundList, E> {
    if pages.more {
        return Err(E::custom(
            "the list says there are more refunds than it holds (a next page): it is not the whole list",
        ));
    }
    if pages
        .counts
        .iter()
        .any(|&count| u64::try_from(list.len()) != Ok(count))
    {
        return Err(E::custom(
            "the list states another count of refunds than it holds: it is not the whole list",
        ));
    }
    let mut ids: Vec<String> = list
        .iter()
        .filter_map(|refund| refund.id.as_deref())
        .filter(|id| !id.trim().is_empty())
        .map(str::to_ascii_lowercase)
        .collect();
    let named = ids.len();
    ids.sort_unstable();
    ids.dedup();
    if ids.len() != named {
        return Err(E::custom(
            "the list names one refund id twice (a page repeated): it is not a list to count",
        ));
    }
    Ok(RefundList(list))
}

/// What the members beside the list say about other pages.
#[derive(Default)]
struct Pages {
    /// A member says there is more.
    more: bool,
    /// Counts of refunds stated (`total`...).
    counts: Vec<u64>,
}

impl Pages {
    /// Reads the value of `key`, the members other than the list.
    fn read<'de, A: de::MapAccess<'de>>(&mut self, key: &str, map: &mut A) -> Result<(), A::Error> {
        let name: String = key
            .chars()
            .filter(|c| !matches!(c, '_' | '-'))
            .flat_map(char::to_lowercase)
            .collect();
        match name.as_str() {
            "links" => {
                let links = map.next_value::<Links>()?;
                self.more |= links.0;
            }
            more if more.starts_with("hasmore")
                || more.starts_with("hasnext")
                || more.starts_with("more") =>
            {
                self.more |= map.next_value::<Signal>()?.says_more();
            }
            "total" | "totalcount" | "totalitems" | "totalelements" | "totalrefunds" | "count" => {
                match map.next_value::<Signal>()? {
                    Signal::Nothing | Signal::False => {}
                    Signal::Count(count) => self.counts.push(count),
                    // A count that is no whole number (`-1`, `1e30`, `"many"`)
                    // matches no list.
                    Signal::True | Signal::Something => self.counts.push(u64::MAX),
                }
            }
            "totalpages" | "pagecount" | "pages" => match map.next_value::<Signal>()? {
                Signal::Nothing | Signal::False => {}
                Signal::Count(pages) => self.more |= pages > 1,
                // A page count that is no whole number says nothing certain:
                // not taken as one page.
                Signal::True | Signal::Something => self.more = true,
            },
            next if next.starts_with("next") => {
                self.more |= map.next_value::<Signal>()?.is_present();
            }
            "istruncated" | "truncated" | "remaining" | "remainingcount" | "remainingitems" => {
                self.more |= map.next_value::<Signal>()?.says_more();
            }
            // `last: false`: this page is not the last.
            "last" | "islast" | "islastpage" | "lastpage" => {
                self.more |= matches!(map.next_value::<Signal>()?, Signal::False);
            }
            // Any cursor or page token, forward or back: the list is one page of
            // several (an earlier page is not in it either).
            cursor
                if cursor.contains("cursor")
                    || cursor.contains("token")
                    || cursor.starts_with("continuation")
                    || cursor.starts_with("prev")
                    || matches!(cursor, "after" | "before" | "previous") =>
            {
                self.more |= map.next_value::<Signal>()?.is_present();
            }
            // Paging members may be grouped (`pagination`, `meta`, `page`): an
            // object's members are read by the same rules.
            _ => map.next_value_seed(Nested(self))?,
        }
        Ok(())
    }
}

/// Reads an object's members into the [`Pages`] it borrows; any other value is
/// skipped.
struct Nested<'a>(&'a mut Pages);

impl<'de> de::DeserializeSeed<'de> for Nested<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> de::Visitor<'de> for Nested<'_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("any value")
    }

    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<String>()? {
            self.0.read(&key, &mut map)?;
        }
        Ok(())
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element::<de::IgnoredAny>()?.is_some() {}
        Ok(())
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        Ok(())
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        Ok(())
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        Ok(())
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        Ok(())
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
}

/// A pagination member's value, as far as it matters.
enum Signal {
    /// `null`, `""`.
    Nothing,
    /// `false` or `"false"`.
    False,
    /// `true` or `"true"`.
    True,
    /// A whole number (or a string of digits).
    Count(u64),
    /// Anything else (a link, a cursor, an object).
    Something,
}

impl Signal {
    fn is_present(&self) -> bool {
        !matches!(self, Self::Nothing | Self::False)
    }

    /// Whether a "has more" member says there is more: anything but `false`,
    /// `null`, `""` or `0` (`1`, `"yes"`, an object), so that no spelling of
    /// "yes" passes for "no".
    fn says_more(&self) -> bool {
        match self {
            Self::Nothing | Self::False => false,
            Self::Count(count) => *count > 0,
            Self::True | Self::Something => true,
        }
    }
}

impl<'de> Deserialize<'de> for Signal {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> de::Visitor<'de> for V {
            type Value = Signal;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("any value")
            }
            fn visit_unit<E: de::Error>(self) -> Result<Signal, E> {
                Ok(Signal::Nothing)
            }
            fn visit_none<E: de::Error>(self) -> Result<Signal, E> {
                Ok(Signal::Nothing)
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Signal, E> {
                Ok(if v { Signal::True } else { Signal::False })
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Signal, E> {
                Ok(Signal::Count(v))
            }
            fn visit_i64<E: de::Error>(self, _: i64) -> Result<Signal, E> {
                Ok(Signal::Something)
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<Signal, E> {
                Ok(Signal::Something)
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Signal, E> {
                let v = v.trim();
                Ok(if v.is_empty() {
                    Signal::Nothing
                } else if v.eq_ignore_ascii_case("false") {
                    Signal::False
                } else if v.eq_ignore_ascii_case("true") {
                    Signal::True
                } else if let Ok(count) = v.parse::<u64>() {
                    Signal::Count(count)
                } else {
                    Signal::Something
                })
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Signal, A::Error> {
                while seq.next_element::<de::IgnoredAny>()?.is_some() {}
                Ok(Signal::Something)
            }
            fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Signal, A::Error> {
                while map
                    .next_entry::<de::IgnoredAny, de::IgnoredAny>()?
                    .is_some()
                {}
                Ok(Signal::Something)
            }
        }
        deserializer.deserialize_any(V)
    }
}

/// A `links` object: whether it holds a `next` link.
struct Links(bool);

impl<'de> Deserialize<'de> for Links {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> de::Visitor<'de> for V {
            type Value = Links;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("any value")
            }
            fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Links, A::Error> {
                let mut next = false;
                while let Some(key) = map.next_key::<String>()? {
                    if key.eq_ignore_ascii_case("next") {
                        next |= map.next_value::<Signal>()?.is_present();
                    } else if key.eq_ignore_ascii_case("rel") {
                        next |= map.next_value::<Rel>()?.0;
                    } else {
                        map.next_value::<de::IgnoredAny>()?;
                    }
                }
                Ok(Links(next))
            }
            // An array of link objects (`[{"rel": "next", "href": ...}]`).
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Links, A::Error> {
                let mut next = false;
                while let Some(link) = seq.next_element::<Links>()? {
                    next |= link.0;
                }
                Ok(Links(next))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Links, E> {
                Ok(Links(false))
            }
            fn visit_none<E: de::Error>(self) -> Result<Links, E> {
                Ok(Links(false))
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<Links, E> {
                Ok(Links(false))
            }
            fn visit_u64<E: de::Error>(self, _: u64) -> Result<Links, E> {
                Ok(Links(false))
            }
            fn visit_i64<E: de::Error>(self, _: i64) -> Result<Links, E> {
                Ok(Links(false))
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<Links, E> {
                Ok(Links(false))
            }
            fn visit_str<E: de::Error>(self, _: &str) -> Result<Links, E> {
                Ok(Links(false))
            }
        }
        deserializer.deserialize_any(V)
    }
}

/// A link object's `rel`: whether it names `next` (one of its space-separated
/// relations, or one of an array's).
struct Rel(bool);

impl<'de> Deserialize<'de> for Rel {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> de::Visitor<'de> for V {
            type Value = Rel;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("any value")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Rel, E> {
                Ok(Rel(v
                    .split_ascii_whitespace()
                    .any(|relation| relation.eq_ignore_ascii_case("next"))))
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Rel, A::Error> {
                let mut next = false;
                while let Some(rel) = seq.next_element::<Rel>()? {
                    next |= rel.0;
                }
                Ok(Rel(next))
            }
            fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Rel, A::Error> {
                while map
                    .next_entry::<de::IgnoredAny, de::IgnoredAny>()?
                    .is_some()
                {}
                Ok(Rel(false))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Rel, E> {
                Ok(Rel(false))
            }
            fn visit_none<E: de::Error>(self) -> Result<Rel, E> {
                Ok(Rel(false))
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<Rel, E> {
                Ok(Rel(false))
            }
            fn visit_u64<E: de::Error>(self, _: u64) -> Result<Rel, E> {
                Ok(Rel(false))
            }
            fn visit_i64<E: de::Error>(self, _: i64) -> Result<Rel, E> {
                Ok(Rel(false))
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<Rel, E> {
                Ok(Rel(false))
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
    }

    #[test]
    fn an_object_without_exactly_one_refund_list_is_not_an_empty_list() {
        for body in [
            r#"{"message":"Internal error"}"#,
            r#"{"id":"r1","amount":300,"status":"SUCCESS"}"#,
            r#"{}"#,
            r#"{"refunds":[{"id":"r1"}],"items":[{"id":"r2"}]}"#,
            r#"{"refunds":[],"refunds":[{"id":"r1"}]}"#,
            r#"{"items":null}"#,
            r#"{"refunds":null,"message":"temporarily unavailable"}"#,
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
