//! The Checkout transaction as CM sends it; keys serialize back with CM's names.

mod action;
mod consumer;
pub(crate) mod error_body;
mod language;
mod order_item;
mod payment;
mod payment_method;
mod refunds;
mod return_urls;
mod transaction;
mod transaction_status;
mod webhook;

pub use action::{Action, Redirect};
pub use consumer::{Address, Consumer};
pub use language::Language;
pub use order_item::OrderItem;
pub use payment::{Payment, PaymentStatus};
pub use payment_method::PaymentMethod;
pub use refunds::Refunds;
pub use return_urls::{ReturnTarget, ReturnUrls};
pub use transaction::Transaction;
pub use transaction_status::TransactionStatus;
pub use webhook::{Webhook, WebhookEvent};
