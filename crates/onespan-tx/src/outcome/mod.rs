//! The verification outcome: `GET /api/transaction/{id}/verification` and the
//! detailed verification report.

mod report;
mod verification;

pub use report::{
    CheckResult, DetailedVerificationReport, ReportStage, ReportStatus, StageTitle, StageType,
};
pub use verification::{TransactionVerification, VerificationResult};
