//! Typed client for the OneSpan Identity Verification transaction API.
//!
//! The status call, `GET {base}/api/transaction/{id}` (optionally with
//! `?withVerifications=true`), decoded into [`Transaction`], and the calls that
//! follow it (below). The host is per
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
//! # Beyond the status
//!
//! | call | request |
//! |---|---|
//! | [`Client::verification`] | `GET /api/transaction/{id}/verification` → [`TransactionVerification`] |
//! | [`Client::detailed_verification_report`] | `GET /api/transactions/{id}/detailed-verification-report` → [`DetailedVerificationReport`] (`Passed`/`Failed`/`Undefined` per stage, [`CheckResult`]) |
//! | [`Client::verification_images`] | `GET /api/transactions/{t}/verifications/{v}/verification-images` → [`VerificationImages`] (`sfs://` references) |
//! | [`Client::download_verification_image`] | `GET /api/sfs/{path of the sfs reference}` → [`Download`] |
//! | [`Client::document_pdf`], [`Client::audit_trail_pdf`] | `GET /api/transaction/{id}/document/{doc or AuditTrailDocument}/pdf` → [`Download`] |
//! | [`Client::create_transaction`] | `PUT /api/transaction/` with a [`NewTransaction`] → [`Transaction`] |
//! | [`Client::send_event`], [`Client::cancel_transaction`] | `PUT /api/transaction/{id}/event` with `{"event": "cancel"}` |
//! | [`Client::mark_for_erasure`], [`Client::unmark_for_erasure`] | `POST /api/transaction/{mark,unmark}-for-erasure`, 1 to 500 ids |
//! | [`Client::erase_all`] | any number of ids, 500 per call, an [`ErasureReport`] per id |
//! | [`Notification::parse`] | a notification OneSpan posted to you ([`webhook`]) |
//!
//! Files are read into memory under [`ClientBuilder::download_limit`] (default
//! [`DEFAULT_DOWNLOAD_LIMIT`], 25 MiB): a body of exactly the limit passes, one byte
//! more is an error whose kind is `BodyTooLarge`. [`Download::write_to_async`] then
//! writes it to any tokio `AsyncWrite`. A [`Download`]'s `Debug` shows only its type
//! and size; no file content, reference or URL is logged or put in an error.
//!
//! # Create is never resent
//!
//! `PUT /api/transaction/` creates a transaction whatever HTTP says of PUT, so it is
//! sent with `RetryClass::NeverResend`: once a request may have reached OneSpan (a
//! reset after writing, a timeout, a 5xx), it is not sent again, and the error's
//! [`may_have_been_sent`](txstatus_core::Error::may_have_been_sent) is `true`. To
//! recover: do not create again at once; put your own reference in `opaque_id`,
//! watch for the `transaction_created` notification carrying it, or ask OneSpan
//! support, and create again only once you know the first did not happen. Events
//! and erasure calls follow the same rule.
//!
//! # Choices where OneSpan's docs are silent
//!
//! - **Image download path**: the docs name a "download image binary data" step
//!   without its path. An `sfs://a/b/c.jpg` reference is fetched as
//!   `GET {base}/api/sfs/a/b/c.jpg`, each part one percent-encoded segment, and
//!   only under the tenant base URL ([`sfs_request`]): the bearer token never goes
//!   to a host or URL the provider supplied, and references with a query,
//!   fragment, backslash, empty, `.` or `..` segment are refused before any I/O.
//!   Images are requested with `Accept: */*`, PDFs with `Accept: application/pdf`.
//! - **Event body**: `{"event": "<name>"}` ([`TransactionEvent`]); the answer's body
//!   is not decoded.
//! - **Grace period** in days, required ([`GracePeriod`], no `Default`); 0 erases
//!   the day it is marked and cannot be undone. An entry counts as accepted when
//!   its `marking_event`/`unmarking_event` ends with `- Accepted`; ids in the answer
//!   are matched exactly, then ignoring ASCII case.
//! - **Batching**: [`Client::erase_all`] sends distinct valid ids in the order
//!   given, 500 per call, stops at the first failed call, and reports every id as
//!   accepted, refused, missing from the answer, failed (with the error), not
//!   attempted or invalid; [`ErasureReport::unfinished_ids`] is what to resume with.
//! - **Report status**: only `InProgress` is documented; `Completed` is named, any
//!   other value is kept. Stage `details` and verification `content` change shape
//!   with the stage and partner, so they are kept as raw JSON inside `Pii`.
//! - **Notification triggers**: see [`webhook`]; unknown triggers are kept and
//!   notifications are unauthenticated hints, never proof of a state.
//!
//! # Personal data
//!
//! User names, date of birth, phone, emails and address, token values, access
//! URLs, document content URLs, events and every key the model does not know are
//! [`txstatus_core::Pii`], and so are verification contents, report stage details,
//! `sfs://` image references, and a notification's message, fields, document
//! references and client device: `Debug` prints `[redacted]` and
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
