//! What a merchant asks for when starting a Checkout.

use std::fmt;
use txstatus_core::provider::ShownStatus;

use serde::{Serialize, Serializer, ser::SerializeMap};
use time::OffsetDateTime;
use txstatus_core::Pii;

use crate::{Consumer, Language, PaymentMethod, ReturnUrls, WebhookEvent};

/// Where the customer returns: CM takes exactly one of `returnUrl` and
/// `returnUrls`, so the type allows only one. `Debug` hides the URL (a
/// merchant's URL can carry the customer), as [`ReturnUrls`] does.
#[derive(Clone, PartialEq, Eq)]
pub enum ReturnTo {
    /// `returnUrl`: one URL for every outcome.
    Single(String),
    /// `returnUrls`: one URL per outcome (`success` is required).
    PerStatus(ReturnUrls),
}

impl fmt::Debug for ReturnTo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The same view as a transaction's return target: one Debug that hides the URL.
        let target = match self {
            Self::Single(url) => crate::ReturnTarget::Single(url),
            Self::PerStatus(urls) => crate::ReturnTarget::PerStatus(urls),
        };
        fmt::Debug::fmt(&target, f)
    }
}

/// A per-transaction webhook (`webhooks[]`). Put a secret token in `url` with
/// [`WebhookToken::webhook_url`](crate::WebhookToken::webhook_url): CM does not
/// sign deliveries.
#[derive(Clone, PartialEq, Eq, Serialize)]
pub struct CheckoutWebhook {
    /// `https` URL; it carries the secret token, so `Debug` hides it and
    /// redacted serialization ([`txstatus_core::to_redacted_json`]) masks it.
    /// A `cm_token` in it must appear once and not be blank (the receiver could
    /// match no delivery otherwise): [`Client::create_transaction`](crate::Client::create_transaction)
    /// refuses it before sending.
    #[serde(serialize_with = "txstatus_core::provider::serialize_pii")]
    pub url: String,
    /// Events to send (`FINALSTATUS`, `STATUS_CHANGE`, `REFUND_STATUS`).
    pub events: Vec<WebhookEvent>,
}

impl fmt::Debug for CheckoutWebhook {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CheckoutWebhook")
            .field("url", &"[redacted]")
            .field("events", &self.events)
            .finish()
    }
}

/// One order line of a new Checkout. Names and descriptions can describe what a
/// person bought: they are [`Pii`].
#[derive(Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NewOrderItem {
    /// Merchant's article code: not blank, at most
    /// [`MAX_DESCRIPTION_LEN`](crate::MAX_DESCRIPTION_LEN) characters, no control
    /// characters (checked before sending).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// Article name.
    pub name: Pii<String>,
    /// Article description.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<Pii<String>>,
    /// Price of one unit in minor units, at most [`MAX_AMOUNT`](crate::MAX_AMOUNT).
    pub unit_price: u64,
    /// Units, 1 to [`MAX_QUANTITY`](crate::MAX_QUANTITY); the line's total
    /// (`unit_price` × `quantity`), and the sum of the lines' totals, at most
    /// [`MAX_AMOUNT`](crate::MAX_AMOUNT) (checked before sending).
    pub quantity: u64,
    /// VAT of the line in minor units; the lines' VAT summed is at most
    /// [`MAX_AMOUNT`](crate::MAX_AMOUNT).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vat_amount: Option<u64>,
    /// VAT rate in percent, at most [`MAX_VAT_RATE`](crate::MAX_VAT_RATE).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vat_rate: Option<u32>,
}

/// The body of a create. Build with [`CreateCheckout::new`]; checked by
/// [`Client::create_transaction`](crate::Client::create_transaction) before anything is sent.
#[derive(Clone, PartialEq)]
pub struct CreateCheckout {
    /// Amount in minor units of `currency`.
    pub amount: u64,
    /// ISO 4217 code, three upper-case letters.
    pub currency: String,
    /// Your unique reference for this Checkout, 1 to
    /// [`MAX_REFERENCE_LEN`](crate::MAX_REFERENCE_LEN) characters (keep it: it is
    /// how you find the Checkout again if the create's answer is lost).
    pub reference: String,
    /// Your order's reference, 1 to
    /// [`MAX_MERCHANT_ORDER_REFERENCE_LEN`](crate::MAX_MERCHANT_ORDER_REFERENCE_LEN)
    /// characters (it appears on the customer's statement).
    pub merchant_order_reference: Option<String>,
    /// Shown to the customer; may describe them or their purchase.
    pub description: Option<Pii<String>>,
    /// The customer.
    pub consumer: Option<Consumer>,
    /// Order lines.
    pub order_items: Vec<NewOrderItem>,
    /// Allowed payment methods (empty: CM's defaults). A method this version
    /// does not know is sent as given; a blank one, or one with whitespace or
    /// control characters, is refused before any I/O.
    pub payment_methods: Vec<PaymentMethod>,
    /// Checkout page language, one of the set CM documents: a
    /// [`Language::Unknown`] is refused before any I/O.
    pub language: Option<Language>,
    /// Where the customer returns.
    pub return_to: ReturnTo,
    /// Per-transaction webhooks.
    pub webhooks: Vec<CheckoutWebhook>,
    /// How many payment attempts the customer may make (`maxRetries`, 0 to
    /// [`MAX_MAX_RETRIES`](crate::MAX_MAX_RETRIES)).
    pub max_retries: Option<u32>,
    /// When the Checkout expires.
    pub expires_at: Option<OffsetDateTime>,
}

/// The code only when a plain token.
impl fmt::Debug for NewOrderItem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("NewOrderItem")
            .field("code", &ShownStatus::optional(&self.code))
            .field("name", &self.name)
            .field("description", &self.description)
            .field("unit_price", &self.unit_price)
            .field("quantity", &self.quantity)
            .field("vat_amount", &self.vat_amount)
            .field("vat_rate", &self.vat_rate)
            .finish()
    }
}

/// The currency and references only when plain tokens (a reference can be any
/// text, an email address included), no personal value.
impl fmt::Debug for CreateCheckout {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CreateCheckout")
            .field("amount", &self.amount)
            .field("currency", &ShownStatus(&self.currency))
            .field("reference", &ShownStatus(&self.reference))
            .field(
                "merchant_order_reference",
                &ShownStatus::optional(&self.merchant_order_reference),
            )
            .field("description", &self.description)
            .field("consumer", &self.consumer)
            .field("order_items", &self.order_items)
            .field("payment_methods", &self.payment_methods)
            .field("language", &self.language)
            .field("return_to", &self.return_to)
            .field("webhooks", &self.webhooks)
            .field("max_retries", &self.max_retries)
            .field("expires_at", &self.expires_at)
            .finish()
    }
}

impl CreateCheckout {
    /// A Checkout for `amount` minor units of `currency`, with the merchant's
    /// `reference` and a return target; everything else empty.
    pub fn new(
        amount: u64,
        currency: impl Into<String>,
        reference: impl Into<String>,
        return_to: ReturnTo,
    ) -> Self {
        Self {
            amount,
            currency: currency.into(),
            reference: reference.into(),
            merchant_order_reference: None,
            description: None,
            consumer: None,
            order_items: Vec::new(),
            payment_methods: Vec::new(),
            language: None,
            return_to,
            webhooks: Vec::new(),
            max_retries: None,
            expires_at: None,
        }
    }
}

impl Serialize for CreateCheckout {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("amount", &self.amount)?;
        map.serialize_entry("currency", &self.currency)?;
        map.serialize_entry("reference", &self.reference)?;
        if let Some(value) = &self.merchant_order_reference {
            map.serialize_entry("merchantOrderReference", value)?;
        }
        if let Some(value) = &self.description {
            map.serialize_entry("description", value)?;
        }
        if let Some(value) = &self.consumer {
            map.serialize_entry("consumer", value)?;
        }
        if !self.order_items.is_empty() {
            map.serialize_entry("orderItems", &self.order_items)?;
        }
        if !self.payment_methods.is_empty() {
            map.serialize_entry("paymentMethods", &self.payment_methods)?;
        }
        if let Some(value) = &self.language {
            map.serialize_entry("language", value)?;
        }
        match &self.return_to {
            // Through `Pii`: plain in the request body, masked in redacted output.
            ReturnTo::Single(url) => map.serialize_entry("returnUrl", &Pii::new(url))?,
            ReturnTo::PerStatus(urls) => map.serialize_entry("returnUrls", urls)?,
        }
        if !self.webhooks.is_empty() {
            map.serialize_entry("webhooks", &self.webhooks)?;
        }
        if let Some(value) = &self.max_retries {
            map.serialize_entry("maxRetries", value)?;
        }
        if let Some(value) = &self.expires_at {
            let text = txstatus_core::rfc3339::format(*value).ok_or_else(|| {
                serde::ser::Error::custom(
                    "expiresAt cannot be written as RFC 3339 (a year before 0 or after 9999, \
                     or an offset over 23 hours or with seconds)",
                )
            })?;
            map.serialize_entry("expiresAt", &text)?;
        }
        map.end()
    }
}
