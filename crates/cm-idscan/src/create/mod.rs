//! Starting a flow: `POST /transactions` and `POST /webhooks`. The bodies CM
//! returns (and the transaction body sent) are wire types in `model/`.

mod webhook_subscription;

pub use webhook_subscription::WebhookSubscriptionRequest;
