//! The shared status view of a Checkout transaction.

use txstatus_core::{BoxFuture, Result, StatusReport, StatusSource, provider::ReportParts};

use crate::{Client, PROVIDER};

impl StatusSource for Client {
    fn provider(&self) -> &'static str {
        PROVIDER
    }

    /// Reads the transaction: status from `status`, `created_at` from `createdAt`,
    /// no `updated_at` (CM sends none); the document is the typed [`crate::Transaction`].
    fn status_report<'a>(&'a self, id: &'a str) -> BoxFuture<'a, Result<StatusReport>> {
        Box::pin(async move {
            let response = self.transaction(id).await?;
            Ok(StatusReport::from_response(
                PROVIDER,
                id,
                response,
                |transaction| {
                    ReportParts::new(transaction.tx_status()).with_created_at(
                        transaction
                            .created_at
                            .as_ref()
                            .map(crate::Time::to_timestamp),
                    )
                },
            ))
        })
    }
}
