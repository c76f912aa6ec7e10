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
mod result_id;
mod source;
mod status;
mod webhook;

pub use auth::{JwtAuth, NOT_BEFORE_SKEW};
pub use client::{Client, ClientBuilder, DEFAULT_TOKEN_LIFETIME};
pub use create::WebhookSubscriptionRequest;
pub use model::{
    CreateTransaction, CreatedTransaction, DeliveredTransaction, Delivery, DeliveryType,
    DocumentScan, DocumentScanSettings, ExtractedField, FieldValue, FileCategory, FileType,
    PickedValue, ResultTask, ScanCode, ScanFile, ScanSource, Settings, Task, TaskResult, TaskState,
    TaskType, Time, Transaction, TransactionResult, TransactionState, Validity, ValueSource,
    WebhookEvent, WebhookSubscription,
};
pub use requests::MAX_EXPIRES_IN;
pub use result_id::{result_id_from_iframe_message, result_id_from_return_url};
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
pub use webhook::{
    IdScanWebhooks, RESULT_ID_HINT, VerifierError, WebhookRefusal, WebhookVerifier, parse_delivery,
};

/// The provider name used in errors, traces and status reports.
pub const PROVIDER: &str = "cm-idscan";

/// How a read answer's own id is matched against the asked one
/// ([`about_asked`](txstatus_core::provider::about_asked)): ID Scan's ids are UUIDs, compared ignoring ASCII case.
pub(crate) const ID_CASE: txstatus_core::provider::IdCase =
    txstatus_core::provider::IdCase::IgnoreAscii;

/// The production API base URL.
pub const DEFAULT_BASE_URL: &str = "https://api.cm.com/id-scan/v1";
