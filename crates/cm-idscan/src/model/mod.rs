//! The documents ID Scan returns, with CM's own key names.

mod enums;
pub(crate) mod error_body;
mod field;
mod result;
mod scan;
mod time;
mod transaction;

pub use enums::{
    FileCategory, FileType, ScanCode, ScanSource, TaskState, TaskType, TransactionState, Validity,
    ValueSource,
};
pub use field::{ExtractedField, FieldValue, PickedValue};
pub use result::{ResultTask, TaskResult, TransactionResult};
pub use scan::{DocumentScan, ScanFile};
pub use time::Time;
pub use transaction::{Task, Transaction};
