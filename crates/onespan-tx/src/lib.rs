#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]

mod calls;
mod from_json;

mod client;
mod create;
pub mod delivery;
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
pub use delivery::OneSpanWebhooks;
pub use download::SFS_SCHEME;
pub use erasure::{
    ErasureAction, ErasureEntry, ErasureEvent, ErasureOutcome, ErasureReport, ErasureResponse,
    GracePeriod, IdOutcome, MAX_ERASURE_BATCH,
};
pub use images::VerificationImages;
pub use model::{
    Address, Document, Emails, EpochMillis, Events, Language, Role, Time, Token, Transaction, User,
    Verification, VerificationName, VerificationStatus, VhubTransactionStatus,
};
pub use outcome::{
    CheckResult, DetailedVerificationReport, ReportStage, ReportStatus, StageTitle, StageType,
    TransactionVerification, VerificationResult,
};
pub use requests::{AUDIT_TRAIL_DOCUMENT, TENANT_HEADER, sfs_request};
pub use status::{TransactionStatus, normalize};
pub use txstatus_core::{CallOptions, WithCallOptions};
/// What a user of this crate needs from the core, so one dependency is enough.
pub use txstatus_core::{
    ClientOptions, DEFAULT_DOWNLOAD_LIMIT, Download, Error, FileRef, NormalizedStatus, Pii,
    Response, Result, RetryPolicy, SecretString, StatusReport, StatusSource,
};
pub use webhook::{Notification, NotificationTrigger};

/// The provider name in reports and errors.
pub const PROVIDER: &str = "onespan";
