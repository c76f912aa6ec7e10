#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]

pub mod credentials;
pub mod ids;
pub mod persona_ids;
mod provider;
mod sandbox;
mod stats;

mod cm_checkout;
mod cm_flows;
mod cm_idin;
mod cm_idscan;
mod cm_time;
mod fixtures;
mod form;
mod framework_errors;
mod jwt;
mod listener;
mod persona_lifecycle;
mod persona_store;
mod persona_time;
mod providers;
mod respond;
mod scenario;
mod serve;
mod server;
mod state;
mod tokens;
mod webhook_delivery;
mod webhook_http;
mod webhook_sign;

pub use cm_flows::FLOW_PROGRESS;
pub use cm_idin::DEFAULT_IDIN_DATA_WINDOW;
pub use credentials::Credentials;
pub use provider::Provider;
pub use sandbox::{
    DEFAULT_CHECKOUT_TOKEN_LIFETIME, DEFAULT_PERSONA_RATE_LIMIT, Sandbox, SandboxBuilder, start,
    start_on,
};
pub use state::DEFAULT_MAX_KEPT_BYTES;
pub use stats::{ProviderStats, Stats};
pub use webhook_delivery::{WebhookDelivery, checkout_webhook, idscan_webhook, onespan_webhook};
pub use webhook_sign::{PERSONA_WEBHOOK_SECRET, PERSONA_WEBHOOK_SECRET_PREVIOUS};
