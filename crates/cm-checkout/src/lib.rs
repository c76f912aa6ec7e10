#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]

mod from_json;

mod client;
mod create;
mod credentials;
mod delivery;
mod model;
mod money;
mod notification;
mod refund;
mod report;
pub mod requests;
mod status;
mod token;
mod webhook_token;

pub use client::{Client, ClientBuilder};
pub use create::{
    CheckoutWebhook, CreateCheckout, MAX_AMOUNT, MAX_DESCRIPTION_LEN, MAX_MAX_RETRIES,
    MAX_REFERENCE_LEN, MAX_URL_LEN, MIN_AMOUNT, NewOrderItem, ReturnTo,
};
pub use credentials::ClientCredentials;
pub use delivery::CheckoutWebhooks;
pub use model::{
    Action, Address, Consumer, Language, OrderItem, Payment, PaymentMethod, PaymentStatus,
    Redirect, Refunds, ReturnTarget, ReturnUrls, Transaction, TransactionStatus, Webhook,
    WebhookEvent,
};
pub use money::{Currency, MinorUnits, Money, opt_minor_units};
pub use notification::WebhookNotification;
pub use refund::{Refund, RefundList, RefundRequest, RefundStatus};
pub use status::normalize;
pub use token::{DEFAULT_EXPIRES_IN, TokenResponse};
pub use txstatus_core::{CallOptions, WithCallOptions};
pub use txstatus_core::{ClientOptions, SecretString};
pub use webhook_token::{TOKEN_PARAMETER, WebhookToken};

/// Provider name used in errors, traces and status reports.
pub const PROVIDER: &str = "cm-checkout";

/// The production API base URL.
pub const DEFAULT_BASE_URL: &str = "https://api.pay.cm.com/api/v1";
