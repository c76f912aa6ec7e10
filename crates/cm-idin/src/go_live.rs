//! CM's go-live test cases for iDIN, as data: each case names what to do and
//! what a correct integration sees. The `cm_idin_go_live` example walks them against
//! CM's test bank ([`Environment::Test`](crate::Environment::Test)) or the
//! sandbox; a test walks them against the sandbox.

use crate::StatusOutcome;

/// One go-live case.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum GoLiveCase {
    /// The status while the user is still at the bank: `open`.
    Open,
    /// A completed identification: `success` with the identity.
    Success,
    /// The bank refused: `failure`.
    Failure,
    /// The user cancelled: `cancelled`.
    Cancelled,
    /// The user took too long: `expired`.
    Expired,
    /// Data asked for too late: `success` with notice code 2000, no identity.
    LateData,
}

impl GoLiveCase {
    /// Every case, in the order CM's checklist gives them.
    pub const ALL: [GoLiveCase; 6] = [
        Self::Open,
        Self::Success,
        Self::Failure,
        Self::Cancelled,
        Self::Expired,
        Self::LateData,
    ];

    /// The case's name (`success`, `late-data`, ...).
    pub fn name(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::Success => "success",
            Self::Failure => "failure",
            Self::Cancelled => "cancelled",
            Self::Expired => "expired",
            Self::LateData => "late-data",
        }
    }

    /// Whether `outcome` is what this case must produce.
    pub fn accepts(self, outcome: &StatusOutcome) -> bool {
        matches!(
            (self, outcome),
            (Self::Open, StatusOutcome::Open)
                | (Self::Success, StatusOutcome::Success(_))
                | (Self::Failure, StatusOutcome::Failure)
                | (Self::Cancelled, StatusOutcome::Cancelled)
                | (Self::Expired, StatusOutcome::Expired)
                | (Self::LateData, StatusOutcome::SuccessDataUnavailable(_))
        )
    }
}
