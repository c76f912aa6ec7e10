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
mod cm_idscan;
mod cm_time;
mod fixtures;
mod form;
mod jwt;
mod listener;
mod persona_lifecycle;
mod persona_store;
mod persona_time;
mod providers;
mod respond;
mod scenario;
mod server;
mod state;
mod tokens;

pub use cm_flows::FLOW_PROGRESS;
pub use credentials::Credentials;
pub use provider::Provider;
pub use sandbox::{
    DEFAULT_CHECKOUT_TOKEN_LIFETIME, DEFAULT_PERSONA_RATE_LIMIT, Sandbox, SandboxBuilder, start,
    start_on,
};
pub use stats::{ProviderStats, Stats};
