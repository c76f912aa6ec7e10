//! What the Persona lifecycle endpoints of the sandbox serve besides the scenario ids:
//! generated transactions to list, and created ones.

/// How many generated transactions `GET /transactions` lists (besides created ones).
pub const GENERATED: usize = 120;

/// The generated transactions' reference ids cycle through this many values,
/// `sbx-ref-00` ... `sbx-ref-11`: each has 10 transactions.
pub const REFERENCE_IDS: usize = 12;

/// The reference id of generated transaction `index` (0 is the newest).
pub fn reference_id(index: usize) -> String {
    format!("sbx-ref-{:02}", index % REFERENCE_IDS)
}

/// The id of generated transaction `index` (0 is the newest): `txn_sbxgen0000`...
pub fn generated_id(index: usize) -> String {
    format!("txn_sbxgen{index:04}")
}

/// The transaction type of every sandbox transaction; `POST /transactions` accepts
/// any id that starts with `txntp_`.
pub const TRANSACTION_TYPE_ID: &str = "txntp_sandbox";

/// The statuses a created transaction goes through, like `sbx-progress`.
pub const CREATED_STEPS: [&str; 3] = ["created", "pending", "completed"];

/// Statuses `PATCH /transactions/{id}` accepts; any other is a 422 with
/// `source.pointer` `/data/attributes/status`.
pub const STATUSES: [&str; 8] = [
    "created",
    "pending",
    "needs review",
    "completed",
    "approved",
    "declined",
    "failed",
    "expired",
];
