//! The shared status view of a Checkout transaction.

use async_trait::async_trait;
use txstatus_core::{Result, StatusReport, StatusSource, provider::ReportParts};

use crate::{Client, PROVIDER};

#[async_trait]
impl StatusSource for Client {
    fn provider(&self) -> &'static str {
        PROVIDER
    }

    /// Reads the transaction: status from `status`, `created_at` from `createdAt`,
    /// no `updated_at` (CM sends none); the document is the typed [`crate::Transaction`].
    async fn status_report(&self, id: &str) -> Result<StatusReport> {
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
    }
}
