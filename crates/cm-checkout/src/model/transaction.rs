//! The Checkout transaction (`GET .../transactions/{id}`).

use serde::Serialize;
use txstatus_core::provider::ShownStatus;
use txstatus_core::provider::lenient::opt_records;
use txstatus_core::{NormalizedStatus, Pii, Text, TxStatus};

use super::money::{Currency, MinorUnits, Money, opt_minor_units, opt_whole};
use super::{
    Action, Consumer, Language, OrderItem, Payment, PaymentMethod, Refunds, ReturnTarget,
    ReturnUrls, Time, Webhook,
};
use crate::{PaymentStatus, TransactionStatus};

/// A Checkout transaction, with every field the documentation describes.
///
/// `Debug` shows the id, the references and the currency only when each is a
/// plain token (any text can be sent there), and no personal value.
///
/// Every field is optional so that a partial or changed answer still decodes;
/// unknown keys are ignored. Serialization writes CM's key names and leaves out
/// absent (and `null`) values.
#[non_exhaustive]
#[derive(Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Transaction {
    /// Transaction id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<Text>,
    /// The merchant's identifier of the Checkout.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reference: Option<Text>,
    /// Amount in minor units of [`Transaction::currency`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount: Option<MinorUnits>,
    /// ISO 4217 currency of every amount in the transaction.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub currency: Option<Currency>,
    /// The customer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub consumer: Option<Consumer>,
    /// The order's id in the merchant's system.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub merchant_order_reference: Option<Text>,
    /// Description of the transaction.
    /// Personal: free text the merchant writes, often naming the customer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<Pii<String>>,
    /// Payment methods offered to the customer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payment_methods: Option<Vec<PaymentMethod>>,
    /// Order lines.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub order_items: Option<Vec<OrderItem>>,
    /// When new payments can no longer be started.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<Time>,
    /// Language of the checkout pages.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language: Option<Language>,
    /// Registered webhooks.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub webhooks: Option<Vec<Webhook>>,
    /// How many payment attempts the customer may make.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_retries: Option<u32>,
    /// Payments made within the Checkout.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payments: Option<Vec<Payment>>,
    /// Checkout status.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<TransactionStatus>,
    /// The next action, only while the status is `OPEN`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub action: Option<Action>,
    /// Creation time.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_at: Option<Time>,
    /// Refund totals.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refunds: Option<Refunds>,
    /// One return URL for every outcome (exclusive with `returnUrls`).
    ///
    /// Personal: a merchant URL can carry the customer in its path or query.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub return_url: Option<Pii<String>>,
    /// Return URLs per outcome (exclusive with `returnUrl`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub return_urls: Option<ReturnUrls>,
}

txstatus_core::provider::record_decoder! {
    Transaction {
        "id" => id: text,
        "reference" => reference: text,
        "amount" => amount: (with opt_minor_units as Option<MinorUnits>),
        "currency" => currency: text,
        "consumer" => consumer: value,
        "merchantOrderReference" => merchant_order_reference: text,
        "description" => description: text,
        "paymentMethods" => payment_methods: value,
        "orderItems" => order_items: (with opt_records as Option<Vec<OrderItem>>),
        "expiresAt" => expires_at: text,
        "language" => language: text,
        "webhooks" => webhooks: (with opt_records as Option<Vec<Webhook>>),
        "maxRetries" => max_retries: (with opt_whole as Option<u32>),
        "payments" => payments: (with opt_records as Option<Vec<Payment>>),
        "status" => status: text,
        "action" => action: value,
        "createdAt" => created_at: text,
        "refunds" => refunds: value,
        "returnUrl" => return_url: text,
        "returnUrls" => return_urls: value,
    }
}

impl std::fmt::Debug for Transaction {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Transaction")
            .field("id", &ShownStatus::optional(&self.id))
            .field("reference", &ShownStatus::optional(&self.reference))
            .field("amount", &self.amount)
            .field("currency", &self.currency)
            .field("consumer", &self.consumer)
            .field(
                "merchant_order_reference",
                &ShownStatus::optional(&self.merchant_order_reference),
            )
            .field("description", &self.description)
            .field("payment_methods", &self.payment_methods)
            .field("order_items", &self.order_items)
            .field("expires_at", &self.expires_at)
            .field("language", &self.language)
            .field("webhooks", &self.webhooks)
            .field(
                "max_retries",
                &self.max_retries.map(txstatus_core::provider::ShownNumber),
            )
            .field("payments", &self.payments)
            .field("status", &self.status)
            .field("action", &self.action)
            .field("created_at", &self.created_at)
            .field("refunds", &self.refunds)
            .field("return_url", &self.return_url)
            .field("return_urls", &self.return_urls)
            .finish()
    }
}

impl Transaction {
    /// The normalized status (`Unknown` when absent).
    pub fn status(&self) -> NormalizedStatus {
        crate::normalize(self.raw_status())
    }

    /// The provider's own status text, `""` when absent.
    pub fn raw_status(&self) -> &str {
        self.status.as_ref().map_or("", TransactionStatus::as_str)
    }

    /// The normalized status with the provider's own text.
    pub fn tx_status(&self) -> TxStatus {
        TxStatus::new(self.status(), self.raw_status())
    }

    /// The method path segment of the payment to refund (for
    /// [`Client::create_refund`](crate::Client::create_refund)): the `type` of the
    /// transaction's successful payment (the last one, if CM lists several).
    pub fn refund_method(&self) -> Option<&str> {
        self.payments
            .as_deref()?
            .iter()
            .rev()
            .find(|p| p.status == Some(PaymentStatus::Success))
            .and_then(|p| p.kind.as_ref())
            .map(|kind| kind.as_str())
    }

    /// The amount with its currency, when both are present.
    pub fn money(&self) -> Option<Money> {
        self.in_currency(self.amount)
    }

    /// The refunded amount with the transaction's currency.
    pub fn refunded(&self) -> Option<Money> {
        self.in_currency(self.refunds.as_ref().and_then(|r| r.refunded_amount))
    }

    /// The amount whose refund is pending, with the transaction's currency.
    pub fn refund_pending(&self) -> Option<Money> {
        self.in_currency(
            self.refunds
                .as_ref()
                .and_then(|r| r.refunded_pending_amount),
        )
    }

    /// Any amount of this transaction (an order line's price) with its currency.
    pub fn in_currency(&self, amount: Option<MinorUnits>) -> Option<Money> {
        Some(Money::new(amount?, self.currency.clone()?))
    }

    /// The hosted-checkout URL to send the customer to, while the status is `OPEN`.
    ///
    /// Only a URL a browser may be sent to: `https` (or `http` to a loopback
    /// host, the sandbox) without user info. Anything else the answer holds
    /// (`javascript:`, `data:`, plain `http` elsewhere, a relative URL) is never
    /// given; it stays in [`Transaction::action`].
    pub fn redirect_url(&self) -> Option<&str> {
        if self.status != Some(TransactionStatus::Open) {
            return None;
        }
        self.action
            .as_ref()?
            .redirect
            .as_ref()?
            .url
            .as_ref()
            .map(|url| url.expose().as_str())
            .filter(|url| txstatus_core::provider::check_base_url(crate::PROVIDER, url).is_ok())
    }

    /// Where the customer returns: `returnUrl` when present, else `returnUrls`.
    pub fn return_target(&self) -> Option<ReturnTarget<'_>> {
        match (&self.return_url, &self.return_urls) {
            (Some(url), _) => Some(ReturnTarget::Single(url.expose())),
            (None, Some(urls)) => Some(ReturnTarget::PerStatus(urls)),
            (None, None) => None,
        }
    }
}
