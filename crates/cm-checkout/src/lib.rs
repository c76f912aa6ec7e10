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
//! # Starting a Checkout
//!
//! [`Client::create_transaction`] checks a [`CreateCheckout`] before sending it
//! (amount between [`MIN_AMOUNT`] and [`MAX_AMOUNT`] minor units, a three-letter
//! currency, field lengths, exactly one of `returnUrl` / `returnUrls` by type,
//! `https` URLs) and returns the [`Transaction`], whose
//! [`redirect_url`](Transaction::redirect_url) is where the customer goes. A
//! create is never resent once it may have reached CM; when the error says
//! [`may_have_been_sent`](txstatus_core::Error::may_have_been_sent), do not
//! create again blindly: the Checkout may exist under your `reference`.
//!
//! Checkout webhooks are unsigned. Give each Checkout its own
//! [`WebhookToken`] (random, from the system CSPRNG), put
//! [`WebhookToken::webhook_url`] in its `webhooks[].url`, store the token with
//! the Checkout, and check each delivery's request target with
//! [`WebhookToken::matches`] (constant time) before parsing it with
//! [`WebhookNotification::from_slice`], which also reads `REFUND_STATUS`.
//!
//! # Refunds
//!
//! [`Client::create_refund`] and [`Client::refunds`] use
//! `/paymentmethods/{method}/v1/transactions/{id}/refunds`, CM's per-method
//! path, with the method of the payment being refunded
//! ([`requests::refund_method`] finds it on a [`Transaction`]); pass another
//! segment if CM's Checkout product turns out to differ. A refund moves money:
//! it is never resent, and an error with `may_have_been_sent()` means: list the
//! refunds before asking again. Refund statuses are an open enum
//! ([`RefundStatus`]), and a list may arrive as an array or an object holding
//! `refunds`.
//!
//! Where CM's docs are silent, this crate chose: the bounds in [`MIN_AMOUNT`]
//! and friends; `returnUrls.success` required; a refund body of `amount` and
//! `reason`; the refund status spellings of the Checkout statuses.
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
mod create;
mod credentials;
mod model;
mod money;
mod notification;
mod refund;
mod report;
pub mod requests;
mod status;
mod text;
mod token;
mod webhook_token;

pub use client::{Client, ClientBuilder};
pub use create::{
    CheckoutWebhook, CreateCheckout, MAX_AMOUNT, MAX_DESCRIPTION_LEN, MAX_MAX_RETRIES,
    MAX_REFERENCE_LEN, MAX_URL_LEN, MIN_AMOUNT, NewOrderItem, ReturnTo,
};
pub use credentials::ClientCredentials;
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
pub use txstatus_core::{ClientOptions, SecretString};
pub use webhook_token::{TOKEN_PARAMETER, WebhookToken};

/// Provider name used in errors, traces and status reports.
pub const PROVIDER: &str = "cm-checkout";

/// The production API base URL.
pub const DEFAULT_BASE_URL: &str = "https://api.pay.cm.com/api/v1";
