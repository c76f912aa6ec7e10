//! `GET /api/transactions/{id}/detailed-verification-report`.

use serde::Serialize;
use serde_json::value::RawValue;
use txstatus_core::{Pii, Timestamp, provider::lenient::opt_u64};

txstatus_core::provider::open_enum! {
    /// The result of the whole verification or of one stage (check). Other values
    /// are kept in `Unknown`.
    pub enum CheckResult {
        /// `Passed`.
        Passed => "Passed",
        /// `Failed`.
        Failed => "Failed",
        /// `Undefined`: not decided yet (the verification is in progress).
        Undefined => "Undefined",
    }
}

txstatus_core::provider::open_enum! {
    /// The report's `status`. Only `InProgress` is documented; `Completed` is
    /// assumed for a finished verification. Other values are kept in `Unknown`.
    pub enum ReportStatus {
        /// `InProgress`.
        InProgress => "InProgress",
        /// `Completed`.
        Completed => "Completed",
    }
}

txstatus_core::provider::open_enum! {
    /// A stage's `stageType.title`. Other titles are kept in `Unknown`.
    pub enum StageTitle {
        /// `CreateVerification`: the data submitted before verification started.
        CreateVerification => "CreateVerification",
    }
}

/// The detailed verification report of a transaction: an overall result and one
/// result per stage. `Debug` shows the id only as a plain token.
#[non_exhaustive]
#[derive(Clone, Default, Serialize)]
pub struct DetailedVerificationReport {
    /// `id`, as sent. Not compared with the id asked for (unlike the other
    /// reads' ids): OneSpan's docs do not say what it names. The example request
    /// passes the transaction id, the path parameter is described as the id of
    /// one person's verification, and a transaction's verification-hub ids
    /// (`vhub_transaction_id`, `vhub_verification_id`) differ from its own id;
    /// refusing a report whose `id` is one of those would refuse every genuine
    /// report. Compare it yourself once you know what your tenant sends.
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "txstatus_core::provider::shown_text::opt"
    )]
    pub id: Option<String>,
    /// `result`: the overall outcome (`Undefined` while in progress).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub result: Option<CheckResult>,
    /// `status` (`InProgress`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<ReportStatus>,
    /// `stages`: one per verification step and attempt.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stages: Option<Vec<ReportStage>>,
}

impl std::fmt::Debug for DetailedVerificationReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DetailedVerificationReport")
            .field(
                "id",
                &txstatus_core::provider::ShownStatus::optional(&self.id),
            )
            .field("result", &self.result)
            .field("status", &self.status)
            .field("stages", &self.stages)
            .finish()
    }
}

txstatus_core::provider::record_decoder! {
    DetailedVerificationReport {
        "id" => id: value,
        "result" => result: text,
        "status" => status: text,
        "stages" => stages: value,
    }
}

/// `stageType`.
#[non_exhaustive]
#[derive(Clone, Debug, Default, Serialize)]
pub struct StageType {
    /// `title` (`CreateVerification`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<StageTitle>,
}

txstatus_core::provider::record_decoder! {
    StageType {
        "title" => title: text,
    }
}

/// An item of `stages`: one check and its result. `Debug` and the redacted JSON
/// withhold a stage id or attempt number whose digits make a card number or a
/// BSN.
#[non_exhaustive]
#[derive(Clone, Default, Serialize)]
pub struct ReportStage {
    /// `stageId`.
    #[serde(
        rename = "stageId",
        skip_serializing_if = "Option::is_none",
        serialize_with = "txstatus_core::provider::shown_opt_u64"
    )]
    pub stage_id: Option<u64>,
    /// `stageType`.
    #[serde(rename = "stageType", skip_serializing_if = "Option::is_none")]
    pub stage_type: Option<StageType>,
    /// `attemptNumber`.
    #[serde(
        rename = "attemptNumber",
        skip_serializing_if = "Option::is_none",
        serialize_with = "txstatus_core::provider::shown_opt_u64"
    )]
    pub attempt_number: Option<u64>,
    /// `result`: `Passed`, `Failed` or `Undefined`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub result: Option<CheckResult>,
    /// `created`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created: Option<Timestamp>,
    /// `details`: personal information (names, date of birth, address, phone),
    /// document information, image references, scores and thresholds. Its shape
    /// depends on the stage, so it is kept raw, and it is personal.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub details: Option<Pii<Box<RawValue>>>,
}

impl std::fmt::Debug for ReportStage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use txstatus_core::provider::ShownNumber;
        f.debug_struct("ReportStage")
            .field("stage_id", &self.stage_id.map(ShownNumber))
            .field("stage_type", &self.stage_type)
            .field("attempt_number", &self.attempt_number.map(ShownNumber))
            .field("result", &self.result)
            .field("created", &self.created)
            .field("details", &self.details)
            .finish()
    }
}

txstatus_core::provider::record_decoder! {
    ReportStage {
        "stageId" => stage_id: (with opt_u64 as Option<u64>),
        "stageType" => stage_type: value,
        "attemptNumber" => attempt_number: (with opt_u64 as Option<u64>),
        "result" => result: text,
        "created" => created: value,
        "details" => details: value,
    }
}
