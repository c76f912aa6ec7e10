//! iDIN behind the provider-neutral [`StatusSource`] trait.

use txstatus_core::provider::ShownStatus;
use txstatus_core::{BoxFuture, Result, StatusReport, StatusSource, provider::ReportParts};

use crate::{Client, PROVIDER};

/// A [`Client`] bound to a merchant reference, so the status can be read with only
/// a transaction id (what [`StatusSource`] passes).
///
/// Made by [`Client::status_source`]. Each read is a status call: the first
/// `success` holds the identity, kept in [`StatusReport::raw`] and
/// [`StatusReport::document`]. `Debug` shows the merchant reference only when it
/// is a plain token.
#[derive(Clone)]
pub struct StatusHandle {
    client: Client,
    merchant_reference: String,
}

impl std::fmt::Debug for StatusHandle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StatusHandle")
            .field("client", &self.client)
            .field("merchant_reference", &ShownStatus(&self.merchant_reference))
            .finish()
    }
}

impl StatusHandle {
    pub(crate) fn new(client: Client, merchant_reference: String) -> Self {
        Self {
            client,
            merchant_reference,
        }
    }

    /// The merchant reference sent with every read.
    pub fn merchant_reference(&self) -> &str {
        &self.merchant_reference
    }

    /// The client.
    pub fn client(&self) -> &Client {
        &self.client
    }
}

impl StatusSource for StatusHandle {
    fn provider(&self) -> &'static str {
        PROVIDER
    }

    fn status_report<'a>(&'a self, id: &'a str) -> BoxFuture<'a, Result<StatusReport>> {
        Box::pin(async move {
            self.client
                .status_report(id, &self.merchant_reference)
                .await
        })
    }
}

impl Client {
    /// The status as a provider-neutral [`StatusReport`]: `notice` is CM's notice,
    /// no timestamps, the raw body and the typed [`StatusResponse`](crate::StatusResponse) are kept.
    ///
    /// An answer that may hold an identity ([`may_hold_identity`](crate::may_hold_identity):
    /// a personal value, or a non-null member this version does not model) sets
    /// [`StatusReport::with_stop_asking`], whatever its status (an `open`, or a
    /// status this version does not know, included): CM hands the identity out
    /// once, so a poller must stop there and keep this body, not ask again and
    /// replace it with a later answer that no longer holds it.
    pub async fn status_report(
        &self,
        transaction_id: &str,
        merchant_reference: &str,
    ) -> Result<StatusReport> {
        let response = self.status(transaction_id, merchant_reference).await?;
        let keep = crate::sink::holds_identity(response.value(), response.raw().as_bytes());
        Ok(StatusReport::from_response(
            PROVIDER,
            transaction_id,
            response,
            |document| {
                ReportParts::new(document.tx_status())
                    .with_notice(document.notice.clone())
                    .with_stop_asking(keep)
            },
        ))
    }

    /// A [`txstatus_core::StatusSource`] for the transactions of one merchant reference:
    /// iDIN's status call needs it next to the transaction id.
    pub fn status_source(&self, merchant_reference: impl Into<String>) -> StatusHandle {
        StatusHandle::new(self.clone(), merchant_reference.into())
    }
}
