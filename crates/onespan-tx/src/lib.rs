#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]

mod calls;
mod from_json;

mod client;
mod create;
pub mod delivery;
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
pub use delivery::OneSpanWebhooks;
pub use download::{SFS_SCHEME, sfs_request};
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
pub use txstatus_core::{CallOptions, WithCallOptions};
pub use txstatus_core::{ClientOptions, DEFAULT_DOWNLOAD_LIMIT, Download, FileRef, SecretString};
pub use webhook::{Notification, NotificationTrigger};

/// The provider name in reports and errors.
pub const PROVIDER: &str = "onespan";
