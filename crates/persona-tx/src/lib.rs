#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
// Integer overflow panics in debug builds: arithmetic a response can reach is
// checked or saturating (`cargo clippy` refuses the rest).
#![warn(clippy::arithmetic_side_effects)]

mod from_json;

mod client;
mod files;
mod idempotency;
mod lifecycle;
mod list_options;
pub mod model;
mod options;
mod pagination;
mod query_values;
mod redaction_answer;
mod rejection;
mod requests;
mod source;
mod status;
pub mod webhook;
mod writes;

pub use client::{Client, ClientBuilder};
pub use files::DEFAULT_FILE_ORIGIN;
pub use idempotency::{Idempotency, IdempotencyKey, MAX_IDEMPOTENCY_KEY_LEN};
pub use lifecycle::{MAX_FOUND, Redaction};
pub use list_options::{ListEvents, ListTransactions, MAX_PAGE_SIZE};
pub use model::{
    Account, FieldValue, Fields, GovernmentIdVerification, Included, Transaction, TransactionData,
    WebhookEvent,
};
pub use options::RetrieveOptions;
pub use pagination::next_cursor;
pub use rejection::{Rejection, RejectionKind};
pub use status::normalize;
/// What a user of this crate needs from the core, so one dependency is enough
/// (the same list in every provider crate; `cargo test -p xtask` checks it).
pub use txstatus_core::{
    CalendarDate, CallOptions, ClientOptions, DEFAULT_DOWNLOAD_LIMIT, DecodeError, Download, Error,
    ErrorKind, FileRef, HttpError, NormalizedStatus, Pii, PollError, PollEvent, PollOptions,
    ProviderMessage, RateLimitInfo, RawBody, Response, Result, RetryPolicy, SecretString,
    StatusReport, StatusSource, Timestamp, Transport, TransportBuilder, TransportError, TxStatus,
    UnknownValue, Url, WithCallOptions, poll_until_terminal,
};
pub use webhook::{PersonaEventFeed, PersonaWebhooks, WebhookError, WebhookVerifier};
pub use writes::{CreateTransaction, UpdateTransaction};

/// Provider name used in errors, traces and status reports.
pub const PROVIDER: &str = "persona";

/// How a read answer's own id is matched against the asked one
/// ([`about_asked`](txstatus_core::provider::about_asked)): Persona's ids (`txn_` and a mixed-case key) are compared exactly: case is part of the id.
pub(crate) const ID_CASE: txstatus_core::provider::IdCase = txstatus_core::provider::IdCase::Exact;

/// Whether a resource's JSON:API `type`, as sent, names another type than
/// `expected` (`transaction`, `event`): types are compared exactly, as JSON:API
/// defines them; a resource without one (absent or blank) names none and is
/// taken as it is. An `inquiry` or `account` with a transaction's id and personal
/// data must never be taken for that transaction.
pub(crate) fn names_another_type(kind: &str, expected: &str) -> bool {
    // Compared first: the usual answer names the expected type, and the blank
    // check (a Unicode trim) then never runs.
    kind != expected && !kind.trim().is_empty()
}

/// The transaction type a transaction names (`relationships.transaction-type.data.id`),
/// when it names one that is not blank.
pub(crate) fn transaction_type_of(data: &model::TransactionData) -> Option<&str> {
    data.relationships
        .as_ref()
        .and_then(|relationships| relationships.transaction_type.as_ref())
        .and_then(|relationship| relationship.data.as_ref())
        .map(|identifier| identifier.id.as_str())
        .filter(|id| !id.trim().is_empty())
}

/// Persona's API base URL.
pub const DEFAULT_BASE_URL: &str = "https://api.withpersona.com/api/v1";

/// The `Persona-Version` sent unless [`ClientBuilder::persona_version`] changes it:
/// the version the models follow.
pub const DEFAULT_PERSONA_VERSION: &str = "2025-12-08";
