//! `GET /transactions/{id}/results/{resultId}`: what the tasks extracted.

use serde::{Deserialize, Deserializer, Serialize, Serializer, de::Error as _};
use serde_json::value::RawValue;
use txstatus_core::provider::ShownStatus;
use txstatus_core::{NormalizedStatus, Pii, TxStatus};

use super::{
    ExtractedField, PickedValue, ScanFile, TaskState, TaskType, TransactionState,
    field::{pick, pick_all},
};

/// A transaction result: the tasks with their extracted fields and files.
/// `Debug` shows the id only when it is a plain token.
#[non_exhaustive]
#[derive(Clone, Deserialize, Serialize)]
#[serde(remote = "Self")]
pub struct TransactionResult {
    /// Transaction id.
    #[serde(serialize_with = "txstatus_core::provider::shown_text::text")]
    pub id: String,
    /// The transaction's state.
    pub state: TransactionState,
    /// The tasks, unknown types included.
    #[serde(default, deserialize_with = "txstatus_core::provider::lenient::vec")]
    pub tasks: Vec<ResultTask>,
}

txstatus_core::provider::object_only!(TransactionResult);

impl std::fmt::Debug for TransactionResult {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TransactionResult")
            .field("id", &ShownStatus(&self.id))
            .field("state", &self.state)
            .field("tasks", &self.tasks)
            .finish()
    }
}

impl TransactionResult {
    /// The normalized status.
    pub fn status(&self) -> NormalizedStatus {
        crate::normalize(self.raw_status())
    }

    /// The provider's own status text, `""` when absent.
    pub fn raw_status(&self) -> &str {
        self.state.as_str()
    }

    /// The normalized status with the provider's own text.
    pub fn tx_status(&self) -> TxStatus {
        TxStatus::new(self.status(), self.raw_status())
    }

    /// The first task of a type.
    pub fn task(&self, kind: &TaskType) -> Option<&ResultTask> {
        self.tasks.iter().find(|task| task.kind == *kind)
    }

    /// One value for the field `name`, from the first task that has it (see
    /// [`ResultTask::pick`]).
    pub fn pick(&self, name: &str) -> Option<PickedValue<'_>> {
        self.tasks.iter().find_map(|task| task.pick(name))
    }
}

/// One task of a result.
#[non_exhaustive]
#[derive(Clone, Deserialize, Serialize)]
#[serde(remote = "Self")]
pub struct ResultTask {
    /// The task type.
    #[serde(rename = "type")]
    pub kind: TaskType,
    /// The task's state.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<TaskState>,
    /// The task's score, 0 to 1.
    #[serde(
        default,
        deserialize_with = "txstatus_core::provider::lenient::opt_f64",
        skip_serializing_if = "Option::is_none"
    )]
    pub score: Option<f64>,
    /// What the task extracted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result: Option<TaskResult>,
    /// The files of the accepted scan.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "txstatus_core::provider::lenient::opt_vec"
    )]
    pub files: Option<Vec<ScanFile>>,
}

// Read from an object only, like the fields it holds.
txstatus_core::provider::object_only!(ResultTask);

// A score whose digits make a card number or a BSN is withheld (`ShownNumber`).
impl std::fmt::Debug for ResultTask {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ResultTask")
            .field("kind", &self.kind)
            .field("state", &self.state)
            .field(
                "score",
                &self.score.map(txstatus_core::provider::ShownNumber),
            )
            .field("result", &self.result)
            .field("files", &self.files)
            .finish()
    }
}

impl ResultTask {
    /// The extracted fields (empty when the task has none or another shape).
    pub fn fields(&self) -> &[ExtractedField] {
        match &self.result {
            Some(TaskResult::Fields(fields)) => fields,
            _ => &[],
        }
    }

    /// One value for the field `name`: the first `mrz` value, else the value of
    /// the entry without a locale, else the first value (CM recommends `mrz`).
    pub fn pick(&self, name: &str) -> Option<PickedValue<'_>> {
        pick(self.fields(), name)
    }

    /// One picked value per field, in the order the fields first appear.
    pub fn picked(&self) -> Vec<PickedValue<'_>> {
        pick_all(self.fields())
    }
}

/// A task's `result`: the documented list of extracted fields, or any other
/// JSON kept whole (personal: it may hold extracted data).
#[non_exhaustive]
#[derive(Clone, Debug)]
pub enum TaskResult {
    /// The documented shape: a list of fields.
    Fields(Vec<ExtractedField>),
    /// Another shape, kept as sent.
    Other(Pii<Box<RawValue>>),
}

impl Serialize for TaskResult {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Fields(fields) => fields.serialize(serializer),
            Self::Other(raw) => raw.serialize(serializer),
        }
    }
}

impl<'de> Deserialize<'de> for TaskResult {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = Box::<RawValue>::deserialize(deserializer)?;
        if raw.get().trim_start().starts_with('[') {
            serde_json::from_str(raw.get())
                .map(Self::Fields)
                .map_err(D::Error::custom)
        } else {
            Ok(Self::Other(Pii::new(raw)))
        }
    }
}
