//! A webhook delivery's body, `{id, type, transaction{id, state, resultId}, created}`;
//! the header check that authenticates it is in `webhook/`.

use serde::{Deserialize, Serialize};
use txstatus_core::provider::ShownStatus;

use super::{Time, TransactionState};

txstatus_core::open_enum! {
    /// The `type` of a delivery.
    pub enum DeliveryType {
        /// The transaction's state changed.
        TransactionStateUpdated => "transaction.state.updated",
        /// A task's state changed.
        TaskStateUpdated => "task.state.updated",
    }
}

/// One delivery: `{id, type, transaction{id, state, resultId}, created}`.
/// `Debug` shows the ids only when each is a plain token.
#[non_exhaustive]
#[derive(Clone, Deserialize, Serialize)]
#[serde(remote = "Self")]
pub struct Delivery {
    /// Delivery id (for deduplication).
    #[serde(serialize_with = "txstatus_core::provider::shown_text::text")]
    pub id: String,
    /// What happened.
    #[serde(rename = "type")]
    pub kind: DeliveryType,
    /// The transaction it is about.
    pub transaction: DeliveredTransaction,
    /// When CM created the delivery.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created: Option<Time>,
}

txstatus_core::provider::object_only!(Delivery);

/// The `transaction` of a delivery. `Debug` shows the ids only when each is a
/// plain token.
#[non_exhaustive]
#[derive(Clone, Deserialize, Serialize)]
#[serde(remote = "Self")]
#[serde(rename_all = "camelCase")]
pub struct DeliveredTransaction {
    /// Transaction id.
    #[serde(serialize_with = "txstatus_core::provider::shown_text::text")]
    pub id: String,
    /// Its state when CM sent the delivery (a hint: re-read it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<TransactionState>,
    /// The result id, present once a result exists; kept because the delivery
    /// was authenticated, and the details call never returns it. Kept as sent:
    /// read it through [`Delivery::result_id`], which names only a usable one.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "txstatus_core::provider::shown_text::opt"
    )]
    pub result_id: Option<String>,
}

txstatus_core::provider::object_only!(DeliveredTransaction);

impl std::fmt::Debug for Delivery {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Delivery")
            .field("id", &ShownStatus(&self.id))
            .field("kind", &self.kind)
            .field("transaction", &self.transaction)
            .field("created", &self.created)
            .finish()
    }
}

impl std::fmt::Debug for DeliveredTransaction {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DeliveredTransaction")
            .field("id", &ShownStatus(&self.id))
            .field("state", &self.state)
            .field("result_id", &ShownStatus::optional(&self.result_id))
            .finish()
    }
}

impl Delivery {
    /// The result id, for [`Client::transaction_result`](crate::Client::transaction_result),
    /// when it is usable as one ([`is_usable_id`](txstatus_core::provider::is_usable_id):
    /// not blank, one path segment). An empty, blank or hostile `resultId` (`..`, a
    /// control character) names no result, as for the return URL and the iframe
    /// message; [`DeliveredTransaction::result_id`] keeps it as sent.
    pub fn result_id(&self) -> Option<&str> {
        self.transaction
            .result_id
            .as_deref()
            .filter(|id| txstatus_core::provider::is_usable_id(id))
    }
}
