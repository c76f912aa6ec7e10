//! The answer to `POST /transactions`.

use serde::{Deserialize, Serialize};
use txstatus_core::provider::ShownStatus;
use txstatus_core::{NormalizedStatus, Pii, TxStatus};

use super::{Settings, TaskType, Time, TransactionState};

/// A transaction as CM returns it on creation. `Debug` shows the id and the
/// locale only when each is a plain token, and never the iframe URL.
#[non_exhaustive]
#[derive(Clone, Deserialize, Serialize)]
#[serde(remote = "Self")]
#[serde(rename_all = "camelCase")]
pub struct CreatedTransaction {
    /// The transaction id: store it with your own record of the flow.
    #[serde(serialize_with = "txstatus_core::provider::shown_text::text")]
    pub id: String,
    /// `pending` on creation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<TransactionState>,
    /// The tasks asked for.
    #[serde(default)]
    pub tasks: Vec<TaskType>,
    /// The settings CM applied.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub settings: Option<Settings>,
    /// The iframe URL. A bearer link for one person: whoever opens it acts as
    /// that person, so it is [`Pii`] and never logged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<Pii<String>>,
    /// The iframe's language.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "txstatus_core::provider::shown_text::opt"
    )]
    pub locale: Option<String>,
    /// Whether desktop browsers are refused (a boolean or `"true"`/`"false"`).
    #[serde(
        default,
        deserialize_with = "txstatus_core::provider::lenient::opt_bool",
        skip_serializing_if = "Option::is_none"
    )]
    pub mobile_only: Option<bool>,
    /// When it expires.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires: Option<Time>,
    /// When it was created.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created: Option<Time>,
}

txstatus_core::provider::object_only!(CreatedTransaction);

impl std::fmt::Debug for CreatedTransaction {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CreatedTransaction")
            .field("id", &ShownStatus(&self.id))
            .field("state", &self.state)
            .field("tasks", &self.tasks)
            .field("settings", &self.settings)
            .field("url", &self.url)
            .field("locale", &ShownStatus::optional(&self.locale))
            .field("mobile_only", &self.mobile_only)
            .field("expires", &self.expires)
            .field("created", &self.created)
            .finish()
    }
}

impl CreatedTransaction {
    /// The normalized status (`pending` when `state` is absent).
    pub fn status(&self) -> NormalizedStatus {
        crate::normalize(self.raw_status())
    }

    /// The provider's own status text, `pending` when absent.
    pub fn raw_status(&self) -> &str {
        self.state.as_ref().map_or("pending", |s| s.as_str())
    }

    /// The normalized status with the provider's own text.
    pub fn tx_status(&self) -> TxStatus {
        TxStatus::new(self.status(), self.raw_status())
    }
}
