//! The provider-neutral status view of an ID Scan transaction.

use txstatus_core::{BoxFuture, Result, StatusReport, StatusSource, provider::ReportParts};

use crate::{Client, PROVIDER, Time};

/// Reads the transaction details: `created` is `created_at`, `completed` is
/// `updated_at`, and the document is the typed [`Transaction`](crate::Transaction).
impl StatusSource for Client {
    fn provider(&self) -> &'static str {
        PROVIDER
    }

    fn status_report<'a>(&'a self, id: &'a str) -> BoxFuture<'a, Result<StatusReport>> {
        Box::pin(async move {
            let response = self.transaction(id).await?;
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
