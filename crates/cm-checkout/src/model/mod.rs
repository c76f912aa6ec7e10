//! The Checkout transaction as CM sends it; keys serialize back with CM's names.

mod action;
mod consumer;
pub(crate) mod error_body;
mod language;
mod money;
mod order_item;
mod payment;
mod payment_method;
mod refund;
mod refunds;
pub(crate) mod repeated;
mod return_urls;
mod time;
mod token;
mod transaction;
mod webhook;
mod webhook_notification;

pub use action::{Action, Redirect};
pub use consumer::{Address, Consumer};
pub use language::Language;
pub use money::{Currency, MinorUnits, Money, opt_minor_units};
pub use order_item::OrderItem;
pub use payment::{Payment, PaymentStatus};
pub use payment_method::PaymentMethod;
pub use refund::{Refund, RefundList, RefundRequest, RefundStatus};
pub use refunds::Refunds;
pub use return_urls::{ReturnTarget, ReturnUrls};
pub use time::Time;
pub use token::{DEFAULT_EXPIRES_IN, TokenResponse};
pub use transaction::Transaction;
pub use webhook::{Webhook, WebhookEvent};
pub use webhook_notification::WebhookNotification;
