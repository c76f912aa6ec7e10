//! The verification outcome: what the detailed verification report's result
//! means. The wire types (`GET /api/transaction/{id}/verification` and the
//! detailed verification report) are in `model/`.

use crate::model::{CheckResult, DetailedVerificationReport};

impl DetailedVerificationReport {
    /// Whether the overall result is `Passed`.
    pub fn passed(&self) -> bool {
        self.result == Some(CheckResult::Passed)
    }
}
