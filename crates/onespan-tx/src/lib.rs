#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
// Integer overflow panics in debug builds: arithmetic a response can reach is
// checked or saturating (`cargo clippy` refuses the rest).
#![warn(clippy::arithmetic_side_effects)]

mod calls;
mod from_json;

mod client;
mod create;
mod download;
pub mod erasure;
mod images;
mod model;
mod outcome;
mod requests;
mod source;
mod status;
pub mod webhook;

pub use client::{Client, ClientBuilder};
pub use create::{NewTransaction, TransactionEvent};
pub use download::SFS_SCHEME;
pub use erasure::{
    ErasureAction, ErasureEntry, ErasureEvent, ErasureOutcome, ErasureReport, ErasureResponse,
    GracePeriod, IdOutcome, MAX_ERASURE_BATCH,
};
pub use model::{
    Address, CheckResult, DetailedVerificationReport, Document, Emails, EpochMillis, Events,
    Language, ReportStage, ReportStatus, Role, StageTitle, StageType, Time, Token, Transaction,
    TransactionVerification, User, Verification, VerificationImages, VerificationName,
    VerificationResult, VerificationStatus, VhubTransactionStatus,
};
pub use requests::{AUDIT_TRAIL_DOCUMENT, TENANT_HEADER};
pub use status::{TransactionStatus, normalize};
/// What a user of this crate needs from the core, so one dependency is enough
/// (the same list in every provider crate; `cargo test -p xtask` checks it).
pub use txstatus_core::{
    CalendarDate, CallOptions, ClientOptions, DEFAULT_DOWNLOAD_LIMIT, DecodeError, Download, Error,
    ErrorKind, FileRef, HttpError, NormalizedStatus, Pii, PollError, PollEvent, PollOptions,
    ProviderMessage, RateLimitInfo, RawBody, Response, Result, RetryPolicy, SecretString,
    StatusReport, StatusSource, Timestamp, Transport, TransportBuilder, TransportError, TxStatus,
    UnknownValue, Url, WithCallOptions, poll_until_terminal,
};
pub use webhook::{Notification, NotificationTrigger, OneSpanWebhooks};

/// The provider name in reports and errors.
pub const PROVIDER: &str = "onespan";

/// How a read answer's own id is matched against the asked one
/// ([`about_asked`](txstatus_core::provider::about_asked)): OneSpan's ids are UUIDs (sent in mixed case), compared ignoring ASCII case.
pub(crate) const ID_CASE: txstatus_core::provider::IdCase =
    txstatus_core::provider::IdCase::IgnoreAscii;
