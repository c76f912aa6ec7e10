//! The shared status view of a Checkout transaction.

use std::sync::Arc;

use async_trait::async_trait;
use txstatus_core::{Result, StatusReport, StatusSource};

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
        let raw = response.raw().clone();
        let (attempts, earlier) = (
            response.attempts(),
            response.earlier_attempt_may_have_reached_server(),
        );
        let transaction = response.into_value();
        let status = transaction.tx_status();
        let created_at = transaction.created_at.clone();
        Ok(
            StatusReport::new(PROVIDER, id, status, raw, Arc::new(transaction))
                .with_attempts(attempts, earlier)
                .with_created_at(created_at)
                .with_updated_at(None),
        )
    }
}
