#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
// Integer overflow panics in debug builds: arithmetic a response can reach is
// checked or saturating (`cargo clippy` refuses the rest).
#![warn(clippy::arithmetic_side_effects)]

mod from_json;

mod auth;
mod client;
mod create;
mod model;
mod requests;
mod source;
mod status;
mod webhook;

pub use client::{Client, ClientBuilder};
pub use create::{
    CheckoutWebhook, CreateCheckout, MAX_AMOUNT, MAX_DESCRIPTION_LEN, MAX_MAX_RETRIES,
    MAX_MERCHANT_ORDER_REFERENCE_LEN, MAX_QUANTITY, MAX_REFERENCE_LEN, MAX_RETURN_URL_LEN,
    MAX_URL_LEN, MAX_VAT_RATE, MIN_AMOUNT, NewOrderItem, ReturnTo,
};
pub use model::{
    Action, Address, Consumer, Currency, DEFAULT_EXPIRES_IN, Language, MinorUnits, Money,
    OrderItem, Payment, PaymentMethod, PaymentStatus, Redirect, Refund, RefundList, RefundRequest,
    RefundStatus, Refunds, ReturnTarget, ReturnUrls, Time, TokenResponse, Transaction, Webhook,
    WebhookEvent, WebhookNotification, opt_minor_units,
};
pub use status::{TransactionStatus, normalize};
/// What a user of this crate needs from the core, so one dependency is enough
/// (the same list in every provider crate; `cargo test -p xtask` checks it).
pub use txstatus_core::{
    CalendarDate, CallOptions, ClientOptions, DecodeError, Error, ErrorKind, HttpError,
    NormalizedStatus, Pii, PollError, PollEvent, PollOptions, ProviderMessage, RateLimitInfo,
    RawBody, Response, Result, RetryPolicy, SecretString, StatusReport, StatusSource, Timestamp,
    Transport, TransportBuilder, TransportError, TxStatus, UnknownValue, Url, WithCallOptions,
    poll_until_terminal,
};
pub use webhook::{CheckoutWebhooks, TOKEN_PARAMETER, WebhookToken};

/// Provider name used in errors, traces and status reports.
pub const PROVIDER: &str = "cm-checkout";

/// How a read answer's own id is matched against the asked one
/// ([`about_asked`](txstatus_core::provider::about_asked)): Checkout's ids are UUIDs, compared ignoring ASCII case.
pub(crate) const ID_CASE: txstatus_core::provider::IdCase =
    txstatus_core::provider::IdCase::IgnoreAscii;

/// The production API base URL.
pub const DEFAULT_BASE_URL: &str = "https://api.pay.cm.com/api/v1";
