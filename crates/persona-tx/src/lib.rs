//! Typed client for [Persona](https://withpersona.com) Transactions.
//!
//! It describes the requests and decodes the answers; [`txstatus_core`] sends them, with
//! its timeouts, retries, body cap and redaction rules.
//!
//! - [`Client::transaction`] / [`Client::transaction_with`]: `GET
//!   {base}/transactions/{id}` with optional `include` and `fields[TYPE]`
//!   ([`RetrieveOptions`]), returning [`Response<Transaction>`](txstatus_core::Response).
//! - [`Transaction`]: the whole JSON:API document (`data`, `relationships`,
//!   `included`), lenient: every attribute optional, unknown field types and
//!   unknown included resources kept as raw JSON, timestamps that are not
//!   RFC 3339 kept as text.
//! - [`WebhookVerifier`]: checks `Persona-Signature` against the raw body and
//!   parses the [`WebhookEvent`].
//! - [`normalize`] and `impl` [`txstatus_core::StatusSource`] for [`Client`].
//!
//! # Lifecycle
//!
//! Every request is described by a pure function in [`requests`] (path, deepObject
//! query, headers, body, retry class) and sent by txstatus-core.
//!
//! - List and find: [`Client::list_transactions`] (one page, [`ListTransactions`]:
//!   `page[size]`, `page[after]`/`page[before]`, `filter[reference-id]`,
//!   `filter[transaction-type-id]`, `filter[identifier][key|value]`, `fields`),
//!   [`Client::transactions`] (a lazy `Stream` over every page, under the client's rate
//!   limit) and [`Client::find_by_reference_id`]. Only the `page[after]` cursor of
//!   `links.next` is used: the next request is rebuilt from the caller's filters against
//!   the client's own base URL, so a link to another host is never followed; a cursor
//!   seen before is an error, not a loop; an empty page or a page without `links.next`
//!   ends the walk ([`next_cursor`]).
//! - Events: [`Client::list_events`], [`Client::events`] ([`ListEvents`]: `filter[name]`,
//!   `filter[object-id]`, `filter[id]`), [`Client::event`] and [`Client::read_back`] (a
//!   webhook confirmed by reading its event back); names are the open enum
//!   [`model::EventName`], a transaction payload is a typed [`Transaction`].
//! - Writes: [`Client::create_transaction`] ([`CreateTransaction`]),
//!   [`Client::update_transaction`] ([`UpdateTransaction`]), [`Client::redact_transaction`]
//!   ([`Redaction`]) and [`Client::redact_biometrics`]. Creates and updates send an
//!   `Idempotency-Key` generated per call from the OS CSPRNG ([`IdempotencyKey`]) or given
//!   by the caller, the same on every attempt, and are resent like reads (a 409 for the
//!   key still in progress included); [`Idempotency::Off`] makes them never resent once
//!   they may have reached Persona. A 409 or 422 is a [`Rejection`] with Persona's
//!   `code` and `source.pointer`.
//! - Later API versions: `attributes.signals` (personal data) and
//!   `relationships.sentinel-sessions` (2026-09-29) decode; attributes and relationships
//!   this crate does not know are kept in `other`, not dropped.
//!
//! Every request sends `Authorization: Bearer <API key>`, `Key-Inflection: kebab`
//! (the models are kebab-case) and `Persona-Version` ([`DEFAULT_PERSONA_VERSION`]
//! unless set), so the answer does not depend on the API key's dashboard settings.
//!
//! # Status mapping
//!
//! Persona statuses are defined by each customer's workflows. Matching is
//! case-insensitive, with `-`, `_` and space treated alike (`Needs_Review` is
//! `needs review`). [`ClientBuilder::status_mapping`] adds or overrides entries.
//!
//! | Persona `status` | normalized |
//! |---|---|
//! | `created`, `pending`, `submitted`, `needs review`, `in review` | [`Pending`](txstatus_core::NormalizedStatus::Pending) |
//! | `completed`, `approved` | [`Succeeded`](txstatus_core::NormalizedStatus::Succeeded) |
//! | `declined`, `failed` | [`Failed`](txstatus_core::NormalizedStatus::Failed) |
//! | `expired` | [`Expired`](txstatus_core::NormalizedStatus::Expired) |
//! | anything else, or no status | [`Unknown`](txstatus_core::NormalizedStatus::Unknown) (raw kept, never terminal) |
//!
//! `Succeeded` means the transaction reached its successful end state: whether a
//! person was verified is whatever the customer's workflow decided.
//!
//! # Files
//!
//! `file` field values carry signed URLs (an `access_token` in the query: a bearer
//! secret). [`Client::download_file`] fetches one only when it is under the file
//! origin ([`DEFAULT_FILE_ORIGIN`], set with [`ClientBuilder::file_origin`]), without
//! the API key, under a 25 MiB cap, and never logs or shows the URL.
//!
//! # Personal data
//!
//! Field values, names, addresses, birthdates, document numbers and every photo or
//! file URL (signed, with an `access_token`) are [`txstatus_core::Pii`]: `Debug` prints
//! `[redacted]` and [`txstatus_core::to_redacted_json`] writes `"[redacted]"`. The API key
//! never appears in `Debug`.
//!
//! # Quick start
//!
//! ```no_run
//! use persona_tx::{Client, RetrieveOptions};
//! use txstatus_core::{NormalizedStatus, SecretString};
//!
//! # async fn run() -> txstatus_core::Result<()> {
//! let api_key = SecretString::from(std::env::var("PERSONA_API_KEY").unwrap_or_default());
//! let client = Client::builder(api_key)
//!     .status_mapping("manual approval", NormalizedStatus::Succeeded)
//!     .build()?;
//!
//! let response = client.transaction("txn_ABC123").await?;
//! let transaction = response.value();
//! println!(
//!     "{} is {} (request {:?})",
//!     transaction.data.id,
//!     client.status_of(transaction.status().unwrap_or_default()),
//!     response.request_id(),
//! );
//!
//! // Only the transaction's status and fields, and no included objects.
//! let options = RetrieveOptions::new()
//!     .include_nothing()
//!     .fields("transaction", ["status", "fields"]);
//! let sparse = client.transaction_with("txn_ABC123", &options).await?;
//! # let _ = sparse;
//! # Ok(())
//! # }
//! ```
#![forbid(unsafe_code)]

mod client;
mod files;
mod idempotency;
mod lifecycle;
mod list_options;
pub mod model;
mod options;
mod pagination;
mod rejection;
pub mod requests;
mod source;
mod status;
pub mod webhook;
mod writes;

pub use client::{Client, ClientBuilder};
pub use files::{DEFAULT_FILE_LIMIT, DEFAULT_FILE_ORIGIN, FileDownload};
pub use idempotency::{Idempotency, IdempotencyKey, MAX_IDEMPOTENCY_KEY_LEN};
pub use lifecycle::Redaction;
pub use list_options::{ListEvents, ListTransactions, MAX_PAGE_SIZE};
pub use model::{
    Account, FieldValue, Fields, GovernmentIdVerification, Included, Transaction, TransactionData,
    WebhookEvent,
};
pub use options::RetrieveOptions;
pub use pagination::next_cursor;
pub use rejection::{Rejection, RejectionKind};
pub use status::normalize;
pub use txstatus_core::ClientOptions;
pub use webhook::{WebhookError, WebhookVerifier};
pub use writes::{CreateTransaction, UpdateTransaction};

/// Provider name used in errors, traces and status reports.
pub const PROVIDER: &str = "persona";

/// Persona's API base URL.
pub const DEFAULT_BASE_URL: &str = "https://api.withpersona.com/api/v1";

/// The `Persona-Version` sent unless [`ClientBuilder::persona_version`] changes it:
/// the version the models follow.
pub const DEFAULT_PERSONA_VERSION: &str = "2025-12-08";

/// The workspace README's quick start, compiled as a doctest so it stays true.
#[cfg(doctest)]
#[doc = include_str!("../../../README.md")]
struct ReadmeQuickStart;
