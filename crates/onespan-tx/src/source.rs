//! The provider-neutral view: [`StatusSource`] for [`Client`].

use txstatus_core::{BoxFuture, Result, StatusReport, StatusSource, provider::ReportParts};

use crate::{Client, PROVIDER, Time};

impl StatusSource for Client {
    fn provider(&self) -> &'static str {
        PROVIDER
    }

    /// Reads the transaction (with verifications when the builder asked for them):
    /// status from `status`, `created_at` from `created`, `updated_at` from
    /// `completed`; the document is the typed [`Transaction`](crate::Transaction).
    fn status_report<'a>(&'a self, id: &'a str) -> BoxFuture<'a, Result<StatusReport>> {
        Box::pin(async move {
            let response = self
                .get_transaction(id, self.status_with_verifications())
                .await?;
            Ok(StatusReport::from_response(
                PROVIDER,
                id,
                response,
                |transaction| {
                    ReportParts::new(transaction.tx_status())
                        .with_created_at(transaction.created.as_ref().map(Time::to_timestamp))
                        .with_updated_at(transaction.completed.as_ref().map(Time::to_timestamp))
                },
            ))
        })
    }
}
