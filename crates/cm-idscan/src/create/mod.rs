//! Starting a flow: `POST /transactions` and `POST /webhooks`.

mod request;
mod response;
mod webhook_subscription;

pub use request::{CreateTransaction, DocumentScanSettings, Settings};
pub use response::CreatedTransaction;
pub use webhook_subscription::{WebhookEvent, WebhookSubscription, WebhookSubscriptionRequest};
