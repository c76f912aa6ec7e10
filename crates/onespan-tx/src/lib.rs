//! Typed client for the OneSpan Identity Verification transaction API.
//!
//! One call, `GET {base}/api/transaction/{id}` (optionally with
//! `?withVerifications=true`), decoded into [`Transaction`]. The host is per
//! tenant, so the base URL is required; the JWT OneSpan issues is sent as
//! `Authorization: Bearer`, the optional tenant as `X-Tenant`, and every request
//! asks for `Accept: application/json`. txstatus-core sends the request: timeouts,
//! retries (reads are retried on connect errors, timeouts, 429 and 500/502/503/504)
//! and error mapping (every non-2xx is a [`txstatus_core::Error`] with the body kept).
//!
//! # Status
//!
//! [`normalize`] maps both published status lists:
//!
//! | OneSpan `status` | normalized |
//! |---|---|
//! | `new`, `workflow_in_progress`, `workflow_completed`, `post_processing` | `Pending` |
//! | `completed`, `autosigned`, `vaulted` | `Succeeded` |
//! | `error` | `Failed` |
//! | `cancelled` | `Cancelled` |
//! | `expired` | `Expired` |
//! | anything else | `Unknown` (raw value kept, never terminal) |
//!
//! [`Client`] implements [`txstatus_core::StatusSource`]: `created_at` is `created`,
//! `updated_at` is `completed`, and the document is the [`Transaction`].
//!
//! # Personal data
//!
//! User names, date of birth, phone, emails and address, token values, access
//! URLs, document content URLs, events and every key the model does not know are
//! [`txstatus_core::Pii`]: `Debug` prints `[redacted]` and
//! [`txstatus_core::to_redacted_json`] writes `"[redacted]"`. The JWT is a
//! [`secrecy::SecretString`] and never appears in `Debug`.
//!
//! # Quick start
//!
//! ```no_run
//! use onespan_tx::{Client, ClientOptions};
//!
//! # async fn run() -> txstatus_core::Result<()> {
//! let client = Client::builder(std::env::var("ONESPAN_TOKEN").unwrap_or_default())
//!     .tenant("acme")
//!     .base_url("https://acme.example.onespan.cloud")
//!     .build()?;
//! let response = client
//!     .transaction_with_verifications("dcaad720-d1e9-47ba-a76b-a6370ef0373b")
//!     .await?;
//! let transaction = response.value();
//! println!("{} ({})", transaction.normalized_status(), transaction.raw_status());
//! for verification in transaction.verifications.iter().flatten() {
//!     println!("{:?}: {:?}", verification.name, verification.status);
//! }
//! # Ok(())
//! # }
//! ```
#![forbid(unsafe_code)]

mod calls;
mod client;
mod create;
mod download;
mod endpoints;
pub mod erasure;
mod images;
mod model;
mod outcome;
mod request;
mod source;
mod status;
pub mod webhook;

pub use client::{Client, ClientBuilder};
pub use create::{NewTransaction, TransactionEvent};
pub use download::{DEFAULT_DOWNLOAD_LIMIT, Download, SFS_SCHEME, sfs_request};
pub use endpoints::AUDIT_TRAIL_DOCUMENT;
pub use erasure::{
    ErasureAction, ErasureEntry, ErasureEvent, ErasureOutcome, ErasureReport, ErasureResponse,
    GracePeriod, IdOutcome, MAX_ERASURE_BATCH,
};
pub use images::VerificationImages;
pub use model::{
    Address, Document, Emails, EpochMillis, Events, Extra, Language, Role, Time, Token,
    Transaction, User, Verification, VerificationName, VerificationStatus, VhubTransactionStatus,
};
pub use outcome::{
    CheckResult, DetailedVerificationReport, ReportStage, ReportStatus, StageTitle, StageType,
    TransactionVerification, VerificationResult,
};
pub use request::TENANT_HEADER;
pub use status::{TransactionStatus, normalize};
pub use txstatus_core::ClientOptions;
pub use webhook::{Notification, NotificationTrigger};

/// The provider name in reports and errors.
pub const PROVIDER: &str = "onespan";
