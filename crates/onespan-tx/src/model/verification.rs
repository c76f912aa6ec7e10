//! A verification result (with `withVerifications=true`).

use super::{
    EpochMillis, VerificationName, VerificationStatus, VhubTransactionStatus, record::record,
    text::Opt,
};

record! {
    /// An item of `verifications[]`. Result details the model does not name (which
    /// may hold personal data read from an identity document) stay in `extra`.
    pub struct Verification {
        /// `id` (`document_id_authentication`).
        id: String as Opt<String> => "id",
        /// `revision_id`.
        revision_id: String as Opt<String> => "revision_id",
        /// `name` (`doc_id`).
        name: VerificationName => "name",
        /// `status` as sent (upper case in the documentation: `SUCCESS`).
        status: VerificationStatus => "status",
        /// `timestamp`, epoch milliseconds.
        timestamp: EpochMillis => "timestamp",
        /// `vhub_workflow_id`.
        vhub_workflow_id: String as Opt<String> => "vhub_workflow_id",
        /// `vhub_transaction_id`.
        vhub_transaction_id: String as Opt<String> => "vhub_transaction_id",
        /// `vhub_verification_id`: needed to fetch the verification images.
        vhub_verification_id: String as Opt<String> => "vhub_verification_id",
        /// `vhub_transaction_status` (`COMPLETED`).
        vhub_transaction_status: VhubTransactionStatus => "vhub_transaction_status",
    }
}
