//! A verification result (with `withVerifications=true`).

use super::{EpochMillis, record::record, text::Text};

record! {
    /// An item of `verifications[]`. Result details the model does not name (which
    /// may hold personal data read from an identity document) stay in `extra`.
    pub struct Verification {
        /// `id` (`document_id_authentication`).
        id: String as Text => "id",
        /// `revision_id`.
        revision_id: String as Text => "revision_id",
        /// `name` (`doc_id`).
        name: String as Text => "name",
        /// `status` as sent (upper case in the documentation: `SUCCESS`).
        status: String as Text => "status",
        /// `timestamp`, epoch milliseconds.
        timestamp: EpochMillis => "timestamp",
        /// `vhub_workflow_id`.
        vhub_workflow_id: String as Text => "vhub_workflow_id",
        /// `vhub_transaction_id`.
        vhub_transaction_id: String as Text => "vhub_transaction_id",
        /// `vhub_verification_id`: needed to fetch the verification images.
        vhub_verification_id: String as Text => "vhub_verification_id",
        /// `vhub_transaction_status` (`COMPLETED`).
        vhub_transaction_status: String as Text => "vhub_transaction_status",
    }
}
