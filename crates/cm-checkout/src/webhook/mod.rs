//! Receiving Checkout webhooks: the per-Checkout URL token that authenticates
//! a delivery, reading the notification body, and the [`WebhookSide`](txstatus_core::webhook::WebhookSide)
//! that ties both together for a receiver.

mod envelope;
mod notification;
mod side;
mod token;

pub use side::CheckoutWebhooks;
pub use token::{TOKEN_PARAMETER, WebhookToken};
