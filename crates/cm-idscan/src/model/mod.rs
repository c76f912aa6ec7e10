//! The documents ID Scan returns, with CM's own key names.

mod create_transaction;
mod created_transaction;
mod delivery;
mod enums;
pub(crate) mod error_body;
mod field;
pub(crate) mod iframe_message;
mod result;
mod scan;
mod time;
mod transaction;
mod webhook_subscription;

pub use create_transaction::{CreateTransaction, DocumentScanSettings, Settings};
pub use created_transaction::CreatedTransaction;
pub use delivery::{DeliveredTransaction, Delivery, DeliveryType};
pub use enums::{
    FileCategory, FileType, ScanCode, ScanSource, TaskState, TaskType, TransactionState, Validity,
    ValueSource,
};
pub use field::{ExtractedField, FieldValue, PickedValue};
pub use result::{ResultTask, TaskResult, TransactionResult};
pub use scan::{DocumentScan, ScanFile};
pub use time::Time;
pub use transaction::{Task, Transaction};
pub use webhook_subscription::{WebhookEvent, WebhookSubscription};
