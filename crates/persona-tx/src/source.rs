//! The provider-neutral view: [`StatusSource`] for [`Client`].

use std::sync::Arc;

use async_trait::async_trait;
use txstatus_core::{Result, StatusReport, StatusSource};

use crate::{PROVIDER, client::Client};

#[async_trait]
impl StatusSource for Client {
    fn provider(&self) -> &'static str {
        PROVIDER
    }

    /// Retrieves the transaction with the builder's `status_options` (by default
    /// Persona's default `include`); the report's
    /// status goes through this client's mapping, `created_at` / `updated_at` are
    /// `created-at` / `updated-at`, and the document is the typed [`Transaction`](crate::Transaction).
    async fn status_report(&self, id: &str) -> Result<StatusReport> {
        let response = self.transaction_with(id, self.status_options()).await?;
        let raw = response.raw().clone();
        let (attempts, earlier) = (
            response.attempts(),
            response.earlier_attempt_may_have_reached_server(),
        );
        let document = response.into_value();
        let status = self.status_of(document.status().unwrap_or_default());
        let attributes = document.data.attributes.as_ref();
        let created_at = attributes.and_then(|a| a.created_at.clone());
        let updated_at = attributes.and_then(|a| a.updated_at.clone());
        Ok(
            StatusReport::new(PROVIDER, id, status, raw, Arc::new(document))
                .with_attempts(attempts, earlier)
                .with_created_at(created_at)
                .with_updated_at(updated_at),
        )
    }
}
