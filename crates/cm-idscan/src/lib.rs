//! Typed client for CM.com ID Scan: transaction details, transaction results and
//! document downloads, on the shared [`txstatus_core`] transport.
//!
//! # Quick start
//!
//! ```no_run
//! use cm_idscan::{Client, ClientOptions, SecretString};
//!
//! # async fn run() -> txstatus_core::Result<()> {
//! let client = Client::builder("key-id", SecretString::from("key-secret"))
//!     .configure_transport(|t| t.deadline(std::time::Duration::from_secs(20)))
//!     .build()?;
//! let details = client.transaction("2c2f04a5-44e4-4a83-aa53-1a9fa90c2394").await?;
//! let transaction = details.value();
//! println!("{} is {}", transaction.id, transaction.status());
//! for task in &transaction.tasks {
//!     println!("{}: {:?}", task.kind, task.state);
//! }
//! # Ok(())
//! # }
//! ```
//!
//! # Authentication
//!
//! Every attempt carries a fresh HS256 JWT (`Authorization: Bearer`, a sensitive
//! header) signed with the key secret; its header names the key id (`kid`), its
//! payload holds `iat`, `nbf` (30 s earlier, for clock skew) and `exp` (60 s later
//! by default, see [`ClientBuilder::token_lifetime`]). Time comes from the
//! transport's [`txstatus_core::Clock`]. See [`JwtAuth`].
//!
//! # Normalized status
//!
//! [`normalize`] maps the transaction `state`:
//!
//! | `state` | [`txstatus_core::NormalizedStatus`] |
//! |---|---|
//! | `pending` | `Pending` (not terminal) |
//! | `completed` | `Succeeded` |
//! | `expired` | `Expired` |
//! | anything else | `Unknown` (raw value kept, never terminal) |
//!
//! `Succeeded` means the transaction reached its end, not that the person was
//! verified: a `completed` transaction can hold a failed face match or an invalid
//! document field. Read the task scores and the result's field validity for that.
//!
//! The [`txstatus_core::StatusSource`] implementation reports `created` as `created_at`
//! and `completed` as `updated_at`.
//!
//! # Files and downloads
//!
//! The details call returns document files only while the transaction is
//! `pending` and has not expired; once it has expired they are gone, and for a
//! completed transaction the files come with the [`TransactionResult`]. Download
//! URLs are personal data ([`txstatus_core::Pii`]): they name a person's identity
//! document. [`Client::download`] fetches one, but only when it lies under the
//! API base's `/downloads/` path on the same scheme, host and port; the bearer
//! token is never sent anywhere else.
//!
//! # Starting a flow
//!
//! [`Client::create_transaction`] sends `POST /transactions` and returns the
//! iframe `url`, a bearer link for one person kept as [`txstatus_core::Pii`].
//! The create is never resent once it may have reached CM (a second flow would
//! be billed and carry its own link). When the error says
//! [`may_have_been_sent`](txstatus_core::Error::may_have_been_sent), CM offers
//! no lookup by reference for ID Scan: the recovery path is your own record of
//! what you asked for, written before the call. Mark it unconfirmed, and either
//! create a new transaction for the person (the lost one expires unused after
//! `expiresIn`) or wait for a webhook delivery naming an id you do not know.
//!
//! # Webhooks
//!
//! [`Client::subscribe_webhook`] registers an `https` URL with a secret custom
//! header; CM does not sign deliveries, so [`WebhookVerifier`] compares that
//! header in constant time (a missing or wrong header is a [`WebhookRefusal`])
//! before parsing. A [`Delivery`] is a hint: re-read the transaction. Its
//! `resultId`, like the one in the return URL's query string or the iframe's
//! message, goes straight to [`Client::transaction_result`].
//!
//! Where CM's docs are silent: custom `headers` are sent as an object of name to
//! value (the docs only show `null`); `expiresIn` is refused above seven days;
//! a header sent twice counts as missing.
//!
//! # Privacy
//!
//! Download URLs, file names and every extracted field value are
//! [`txstatus_core::Pii`]: `Debug` prints `[redacted]` and [`txstatus_core::to_redacted_json`]
//! writes `"[redacted]"`. The key secret is never printed.
#![forbid(unsafe_code)]

mod auth;
mod client;
mod create;
mod download;
mod model;
mod report;
pub mod requests;
mod result_id;
mod status;
mod webhook;

pub use auth::{JwtAuth, NOT_BEFORE_SKEW};
pub use client::{Client, ClientBuilder, DEFAULT_TOKEN_LIFETIME};
pub use create::{
    CreateTransaction, CreatedTransaction, DocumentScanSettings, Settings, WebhookEvent,
    WebhookSubscription, WebhookSubscriptionRequest,
};
pub use download::{DEFAULT_DOWNLOAD_LIMIT, Download};
pub use model::{
    DocumentScan, ExtractedField, FieldValue, FileCategory, FileType, PickedValue, ResultTask,
    ScanCode, ScanFile, ScanSource, Task, TaskResult, TaskState, TaskType, Time, Transaction,
    TransactionResult, TransactionState, Validity, ValueSource,
};
pub use result_id::{result_id_from_iframe_message, result_id_from_return_url};
pub use status::normalize;
pub use txstatus_core::{ClientOptions, SecretString};
pub use webhook::{
    DeliveredTransaction, Delivery, DeliveryType, WebhookRefusal, WebhookVerifier, parse_delivery,
};

/// The provider name used in errors, traces and status reports.
pub const PROVIDER: &str = "cm-idscan";

/// The production API base URL.
pub const DEFAULT_BASE_URL: &str = "https://api.cm.com/id-scan/v1";
