//! The typed answer of the get-transaction call.

pub(crate) mod error_body;

mod address;
mod document;
mod emails;
mod epoch_millis;
mod erasure;
mod events;
mod images;
mod notification;
mod outcome;
mod report;
mod text;
mod time;
mod token;
mod transaction;
mod user;
mod verification;
mod vocab;

pub use address::Address;
pub use document::Document;
pub use emails::Emails;
pub use epoch_millis::EpochMillis;
pub use erasure::{ErasureEntry, ErasureEvent, ErasureResponse};
pub use events::Events;
pub use images::VerificationImages;
pub use notification::{Notification, NotificationTrigger};
pub use outcome::{TransactionVerification, VerificationResult};
pub use report::{
    CheckResult, DetailedVerificationReport, ReportStage, ReportStatus, StageTitle, StageType,
};
pub use time::Time;
pub use token::Token;
pub use transaction::Transaction;
pub use user::User;
pub use verification::Verification;
pub use vocab::{Language, Role, VerificationName, VerificationStatus, VhubTransactionStatus};
