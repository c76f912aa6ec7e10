//! Typed client for the CM.com Payments **Checkout** API: read a Checkout
//! transaction, read its webhook notifications, and report its status in the
//! shared `txstatus` shape.
//!
//! The client authenticates with OAuth2 client credentials: it asks
//! `POST {base}/authorization/oauth2/token` for an access token, caches it, replaces
//! it 60 s before `expires_in` runs out and once after a 401, and makes concurrent
//! calls share a single token request. The transaction is read with
//! `GET {base}/paymentmethods/checkout/v1/transactions/{id}`.
//!
//! # Quick start
//!
//! ```no_run
//! use cm_checkout::{Client, ClientOptions};
//!
//! # async fn run() -> txstatus_core::Result<()> {
//! let client = Client::builder("my-client-id", "my-client-secret")
//!     .configure_transport(|t| t.user_agent_suffix("shop/1.0"))
//!     .build()?;
//! let response = client.transaction("8db1e7fa-ba8a-4189-92fd-67a20217443d").await?;
//! let transaction = response.value();
//! println!("{}", transaction.tx_status());
//! if let Some(money) = transaction.money() {
//!     println!("{} minor units of {}", money.minor_units(), money.currency());
//! }
//! # Ok(())
//! # }
//! ```
//!
//! # Status mapping
//!
//! [`normalize`] maps the Checkout `status` exactly as spelled (case-sensitive):
//!
//! | CM Checkout `status`          | normalized  | terminal |
//! |-------------------------------|-------------|----------|
//! | `OPEN`, `PENDING`, `AUTHORIZED` | `Pending`   | no       |
//! | `SUCCESS`                     | `Succeeded` | yes      |
//! | `FAILURE`                     | `Failed`    | yes      |
//! | `CANCELLED`                   | `Cancelled` | yes      |
//! | `EXPIRED`                     | `Expired`   | yes      |
//! | anything else (raw kept)      | `Unknown`   | no       |
//!
//! # Webhooks
//!
//! CM's webhooks are unsigned, best-effort hints. Parse them with
//! [`WebhookNotification::from_slice`] and answer them with
//! [`Client::fetch_notified_transaction`], which reads the transaction's real state
//! from the API; never act on the notification's content alone.
//!
//! # Privacy
//!
//! Consumer data (names, email, gender, address, phone, date of birth) is
//! [`txstatus_core::Pii`]: `Debug` prints `[redacted]` and [`txstatus_core::to_redacted_json`]
//! writes `"[redacted]"`. The hosted-checkout redirect URL is `Pii` too: it is a
//! capability URL. The client secret and access tokens never appear in `Debug`,
//! errors or traces.
#![forbid(unsafe_code)]

mod client;
mod credentials;
mod model;
mod money;
mod notification;
mod report;
mod status;
mod text;
mod token;

pub use client::{Client, ClientBuilder};
pub use credentials::ClientCredentials;
pub use model::{
    Action, Address, Consumer, Language, OrderItem, Payment, PaymentMethod, PaymentStatus,
    Redirect, Refunds, ReturnTarget, ReturnUrls, Transaction, TransactionStatus, Webhook,
    WebhookEvent,
};
pub use money::{Currency, MinorUnits, Money, opt_minor_units};
pub use notification::WebhookNotification;
pub use status::normalize;
pub use token::{DEFAULT_EXPIRES_IN, TokenResponse};
pub use txstatus_core::{ClientOptions, SecretString};

/// Provider name used in errors, traces and status reports.
pub const PROVIDER: &str = "cm-checkout";

/// The production API base URL.
pub const DEFAULT_BASE_URL: &str = "https://api.pay.cm.com/api/v1";
