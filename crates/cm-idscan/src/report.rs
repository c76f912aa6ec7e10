//! The provider-neutral status view of an ID Scan transaction.

use std::sync::Arc;

use async_trait::async_trait;
use txstatus_core::{Result, StatusReport, StatusSource};

use crate::{Client, PROVIDER, Time};

/// Reads the transaction details: `created` is `created_at`, `completed` is
/// `updated_at`, and the document is the typed [`Transaction`](crate::Transaction).
#[async_trait]
impl StatusSource for Client {
    fn provider(&self) -> &'static str {
        PROVIDER
    }

    async fn status_report(&self, id: &str) -> Result<StatusReport> {
        let response = self.transaction(id).await?;
        let raw = response.raw().clone();
        let (attempts, earlier) = (
            response.attempts(),
            response.earlier_attempt_may_have_reached_server(),
        );
        let transaction = response.into_value();
        let status = transaction.status();
        let created = transaction.created.as_ref().map(Time::to_timestamp);
        let completed = transaction.completed.as_ref().map(Time::to_timestamp);
        Ok(
            StatusReport::new(PROVIDER, id, status, raw, Arc::new(transaction))
                .with_attempts(attempts, earlier)
                .with_created_at(created)
                .with_updated_at(completed),
        )
    }
}
